from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import test_complaint_8d
from .access_matrix import JsonRpcMixin
from .test_complaint_remedy import ComplaintRemedyCommon


class ComplaintFourEyesCommon(ComplaintRemedyCommon):
    """Two front-desk managers and a second QA manager, on the complaint team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk_2 = cls._new_user(
            "t_front_desk_2", "group_complaint_approver_front_desk"
        )
        cls.qa_manager_2 = cls._new_user("t_qa_manager_2", "group_complaint_manager")
        cls.team.user_ids |= cls.front_desk | cls.front_desk_2


@tagged("post_install", "-at_install")
class TestComplaintFourEyes(ComplaintFourEyesCommon):
    """Whoever requested, created or wrote a document never decides on it (rules
    §12.3), one definition for remedies, 8D reports and chargebacks."""

    # How a quality engineer completes an 8D, as in the 8D tests.
    _our_complaint = test_complaint_8d.TestComplaint8D._our_complaint
    _fill = test_complaint_8d.TestComplaint8D._fill
    _corrective = test_complaint_8d.TestComplaint8D._corrective

    def test_01_creator_refused(self):
        """The front-desk manager creates a refund, an officer requests it: the
        front-desk manager may not approve it; another one may."""
        remedy = self._submit(self._remedy(45.0, user=self.front_desk))
        self.assertEqual(remedy.requested_by_id, self.officer)
        self.assertFalse(remedy.with_user(self.front_desk).can_approve)
        with self.assertRaisesText(UserError, "You requested or wrote"):
            self._decide(remedy, self.front_desk)
        self.assertEqual(remedy.state, "to_approve")
        self._decide(remedy, self.front_desk_2)
        self.assertEqual(remedy.state, "approved")

    def test_02_author_of_the_amount_refused(self):
        """A front-desk manager who changed the amount of an officer's refund is
        one of its authors, whether the chatter tracks the change or not (the
        test environment turns tracking off)."""
        remedy = self._remedy(60.0)
        remedy.with_user(self.front_desk).write({"amount": 45.0})
        self._submit(remedy)
        self.assertIn(self.front_desk, remedy._approval_authors())
        with self.assertRaisesText(UserError, "You requested or wrote"):
            self._decide(remedy, self.front_desk)
        self._decide(remedy, self.front_desk_2)
        self.assertEqual(remedy.state, "approved")

    def test_03_author_of_a_line_refused(self):
        """A front-desk manager who added a product to an officer's refund is one
        of its authors."""
        remedy = self._remedy(45.0)
        self.env["complaint.remedy.line"].with_user(self.front_desk).create(
            {"remedy_id": remedy.id, "product_id": self.product.id, "quantity": 1}
        )
        self._submit(remedy)
        with self.assertRaisesText(UserError, "You requested or wrote"):
            self._decide(remedy, self.front_desk)
        self._decide(remedy, self.front_desk_2)
        self.assertEqual(remedy.state, "approved")

    def test_04_who_carries_out_is_no_author(self):
        """Choosing who carries the remedy out, or filling the reception register,
        changes nothing the approver decides on: that user still approves."""
        remedy = self._remedy(45.0)
        remedy.with_user(self.front_desk).write(
            {"responsible_id": self.front_desk.id, "reception_name": "Mr Customer"}
        )
        self._submit(remedy)
        self.assertNotIn(self.front_desk, remedy._approval_authors())
        self._decide(remedy, self.front_desk)
        self.assertEqual(remedy.state, "approved")

    def test_05_8d_line_author_refused(self):
        """A QA manager who added a candidate root cause to an engineer's 8D cannot
        approve it; another QA manager can."""
        complaint = self._our_complaint(lot_number="L-1")
        report = (
            self.env["complaint.8d"]
            .with_user(self.engineer)
            .create({"ticket_ids": [Command.link(complaint.id)]})
        )
        self._fill(report)
        report.with_user(self.qa_manager).write(
            {
                "cause_ids": [
                    Command.create(
                        {
                            "cause_kind": "occurrence",
                            "category": "machine",
                            "name": "Clamp worn (ruled out)",
                            "method": "fishbone",
                        }
                    )
                ]
            }
        )
        report.with_user(self.qa_manager).action_start()  # rules §17.5
        report.with_user(self.engineer).action_request_approval()
        report.invalidate_recordset()
        with self.assertRaisesText(UserError, "You requested or wrote"):
            report.with_user(self.qa_manager).validate_tier()
        report.with_user(self.qa_manager_2).validate_tier()
        report.invalidate_recordset()
        self.assertEqual(report.state, "approved")

    def test_06_one_definition(self):
        """Every approval document names its content the same way: what may not
        change while it waits for approval, not what the application or the
        process still writes; a client cannot write its authors."""
        content = self.env["complaint.remedy"]._approval_content_fields()
        for name in ("amount", "receipt_reference", "origin_invoice_id", "line_ids"):
            self.assertIn(name, content)
        for name in ("responsible_id", "reception_name", "state", "requested_by_id"):
            self.assertNotIn(name, content)
        for model in ("complaint.8d", "complaint.chargeback"):
            content = self.env[model]._approval_content_fields()
            self.assertIn("ticket_ids", content)
            self.assertNotIn("approval_author_ids", content)
        remedy = self._remedy(45.0)
        with self.assertRaisesText(ValidationError, "cannot be written directly"):
            remedy.with_user(self.officer).write(
                {"approval_author_ids": [Command.clear()]}
            )


@tagged("post_install", "-at_install")
class TestComplaintFourEyesRpc(JsonRpcMixin, HttpCase, ComplaintFourEyesCommon):
    """Over JSON-RPC, the front-desk manager who created a remedy cannot approve it
    after an officer requested it (rules §12.3)."""

    def test_01_creator_approves_over_rpc(self):
        """The front-desk manager creates a refund of 45 over RPC, an officer
        presses Request, and the front-desk manager's approval is refused and
        writes nothing."""
        self._login(self.front_desk)
        reply = self._call_kw(
            "complaint.remedy",
            "create",
            [
                {
                    "ticket_id": self.complaint.id,
                    "remedy_type": "refund",
                    "amount": 45.0,
                    "description": "<p>We are sorry.</p>",
                }
            ],
        )
        self.assertNotIn("error", reply, reply.get("error"))
        remedy = self.env["complaint.remedy"].browse(reply["result"])
        self._login(self.officer)
        reply = self._call_kw(
            "complaint.remedy", "action_request_approval", [remedy.ids]
        )
        self.assertNotIn("error", reply, reply.get("error"))
        self._login(self.front_desk)
        with mute_logger("odoo.http"):
            for method in ("validate_tier", "reject_tier", "action_approve"):
                reply = self._call_kw("complaint.remedy", method, [remedy.ids])
                with self.subTest(method=method):
                    self.assertIn("error", reply)
                    self.assertIn(
                        "You requested or wrote", reply["error"]["data"]["message"]
                    )
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "to_approve")
        self.assertEqual(remedy.review_ids.status, "pending")
        self.assertFalse(remedy.review_ids.comment)
