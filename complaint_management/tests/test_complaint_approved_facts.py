from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from . import test_complaint_8d
from .access_matrix import JsonRpcMixin
from .chargeback_common import ChargebackCommon
from .common import ComplaintCommon
from .test_complaint_remedy import ComplaintRemedyCommon

REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
)
# Context keys a client may send, hoping one of them lets the write through.
FORGED_CONTEXT = {
    "complaint_edit": True,
    "skip_validation_check": True,
    "tracking_disable": True,
}
REPORT = "complaint_management.action_report_complaint_8d"


@tagged("post_install", "-at_install")
class TestComplaintApprovedFacts(ComplaintCommon):
    """An approved 8D keeps the facts it was approved on (rules §10.5): the main
    complaint's customer, product, defect type, date and quantities and the lots
    of its complaints are the report's own, follow the complaints while it is
    worked on, stay as approved whatever the complaints say later, and are taken
    from the complaints again once it is reopened."""

    # The 8D helpers of TestComplaint8D, borrowed as functions: subclassing it
    # would run its tests twice.
    _our_complaint = test_complaint_8d.TestComplaint8D._our_complaint
    _new_8d = test_complaint_8d.TestComplaint8D._new_8d
    _fill = test_complaint_8d.TestComplaint8D._fill
    _corrective = test_complaint_8d.TestComplaint8D._corrective
    _submit = test_complaint_8d.TestComplaint8D._submit
    _approve = test_complaint_8d.TestComplaint8D._approve
    _approved_8d = test_complaint_8d.TestComplaint8D._approved_8d

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["complaint.8d"]
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Brightline Pumps", "is_company": True}
        )

    def _recode(self, complaint):
        """The officer re-codes the open complaint: another customer, product,
        defect type, quantities and lot."""
        complaint.with_user(self.officer).write(
            {
                "partner_id": self.other_customer.id,
                "product_id": self.product_other.id,
                "defect_type_id": self.defect_label.id,
                "shipped_qty": 3000,
                "lot_qty": 900,
                "defect_qty": 45,
                "lot_number": "L-2611-09",
            }
        )

    def _facts(self, report):
        report.invalidate_recordset()
        return {
            "partner_id": report.partner_id,
            "product_id": report.product_id,
            "defect_type_id": report.defect_type_id,
            "complaint_date": report.complaint_date,
            "shipped_qty": report.shipped_qty,
            "lot_qty": report.lot_qty,
            "defect_qty": report.defect_qty,
            "lot_number": report.lot_number,
            "name": report.name,
        }

    def _html(self, report):
        """The report as printed (HTML: the PDF's content, without wkhtmltopdf)."""
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, report.ids
        )
        return html.decode()

    def test_01_draft_8d_states_the_complaints_facts(self):
        """While the 8D is worked on, its facts are the complaints': re-coding
        the complaint re-codes the report and its name."""
        complaint = self._our_complaint()
        report = self._new_8d(complaint)
        self.assertEqual(report.product_id, self.product)
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual(report.defect_type_id, self.defect_function)
        self.assertEqual(report.complaint_date, complaint.complaint_date)
        self.assertEqual(
            (report.shipped_qty, report.lot_qty, report.defect_qty), (1000, 500, 20)
        )
        self.assertEqual(report.lot_number, "L-2610-01")
        self.assertEqual(report.company_id, complaint.company_id)
        self._recode(complaint)
        facts = self._facts(report)
        self.assertEqual(facts["product_id"], self.product_other)
        self.assertEqual(facts["partner_id"], self.other_customer)
        self.assertEqual(facts["defect_type_id"], self.defect_label)
        self.assertEqual(facts["defect_qty"], 45)
        self.assertEqual(facts["lot_number"], "L-2611-09")
        self.assertEqual(facts["name"], f"{complaint.complaint_number}-HSG-1")

    def test_02_approved_8d_keeps_the_facts_it_was_approved_on(self):
        """An officer re-codes the open complaint after the 8D's approval: the
        approved 8D, its name and every copy printed later still state the
        product, customer, defect, quantities and lot the QA manager approved."""
        report = self._approved_8d()
        complaint = report.main_ticket_id
        approved = self._facts(report)
        self._recode(complaint)
        self.assertEqual(complaint.product_id, self.product_other)
        self.assertEqual(self._facts(report), approved)
        self.assertEqual(report.product_id, self.product)
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual(report.defect_qty, 20)
        self.assertEqual(report.name, f"{complaint.complaint_number}-CAL-1")
        html = self._html(report)
        self.assertIn("[CAL-1] Caliper", html)
        self.assertIn("Acme Motors", html)
        self.assertIn("L-2610-01", html)
        self.assertNotIn("HSG-1", html)
        self.assertNotIn("Brightline", html)
        self.assertNotIn("L-2611-09", html)

    def test_03_facts_are_never_written_by_hand(self):
        """Nobody writes an 8D's facts, draft or approved (they come from the
        complaint), and writing them never re-codes the complaint."""
        report = self._fill(self._new_8d())
        complaint = report.main_ticket_id
        for user in (self.engineer, self.qa_manager):
            for vals in (
                {"product_id": self.product_other.id},
                {"partner_id": self.other_customer.id},
                {"defect_qty": 1.0},
                {"lot_number": "Forged"},
            ):
                with self.assertRaisesText(UserError, "cannot be written directly"):
                    report.with_user(user).write(vals)
        self.assertEqual(complaint.product_id, self.product)
        self._approve(report)
        with self.assertRaisesText(UserError, "cannot be written directly"):
            report.with_user(self.qa_manager).write({"product_id": self.product.id})
        self.assertEqual(report.product_id, self.product)

    def test_04_reopening_takes_the_complaints_facts_again(self):
        """Once a QA manager reopens the 8D, it states the complaints' facts of
        today (and is named after them); approved again, it keeps them."""
        report = self._approved_8d()
        complaint = report.main_ticket_id
        self._recode(complaint)
        report.with_user(self.qa_manager)._reopen("Product re-coded")
        facts = self._facts(report)
        self.assertEqual(report.state, "draft")
        self.assertEqual(facts["product_id"], self.product_other)
        self.assertEqual(facts["partner_id"], self.other_customer)
        self.assertEqual(facts["defect_qty"], 45)
        self.assertEqual(facts["lot_number"], "L-2611-09")
        self.assertEqual(facts["name"], f"{complaint.complaint_number}-HSG-1")
        self._approve(report)
        self.assertEqual(report.state, "approved")
        complaint.with_user(self.officer).product_id = self.product
        self.assertEqual(self._facts(report), facts)

    def test_05_lots_of_every_complaint_each_once(self):
        """The report states the lots of all its complaints, oldest first, each
        once; the quantities are the main complaint's."""
        first = self._our_complaint()
        report = self._new_8d(first)
        repeat = self._our_complaint(
            complaint_date="2026-11-20 08:00:00", defect_qty=7, lot_number="L-2611-02"
        )
        same_lot = self._our_complaint(complaint_date="2026-11-21 08:00:00")
        report.with_user(self.engineer).ticket_ids = [
            Command.link(repeat.id),
            Command.link(same_lot.id),
        ]
        self.assertEqual(report.lot_number, "L-2610-01, L-2611-02")
        self.assertEqual(report.defect_qty, 20)


