from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintAcknowledgement(ComplaintCommon):
    def _acknowledgements(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: complaint.complaint_number in (m.subject or "")
        )

    def test_01_customer_acknowledged_with_number(self):
        """On creation the customer gets an e-mail with the complaint number."""
        complaint = self._complaint(partner_id=self.customer.id)
        message = self._acknowledgements(complaint)
        self.assertEqual(len(message), 1)
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
