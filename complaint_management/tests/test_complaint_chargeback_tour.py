from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestComplaintChargebackTour(HttpCase):
    """The browser flow of issue 11, on the demo data."""

    def test_01_from_supplier_complaint_to_settled_chargeback(self):
        """From the leaking-calipers complaint caused by the casting supplier, the
        quality engineer proposes and submits a chargeback, the QA manager
        approves it, the engineer sends it and records the supplier's acceptance,
        and finance settles it by a vendor credit note."""
        self.start_tour(
            "/odoo/complaints",
            "complaint_chargeback_request_tour",
            login="quality_engineer",
        )
        self.start_tour(
            "/odoo/complaint-chargebacks",
            "complaint_chargeback_approve_tour",
            login="quality_manager",
        )
        self.start_tour(
            "/odoo/complaint-chargebacks",
            "complaint_chargeback_send_tour",
            login="quality_engineer",
        )
        self.start_tour(
            "/odoo/complaint-chargebacks",
            "complaint_chargeback_settle_tour",
            login="complaint_finance",
        )
        complaint = self.env.ref("complaint_management.ticket_caliper_line_stop_demo")
        chargeback = complaint.chargeback_ids.filtered(lambda c: c.state == "settled")
        self.assertEqual(len(chargeback), 1)
        self.assertEqual(
            chargeback.partner_id,
            self.env.ref("complaint_management.partner_supplier_castings_demo"),
        )
        self.assertEqual(
            chargeback.settled_by_id,
            self.env.ref("complaint_management.user_complaint_finance_demo"),
        )
        move = chargeback.credit_note_id
        self.assertEqual(move.move_type, "in_refund")
        self.assertEqual(move.partner_id, chargeback.partner_id)
        self.assertAlmostEqual(move.amount_total, chargeback.amount_total)
        self.assertEqual(move.invoice_origin, chargeback.name)

    def test_02_guards_over_rpc(self):
        """Over JSON-RPC, the quality engineer cannot settle, an officer cannot
        write the state or the accepted amount, and nobody calls the portal's
        answer method directly; the chargeback stays as it was."""
        chargeback = self.env.ref(
            "complaint_management.complaint_chargeback_caliper_demo"
        )
        chargeback._approval_write({"state": "accepted", "accepted_amount": 450.0})
        cases = (
            ("quality_engineer", "action_settle", [chargeback.ids]),
            ("complaint_officer", "write", [chargeback.ids, {"state": "settled"}]),
            ("complaint_officer", "write", [chargeback.ids, {"accepted_amount": 1.0}]),
            ("quality_engineer", "_portal_answer", [chargeback.ids, "accept"]),
        )
        for login, method, args in cases:
            with self.subTest(login=login, method=method):
                self.authenticate(login, login)
                with mute_logger("odoo.http"):
                    reply = self.url_open(
                        f"/web/dataset/call_kw/complaint.chargeback/{method}",
                        json={
                            "jsonrpc": "2.0",
                            "method": "call",
                            "params": {
                                "model": "complaint.chargeback",
                                "method": method,
                                "args": args,
                                "kwargs": {},
                            },
                        },
                    ).json()
                self.assertIn("error", reply)
        chargeback.invalidate_recordset()
        self.assertEqual(chargeback.state, "accepted")
        self.assertAlmostEqual(chargeback.accepted_amount, 450.0)
        self.assertFalse(chargeback.credit_note_id)