@tagged("post_install", "-at_install")
class TestComplaintApprovedRemedyReceipt(ComplaintRemedyCommon):
    """A remedy that counts towards its receipt keeps the receipt it was
    submitted on (rules §7, §10.5)."""

    def test_01_recoded_customer_keeps_the_remedy_on_its_receipt(self):
        """The officer re-codes the open complaint's customer after a refund on
        the customer's invoice was approved: the refund still counts towards
        that invoice as the evidence it was approved on, so a later refund on
        the invoice goes to the level of their total; a refund back in draft
        follows the complaint's customer."""
        invoice = self._invoice()
        first = self._submit(
            self._remedy(150.0, user=self.env.user, origin_invoice_id=invoice.id)
        )
        self._decide(first, self.deputy)
        self.assertEqual(first.state, "approved")
        self.assertTrue(first.receipt_verified)
        key = first.receipt_key
        other_customer = self.env["res.partner"].create(
            {"name": "Brightline Pumps", "is_company": True}
        )
        other_customer.property_account_receivable_id = self.receivable
        self.complaint.with_user(self.officer).partner_id = other_customer
        first.invalidate_recordset()
        self.assertEqual(first.receipt_key, key)
        self.assertTrue(first.receipt_verified)
        other = self.complaint.copy({"partner_id": self.customer.id})
        second = self._submit(
            self._remedy(
                100.0,
                user=self.env.user,
                ticket_id=other.id,
                origin_invoice_id=invoice.id,
            )
        )
        self.assertAlmostEqual(second.receipt_total_company, 250.0)
        self.assertEqual(second.review_ids.definition_id, self.tier_store)
        draft = self._remedy(20.0, receipt_reference="POS-7")
        self.assertIn(f":{other_customer.id}:", draft.receipt_key)


