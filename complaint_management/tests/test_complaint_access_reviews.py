"""The access matrix extended with approval reviews, analysis views and the
Complaints dashboard, per role and company, over JSON-RPC (rules §11.7, §11.8)."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..lib.spreadsheet_pivots import serialize
from ..models.complaint_approval_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY
from .access_matrix import ROLES, AccessMatrixMixin, JsonRpcMixin
from .dashboard_common import dashboard_requests

QUIET = ("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
# Who reads the reviews of each document under review (rules §11.7): exactly
# the readers of the document; no portal user, nobody of another company.
REVIEW_READERS = {
    "pending_remedy": {"officer", "engineer", "manager", "approver", "finance",
                       "auditor"},
    "pending_report": {"engineer", "manager", "auditor"},
    "pending_chargeback": {"officer", "engineer", "manager", "finance", "auditor"},
}  # fmt: skip
OTHER_COMPANY = ("other_manager", "other_engineer")
ANALYSIS_MODELS = (
    "complaint.report",
    "complaint.milestone.report",
    "complaint.ppm.report",
    "complaint.cost.report",
)
# The roles that open the analysis views (ir.model.access); the others are
# refused whatever the company.
ANALYSIS_READERS = {
    "complaint.report": {"engineer", "manager", "auditor"},
    "complaint.milestone.report": {"engineer", "manager", "auditor"},
    "complaint.ppm.report": {"engineer", "manager", "auditor"},
    "complaint.cost.report": {"engineer", "manager", "finance", "auditor"},
}
REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
)


class _TwoCompanyRpc(JsonRpcMixin, AccessMatrixMixin, HttpCase):
    """The matrix's users and records (company 1) and a second company with its
    own quality manager and engineer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()
        cls.company_1 = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "Matrix Second Works"})
        for role, group in (
            ("other_manager", "group_complaint_manager"),
            ("other_engineer", "group_complaint_engineer"),
        ):
            cls.users[role] = new_test_user(
                cls.env,
                login=f"m_{role}",
                groups=f"base.group_user,complaint_management.{group}",
                company_id=cls.company_2.id,
                company_ids=[Command.set(cls.company_2.ids)],
            )

    def _rpc(self, model, method, args, kwargs=None):
        """(result, None) or (None, the error's class name); an error that is no
        refusal fails the test."""
        reply = self._call_kw(model, method, args, kwargs)
        if "error" in reply:
            name = reply["error"]["data"]["name"]
            self.assertIn(name, REFUSALS, reply["error"]["data"]["message"])
            return None, name
        return reply["result"], None


