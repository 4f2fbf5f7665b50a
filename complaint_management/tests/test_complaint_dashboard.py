import re
from datetime import date

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from ..lib.spreadsheet_pivots import last_12_months, pivot_request, serialize
from .dashboard_common import DASHBOARD, dashboard_data, dashboard_requests

# The readers of the dashboard: those who read the complaints' reports
# (rules §26.2); the other roles do not see it in the Dashboards app.
READERS = ("group_complaint_engineer", "group_complaint_manager")
NOT_READERS = (
    "group_complaint_officer",
    "group_complaint_call_centre",
    "group_complaint_approver_front_desk",
    "group_complaint_finance",
)
# The one pivot the period filter does not restrict: its formulas read the
# period's months and the same months a year before (rules §26.1).
MONTHS_PIVOT = "Complaints per month"


@tagged("post_install", "-at_install")
class TestComplaintDashboard(TransactionCase):
    """The Complaints dashboard of Odoo's Dashboards app (rules §26): shipped as
    a spreadsheet whose pivots read the analysis models, every figure following
    the period, team and company filters, read by the quality roles only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(DASHBOARD)
        cls.data = dashboard_data(cls.env)

    def test_01_shipped_in_the_dashboards_app(self):
        """The dashboard is published in its Complaints group, and the Reporting
        menu of the Complaints app opens it in the Dashboards app."""
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Complaints")
        self.assertEqual(self.dashboard.main_data_model_ids.model, "complaint.report")
        menu = self.env.ref("complaint_management.menu_complaint_dashboard")
        self.assertEqual(menu.parent_id.name, "Reporting")
        action = menu.action
        self.assertEqual(action._name, "ir.actions.client")
        self.assertEqual(action.tag, "action_spreadsheet_dashboard")
        self.assertEqual(action.params, {"dashboard_id": self.dashboard.id})
        self.assertNotIn("complaint.dashboard", self.env)

    def test_02_pivots_name_fields_that_exist(self):
        """Every pivot of the spreadsheet names a model, measures, group-bys,
        domain fields and filter fields that exist: a field renamed in an
        analysis model breaks this test before it breaks the dashboard."""
        self.assertTrue(self.data["pivots"])
        for pivot in self.data["pivots"].values():
            with self.subTest(pivot=pivot["name"]):
                self.assertIn(pivot["model"], self.env)
                Model = self.env[pivot["model"]]
                for measure in pivot["measures"]:
                    if measure["fieldName"] == "__count":
                        continue
                    field = Model._fields.get(measure["fieldName"])
                    self.assertTrue(field, measure["fieldName"])
                    self.assertTrue(
                        measure.get("aggregator") or field.aggregator, field.name
                    )
                for row in pivot["rows"] + pivot["columns"]:
                    field = Model._fields.get(row["fieldName"])
                    self.assertTrue(field and field.store, row["fieldName"])
                for term in pivot["domain"]:
                    self.assertIn(term[0], Model._fields)
                for matching in pivot["fieldMatching"].values():
                    self.assertIn(matching["chain"], Model._fields)
                    self.assertEqual(
                        Model._fields[matching["chain"]].type, matching["type"]
                    )
                # the request the spreadsheet sends is accepted
                model, domain, sets, aggregates = pivot_request(
                    pivot,
                    self.data["globalFilters"],
                    {n: f.aggregator for n, f in Model._fields.items()},
                    last_12_months(date.today()),
                )
                Model.formatted_read_grouping_sets(domain, sets, aggregates)

    def test_03_every_figure_follows_the_filters(self):
        """Each pivot is matched to the team and company filters and to the
        period, except the months' pivot, whose formulas read the period; the
        formulas name pivots that exist and the filters by their labels."""
        filters = {f["label"]: f["id"] for f in self.data["globalFilters"]}
        self.assertEqual(set(filters), {"Period", "Team", "Company"})
        for pivot in self.data["pivots"].values():
            with self.subTest(pivot=pivot["name"]):
                matched = set(pivot["fieldMatching"])
                expected = {filters["Team"], filters["Company"]}
                if pivot["name"] != MONTHS_PIVOT:
                    expected.add(filters["Period"])
                self.assertEqual(matched, expected)
        formulas = [
            content
            for sheet in self.data["sheets"]
            for content in sheet["cells"].values()
            if content.startswith("=")
        ]
        used = {
            pid
            for formula in formulas
            for pid in re.findall(r"PIVOT(?:\.VALUE|\.HEADER)?\((\d+)", formula)
        }
        self.assertEqual(used, set(self.data["pivots"]))
        months = self.data["pivots"][
            next(k for k, p in self.data["pivots"].items() if p["name"] == MONTHS_PIVOT)
        ]
        self.assertTrue(
            any('ODOO.FILTER.VALUE("Period")' in formula for formula in formulas)
        )
        self.assertEqual(months["rows"], [{"fieldName": "date", "granularity": "month",
                                          "order": "asc"}])  # fmt: skip

    def test_04_read_by_the_quality_roles_only(self):
        """Quality engineers and managers see the dashboard in the Dashboards app;
        officers, the call centre, approvers and finance do not (nor can they
        read its spreadsheet)."""
        Dashboard = self.env["spreadsheet.dashboard"]
        for n, group in enumerate(READERS + NOT_READERS):
            user = new_test_user(
                self.env,
                login=f"t_dashboard_{n}",
                groups=f"base.group_user,complaint_management.{group}",
            )
            with self.subTest(group=group):
                visible = Dashboard.with_user(user).search(
                    [("id", "=", self.dashboard.id)]
                )
                self.assertEqual(bool(visible), group in READERS)


@tagged("post_install", "-at_install")
class TestComplaintDashboardTour(HttpCase):
    """The demo's quality manager opens Dashboards → Complaints in a browser and
    sees the period's figures computed (rules §26)."""

    def test_01_quality_manager_reads_the_dashboard(self):
        """The tour opens the dashboard and checks the complaints received in
        the period and the share of deadlines met on time, as the scorecards
        show them; the same count as the analysis gives the manager."""
        manager = self.env.ref("complaint_management.user_complaint_manager_demo")
        requests = dashboard_requests(self.env, period=last_12_months(date.today()))
        model, domain, sets, aggregates = requests["Key figures"]
        [[total], *_rest] = (
            self.env[model]
            .with_user(manager)
            .formatted_read_grouping_sets(serialize(domain), sets, aggregates)
        )
        self.assertGreater(total["__count"], 0, "the demo has complaints this year")
        self.start_tour(
            "/odoo", "complaint_management_dashboard_tour", login=manager.login
        )
