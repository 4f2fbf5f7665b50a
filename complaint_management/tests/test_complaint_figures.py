import io
from datetime import datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .chargeback_common import ChargebackCommon
from .common import ComplaintSlaCommon

MONDAY = datetime(2026, 11, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestComplaintFigures(ComplaintSlaCommon):
    """Figures that mean what they say (rules §24), each recomputed here from the
    raw records: a deadline past is missed at once in every report, closure is
    measured to the closing, and PPM follows the team filter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._close_without_8d()
        cls.env.company.complaint_delivered_source = "import"

    def _missed_at(self, complaints, now):
        """The milestones of ``complaints`` missed at ``now``, from their raw
        states and deadlines: breached, or still running past the deadline."""
        return complaints.sla_milestone_ids.filtered(
            lambda m: (
                m.state == "breached"
                or (m.state == "running" and m.is_open and m.deadline < now)
            )
        )

    def _register(self, complaints):
        content, _kind = self.env["ir.actions.report"]._render(
            "complaint_management.report_complaint_register_xlsx", complaints.ids
        )
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    def test_01_overdue_deadline_counts_as_missed_at_once(self):
        """An open milestone past its deadline counts as missed in the analysis,
        the compliance per milestone and the register the moment the deadline
        passes, before the job marks it breached; one reached late stays missed."""
        with freeze_time(MONDAY):
            complaint = self._handed_over(complaint_date=MONDAY)
        domain = [("ticket_id", "=", complaint.id)]
        response = self._milestone(complaint, "response")
        self.assertEqual(response.state, "running")
        running = complaint.sla_milestone_ids.filtered(lambda m: m.state == "running")
        first = running.sorted("deadline")[:1]
        Milestones = self.env["complaint.milestone.report"]
        measures = [
            "due_count:sum",
            "on_time_count:sum",
            "missed_count:sum",
            "compliance:avg",
        ]
        # before the first deadline: nothing is due, nothing missed
        with freeze_time(first.deadline - timedelta(minutes=1)):
            self.assertFalse(self._missed_at(complaint, fields.Datetime.now()))
            self.assertFalse(Milestones._read_group(domain, ["milestone"], measures))
        now = max(first.deadline, response.deadline) + timedelta(minutes=1)
        with freeze_time(now):
            # no job ran: the milestones are still running
            self.assertEqual(set(running.mapped("state")), {"running"})
            missed = self._missed_at(complaint, now)
            met = complaint.sla_milestone_ids.filtered(lambda m: m.state == "met")
            self.assertIn(response, missed)
            self.assertIn(first, missed)
            expected = {}
            for m in missed | met:
                ok, late = expected.get(m.milestone, (0, 0))
                expected[m.milestone] = (ok + (m in met), late + (m in missed))
            self.assertEqual(
                {
                    milestone: (due, on_time, missed_count, compliance)
                    for milestone, due, on_time, missed_count, compliance in (
                        Milestones._read_group(domain, ["milestone"], measures)
                    )
                },
                {
                    milestone: (ok + late, ok, late, 100.0 * ok / (ok + late))
                    for milestone, (ok, late) in expected.items()
                },
            )
            [(due, on_time, missed_count, compliance)] = self.env[
                "complaint.report"
            ]._read_group(
                [("ticket_id", "=", complaint.id)],
                [],
                [
                    "sla_due_count:sum",
                    "sla_on_time_count:sum",
                    "sla_missed_count:sum",
                    "sla_compliance:avg",
                ],
            )
            self.assertEqual(due, len(met) + len(missed))
            self.assertEqual((on_time, missed_count), (len(met), len(missed)))
            self.assertEqual(compliance, 100.0 * len(met) / (len(met) + len(missed)))
            [row, _totals] = self._register(complaint)
            self.assertEqual(row["Deadlines Missed"], len(missed))
            self.assertEqual(row["Deadlines Due"], len(met) + len(missed))
            labels = dict(
                self.env["complaint.sla.milestone"]
                ._fields["milestone"]
                ._description_selection(self.env)
            )
            for milestone in missed:
                self.assertIn(labels[milestone.milestone], row["Missed Deadlines"])
        # reached late: breached, and it stays missed (a breach is history)
        with freeze_time(now + timedelta(hours=1)):
            complaint._record_event("qa_responded")
            self.assertEqual(response.state, "breached")
            [(missed_count,)] = Milestones._read_group(
                domain + [("milestone", "=", "response")], [], ["missed_count:sum"]
            )
            self.assertEqual(missed_count, 1)

    def test_02_closure_is_measured_to_the_closing(self):
        """Working days to closure run from receipt to the closing, for closed
        complaints only: a resolution date corrected earlier does not shorten
        it, and a reopened complaint has no closure figure."""
        with freeze_time(MONDAY):
            complaint = self._handed_over(
                complaint_date=MONDAY, responsibility="company"
            )
        Report = self.env["complaint.report"]
        domain = [("ticket_id", "=", complaint.id)]

        def working_days(complaint):
            # receipt to closing on the desk's calendar (8 working hours a day)
            hours = self.calendar.get_work_hours_count(
                complaint.complaint_date, complaint.closed_date, compute_leaves=True
            )
            return hours / self.calendar.hours_per_day

        def figures():
            [(closure,)] = Report._read_group(domain, [], ["closure_days:avg"])
            [row, _totals] = self._register(complaint)
            return closure, row["Working Days to Closure"]

        friday = MONDAY + timedelta(days=4)
        with freeze_time(friday):
            complaint.write({"stage_id": self.done.id})
        self.assertTrue(complaint.closed)
        self.assertEqual(complaint.closed_date, friday)
        # Monday 09:00 to Friday 09:00: 7 h, 3 x 8 h, 1 h = 32 h
        expected = working_days(complaint)
        self.assertAlmostEqual(expected, 4.0)
        self.assertAlmostEqual(complaint.closure_days, expected)
        closure, cell = figures()
        self.assertAlmostEqual(closure, expected)
        self.assertAlmostEqual(cell, expected)
        # reopened: open again, no closure figure
        with freeze_time(friday + timedelta(hours=1)):
            complaint._reopen_with_reason("The customer found more leaks")
        self.assertFalse(complaint.closed)
        closure, cell = figures()
        self.assertFalse(closure)
        self.assertIsNone(cell)
        # closed again on the next Monday: measured to the new closing
        monday = MONDAY + timedelta(days=7)
        with freeze_time(monday):
            complaint.write({"stage_id": self.done.id})
        expected = working_days(complaint)
        self.assertAlmostEqual(expected, 5.0)
        closure, cell = figures()
        self.assertAlmostEqual(closure, expected)
        self.assertAlmostEqual(cell, expected)
        # a resolution corrected to an earlier day does not move the closing
        with freeze_time(monday + timedelta(hours=1)):
            complaint._record_event(
                "resolved", MONDAY + timedelta(days=1), reason="Fixed on Tuesday"
            )
        self.assertEqual(complaint.resolved_date.date(), (MONDAY + timedelta(1)).date())
        closure, cell = figures()
        self.assertAlmostEqual(closure, expected)
        self.assertAlmostEqual(cell, expected)

    def test_03_ppm_follows_the_team(self):
        """Every PPM row has a team: a complaint's own, a delivery's that of the
        latest complaint about its product from its customer, else about its
        product; a team filter gives the team's PPM, and the teams' quantities
        add up to the total."""
        second = self.env["helpdesk.ticket.team"].create(
            {"name": "Housings Desk", "complaint_team": True}
        )
        elsewhere = self.env["res.partner"].create(
            {"name": "Brakes & Co", "is_company": True}
        )
        unknown = self.env["product.product"].create({"name": "Bolt"})
        with freeze_time(MONDAY):
            complaints = self._complaint(
                **dict(self._complete_intake(), defect_qty=20)
            ) | self._complaint(
                **dict(
                    self._complete_intake(),
                    product_id=self.product_other.id,
                    team_id=second.id,
                    defect_qty=10,
                )
            )
        deliveries = self.env["complaint.delivery"].create(
            [
                {"product_id": product.id, "partner_id": partner.id,
                 "month": "2026-11-01", "quantity": quantity}
                for product, partner, quantity in (
                    (self.product, self.customer, 10000),
                    (self.product, elsewhere, 2000),
                    (self.product_other, self.customer, 40000),
                    (unknown, self.customer, 5000),
                )
            ]
        )  # fmt: skip

        def team_of(delivery):
            # the rule, from the raw complaints
            about = complaints.filtered(
                lambda c: (
                    c.company_id == delivery.company_id
                    and c.product_id == delivery.product_id
                )
            ).sorted(lambda c: (c.complaint_date, c.id), reverse=True)
            same = about.filtered(
                lambda c: (
                    c.partner_id.commercial_partner_id
                    == delivery.partner_id.commercial_partner_id
                )
            )
            return (same or about)[:1].team_id

        defect, delivered = {}, {}
        for complaint in complaints:
            key = complaint.team_id
            defect[key] = defect.get(key, 0.0) + complaint.defect_qty
        for delivery in deliveries:
            key = team_of(delivery)
            delivered[key] = delivered.get(key, 0.0) + delivery.quantity
        self.assertEqual(delivered[self.team], 12000)
        self.assertEqual(delivered[second], 40000)
        Ppm = self.env["complaint.ppm.report"]
        domain = [
            ("product_id", "in", (self.product | self.product_other | unknown).ids),
            ("date", ">=", "2026-11-01"),
            ("date", "<=", "2026-11-30"),
        ]
        groups = Ppm._read_group(
            domain, ["team_id"], ["defect_qty:sum", "delivered_qty:sum", "ppm:avg"]
        )
        self.assertEqual(
            {team: (d, q) for team, d, q, _ppm in groups},
            {
                team: (defect.get(team, 0.0), delivered.get(team, 0.0))
                for team in set(defect) | set(delivered)
            },
        )
        [(total_defect, total_delivered)] = Ppm._read_group(
            domain, [], ["defect_qty:sum", "delivered_qty:sum"]
        )
        self.assertEqual(sum(d for _t, d, _q, _p in groups), total_defect)
        self.assertEqual(sum(q for _t, _d, q, _p in groups), total_delivered)
        self.assertEqual(total_delivered, sum(deliveries.mapped("quantity")))
        # the team filter: the team's defectives over what its complaints concern
        [(ppm,)] = Ppm._read_group(
            [*domain, ("team_id", "=", self.team.id)], [], ["ppm:avg"]
        )
        self.assertAlmostEqual(ppm, defect[self.team] / delivered[self.team] * 1e6)

    def test_04_apps_page_describes_the_addons(self):
        """The page of each addon in Apps shows its description, generated from
        its readme/ fragments (static/description/index.html)."""
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("complaint_management", "complaint_management_stock"))]
        )
        self.assertEqual(len(modules), 2)
        pages = {module.name: module.description_html for module in modules}
        self.assertIn("turns helpdesk tickets", pages["complaint_management"])
        self.assertIn("Table of contents", pages["complaint_management"])
        self.assertIn("Usage", pages["complaint_management"])
        self.assertIn("connects", pages["complaint_management_stock"])


@tagged("post_install", "-at_install")
class TestComplaintFiguresRecovered(ChargebackCommon):
    """Recovered means the supplier's credit note is posted (rules §24.2),
    recomputed here from the credit notes themselves."""

    def _posted_credit(self, chargeback):
        """What the posted credit notes of ``chargeback`` credit, in company
        currency, from the raw entries."""
        moves = self.env["account.move"].search(
            [
                ("invoice_origin", "=", chargeback.name),
                ("move_type", "=", "in_refund"),
                ("state", "=", "posted"),
            ]
        )
        return sum(abs(move.amount_total_signed) for move in moves)

    def test_01_recovered_once_the_credit_note_is_posted(self):
        """A settled chargeback whose vendor credit note is a draft has recovered
        nothing, in the chargeback, the cost of poor quality and the supplier's
        score; posted, it has recovered the credit note's amount; cancelled,
        nothing again."""
        chargeback = self._sent()
        chargeback.sudo()._portal_answer(
            "partial", accepted_amount=99.0, comment="Only the refund"
        )
        chargeback.with_user(self.finance).action_settle()
        self.assertEqual(chargeback.state, "settled")
        move = chargeback.credit_note_id
        self.assertEqual(move.state, "draft")
        Cost = self.env["complaint.cost.report"]
        domain = [("source", "=", "chargeback"), ("res_id", "=", chargeback.id)]

        def figures():
            self.env.invalidate_all()
            [(recovered,)] = Cost._read_group(domain, [], ["recovered:sum"])
            score = self.supplier._supplier_quality(
                fields.Date.to_date("2026-01-01"), fields.Date.to_date("2027-12-31")
            )[self.supplier]["supplier_recovered_amount"]
            return chargeback.recovered_amount_company, recovered, score

        self.assertEqual(self._posted_credit(chargeback), 0.0)
        self.assertEqual(figures(), (0.0, 0.0, 0.0))
        # accounting posts it
        move.sudo().action_post()
        posted = self._posted_credit(chargeback)
        self.assertAlmostEqual(posted, 99.0)
        self.assertEqual(figures(), (posted, posted, posted))
        move.sudo().button_draft()
        move.sudo().button_cancel()
        self.assertEqual(self._posted_credit(chargeback), 0.0)
        self.assertEqual(figures(), (0.0, 0.0, 0.0))
