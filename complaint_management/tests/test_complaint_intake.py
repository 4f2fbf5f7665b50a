from datetime import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintIntake(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (tested by the 8D tests).
        cls._close_without_8d()

    def test_01_number_from_complaint_sequence(self):
        """A complaint is numbered CC/<year of the complaint>/NNNNN; a ticket is not."""
        complaint = self._complaint()
        self.assertRegex(complaint.complaint_number, r"^CC/2026/\d{5}$")
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer", "description": "x", "team_id": self.other_team.id}
        )
        self.assertFalse(ticket.complaint_number)
        second = self._complaint()
        self.assertGreater(second.complaint_number, complaint.complaint_number)

    def test_02_becoming_a_complaint_numbers_it(self):
        """A ticket switched to complaint later gets its number then."""
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer", "description": "x", "team_id": self.other_team.id}
        )
        ticket.is_complaint = True
        self.assertTrue(ticket.complaint_number)

    def test_03_defect_rate(self):
        """The defect rate is defective quantity over lot size, in percent."""
        complaint = self._complaint(lot_qty=400, defect_qty=10)
        self.assertAlmostEqual(complaint.defect_rate, 2.5)
        complaint.lot_qty = 0
        self.assertEqual(complaint.defect_rate, 0)

    def test_04_bad_quantities_refused(self):
        """Negative quantities and more defects than the lot are refused, unsaved."""
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        for values in ({"shipped_qty": -1}, {"defect_qty": -5}, {"lot_qty": -1}):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self._complaint(**values)
        with self.assertRaisesText(ValidationError, "larger than the lot size"):
            self._complaint(lot_qty=10, defect_qty=11)
        self.assertEqual(Ticket.search_count([]), before)

    def test_05_shipment_after_complaint_refused(self):
        """A shipment (or purchase) dated after the complaint is refused."""
        with self.assertRaisesText(ValidationError, "after the date of the complaint"):
            self._complaint(shipped_date="2026-11-03")
        with self.assertRaisesText(ValidationError, "after the date of the complaint"):
            self._complaint(purchase_date="2026-12-01")
        complaint = self._complaint(shipped_date="2026-11-02")
        self.assertTrue(complaint.exists())

    def test_06_hand_over_refused_listing_missing_fields(self):
        """Handing over an incomplete complaint names exactly what is missing."""
        complaint = self._complaint(partner_id=self.customer.id, shipped_qty=100)
        self.assertFalse(complaint.intake_complete)
        with self.assertRaises(UserError) as err:
            complaint.with_user(self.officer).action_hand_over_to_qa()
        message = str(err.exception)
        for label in ("Product", "Defect Type", "Shipment Date", "Lot Size"):
            self.assertIn(label, message)
        self.assertNotIn("Shipped Quantity", message)
        self.assertNotIn("Contact", message)
        self.assertEqual(complaint.intake_state, "receiving")

    def test_07_hand_over_complete_complaint(self):
        """A complete complaint goes to QA: state, date and the team's QA stage."""
        qa_stage = self.env.ref("complaint_management.helpdesk_ticket_stage_qa_review")
        self.team.complaint_qa_stage_id = qa_stage
        complaint = self._complaint(**self._complete_intake())
        self.assertTrue(complaint.intake_complete)
        complaint.with_user(self.officer).action_hand_over_to_qa()
        self.assertEqual(complaint.intake_state, "handed_over")
        self.assertTrue(complaint.handed_over_date)
        self.assertEqual(complaint.stage_id, qa_stage)

    def test_08_qa_stage_is_a_gate(self):
        """Dragging an incomplete complaint into the QA stage is refused."""
        qa_stage = self.env.ref("complaint_management.helpdesk_ticket_stage_qa_review")
        complaint = self._complaint()
        with self.assertRaisesText(UserError, "intake is complete"):
            complaint.stage_id = qa_stage
        complaint.write(self._complete_intake())
        complaint.stage_id = qa_stage
        self.assertEqual(complaint.intake_state, "handed_over")

    def test_09_team_chooses_required_fields(self):
        """A team may require its own intake fields instead of the default set."""
        field = self.env["ir.model.fields"]._get("helpdesk.ticket", "lot_number")
        self.team.complaint_intake_field_ids = field
        complaint = self._complaint()
        self.assertEqual(complaint.intake_missing, field.field_description)

    def test_10_qa_sends_back_with_reason(self):
        """QA sends a complaint back: state, reason, an activity for the receiver."""
        complaint = self._complaint(
            receiver_id=self.officer.id, **self._complete_intake()
        )
        complaint.action_hand_over_to_qa()
        action = complaint.with_user(self.engineer).action_return_to_receiver()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.engineer)
            .with_context(**action["context"])
        )
        wizard.reason = "Ask for the lot number on the label"
        wizard.save().action_confirm()
        self.assertEqual(complaint.intake_state, "returned")
        self.assertEqual(
            complaint.intake_return_reason, "Ask for the lot number on the label"
        )
        activity = complaint.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("complaint_management.mail_act_complaint_intake")
            )
        )
        self.assertEqual(activity.user_id, self.officer)
        complaint.action_hand_over_to_qa()
        self.assertFalse(complaint.activity_ids.filtered(lambda a: a == activity))

    def test_11_close_needs_responsibility(self):
        """A complaint closes only once responsibility is decided (domain.md §5)."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        complaint = self._complaint()
        with self.assertRaisesText(UserError, "Responsibility"):
            complaint.stage_id = done
        self.assertNotEqual(complaint.stage_id, done)
        complaint.write({"responsibility": "company", "stage_id": done.id})
        self.assertTrue(complaint.closed)

    def test_12_supplier_needs_supplier(self):
        """A supplier's responsibility names the supplier."""
        complaint = self._complaint()
        with self.assertRaisesText(ValidationError, "responsible supplier"):
            complaint.responsibility = "supplier"
        complaint.write({"responsibility": "supplier", "supplier_id": self.supplier.id})
        self.assertEqual(complaint.supplier_id, self.supplier)

    def test_13_form_onchange_of_team(self):
        """In the form, choosing a complaint team makes the ticket a complaint."""
        form = Form(self.env["helpdesk.ticket"])
        form.name = "Leak"
        form.description = "<p>Leak</p>"
        form.team_id = self.other_team
        self.assertFalse(form.is_complaint)
        form.team_id = self.team
        self.assertTrue(form.is_complaint)
        form.lot_qty = 200
        form.defect_qty = 50
        self.assertEqual(form.defect_rate, 25)
        complaint = form.save()
        self.assertTrue(complaint.complaint_number)

    def test_14_complaint_date_defaults_to_now(self):
        """Without a date, a complaint is dated when recorded."""
        complaint = self.env["helpdesk.ticket"].create(
            {"name": "x", "description": "x", "team_id": self.team.id}
        )
        self.assertLessEqual(complaint.complaint_date, datetime.now())
