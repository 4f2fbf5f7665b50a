import io
from datetime import datetime

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .counter_common import SIGNATURE, CounterCommon


@tagged("post_install", "-at_install")
class TestComplaintRegisterLock(CounterCommon):
    """The reception register stays as the customer signed it (rules §19.3)."""

    def _signed_remedy(self):
        complaint = self._complaint(partner_id=self.customer.id)
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.officer)
            .create(
                {
                    "ticket_id": complaint.id,
                    "remedy_type": "replacement",
                    "amount": 10.0,
                    "reception_name": "Mei Zhang",
                    "reception_signature": SIGNATURE,
                }
            )
        )
        return remedy

    def test_01_signed_entry_refused_on_write(self):
        """Once the customer signed, who, when and the signature are refused to
        everyone's write, the QA manager's included."""
        remedy = self._signed_remedy()
        self.assertTrue(remedy.reception_date)
        for user in (self.officer, self.qa_manager):
            for vals in (
                {"reception_name": "Someone else"},
                {"reception_date": datetime(2026, 1, 1)},
                {"reception_signature": False},
            ):
                with self.assertRaisesText(ValidationError, "stays as signed"):
                    remedy.with_user(user).write(vals)
        # what the entry does not say stays editable while the remedy is a draft
        remedy.with_user(self.officer).write({"amount": 12.0})
        self.assertEqual(remedy.reception_name, "Mei Zhang")

    def test_02_unsigned_entry_still_filled(self):
        """An entry not signed yet is filled in, on a done remedy too."""
        complaint = self._complaint(partner_id=self.customer.id)
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.officer)
            .create({"ticket_id": complaint.id, "remedy_type": "replacement"})
        )
        remedy.write({"reception_name": "Mei Zhang"})
        remedy.write({"reception_signature": SIGNATURE})
        self.assertTrue(remedy.reception_date)

    def test_03_correction_is_recorded_and_approved(self):
        """A QA manager who did not write the remedy corrects the signed entry
        with a reason; the old entry and the replaced signature stay in the
        chatter; an officer, or the remedy's author, cannot."""
        remedy = self._signed_remedy()
        Wizard = self.env["complaint.register.correction.wizard"]
        vals = {
            "remedy_id": remedy.id,
            "new_name": "Mei Zhang-Li",
            "new_date": datetime(2026, 11, 2, 9, 30),
            "new_signature": SIGNATURE,
            "reason": "The customer gave her full name.",
        }
        with self.assertRaises(AccessError):
            Wizard.with_user(self.officer).create(vals).action_confirm()
        remedy.with_user(self.qa_manager).write({"amount": 11.0})
        with self.assertRaisesText(UserError, "another QA manager"):
            Wizard.with_user(self.qa_manager).create(vals).action_confirm()
        other_manager = self._new_user("t_qa_manager_2", "group_complaint_manager")
        Wizard.with_user(other_manager).create(vals).action_confirm()
        self.assertEqual(remedy.reception_name, "Mei Zhang-Li")
        message = remedy.message_ids[:1]
        self.assertIn("The customer gave her full name.", message.body)
        self.assertIn("Mei Zhang", message.body)
        self.assertTrue(message.attachment_ids)


