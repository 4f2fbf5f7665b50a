from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestComplaintCounterTour(HttpCase):
    """The front-desk story in the browser (rules §19.1): the officer calls
    the fresh-food department, its team leader confirms and signs."""

    def test_01_front_desk_calls_department_signs(self):
        """The demo's front desk calls Fresh Food, the department of a new
        complaint, to the counter; Leo, its team leader, confirms the problem and
        signs the register in time."""
        ref = self.env.ref
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Yoghurt sour again",
                "description": "<p>Sour yoghurt</p>",
                "team_id": ref("complaint_management.helpdesk_team_complaints_demo").id,
                "partner_id": ref("complaint_management.partner_shopper_demo").id,
                "department_team_id": ref(
                    "complaint_management.helpdesk_team_fresh_food_demo"
                ).id,
            }
        )
        url = f"/odoo/helpdesk.ticket/{complaint.id}"
        self.start_tour(url, "complaint_counter_call_tour", login="complaint_officer")
        complaint.invalidate_recordset()
        self.assertEqual(complaint.department_state, "called")
        self.assertEqual(
            complaint.department_leader_id,
            ref("complaint_management.user_complaint_fresh_leader_demo"),
        )
        self.start_tour(url, "complaint_counter_sign_tour", login="fresh_food_leader")
        complaint.invalidate_recordset()
        self.assertEqual(complaint.department_state, "confirmed")
        self.assertEqual(complaint.department_arrival, "in_time")
        self.assertEqual(complaint.department_finding, "confirmed")
        self.assertEqual(
            complaint.department_signed_by_id,
            ref("complaint_management.user_complaint_fresh_leader_demo"),
        )
        self.assertTrue(complaint.department_signature)
