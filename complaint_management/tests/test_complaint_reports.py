import io
from datetime import date, datetime
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.tests import tagged

from ..report import complaint_xlsx_base
from .common import ComplaintSlaCommon
from .dashboard_common import dashboard_figures, rows, total

MONDAY = "2026-11-02 09:00:00"
MONTH = {"month": "2026-11-01"}
WORKBOOKS = {
    "complaint_management.report_complaint_returns_summary_xlsx": 2,
    "complaint_management.report_complaint_special_returns_xlsx": 1,
    "complaint_management.report_complaint_quality_returns_xlsx": 1,
    "complaint_management.report_complaint_register_xlsx": 1,
}


@tagged("post_install", "-at_install")
class TestComplaintReports(ComplaintSlaCommon):
    """The reports managers use (issue 12; domain.md §4, §7, §8) on a small known
    data set: two complaints received on Monday 2 November 2026, one answered by
    QA the next day (on time), one a week later (late)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.complaint_delivered_source = "import"
        with freeze_time(MONDAY):
            cls.on_time = cls._known(
                defect_qty=20, lot_qty=500, shipped_qty=1000, responsibility="supplier",
                supplier_id=cls.supplier.id,
            )  # fmt: skip
            cls.late = cls._known(
                defect_qty=10,
                lot_qty=500,
                shipped_qty=4000,
                product_id=cls.product_other.id,
                defect_type_id=cls.defect_short.id,
                is_major=True,
                responsibility="company",
            )
        with freeze_time("2026-11-03 10:00:00"):
            cls.on_time._record_event("qa_responded")
        with freeze_time("2026-11-09 10:00:00"):
            cls.late._record_event("qa_responded")
        cls.known = cls.on_time | cls.late
        Remedy = cls.env["complaint.remedy"]._protected_context()
        cls.remedies = Remedy.create(
            [
                {"ticket_id": cls.on_time.id, "remedy_type": "refund",
                 "amount": 300.0, "state": "done", "date": "2026-11-04"},
                {"ticket_id": cls.late.id, "remedy_type": "replacement",
                 "amount": 120.0, "state": "approved", "date": "2026-11-10"},
            ]
        )  # fmt: skip

    @classmethod
    def _known(cls, **values):
        vals = dict(
            cls._complete_intake(),
            name="Known complaint",
            description="<p>x</p>",
            team_id=cls.team.id,
            complaint_date=datetime.now(),
        )
        vals.update(values)
        complaint = cls.env["helpdesk.ticket"].create(vals)
        complaint.action_hand_over_to_qa()
        return complaint

    def _domain(self):
        return [("ticket_id", "in", self.known.ids)]

    def _due_at(self, now):
        """{milestone: (met, missed)} of the known complaints at ``now``, from
        the raw milestones: missed when breached or still running past the
        deadline (rules §24.1)."""
        due = {}
        for m in self.known.sla_milestone_ids:
            met = m.state == "met"
            missed = m.state == "breached" or (
                m.state == "running" and m.is_open and m.deadline < now
            )
            if met or missed:
                ok, late = due.get(m.milestone, (0, 0))
                due[m.milestone] = (ok + met, late + missed)
        return due

    def _compliance_at(self, now):
        due = self._due_at(now).values()
        met = sum(ok for ok, _late in due)
        return met / (met + sum(late for _ok, late in due))

    # Deadlines and working days
    def test_01_compliance_per_milestone(self):
        """Compliance is met on time ÷ due per milestone: the response met late is
        breached and counts as missed (1 of 2 on time: 50 %); the deadlines
        already past without their event count as missed too (rules §24.1)."""
        now = datetime(2026, 11, 9, 10, 0)
        with freeze_time(now):
            groups = self.env["complaint.milestone.report"]._read_group(
                self._domain(),
                ["milestone"],
                [
                    "compliance:avg",
                    "due_count:sum",
                    "on_time_count:sum",
                    "missed_count:sum",
                ],
            )
            [(compliance, defect_rate)] = self.env["complaint.report"]._read_group(
                self._domain(), [], ["sla_compliance:avg", "defect_rate:avg"]
            )
        self.assertIn(("response", 50.0, 2, 1, 1), groups)
        self.assertEqual(
            groups,
            [
                (milestone, 100.0 * met / (met + missed), met + missed, met, missed)
                for milestone, (met, missed) in sorted(self._due_at(now).items())
            ],
        )
        late = self._milestone(self.late, "response")
        self.assertEqual((late.state, late.met_late), ("breached", True))
        self.assertAlmostEqual(compliance, 100.0 * self._compliance_at(now))
        # defective ÷ lot over the group, not the mean of the rates
        self.assertAlmostEqual(defect_rate, 30 / 1000 * 100)

    def test_02_working_days_stored_when_the_event_happens(self):
        """Working days to response are counted on the team's calendar when QA
        responds, stored, and averaged by the analysis; reading them computes
        nothing."""
        # Mon 09-17 (7 of 8 hours) + Tue 08-10 (2 hours) = 1.125 working days
        self.assertAlmostEqual(self.on_time.response_days, 1.125)
        # + Wed-Fri and Mon 2 hours: 5.125
        self.assertAlmostEqual(self.late.response_days, 5.125)
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.known.mapped("response_days")
        [(average, closure)] = self.env["complaint.report"]._read_group(
            self._domain(), [], ["response_days:avg", "closure_days:avg"]
        )
        self.assertAlmostEqual(average, 3.125)
        self.assertFalse(closure, "No complaint is closed: no closure figure.")

    # PPM
    def test_03_ppm_from_imported_quantities(self):
        """Without invoicing in Odoo, PPM is defective ÷ the delivered quantities
        imported per month × 10⁶ over the group: per product, customer and
        supplier. The complaints' own shipped quantities stay visible but divide
        nothing (rules §21.1): here the imported quantities are ten times the
        shipped ones, so PPM is a tenth of what they would give."""
        self.product.product_tmpl_id.seller_ids = [
            Command.create({"partner_id": self.supplier.id, "price": 1.0})
        ]
        self.env["complaint.delivery"].create(
            [
                {"product_id": self.product.id, "partner_id": self.customer.id,
                 "month": "2026-11-01", "quantity": 10000},
                {"product_id": self.product_other.id, "partner_id": self.customer.id,
                 "month": "2026-11-01", "quantity": 40000},
            ]
        )  # fmt: skip
        Ppm = self.env["complaint.ppm.report"]
        domain = [
            ("product_id", "in", (self.product | self.product_other).ids),
            ("date", ">=", "2026-11-01"),
            ("date", "<=", "2026-11-30"),
        ]
        by_product = dict(Ppm._read_group(domain, ["product_id"], ["ppm:avg"]))
        self.assertAlmostEqual(by_product[self.product], 20 / 10000 * 1e6)
        self.assertAlmostEqual(by_product[self.product_other], 10 / 40000 * 1e6)
        by_customer = dict(Ppm._read_group(domain, ["partner_id"], ["ppm:avg"]))
        self.assertAlmostEqual(by_customer[self.customer], 30 / 50000 * 1e6)
        by_supplier = dict(Ppm._read_group(domain, ["supplier_id"], ["ppm:avg"]))
        self.assertAlmostEqual(by_supplier[self.supplier], 20 / 10000 * 1e6)
        [(shipped, delivered)] = Ppm._read_group(
            domain, [], ["shipped_qty:sum", "delivered_qty:sum"]
        )
        self.assertEqual((shipped, delivered), (5000.0, 50000.0))

    def test_04_ppm_from_posted_invoices(self):
        """A company invoicing in Odoo divides by its posted customer invoice lines,
        credit notes subtracted; draft invoices do not count; a delivery's
        supplier is the product's first vendor."""
        self.env.company.complaint_delivered_source = "invoice"
        self.product.product_tmpl_id.seller_ids = [
            Command.create({"partner_id": self.supplier.id, "price": 1.0})
        ]
        income = self.env["account.account"].create(
            {"name": "Sales (PPM)", "code": "PPM001", "account_type": "income"}
        )
        receivable = self.env["account.account"].create(
            {"name": "Customers (PPM)", "code": "PPM002",
             "account_type": "asset_receivable", "reconcile": True}
        )  # fmt: skip
        journal = self.env["account.journal"].create(
            {"name": "PPM Sales", "code": "PPMS", "type": "sale",
             "default_account_id": income.id}
        )  # fmt: skip
        self.customer.property_account_receivable_id = receivable

        def move(move_type, qty, post=True):
            invoice = self.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": self.customer.id,
                    "journal_id": journal.id,
                    "invoice_date": date(2026, 10, 15),
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "quantity": qty,
                             "price_unit": 1.0, "account_id": income.id,
                             "tax_ids": [Command.clear()]}
                        )
                    ],
                }
            )  # fmt: skip
            if post:
                invoice.action_post()
            return invoice

        move("out_invoice", 2000)
        move("out_refund", 500)
        move("out_invoice", 9999, post=False)
        Ppm = self.env["complaint.ppm.report"]
        domain = [("product_id", "=", self.product.id)]
        [(defect, delivered, ppm)] = Ppm._read_group(
            domain, [], ["defect_qty:sum", "delivered_qty:sum", "ppm:avg"]
        )
        self.assertEqual((defect, delivered), (20.0, 1500.0))
        self.assertAlmostEqual(ppm, 20 / 1500 * 1e6)
        by_supplier = dict(Ppm._read_group(domain, ["supplier_id"], ["ppm:avg"]))
        self.assertAlmostEqual(by_supplier[self.supplier], 20 / 1500 * 1e6)

    # Cost of poor quality
    def test_05_cost_of_poor_quality(self):
        """Remedies count as promised once approved and paid once carried out,
        by supplier and defect family, in company currency."""
        Cost = self.env["complaint.cost.report"]
        rows = Cost._read_group(
            self._domain(),
            ["supplier_id", "defect_family"],
            ["promised:sum", "paid:sum", "recovered:sum"],
        )
        self.assertEqual(
            sorted((s.id, f, p, q, r) for s, f, p, q, r in rows),
            sorted(
                [
                    (self.supplier.id, "appearance", 300.0, 300.0, 0.0),
                    (False, "quantity", 120.0, 0.0, 0.0),
                ]
            ),
        )

    # Views
    def test_06_analysis_views_load_for_every_group_by(self):
        """Every analysis view renders, and every group-by of its search view
        answers with every measure of its pivot."""
        for model in (
            "complaint.report",
            "complaint.milestone.report",
            "complaint.ppm.report",
            "complaint.cost.report",
        ):
            Model = self.env[model].with_user(self.engineer)
            views = Model.get_views(
                [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
            )
            pivot = etree.fromstring(views["views"]["pivot"]["arch"])
            measures = [
                "{}:{}".format(f.get("name"), Model._fields[f.get("name")].aggregator)
                for f in pivot.iterfind(".//field[@type='measure']")
            ]
            search = etree.fromstring(views["views"]["search"]["arch"])
            groupbys = [
                eval(f.get("context"))["group_by"]  # noqa: S307 (our own arch)
                for f in search.iterfind(".//filter[@context]")
                if "group_by" in f.get("context")
            ]
            self.assertTrue(groupbys)
            for groupby in groupbys:
                with self.subTest(model=model, groupby=groupby):
                    groups = Model.formatted_read_group([], [groupby], measures)
                    self.assertIsInstance(groups, list)
                    Model.formatted_read_grouping_sets([], [[groupby], []], measures)

    def test_07_dashboard(self):
        """The Complaints dashboard reads the period's figures as its pivots ask
        them (rules §26), as the engineer, for the team filtered: received,
        closed, open, overdue (open with a deadline missed), deadlines met on
        time, the Pareto of defect types, compliance per milestone and cost,
        each the analysis models' own figure; another team's are empty."""
        period = (date(2026, 11, 1), date(2026, 11, 30))
        engineer = self.env(user=self.engineer)
        Report = engineer["complaint.report"]
        Milestones = engineer["complaint.milestone.report"]
        domain = [
            ("team_id", "=", self.team.id),
            ("date", ">=", "2026-11-01 00:00:00"),
            ("date", "<=", "2026-11-30 23:59:59"),
        ]
        with freeze_time("2026-11-20 12:00:00"):
            figures = dashboard_figures(engineer, period=period, team=self.team)
            overdue = Report.search_count(
                [*domain, ("closed", "=", False), ("sla_missed_count", ">", 0)]
            )
            [(compliance,)] = Report._read_group(domain, [], ["sla_compliance:avg"])
            per_milestone = dict(
                Milestones._read_group(domain, ["milestone"], ["compliance:avg"])
            )
            other = dashboard_figures(engineer, period=period, team=self.other_team)
        self.assertEqual(total(figures, "Key figures", "__count"), 2)
        self.assertEqual(total(figures, "Closed", "__count"), 0)
        self.assertEqual(total(figures, "Open", "__count"), 2)
        # the late complaint missed its response deadline
        self.assertGreaterEqual(overdue, 1)
        self.assertEqual(total(figures, "Overdue", "__count"), overdue)
        self.assertAlmostEqual(
            total(figures, "Key figures", "sla_compliance:avg"), compliance
        )
        # the same share as recomputed from the deadlines themselves
        self.assertAlmostEqual(
            compliance, 100.0 * self._compliance_at(datetime(2026, 11, 20, 12, 0))
        )
        self.assertEqual(
            rows(figures, "Pareto of defect types", "defect_type_id", "__count"),
            {self.defect_scratch.id: 1, self.defect_short.id: 1},
        )
        by_milestone = rows(
            figures, "Deadline compliance per milestone", "milestone", "compliance:avg"
        )
        self.assertEqual(by_milestone, per_milestone)
        self.assertAlmostEqual(by_milestone["response"], 50.0)
        self.assertAlmostEqual(
            total(figures, "Cost of poor quality", "paid:sum"), 300.0
        )
        self.assertEqual(
            rows(figures, "Cost per document", "source", "promised:sum"),
            {"remedy": 420.0},
        )
        self.assertEqual(total(other, "Key figures", "__count"), 0)

    # Workbooks
    def _workbook(self, xmlid, lang="en_US", data=None, ids=None):
        data = dict(MONTH, company_id=self.env.company.id, team_id=self.team.id)
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render(xmlid, ids or [], data=data if ids is None else {})
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content), data_only=True)

    def _check_register(self, lang):
        book = self._workbook(
            "complaint_management.report_complaint_register_xlsx", lang
        )
        sheet = book.worksheets[0]
        env = self.env(context=dict(self.env.context, lang=lang))
        self.assertEqual(sheet.title, env._("Complaint Register"))
        header = [c.value for c in sheet[1]]
        label = env["helpdesk.ticket"]._fields["defect_qty"]._description_string(env)
        self.assertIn(label, header)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref)
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        # the two complaints of November, then the totals row
        self.assertEqual(len(rows), 3)
        self.assertEqual(
            [r[0] for r in rows[:2]], self.known.sorted("id").mapped("complaint_number")
        )
        totals = dict(zip(header, rows[-1], strict=True))
        self.assertEqual(totals[label], sum(self.known.mapped("defect_qty")))
        self.assertEqual(
            totals[env._("Remedies Paid")], sum(self.known.mapped("remedy_amount_paid"))
        )
        self.assertAlmostEqual(
            totals[env._("Deadline Compliance")],
            self._compliance_at(fields.Datetime.now()),
        )
        return header

    def test_08_register_in_english_and_chinese(self):
        """The register lists the month's complaints in order with a frozen,
        filtered header and totals matching the database, in the reader's
        language (English, then Chinese)."""
        header = self._check_register("en_US")
        self.assertIn("Defective Quantity", header)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        header = self._check_register("zh_CN")
        self.assertIn("不良数量", header)

    def test_09_every_workbook_opens(self):
        """Each monthly workbook opens with its sheets, a header and a totals row
        agreeing with the database, from the wizard and from the Print menu."""
        for xmlid, sheets in WORKBOOKS.items():
            with self.subTest(workbook=xmlid):
                book = self._workbook(xmlid)
                self.assertEqual(len(book.worksheets), sheets)
                for sheet in book.worksheets:
                    self.assertEqual(sheet.freeze_panes, "A2")
                    self.assertTrue(all(c.value for c in sheet[1]))
                    self.assertEqual(sheet.cell(sheet.max_row, 1).value, "Total")
                printed = self._workbook(xmlid, ids=self.known.ids)
                self.assertEqual(len(printed.worksheets), sheets)

    def test_10_summary_totals(self):
        """The returns and exchanges summary counts the month's complaints,
        returns and exchanges and their value."""
        sheet = self._workbook(
            "complaint_management.report_complaint_returns_summary_xlsx"
        ).worksheets[0]
        header = [c.value for c in sheet[1]]
        totals = dict(zip(header, [c.value for c in sheet[sheet.max_row]], strict=True))
        self.assertEqual(totals["Complaints"], 2)
        self.assertEqual(totals["Returns"], 1)
        self.assertEqual(totals["Refunded"], 300.0)
        self.assertEqual(totals["Exchanges"], 1)
        self.assertEqual(totals["Promised"], 420.0)
        self.assertEqual(totals["Paid"], 300.0)
        self.assertEqual(sheet.max_row, 1 + 2 + 1)

    def test_11_categories_select_the_detail(self):
        """Special-case and quality-related returns are editable filters: the
        default special-case filter takes the major complaint's exchange, the
        quality filter both; a company's own filter replaces the default."""
        special = self._workbook(
            "complaint_management.report_complaint_special_returns_xlsx"
        ).worksheets[0]
        self.assertEqual(special.cell(2, 1).value, self.late.complaint_number)
        self.assertEqual(special.max_row, 3)
        quality = self._workbook(
            "complaint_management.report_complaint_quality_returns_xlsx"
        ).worksheets[0]
        self.assertEqual(quality.max_row, 4)
        self.env["complaint.report.category"].create(
            {
                "name": "Refunds only",
                "code": "quality",
                "company_id": self.env.company.id,
                "domain": "[('remedy_ids.remedy_type', '=', 'refund')]",
            }
        )
        quality = self._workbook(
            "complaint_management.report_complaint_quality_returns_xlsx"
        ).worksheets[0]
        self.assertEqual(quality.max_row, 3)
        self.assertEqual(quality.cell(2, 1).value, self.on_time.complaint_number)

    def test_12_monthly_mailing_on_first_working_day(self):
        """The workbooks of last month are mailed on the first working day of the
        month on the company's calendar: a holiday on Tuesday 1 December moves
        it to Wednesday; they are sent once."""
        company = self.env.company
        company.resource_calendar_id = self.calendar
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Founders' day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 12, 1, 0, 0),
                "date_to": datetime(2026, 12, 1, 23, 59),
            }
        )
        company.complaint_report_partner_ids = self.customer
        Mail = self.env["mail.mail"]
        before = Mail.search_count([])
        with freeze_time("2026-12-01 10:00:00"):
            self.env["res.company"]._cron_send_complaint_workbooks()
        self.assertEqual(Mail.search_count([]), before)
        with freeze_time("2026-12-02 10:00:00"):
            self.env["res.company"]._cron_send_complaint_workbooks()
            self.env["res.company"]._cron_send_complaint_workbooks()
        mails = Mail.search([], order="id desc", limit=1)
        self.assertEqual(Mail.search_count([]), before + 1)
        self.assertEqual(len(mails.attachment_ids), 4)
        self.assertIn(self.customer, mails.recipient_ids)
        self.assertEqual(company.complaint_report_last_month, date(2026, 11, 1))

    def test_13_wizard_prints_the_month(self):
        """The wizard's buttons print the chosen month's workbook for the
        company and team."""
        wizard = (
            self.env["complaint.report.wizard"]
            .with_user(self.engineer)
            .create({"month": "2026-11-17", "team_id": self.team.id})
        )
        action = wizard.action_print_register()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["data"]["month"], "2026-11-01")
        self.assertEqual(action["data"]["team_id"], self.team.id)
        self.assertEqual(fields.Date.to_date(action["data"]["month"]).day, 1)

    def test_14_register_reads_in_batches(self):
        """The register reads complaints in batches: twelve complaints cost the same
        queries as two (no query per complaint)."""
        with freeze_time("2026-11-05 09:00:00"):
            more = self.env["helpdesk.ticket"].create(
                [
                    dict(
                        self._complete_intake(),
                        name=f"Batch {n}",
                        description="<p>x</p>",
                        team_id=self.team.id,
                        complaint_date=datetime.now(),
                        partner_id=(self.customer, self.supplier)[n % 2].id,
                    )
                    for n in range(10)
                ]
            )
        Report = self.env["report.complaint_management.complaint_register_xlsx"]
        counts = []
        # the first rendering warms the caches (formats, translations)
        for tickets in (self.known, self.known, self.known | more):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Report.create_xlsx_report(tickets.ids, {})
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2])

    def test_15_chargebacks_in_the_cost_of_poor_quality(self):
        """A chargeback counts as claimed from the supplier once sent and as
        recovered once settled by a posted credit note, on the first complaint it
        answers, in the cost of poor quality, the dashboard and the register."""
        chargeback = self.env["complaint.chargeback"].create(
            {
                "partner_id": self.supplier.id,
                "date": "2026-11-20",
                "ticket_ids": [Command.set(self.on_time.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "cost_type_id": self.env.ref(
                                "complaint_management.chargeback_cost_type_admin"
                            ).id,
                            "name": "Refund to the customer",
                            "unit_cost": 250.0,
                        }
                    )
                ],
            }
        )
        Cost = self.env["complaint.cost.report"]
        aggregates = ["claimed:sum", "recovered:sum", "recovered_share:avg"]
        self.assertEqual(Cost._read_group(self._domain(), [], aggregates)[0][0], 0.0)
        chargeback._approval_write({"state": "sent"})
        self.assertEqual(
            Cost._read_group(self._domain(), [], aggregates)[0], (250.0, 0.0, 0.0)
        )
        # settled by a vendor credit note: nothing recovered while it is a
        # draft (rules §24.2), then 150 of the 300 paid to customers: 50 %
        credit_note = self.env["account.move"].create(
            {
                "move_type": "in_refund",
                "partner_id": self.supplier.id,
                "invoice_date": "2026-11-20",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Chargeback", "quantity": 1, "price_unit": 150.0}
                    )
                ],
            }
        )
        chargeback._approval_write(
            {
                "state": "settled",
                "accepted_amount": 150.0,
                "credit_note_id": credit_note.id,
            }
        )
        self.assertEqual(
            Cost._read_group(self._domain(), [], aggregates)[0], (250.0, 0.0, 0.0)
        )
        credit_note.action_post()
        self.assertEqual(
            Cost._read_group(self._domain(), [], aggregates)[0], (250.0, 150.0, 50.0)
        )
        by_supplier = dict(
            Cost._read_group(
                [*self._domain(), ("source", "=", "chargeback")],
                ["supplier_id"],
                ["recovered:sum"],
            )
        )
        self.assertEqual(by_supplier, {self.supplier: 150.0})
        figures = dashboard_figures(
            self.env, period=(date(2026, 11, 1), date(2026, 11, 30)), team=self.team
        )
        self.assertAlmostEqual(
            total(figures, "Cost of poor quality", "recovered:sum"), 150.0
        )
        self.assertAlmostEqual(
            total(figures, "Cost of poor quality", "recovered_share:avg"), 50.0
        )
        sheet = self._workbook(
            "complaint_management.report_complaint_register_xlsx"
        ).worksheets[0]
        header = [c.value for c in sheet[1]]
        totals = dict(zip(header, [c.value for c in sheet[sheet.max_row]], strict=True))
        self.assertEqual(totals["Claimed from Suppliers"], 250.0)
        self.assertEqual(totals["Recovered"], 150.0)

    def test_16_register_larger_than_a_batch(self):
        """A register of more complaints than one batch lists every one of them
        once, in order of receipt then number, with the same cells as when they
        fit in one batch, for the month and for complaints selected."""
        received = [
            "2026-11-10 08:00:00", "2026-11-05 08:00:00", "2026-11-02 09:00:00",
            "2026-11-05 08:00:00", "2026-11-20 15:30:00", "2026-11-05 08:00:00",
            "2026-11-03 07:00:00",
        ]  # fmt: skip
        with freeze_time("2026-11-25 12:00:00"):
            more = self.env["helpdesk.ticket"].create(
                [
                    dict(
                        self._complete_intake(),
                        name=f"Batch {n}",
                        description="<p>x</p>",
                        team_id=self.team.id,
                        complaint_date=when,
                        partner_id=(self.customer, self.supplier)[n % 2].id,
                    )
                    for n, when in enumerate(received)
                ]
            )
        complaints = (self.known | more).sorted(lambda t: (t.complaint_date, t.id))
        xmlid = "complaint_management.report_complaint_register_xlsx"

        def rows(**kwargs):
            sheet = self._workbook(xmlid, **kwargs).worksheets[0]
            return list(sheet.iter_rows(min_row=2, values_only=True))

        for kwargs in ({}, {"ids": complaints.ids[::-1]}):
            with self.subTest(**kwargs):
                whole = rows(**kwargs)
                with patch.object(complaint_xlsx_base, "BATCH_SIZE", 2):
                    batched = rows(**kwargs)
                self.assertEqual(
                    [r[0] for r in batched[:-1]], complaints.mapped("complaint_number")
                )
                self.assertEqual(batched, whole)
