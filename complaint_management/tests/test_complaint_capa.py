from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .chargeback_common import ChargebackCommon

ANSWER = {
    "containment": "Sorted 2,000 castings at our plant",
    "root_cause": "Worn mould cavity 3",
    "escape_point": "Porosity is not checked at final inspection",
    "corrective_action": "New mould; X-ray sampling at final inspection",
}


@tagged("post_install", "-at_install")
class TestComplaintCapa(ChargebackCommon):
    """Supplier corrective-action requests (issue 11): sent with the debit note,
    answered by the supplier, accepted or returned by the quality engineer."""

    def setUp(self):
        super().setUp()
        self.chargeback = self._sent()
        self.capa = self.chargeback.capa_ids
        self.contact = self.supplier.child_ids[:1]
        self.portal_user = new_test_user(
            self.env,
            login="t_supplier_portal",
            groups="base.group_portal",
            partner_id=self.contact.id,
        )

    def test_01_answer_returned_then_accepted(self):
        """The supplier's answer (with an attachment) makes the request answered;
        the engineer returns it, the supplier answers again, the engineer accepts
        and closes it; both answers stay."""
        self.assertEqual(self.capa.state, "sent")
        answer = (
            self.capa.with_user(self.portal_user)
            .sudo()
            ._portal_submit_answer(
                ANSWER, [{"name": "xray.pdf", "raw": b"%PDF-1.4 evidence"}]
            )
        )
        self.assertEqual(self.capa.state, "answered")
        self.assertEqual(answer.partner_id, self.contact)
        self.assertEqual(answer.attachment_ids.name, "xray.pdf")
        self.assertEqual(answer.attachment_ids.res_model, "complaint.capa.answer")
        self.assertEqual(answer.escape_point, ANSWER["escape_point"])
        self.assertTrue(self.capa.with_user(self.engineer).can_review)
        self.capa.with_user(self.engineer).action_return_answer()
        self.assertEqual(self.capa.state, "returned")
        self.assertEqual(answer.state, "returned")
        second = self.capa.sudo()._portal_submit_answer(
            dict(ANSWER, corrective_action="New mould and 100% X-ray"), []
        )
        self.assertEqual(self.capa.state, "answered")
        self.capa.with_user(self.engineer).action_accept_answer()
        self.assertEqual(self.capa.state, "accepted")
        self.assertEqual(second.state, "accepted")
        self.assertEqual(second.reviewed_by_id, self.engineer)
        self.capa.with_user(self.engineer).action_close()
        self.assertEqual(self.capa.state, "closed")
        self.assertEqual(len(self.capa.answer_ids), 2)

    def test_02_bad_answers_refused(self):
        """An incomplete answer, an unknown field, an empty attachment, or an
        answer to a request not waiting for one is refused; nothing is written."""
        Capa = self.capa.sudo()
        with self.assertRaisesText(UserError, "Escape Point"):
            Capa._portal_submit_answer(dict(ANSWER, escape_point="  "), [])
        with self.assertRaisesText(UserError, "state"):
            Capa._portal_submit_answer(dict(ANSWER, state="accepted"), [])
        with self.assertRaisesText(UserError, "empty"):
            Capa._portal_submit_answer(ANSWER, [{"name": "x.pdf", "raw": b""}])
        with self.assertRaisesText(UserError, "Root Cause"):
            Capa._portal_submit_answer(dict(ANSWER, root_cause=42), [])
        with self.assertRaisesText(UserError, "empty"):
            Capa._portal_submit_answer(ANSWER, ["not a file"])
        with self.assertRaisesText(UserError, "with its form"):
            Capa._portal_submit_answer(["containment"], [])
        self.assertFalse(self.capa.answer_ids)
        self.assertEqual(self.capa.state, "sent")
        Capa._portal_submit_answer(ANSWER, [])
        with self.assertRaisesText(UserError, "cannot be"):
            Capa._portal_submit_answer(ANSWER, [])
        self.assertEqual(len(self.capa.answer_ids), 1)

    def test_03_only_engineers_review(self):
        """An officer cannot accept or return an answer; answers cannot be
        written by anyone directly."""
        answer = self.capa.sudo()._portal_submit_answer(ANSWER, [])
        self.assertFalse(self.capa.with_user(self.officer).can_review)
        with self.assertRaises(UserError):
            self.capa.with_user(self.officer).action_accept_answer()
        with self.assertRaises(AccessError):
            answer.with_user(self.engineer).write({"root_cause": "Changed"})
        self.assertEqual(self.capa.state, "answered")