@tagged("post_install", "-at_install")
class TestComplaintReviewAccessRpc(_TwoCompanyRpc):
    """The approval reviews of remedies, 8D reports and chargebacks, read over
    JSON-RPC by every role, the portal customer and supplier, and the users of a
    second company (rules §11.7)."""

    def _documents_under_review(self):
        """A remedy, an 8D report and a chargeback waiting for approval, each
        with its reviews, and a review of another module's document."""
        with self._any_8d_complete():
            documents = {key: self._fresh(key) for key in REVIEW_READERS}
        for key, document in documents.items():
            self.assertTrue(document.review_ids, key)
        foreign = (
            self.env["tier.review"]
            .with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
            .create(
                {
                    "model": "res.partner",
                    "res_id": self.customer_a.id,
                    "requested_by": self.env.uid,
                }
            )
        )
        self.env.flush_all()
        return documents, foreign

    def test_01_readers_of_the_document_only(self):
        """The expected readers of each document's reviews are exactly the users
        who may read the document itself."""
        documents, _foreign = self._documents_under_review()
        for key, document in documents.items():
            for role in ROLES + OTHER_COMPANY:
                with self.subTest(document=key, role=role):
                    self.assertEqual(
                        document.with_user(self.users[role]).has_access("read"),
                        role in REVIEW_READERS[key],
                    )

    @mute_logger(*QUIET)
    def test_02_reviews_over_rpc(self):
        """Each role lists, reads, counts and groups only the reviews of the
        documents it reads: requester, decider, comment and tier of the others
        stay hidden, from portal customers and suppliers and from another
        company's users above all; another module's reviews keep
        base_tier_validation's access."""
        documents, foreign = self._documents_under_review()
        reviews = {key: doc.review_ids for key, doc in documents.items()}
        all_ids = [i for r in reviews.values() for i in r.ids]
        detail = ["model", "res_id", "name", "requested_by", "done_by", "comment"]
        mismatches = []
        for role in ROLES + OTHER_COMPANY:
            self._login(self.users[role])
            expected = {
                i for key, r in reviews.items() if role in REVIEW_READERS[key]
                for i in r.ids
            }  # fmt: skip
            domain = [("id", "in", all_ids)]
            listed, _error = self._rpc(
                "tier.review", "search_read", [domain], {"fields": detail}
            )
            got = {row["id"] for row in listed or []}
            if got != expected:
                mismatches.append(f"search_read as {role}: {sorted(got)}")
            count, _error = self._rpc("tier.review", "search_count", [domain])
            if (count or 0) != len(expected):
                mismatches.append(f"search_count as {role}: {count}")
            groups, _error = self._rpc(
                "tier.review",
                "formatted_read_group",
                [domain],
                {"groupby": ["model"], "aggregates": ["__count"]},
            )
            counts = {g["model"]: g["__count"] for g in groups or []}
            expected_counts = {
                documents[key]._name: len(r) for key, r in reviews.items()
                if role in REVIEW_READERS[key]
            }  # fmt: skip
            if counts != expected_counts:
                mismatches.append(f"formatted_read_group as {role}: {counts}")
            for key, review in reviews.items():
                rows, error = self._rpc("tier.review", "read", [review.ids, detail])
                if bool(rows) != (role in REVIEW_READERS[key]):
                    mismatches.append(f"read {key} as {role}: {error or rows}")
            rows, error = self._rpc("tier.review", "read", [foreign.ids, ["model"]])
            if not rows:
                mismatches.append(f"read another module's review as {role}: {error}")
        self.assertFalse(mismatches, "\n".join(mismatches))


