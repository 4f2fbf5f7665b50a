from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .chargeback_common import ChargebackCommon
from .portal_common import CSRF

ANSWER = {
    "containment": "Sorted 2,000 castings at our plant",
    "root_cause": "Worn mould cavity 3",
    "escape_point": "Porosity is not checked at final inspection",
    "corrective_action": "New mould; X-ray sampling at final inspection",
}


@tagged("post_install", "-at_install")
class TestComplaintSupplierPortal(HttpCase, ChargebackCommon):
    """The supplier's chargebacks and corrective-action requests in the portal
    (issue 11): each supplier sees and answers only what was sent to it, a
    customer sees none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_user = new_test_user(
            cls.env,
            login="t_sp_castings",
            groups="base.group_portal",
            partner_id=cls.supplier.child_ids[:1].id,
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Forgings QA", "parent_id": cls.other_supplier.id}
        )
        cls.other_user = new_test_user(
            cls.env,
            login="t_sp_forgings",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )
        cls.customer_user = new_test_user(
            cls.env,
            login="t_sp_customer",
            groups="base.group_portal",
            name="Carl Customer",
        )
        cls.customer_user.partner_id.parent_id = cls.customer

    def setUp(self):
        super().setUp()
        self.chargeback = self._sent()
        self.capa = self.chargeback.capa_ids
        self.assertTrue(self.capa)
        other_complaint = self._supplier_complaint(supplier=self.other_supplier)
        self.other_chargeback = self._sent(self._chargeback(other_complaint))
        self.other_capa = self.other_chargeback.capa_ids

    def _csrf(self, page):
        found = CSRF.search(self.url_open(page).text)
        self.assertTrue(found, page)
        return found.group(0)

    def _post(self, url, data, page, files=None):
        return self.url_open(
            url, data=dict(data, csrf_token=self._csrf(page)), files=files
        )

    def _answer(self, **data):
        url = f"/my/chargeback/{self.chargeback.id}"
        return self._post(f"{url}/answer", data, url)

    # Seeing only one's own
    def test_01_supplier_sees_only_own(self):
        """The supplier's lists hold its own chargeback and request only; the
        other supplier's cannot be opened by id, nor found by search, nor their
        PDFs downloaded."""
        self.authenticate("t_sp_castings", "t_sp_castings")
        listing = self.url_open("/my/chargebacks").text
        self.assertIn(self.chargeback.name, listing)
        self.assertNotIn(self.other_chargeback.name, listing)
        found = self.url_open(f"/my/chargebacks?search={self.other_chargeback.name}")
        self.assertNotIn(f"/my/chargeback/{self.other_chargeback.id}", found.text)
        capas = self.url_open("/my/capas").text
        self.assertIn(self.capa.name, capas)
        self.assertNotIn(self.other_capa.name, capas)
        own = self.url_open(f"/my/chargeback/{self.chargeback.id}")
        self.assertIn(self.chargeback.name, own.text)
        self.assertIn("o_supplier_portal_answer_form", own.text)
        pdf = self.url_open(f"/my/chargeback/{self.chargeback.id}/debit-note")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("attachment", pdf.headers.get("Content-Disposition", ""))
        for url in (
            f"/my/chargeback/{self.other_chargeback.id}",
            f"/my/chargeback/{self.other_chargeback.id}/debit-note",
            f"/my/capa/{self.other_capa.id}",
            f"/my/capa/{self.other_capa.id}/pdf",
        ):
            response = self.url_open(url)
            self.assertTrue(response.url.endswith("/my"), url)
            self.assertNotIn(self.other_chargeback.name, response.text, url)

    def test_02_no_orm_access(self):
        """Over RPC the supplier reads no chargeback, request or answer at all: it
        has no access of its own to these models."""
        self.authenticate("t_sp_castings", "t_sp_castings")
        for model in (
            "complaint.chargeback",
            "complaint.capa",
            "complaint.capa.answer",
        ):
            with (
                self.assertRaises(JsonRpcException, msg=model),
                mute_logger("odoo.http"),
            ):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/search_read",
                    {
                        "model": model,
                        "method": "search_read",
                        "args": [[], ["name"]],
                        "kwargs": {},
                    },
                )

    def test_03_attachments(self):
        """The other supplier's debit note attachment cannot be downloaded by id;
        a supplier's answer attachment is shown to it and to nobody else."""
        debit_note = self.other_chargeback.debit_note_attachment_id
        self.authenticate("t_sp_castings", "t_sp_castings")
        if debit_note:
            with mute_logger("odoo.http"):
                response = self.url_open(f"/web/content/{debit_note.id}?download=true")
            self.assertNotEqual(response.status_code, 200)
        page = f"/my/capa/{self.capa.id}"
        self._post(
            f"{page}/answer",
            ANSWER,
            page,
            files=[("attachment", ("xray.txt", b"x-ray evidence", "text/plain"))],
        )
        answer = self.capa.answer_ids
        attachment = answer.attachment_ids
        self.assertEqual(attachment.name, "xray.txt")
        shown = self.url_open(page).text
        self.assertIn("xray.txt", shown)
        self.authenticate("t_sp_forgings", "t_sp_forgings")
        for url in (
            f"/web/content/{attachment.id}?download=true",
            f"/web/content/{attachment.id}?download=true&access_token=guess",
        ):
            with mute_logger("odoo.http"):
                response = self.url_open(url)
            self.assertNotEqual(response.content, b"x-ray evidence", url)

    def test_04_customer_sees_none(self):
        """A customer's portal user sees no chargeback and no request."""
        self.authenticate("t_sp_customer", "t_sp_customer")
        self.assertIn("There is no chargeback", self.url_open("/my/chargebacks").text)
        self.assertIn(
            "There is no corrective-action request", self.url_open("/my/capas").text
        )
        for url in (
            f"/my/chargeback/{self.chargeback.id}",
            f"/my/chargeback/{self.chargeback.id}/debit-note",
            f"/my/capa/{self.capa.id}",
        ):
            response = self.url_open(url)
            self.assertTrue(response.url.endswith("/my"), url)

    def test_05_draft_not_shown(self):
        """A chargeback not yet sent is not shown to its supplier."""
        draft = self._chargeback(self._supplier_complaint())
        self.authenticate("t_sp_castings", "t_sp_castings")
        self.assertNotIn(draft.name, self.url_open("/my/chargebacks").text)
        response = self.url_open(f"/my/chargeback/{draft.id}")
        self.assertTrue(response.url.endswith("/my"))

    # Answering
    def test_10_accept(self):
        """The supplier accepts the whole amount."""
        self.authenticate("t_sp_castings", "t_sp_castings")
        response = self._answer(decision="accept", comment="Agreed")
        self.assertIn("your answer is recorded", response.text)
        self.chargeback.invalidate_recordset()
        self.assertEqual(self.chargeback.state, "accepted")
        self.assertAlmostEqual(
            self.chargeback.accepted_amount, self.chargeback.amount_total
        )
        self.assertEqual(self.chargeback.offer_ids[:1].decision, "accept")

    def test_11_partial(self):
        """The supplier accepts part of the amount; more than claimed is refused
        with a message and nothing changes."""
        self.authenticate("t_sp_castings", "t_sp_castings")
        too_much = self.chargeback.amount_total + 1
        refused = self._answer(decision="partial", accepted_amount=str(too_much))
        self.assertIn("o_supplier_portal_error", refused.text)
        self.chargeback.invalidate_recordset()
        self.assertEqual(self.chargeback.state, "sent")
        self._answer(decision="partial", accepted_amount="99", comment="Refund only")
        self.chargeback.invalidate_recordset()
        self.assertEqual(self.chargeback.state, "partly_accepted")
        self.assertAlmostEqual(self.chargeback.accepted_amount, 99.0)
        self.assertEqual(self.chargeback.supplier_comment, "Refund only")

    def test_12_dispute(self):
        """A dispute needs a comment: without one it is refused and nothing
        changes; with one the chargeback is disputed and no longer answerable."""
        self.authenticate("t_sp_castings", "t_sp_castings")
        refused = self._answer(decision="dispute")
        self.assertIn("comment is required", refused.text)
        self.chargeback.invalidate_recordset()
        self.assertEqual(self.chargeback.state, "sent")
        self._answer(decision="dispute", comment="Sorting is our cost")
        self.chargeback.invalidate_recordset()
        self.assertEqual(self.chargeback.state, "disputed")
        page = self.url_open(f"/my/chargeback/{self.chargeback.id}").text
        self.assertNotIn("o_supplier_portal_answer_form", page)

    def test_13_other_supplier_cannot_answer(self):
        """Another supplier's answer to this chargeback or request is ignored."""
        self.authenticate("t_sp_forgings", "t_sp_forgings")
        page = f"/my/chargeback/{self.other_chargeback.id}"
        self._post(
            f"/my/chargeback/{self.chargeback.id}/answer", {"decision": "accept"}, page
        )
        self._post(f"/my/capa/{self.capa.id}/answer", ANSWER, page)
        self.chargeback.invalidate_recordset()
        self.capa.invalidate_recordset()
        self.assertEqual(self.chargeback.state, "sent")
        self.assertEqual(self.capa.state, "sent")
        self.assertFalse(self.capa.answer_ids)

    def test_14_capa_answer(self):
        """The supplier answers the request with containment, root cause with
        escape point, corrective actions and a file; an incomplete answer is
        refused and nothing is saved."""
        self.authenticate("t_sp_castings", "t_sp_castings")
        page = f"/my/capa/{self.capa.id}"
        refused = self._post(f"{page}/answer", dict(ANSWER, escape_point=""), page)
        self.assertIn("o_supplier_portal_error", refused.text)
        self.assertIn("Escape Point", refused.text)
        self.capa.invalidate_recordset()
        self.assertEqual(self.capa.state, "sent")
        self.assertFalse(self.capa.answer_ids)
        self._post(
            f"{page}/answer",
            ANSWER,
            page,
            files=[("attachment", ("xray.txt", b"x-ray evidence", "text/plain"))],
        )
        self.capa.invalidate_recordset()
        self.assertEqual(self.capa.state, "answered")
        answer = self.capa.answer_ids
        self.assertEqual(answer.partner_id, self.supplier_user.partner_id)
        self.assertEqual(answer.escape_point, ANSWER["escape_point"])
        self.assertEqual(answer.attachment_ids.name, "xray.txt")