@tagged("post_install", "-at_install")
class TestComplaintApprovedChargebackFacts(ChargebackCommon):
    """The debit note of an approved chargeback states the complaints as they
    were approved (rules §7, §10.5)."""

    def _html(self, chargeback):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "complaint_management.action_report_complaint_chargeback", chargeback.ids
        )
        return html.decode()

    def test_01_debit_note_keeps_the_complaints_as_approved(self):
        """While prepared, the chargeback states the complaints of today; once
        approved, an officer re-coding the open complaint's product, lot and
        quantities changes neither the chargeback nor its debit note (cancelled
        neither); back in draft, it states the complaints of today again."""
        chargeback = self._chargeback()
        self.complaint.lot_number = "L-2610-01"
        self.assertEqual(chargeback.complaint_facts[0]["lot_number"], "L-2610-01")
        self._approved(chargeback)
        approved = chargeback.complaint_facts
        self.complaint.with_user(self.officer).write(
            {
                "product_id": self.product_other.id,
                "defect_type_id": self.defect_label.id,
                "lot_number": "L-2611-09",
                "shipped_qty": 3000,
                "defect_qty": 45,
            }
        )
        chargeback.invalidate_recordset()
        self.assertEqual(chargeback.complaint_facts, approved)
        self.assertEqual(
            approved[0],
            {
                "ticket_id": self.complaint.id,
                "product_id": self.product.id,
                "defect_type_id": self.defect_scratch.id,
                "lot_number": "L-2610-01",
                "shipped_qty": 1000.0,
                "defect_qty": 20.0,
            },
        )
        html = self._html(chargeback)
        self.assertIn("[CAL-1] Caliper", html)
        self.assertIn("L-2610-01", html)
        # (The 8D reference is the draft 8D's name of today: only the
        # complaints' facts are the chargeback's own.)
        self.assertNotIn("[HSG-1] Housing", html)
        self.assertNotIn(self.defect_label.name, html)
        self.assertNotIn("L-2611-09", html)
        chargeback.with_user(self.engineer).action_cancel()
        self.assertEqual(chargeback.complaint_facts, approved)
        chargeback.with_user(self.engineer).action_reset_to_draft()
        chargeback.invalidate_recordset()
        self.assertEqual(chargeback.state, "draft")
        self.assertEqual(chargeback.complaint_facts[0]["lot_number"], "L-2611-09")
        self.assertEqual(
            chargeback.complaint_facts[0]["product_id"], self.product_other.id
        )


