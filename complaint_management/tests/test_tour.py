from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTour(HttpCase):
    def test_01_open_complaint_list(self):
        """An administrator opens the Complaints app and sees the complaint list."""
        self.start_tour("/odoo", "complaint_management_open_list_tour", login="admin")
