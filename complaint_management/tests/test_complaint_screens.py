from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintScreens(ComplaintCommon):
    """What a person reads and quotes (issue 13): the complaint number is the
    complaint's name, the grade sets the priority, lists put the most urgent
    first and show the customer."""

    def test_01_number_is_the_name(self):
        """A complaint is named by its complaint number (display name, search,
        mail subjects); a plain ticket keeps the helpdesk number."""
        complaint = self._complaint(partner_id=self.customer.id)
        number = complaint.complaint_number
        self.assertTrue(number)
        self.assertEqual(complaint.display_name, f"{number} - Calipers leak")
        found = self.env["helpdesk.ticket"].name_search(number)
        self.assertEqual([row[0] for row in found], complaint.ids)
        template = self.env.ref("helpdesk_mgmt.closed_ticket_template")
        subject = template._render_field("subject", complaint.ids)[complaint.id]
        self.assertIn(number, subject)
        # one number (rules §11.6): the ticket's number is its complaint number
        self.assertEqual(complaint.number, number)
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer", "description": "x", "team_id": self.other_team.id}
        )
        self.assertEqual(ticket.display_name, f"{ticket.number} - Printer")
        subject = template._render_field("subject", ticket.ids)[ticket.id]
        self.assertIn(ticket.number, subject)

    def test_02_grade_sets_priority(self):
        """Serious, general and occasional complaints get the company's priority
        of their grade, a major one the major priority; re-grading and a change
        of the company's table follow."""
        serious = self._complaint(defect_type_id=self.defect_function.id)
        general = self._complaint(defect_type_id=self.defect_scratch.id)
        occasional = self._complaint(defect_type_id=self.defect_label.id)
        self.assertEqual(
            [serious.complaint_severity, general.complaint_severity],
            ["serious", "general"],
        )
        self.assertEqual(occasional.complaint_severity, "occasional")
        self.assertEqual(
            (serious | general | occasional).mapped("priority"), ["3", "2", "1"]
        )
        general.with_user(self.engineer).write(
            {"defect_type_id": self.defect_function.id}
        )
        self.assertEqual(general.priority, "3")
        occasional.write({"is_major": True})
        self.assertEqual(occasional.priority, "3")
        occasional.write({"priority": "0"})
        self.assertEqual(occasional.priority, "3", "the grade, not a hand, sets it")
        self.env.company.complaint_priority_occasional = "2"
        plain = self._complaint(defect_type_id=self.defect_short.id)
        self.assertEqual(plain.priority, "2")

    def test_03_lists_most_urgent_first_with_customer(self):
        """The complaint list sorts by priority first and shows the customer;
        a search in that order puts the serious complaint before the others."""
        arch = self.env["helpdesk.ticket"].get_views([(False, "list")])["views"][
            "list"
        ]["arch"]
        self.assertIn('default_order="priority desc', arch)
        self.assertIn('name="partner_id"', arch)
        occasional = self._complaint(defect_type_id=self.defect_label.id)
        serious = self._complaint(defect_type_id=self.defect_function.id)
        general = self._complaint(defect_type_id=self.defect_scratch.id)
        ordered = self.env["helpdesk.ticket"].search(
            [("id", "in", (occasional | serious | general).ids)],
            order="priority desc, sla_next_deadline asc, complaint_date asc, id desc",
        )
        self.assertEqual(ordered, serious | general | occasional)