@tagged("post_install", "-at_install")
class TestComplaintServiceCharge(CounterCommon):
    """What our own service caused is borne by whoever caused it, approved by
    the store manager (rules §19.6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_manager = cls._new_user(
            "t_store_manager", "group_complaint_approver_store"
        )
        cls.cashier = cls._new_user("t_cashier", "group_complaint_officer")

    def _service_complaint(self):
        return self._complaint(
            partner_id=self.customer.id,
            defect_type_id=self.env.ref("complaint_management.defect_type_service").id,
            responsibility="service",
        )

    def _charge(self, complaint):
        return (
            self.env["complaint.service.charge"]
            .with_user(self.officer)
            .create(
                {
                    "ticket_id": complaint.id,
                    "responsible_user_id": self.cashier.id,
                    "amount": 20.0,
                    "penalty": "Written warning",
                    "penalty_amount": 50.0,
                }
            )
        )

    def test_01_charge_approved_by_the_store_manager(self):
        """The officer charges the cashier; the officer cannot approve it (four
        eyes), a front-desk manager is below the tier, the store manager
        approves; it is then locked."""
        complaint = self._service_complaint()
        charge = self._charge(complaint)
        self.assertTrue(charge.name.startswith("SC/"))
        charge.action_request_approval()
        self.assertEqual(charge.state, "to_approve")
        with self.assertRaises(UserError):
            charge.with_user(self.officer).action_approve()
        front_desk = self._new_user("t_fd", "group_complaint_approver_front_desk")
        with self.assertRaises(UserError):
            charge.with_user(front_desk).action_approve()
        charge.invalidate_recordset()
        charge.with_user(self.store_manager).action_approve()
        self.assertEqual(charge.state, "approved")
        self.assertEqual(charge.approved_by_id, self.store_manager)
        with self.assertRaises(ValidationError):
            charge.with_user(self.qa_manager).write({"amount": 1.0})

    def test_02_only_for_our_service(self):
        """A complaint not caused by our service charges nobody."""
        complaint = self._complaint(partner_id=self.customer.id)
        charge = self._charge(complaint)
        with self.assertRaisesText(ValidationError, "not caused by our service"):
            charge.action_request_approval()

    def test_03_in_the_cost_and_the_workbooks(self):
        """An approved charge is recovered in the cost of poor quality and shown
        in the monthly workbooks; one waiting for approval is not."""
        complaint = self._service_complaint()
        charge = self._charge(complaint)
        charge.action_request_approval()
        self.env.flush_all()
        Cost = self.env["complaint.cost.report"]
        self.assertFalse(Cost.search([("ticket_id", "=", complaint.id)]))
        charge.invalidate_recordset()
        charge.with_user(self.store_manager).action_approve()
        self.env.flush_all()
        row = Cost.search([("ticket_id", "=", complaint.id)])
        self.assertEqual(row.source, "service")
        self.assertAlmostEqual(row.recovered, 20.0)
        self.assertAlmostEqual(row.net_cost, -20.0)
        content, kind = self.env["ir.actions.report"]._render(
            "complaint_management.report_complaint_register_xlsx", complaint.ids
        )
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=True).worksheets[
            0
        ]
        header = [cell.value for cell in sheet[1]]
        values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
        self.assertEqual(values["Borne by Those Responsible"], 20.0)
        self.assertEqual(values["Charged To (Service)"], self.cashier.name)
        self.assertEqual(values["Penalty"], "Written warning")
        content, _kind = self.env["ir.actions.report"]._render(
            "complaint_management.report_complaint_returns_summary_xlsx",
            complaint.ids,
        )
        self.assertTrue(content)

    def test_04_workbook_reads_in_batch(self):
        """The workbooks read the charges, kinds and places of a batch of
        complaints at the cost of one (rules §14)."""
        complaints = self.env["helpdesk.ticket"]
        for place in ("Checkout 1", "Checkout 2", "Checkout 3"):
            complaint = self._service_complaint()
            complaint.incident_place = place
            complaint.incident_partner_id = self.customer
            charge = self._charge(complaint)
            charge.action_request_approval()
            charge.invalidate_recordset()
            charge.with_user(self.store_manager).action_approve()
            complaints |= complaint
        self.env.flush_all()
        Workbook = self.env["report.complaint_management.complaint_xlsx_base"]

        def queries(batch):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = Workbook._ticket_rows_extra(batch)
            self.assertEqual(len(rows), len(batch))
            return self.env.cr.sql_log_count - before

        queries(complaints)  # caches warmed (fields, languages)
        self.assertEqual(queries(complaints[:1]), queries(complaints))