@tagged("post_install", "-at_install")
class TestComplaintApprovedFactsRpc(JsonRpcMixin, ChargebackCommon, HttpCase):
    """Over JSON-RPC, as the users who may otherwise write them: an approved
    8D's facts, an approved remedy's amount, receipt, invoice and products, and
    an approved chargeback's costs are refused, plainly and with a forged
    context, and stay as approved (rules §10.5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = new_test_user(
            cls.env,
            login="t_officer_invoicing",
            groups="base.group_user,complaint_management.group_complaint_officer,"
            "account.group_account_invoice",
        )
        cls.team.user_ids |= cls.cashier

    def _refused(self, model, method, args, who):
        """Call ``method`` as the logged-in user, plainly and with a forged
        context: each call is refused."""
        self.env.flush_all()
        for context in ({}, FORGED_CONTEXT):
            with mute_logger("odoo.http"):
                reply = self._call_kw(model, method, args, {"context": context})
            error = reply.get("error")
            self.assertTrue(error, f"{who} {model}.{method}{args} went through")
            self.assertIn(error["data"]["name"], REFUSALS, error)

    def _approved_report(self):
        report = self.complaint.eight_d_ids
        report.sudo()._approval_write({"state": "approved"})
        self.env.flush_all()
        return report

    def test_01_approved_8d_facts_refused_and_kept(self):
        """The engineer and the QA manager cannot write an approved 8D's facts;
        the officer re-codes the open complaint, and the 8D, its name and its
        printed copy keep what was approved."""
        report = self._approved_report()
        name = report.name
        for user in (self.engineer, self.qa_manager):
            self._login(user)
            for vals in (
                {"product_id": self.product_other.id},
                {"partner_id": self.other_supplier.id},
                {"defect_type_id": self.defect_label.id},
                {"defect_qty": 1.0, "lot_qty": 2.0, "shipped_qty": 3.0},
                {"lot_number": "Forged"},
                {"complaint_date": "2020-01-02 03:04:05"},
            ):
                self._refused("complaint.8d", "write", [report.ids, vals], user.login)
        self._login(self.officer)
        reply = self._call_kw(
            "helpdesk.ticket",
            "write",
            [
                self.complaint.ids,
                {"product_id": self.product_other.id, "defect_qty": 3},
            ],
        )
        self.assertNotIn("error", reply, reply)
        report.invalidate_recordset()
        self.assertEqual(self.complaint.product_id, self.product_other)
        self.assertEqual(report.product_id, self.product)
        self.assertEqual(report.defect_qty, 20)
        self.assertEqual(report.name, name)
        self._login(self.qa_manager)
        response = self.url_open(
            f"/report/html/complaint_management.report_complaint_8d/{report.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("[CAL-1] Caliper", response.text)
        self.assertNotIn("HSG-1", response.text)

    def test_02_8d_facts_never_write_through_to_the_complaint(self):
        """Writing a draft 8D's product over RPC is refused: the engineer cannot
        re-code the complaint through its report."""
        report = self.complaint.eight_d_ids
        self._login(self.engineer)
        self._refused(
            "complaint.8d",
            "write",
            [report.ids, {"product_id": self.product_other.id}],
            "engineer",
        )
        self.complaint.invalidate_recordset()
        self.assertEqual(self.complaint.product_id, self.product)
        self.assertEqual(report.product_id, self.product)

    def test_03_approved_remedy_amount_receipt_and_products_refused(self):
        """An officer who may propose remedies (and read invoices) cannot change
        an approved remedy's amount, receipt, invoice or products, on the remedy
        or on its lines."""
        remedy = self.env["complaint.remedy"].create(
            {
                "ticket_id": self.complaint.id,
                "remedy_type": "replacement",
                "amount": 50.0,
                "receipt_reference": "R-100",
                "line_ids": [
                    Command.create({"product_id": self.product.id, "quantity": 2})
                ],
            }
        )
        remedy._approval_write({"state": "approved"})
        line = remedy.line_ids
        invoice = self.env["account.move"].search([], limit=1)
        before = remedy.read(["amount", "receipt_reference", "amount_company"])
        self._login(self.cashier)
        for vals in (
            {"amount": 5000.0},
            {"receipt_reference": "R-999"},
            {"origin_invoice_id": invoice.id},
            {"line_ids": [Command.update(line.id, {"quantity": 200})]},
            {"line_ids": [Command.create({"product_id": self.product.id})]},
            {"line_ids": [Command.clear()]},
        ):
            self._refused("complaint.remedy", "write", [remedy.ids, vals], "officer")
        self._refused(
            "complaint.remedy.line", "write", [line.ids, {"quantity": 200}], "officer"
        )
        self._refused(
            "complaint.remedy.line",
            "create",
            [{"remedy_id": remedy.id, "product_id": self.product.id}],
            "officer",
        )
        self._refused("complaint.remedy.line", "unlink", [line.ids], "officer")
        remedy.invalidate_recordset()
        self.assertEqual(
            remedy.read(["amount", "receipt_reference", "amount_company"]), before
        )
        self.assertFalse(remedy.origin_invoice_id)
        self.assertEqual(remedy.line_ids, line)
        self.assertEqual(line.quantity, 2)

    def test_04_approved_chargeback_costs_refused(self):
        """The engineer who prepared a chargeback cannot change its costs once
        approved: not a line's quantity or unit cost, no new line, no deleted
        line, nor through the chargeback's lines; nor what its debit note states
        about the complaints."""
        chargeback = self._approved()
        lines = chargeback.line_ids
        line = lines[:1]
        total = chargeback.amount_total
        self._login(self.engineer)
        for vals in (
            {"quantity": 99.0},
            {"unit_cost": 999.0},
            {"chargeback_id": self._chargeback(propose=False).id},
        ):
            self._refused(
                "complaint.chargeback.line", "write", [line.ids, vals], "engineer"
            )
        self._refused(
            "complaint.chargeback.line",
            "create",
            [
                {
                    "chargeback_id": chargeback.id,
                    "cost_type_id": self.type_admin.id,
                    "name": "Extra handling",
                    "quantity": 1.0,
                    "unit_cost": 500.0,
                }
            ],
            "engineer",
        )
        self._refused("complaint.chargeback.line", "unlink", [line.ids], "engineer")
        for commands in (
            [Command.update(line.id, {"unit_cost": 999.0})],
            [Command.delete(line.id)],
            [Command.clear()],
        ):
            self._refused(
                "complaint.chargeback",
                "write",
                [chargeback.ids, {"line_ids": commands}],
                "engineer",
            )
        facts = chargeback.complaint_facts
        self._refused(
            "complaint.chargeback",
            "write",
            [chargeback.ids, {"complaint_facts": [{"ticket_id": self.complaint.id}]}],
            "engineer",
        )
        chargeback.invalidate_recordset()
        self.assertEqual(chargeback.line_ids, lines)
        self.assertEqual(chargeback.amount_total, total)
        self.assertEqual(chargeback.complaint_facts, facts)
