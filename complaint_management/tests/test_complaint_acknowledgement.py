from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintAcknowledgement(ComplaintCommon):
    def _acknowledgements(self, complaint):
        """The acknowledgements in the complaint's chatter, once the scheduled
        action that sends them has run."""
        self.env["helpdesk.ticket"]._cron_send_acknowledgements()
        return complaint.message_ids.filtered(
            lambda m: complaint.complaint_number in (m.subject or "")
        )

    def test_01_customer_acknowledged_with_number(self):
        """On creation the customer's acknowledgement is queued, and the scheduled
        action sends it, once, with the complaint number."""
        complaint = self._complaint(partner_id=self.customer.id)
        self.assertEqual(complaint.acknowledgement_state, "pending")
        message = self._acknowledgements(complaint)
        self.assertEqual(complaint.acknowledgement_state, "sent")
        self.assertEqual(len(message), 1)
        self.assertEqual(len(self._acknowledgements(complaint)), 1)
        self.assertIn(self.customer, message.partner_ids)
        self.assertIn(complaint.complaint_number, str(message.body))
        self.assertIn("What happens next", str(message.body))

    def test_02_team_can_turn_it_off(self):
        """A team that turned acknowledgements off sends none."""
        self.team.complaint_acknowledge = False
        complaint = self._complaint(partner_id=self.customer.id)
        self.assertFalse(self._acknowledgements(complaint))

    def test_03_in_the_customer_language(self):
        """A Chinese-speaking customer is acknowledged in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        complaint = self._complaint(partner_id=self.customer.id)
        message = self._acknowledgements(complaint)
        self.assertEqual(len(message), 1)
        self.assertIn("投诉", message.subject)
        self.assertIn("投诉", str(message.body))

    def test_04_imported_history_is_not_acknowledged(self):
        """Complaints imported from a spreadsheet do not write to the customer."""
        complaint = (
            self.env["helpdesk.ticket"]
            .with_context(import_file=True)
            .create(
                {
                    "name": "old",
                    "description": "x",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                }
            )
        )
        self.assertFalse(self._acknowledgements(complaint))

    def test_05_clients_cannot_silence_or_repeat_it(self):
        """The acknowledgement's state is the application's: a client can neither
        create a complaint as already acknowledged nor write the state, so the
        customer is written to exactly once."""
        complaint = self._complaint(
            partner_id=self.customer.id, acknowledgement_state="sent"
        )
        self.assertEqual(complaint.acknowledgement_state, "pending")
        with self.assertRaisesText(UserError, "cannot be written"):
            complaint.with_user(self.officer).write({"acknowledgement_state": "sent"})
        self.assertEqual(len(self._acknowledgements(complaint)), 1)
        with self.assertRaisesText(UserError, "cannot be written"):
            complaint.write({"acknowledgement_state": "pending"})
