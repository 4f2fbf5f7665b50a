from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTour(HttpCase):
    def test_01_open_complaint_list(self):
        """An administrator opens the Complaints app and sees the complaint list."""
        self.start_tour("/odoo", "complaint_management_open_list_tour", login="admin")

    def test_02_phone_intake_to_qa(self):
        """A front-desk officer records a phone complaint and hands it over to QA."""
        self.start_tour(
            "/odoo", "complaint_management_intake_tour", login="complaint_officer"
        )
        complaint = self.env["helpdesk.ticket"].search(
            [("name", "=", "Calipers leak at the bleed screw")]
        )
        self.assertEqual(complaint.intake_state, "handed_over")
        self.assertEqual(complaint.complaint_severity, "serious")
        self.assertEqual(complaint.channel_id.name, "Phone")
        self.assertAlmostEqual(complaint.defect_rate, 5.0)