@tagged("post_install", "-at_install")
class TestComplaintAnalysisCompanyRpc(_TwoCompanyRpc):
    """The analysis views and the dashboard read over JSON-RPC by every role and
    by the users of a second company: rows and figures of the user's companies
    only (rules §11.8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_1, company_2 = cls.company_1, cls.company_2
        cls.complaint_2 = cls._company_complaint(company_2)
        cls.delivered = {company_1: 1000.0, company_2: 3000.0}
        for index, company in enumerate((company_1, company_2), start=1):
            cls._company_invoice(company, index, cls.delivered[company])
        # Each company claims from the supplier on a complaint of its own.
        cls.chargebacks = {
            company_1: cls._company_chargeback(company_1, cls.fixtures["complaint"]),
            company_2: cls._company_chargeback(company_2, cls.complaint_2),
        }
        cls.env.flush_all()

    @classmethod
    def _company_complaint(cls, company):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        team = env["helpdesk.ticket.team"].create(
            {
                "name": "Second Desk",
                "company_id": company.id,
                "complaint_team": True,
                "complaint_acknowledge": False,
            }
        )
        complaint = cls._matrix_complaint(
            handed_over=True, supplier=True, team_id=team.id, company_id=company.id
        )
        engine = {EDIT_SENTINEL_KEY: EDIT_SENTINEL}
        complaint.sla_milestone_ids[:1].with_context(**engine).write(
            {"state": "met", "reached_date": "2026-11-02 10:00:00"}
        )
        # A cost of the company's own: an approved remedy.
        remedy = env["complaint.remedy"].create(
            {
                "ticket_id": complaint.id,
                "remedy_type": "replacement",
                "amount": 20.0,
                "description": "<p>Another caliper.</p>",
            }
        )
        remedy.with_context(**engine).write({"state": "approved"})
        return complaint

    @classmethod
    def _company_invoice(cls, company, index, quantity):
        """A posted customer invoice of ``quantity`` matrix products."""
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        company.complaint_delivered_source = "invoice"
        Account = env["account.account"]
        income = Account.create(
            {"name": "Sales", "code": f"MXI{index}", "account_type": "income"}
        )
        receivable = Account.create(
            {"name": "Customers", "code": f"MXR{index}",
             "account_type": "asset_receivable", "reconcile": True}
        )  # fmt: skip
        journal = env["account.journal"].create(
            {"name": "Matrix Sales", "code": f"MXS{index}", "type": "sale",
             "company_id": company.id, "default_account_id": income.id}
        )  # fmt: skip
        cls.customer_a.with_company(company).property_account_receivable_id = receivable
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": company.id,
                "partner_id": cls.customer_a.id,
                "journal_id": journal.id,
                "invoice_date": "2026-10-15",
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": cls.product_m.id, "quantity": quantity,
                         "price_unit": 1.0, "account_id": income.id,
                         "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )  # fmt: skip
        invoice.action_post()
        return invoice

    @classmethod
    def _company_chargeback(cls, company, complaint):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        vals = cls._vals_chargeback()
        vals.update(company_id=company.id, ticket_ids=[Command.set(complaint.ids)])
        chargeback = env["complaint.chargeback"].create(vals)
        chargeback._approval_write({"state": "sent"})
        return chargeback

    def _company_of(self, role):
        return self.company_2 if role in OTHER_COMPANY else self.company_1

    @mute_logger(*QUIET)
    def test_01_views_over_rpc(self):
        """Each role lists, groups and reads the rows of each analysis view of
        its own company only (deliveries and chargebacks included), or is
        refused the view; a row of the other company read by id is refused."""
        Cost = self.env["complaint.cost.report"]
        foreign_rows = {}
        for company in (self.company_1, self.company_2):
            other = self.company_2 if company == self.company_1 else self.company_1
            foreign_rows[company] = {
                "complaint.ppm.report": self.env["complaint.ppm.report"].search(
                    [("source", "=", "delivery"), ("company_id", "=", other.id)]
                ),
                "complaint.cost.report": Cost.search(
                    [
                        ("source", "=", "chargeback"),
                        ("res_id", "=", self.chargebacks[other].id),
                    ]
                ),
            }
            for model, rows in foreign_rows[company].items():
                self.assertTrue(rows, model)
        product = self.product_m.id
        mismatches = []
        for role in ROLES + OTHER_COMPANY:
            self._login(self.users[role])
            company = self._company_of(role)
            base_role = role.removeprefix("other_")
            for model in ANALYSIS_MODELS:
                allowed = base_role in ANALYSIS_READERS[model]
                rows, _error = self._rpc(
                    model, "search_read", [[]], {"fields": ["company_id"]}
                )
                if not allowed:
                    if rows is not None:
                        mismatches.append(f"{model} listed by {role}")
                    continue
                companies = {row["company_id"][0] for row in rows or []}
                if companies != {company.id}:
                    mismatches.append(f"{model} as {role}: companies {companies}")
                groups, _error = self._rpc(
                    model,
                    "formatted_read_group",
                    [[]],
                    {"groupby": ["company_id"], "aggregates": ["__count"]},
                )
                grouped = {g["company_id"][0] for g in groups or []}
                if grouped != {company.id}:
                    mismatches.append(f"{model} grouped as {role}: {grouped}")
                foreign = foreign_rows[company].get(model)
                if foreign:
                    read, _error = self._rpc(model, "read", [foreign.ids, ["id"]])
                    if read:
                        mismatches.append(f"{model} foreign row read by {role}")
            if base_role in ANALYSIS_READERS["complaint.ppm.report"]:
                [totals], _error = self._rpc(
                    "complaint.ppm.report",
                    "formatted_read_group",
                    [[("source", "=", "delivery"), ("product_id", "=", product)]],
                    {"groupby": [], "aggregates": ["delivered_qty:sum"]},
                )
                if totals["delivered_qty:sum"] != self.delivered[company]:
                    mismatches.append(f"delivered as {role}: {totals}")
        self.assertFalse(mismatches, "\n".join(mismatches))

    @mute_logger(*QUIET)
    def test_02_dashboard_over_rpc(self):
        """A quality user reads the Complaints dashboard's figures over JSON-RPC
        as the spreadsheet requests them: those of their own company only, when
        the Company filter names it or no company; naming the other company in
        the filter shows nothing of it, and claiming it in the context is
        refused (rules §11.8, §26.2)."""
        period = (date(2000, 1, 1), date(2099, 12, 31))
        for role in ("manager", "other_manager", "other_engineer"):
            user = self.users[role]
            own = self._company_of(role)
            other = self.company_1 if own == self.company_2 else self.company_2
            self._login(user)
            for company in (None, own, other):
                requests = dashboard_requests(self.env, period=period, company=company)
                expected_env = self.env(
                    user=user, context={"allowed_company_ids": own.ids}
                )
                for name, (model, domain, sets, aggregates) in requests.items():
                    with self.subTest(role=role, company=company, pivot=name):
                        read, error = self._rpc(
                            model,
                            "formatted_read_grouping_sets",
                            [serialize(domain), sets, aggregates],
                        )
                        self.assertIsNone(error)
                        companies = {
                            group["company_id"][0]
                            for group in self._rpc(
                                model,
                                "formatted_read_group",
                                [serialize(domain), ["company_id"], ["__count"]],
                            )[0]
                        }
                        self.assertLessEqual(companies, {own.id})
                        if company == other:
                            self.assertFalse(companies)
                        expected = expected_env[model].formatted_read_grouping_sets(
                            domain, sets, aggregates
                        )
                        self.assertEqual(
                            [[self._plain(g) for g in groups] for groups in read],
                            [[self._plain(g) for g in groups] for groups in expected],
                        )
            requests = dashboard_requests(self.env, period=period, company=own)
            model, domain, sets, aggregates = requests["PPM"]
            [[ppm]], _error = self._rpc(
                model, "formatted_read_grouping_sets", [serialize(domain), sets,
                                                        aggregates]
            )  # fmt: skip
            self.assertTrue(ppm["ppm:avg"])
            [(delivered,)] = (
                self.env["complaint.ppm.report"]
                .sudo()
                ._read_group([("company_id", "=", own.id)], [], ["delivered_qty:sum"])
            )
            self.assertEqual(ppm["delivered_qty:sum"], delivered)
            self.assertGreaterEqual(delivered, self.delivered[own])
            _read, error = self._rpc(
                model,
                "formatted_read_grouping_sets",
                [serialize(domain), sets, aggregates],
                {"context": {"allowed_company_ids": [own.id, other.id]}},
            )
            self.assertIn(error, REFUSALS)

    @staticmethod
    def _plain(group):
        """A group as JSON carries it (tuples as lists, domains aside)."""
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in group.items()
            if key != "__extra_domain"
        }

    def test_03_no_claim_on_another_companys_complaint(self):
        """A chargeback names complaints of its own company only: a company's
        claim cannot carry the other company's complaint (and its money) into
        its rows."""
        with self.assertRaises(UserError):
            self._company_chargeback(self.company_1, self.complaint_2)
        with self.assertRaises(UserError):
            self.chargebacks[self.company_1].sudo().with_context(
                **{EDIT_SENTINEL_KEY: EDIT_SENTINEL}
            ).write({"ticket_ids": [Command.link(self.complaint_2.id)]})
