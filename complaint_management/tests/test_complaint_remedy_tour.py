from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestComplaintRemedyTour(HttpCase):
    def test_01_officer_proposes_deputy_approves(self):
        """An officer proposes a 150 refund on a demo complaint, the deputy store
        manager approves it, and the customer's credit note is drafted."""
        self.start_tour(
            "/odoo/complaints",
            "complaint_remedy_propose_tour",
            login="complaint_officer",
        )
        self.start_tour(
            "/odoo/complaint-remedies-to-approve",
            "complaint_remedy_approve_tour",
            login="deputy_store_manager",
        )
        complaint = self.env.ref("complaint_management.ticket_kettle_label_demo")
        remedy = complaint.remedy_ids.filtered(lambda r: r.amount == 150)
        self.assertEqual(remedy.state, "approved")
        self.assertEqual(
            remedy.requested_by_id,
            self.env.ref("complaint_management.user_complaint_officer_demo"),
        )
        self.assertEqual(
            remedy.approved_by_id,
            self.env.ref(
                "complaint_management.user_complaint_deputy_store_manager_demo"
            ),
        )
        move = remedy.credit_note_id
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.partner_id, complaint.commercial_partner_id)
        self.assertAlmostEqual(move.amount_total, 150.0)

    def test_02_lower_level_cannot_approve_over_rpc(self):
        """Over XML-RPC, a front-desk manager calling the validation method on a 150
        remedy is refused, and the remedy keeps waiting for a deputy."""
        officer = new_test_user(
            self.env,
            login="t_rpc_officer",
            groups="base.group_user,complaint_management.group_complaint_officer",
        )
        front_desk = new_test_user(
            self.env,
            login="t_rpc_front_desk",
            groups="base.group_user,"
            "complaint_management.group_complaint_approver_front_desk",
        )
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "RPC Desk",
                "complaint_team": True,
                "user_ids": [(6, 0, officer.ids)],
            }
        )
        customer = self.env["res.partner"].create({"name": "RPC Customer"})
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Broken hinge",
                "description": "<p>Broken hinge</p>",
                "team_id": team.id,
                "partner_id": customer.id,
            }
        )
        remedy = (
            self.env["complaint.remedy"]
            .with_user(officer)
            .create({"ticket_id": complaint.id, "amount": 150.0})
        )
        remedy.with_user(officer).action_request_approval()
        key = (
            self.env["res.users.apikeys"]
            .with_user(front_desk)
            ._generate(None, "test", fields.Datetime.now() + timedelta(days=1))
        )
        for method in ("validate_tier", "reject_tier"):
            with self.subTest(method=method):
                response = self._json2(key, method, ids=[remedy.id])
                self.assertEqual(response.status_code, 422)
                self.assertIn("You cannot decide on", response.json()["message"])
        response = self._json2(
            key, "write", ids=[remedy.id], vals={"state": "approved"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("cannot be written directly", response.json()["message"])
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "to_approve")
        self.assertEqual(remedy.review_ids.status, "pending")

    def _json2(self, key, method, **params):
        """Call a method of complaint.remedy over Odoo's JSON-2 external API (the
        server logs each refusal as a warning: expected here)."""
        with mute_logger("odoo.http"):
            return self.url_open(
                f"/json/2/complaint.remedy/{method}",
                json=params,
                headers={"Authorization": f"bearer {key}"},
            )
