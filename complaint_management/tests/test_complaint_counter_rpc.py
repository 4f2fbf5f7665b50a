from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .access_matrix import JsonRpcMixin
from .counter_common import SIGNATURE, CounterCommon


@tagged("post_install", "-at_install")
class TestComplaintCounterRpc(JsonRpcMixin, CounterCommon, HttpCase):
    """The counter's guards over JSON-RPC, as the team leader or the officer
    calls them (rules §19.1, §19.3, §19.6)."""

    def _error(self, reply):
        self.assertIn("error", reply, reply)
        return reply["error"]["data"]["message"]

    def _confirm_rpc(self, complaint):
        wizard_id = self._call_kw(
            "complaint.department.confirm.wizard",
            "create",
            [
                {
                    "ticket_id": complaint.id,
                    "finding": "denied",
                    "signature": SIGNATURE.decode(),
                }
            ],
        )["result"]
        return self._call_kw(
            "complaint.department.confirm.wizard", "action_confirm", [[wizard_id]]
        )

    @mute_logger("odoo.http")
    def test_01_late_department_refused_over_rpc(self):
        """In time the team leader confirms over RPC; past the limit, and once
        the front desk decided, its confirmation and its writes are refused with
        a message saying why."""
        in_time = self._counter_complaint()
        late = self._counter_complaint()
        (in_time | late).action_call_department()
        self._login(self.leader)
        reply = self._confirm_rpc(in_time)
        self.assertNotIn("error", reply, reply)
        in_time.invalidate_recordset()
        self.assertEqual(in_time.department_state, "confirmed")
        self.assertEqual(in_time.department_finding, "denied")
        # the limit passes
        late._protected_context().write(
            {"department_deadline": fields.Datetime.now() - timedelta(minutes=1)}
        )
        message = self._error(self._confirm_rpc(late))
        self.assertIn("had until", message)
        message = self._error(
            self._call_kw(
                "helpdesk.ticket", "write", [late.ids, {"department_finding": "denied"}]
            )
        )
        self.assertIn("front desk decides", message)
        late.front_desk_decision = "Refund"
        late.action_front_desk_decide_late()
        message = self._error(self._confirm_rpc(late))
        self.assertIn("cannot change that outcome", message)
        for vals in (
            {"department_finding": "denied", "department_arrival": "in_time"},
            {"front_desk_decision": "No refund"},
            {"department_state": "confirmed"},
        ):
            message = self._error(
                self._call_kw("helpdesk.ticket", "write", [late.ids, vals])
            )
            self.assertIn("cannot change that outcome", message)
        late.invalidate_recordset()
        self.assertEqual(late.department_state, "front_desk")
        self.assertEqual(late.department_arrival, "late")
        self.assertEqual(late.front_desk_decision, "Refund")

    @mute_logger("odoo.http")
    def test_02_signed_register_refused_over_rpc(self):
        """The officer's write of a signed register entry is refused over
        RPC."""
        complaint = self._complaint(partner_id=self.customer.id)
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.officer)
            .create(
                {
                    "ticket_id": complaint.id,
                    "remedy_type": "replacement",
                    "reception_name": "Mei Zhang",
                    "reception_signature": SIGNATURE,
                }
            )
        )
        self._login(self.officer)
        message = self._error(
            self._call_kw(
                "complaint.remedy", "write", [remedy.ids, {"reception_name": "X"}]
            )
        )
        self.assertIn("stays as signed", message)
        remedy.invalidate_recordset()
        self.assertEqual(remedy.reception_name, "Mei Zhang")

    @mute_logger("odoo.http")
    def test_03_service_charge_four_eyes_over_rpc(self):
        """The officer who requested a service charge cannot approve it over
        RPC, nor write its state."""
        complaint = self._complaint(
            partner_id=self.customer.id, responsibility="service"
        )
        charge = (
            self.env["complaint.service.charge"]
            .with_user(self.officer)
            .create(
                {"ticket_id": complaint.id, "responsible_name": "Promoter", "amount": 5}
            )
        )
        charge.with_user(self.officer).action_request_approval()
        self._login(self.officer)
        for method, args in (
            ("validate_tier", [charge.ids]),
            ("write", [charge.ids, {"state": "approved"}]),
        ):
            with self.subTest(method=method):
                self._error(self._call_kw("complaint.service.charge", method, args))
        charge.invalidate_recordset()
        self.assertEqual(charge.state, "to_approve")
