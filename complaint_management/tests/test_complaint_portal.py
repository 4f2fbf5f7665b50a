from odoo import Command, fields
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .portal_common import ComplaintPortalCommon


@tagged("post_install", "-at_install")
class TestComplaintPortal(ComplaintPortalCommon):
    """The customer's complaints in the portal (issue 13): each customer sees,
    files and answers only their own, and the server checks what they send."""

    def _form(self, **values):
        form = {
            "name": "Calipers leak",
            "description": "Leak at the bleed screw",
            "product_id": str(self.product.id),
            "defect_qty": "12",
            "lot_qty": "500",
            "shipped_qty": "1000",
            "lot_number": "L-4711",
            "detection_stage": "incoming",
            "found_date": "2026-11-20",
            "requested_resolution": "replacement",
            "customer_request": "Replace the lot",
        }
        form.update(values)
        return form

    def _complaints(self):
        return self.env["helpdesk.ticket"].search_count([("is_complaint", "=", True)])

    # Seeing only one's own
    def test_01_other_customer_by_id_and_token(self):
        """Customer B cannot open A's complaint by id, with a guessed token or with
        B's own complaint's token; A opens it and sees the complaint number."""
        a = self.complaint_a
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(f"/my/ticket/{a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(a.complaint_number, page.text)
        self.assertIn("o_complaint_portal_details", page.text)
        self.authenticate("t_portal_b", "t_portal_b")
        for url in (
            f"/my/ticket/{a.id}",
            f"/my/ticket/{a.id}/guessed-token",
            f"/my/ticket/{a.id}/{self.complaint_b.access_token}",
            f"/my/ticket/{a.id}/satisfaction?access_token={self.complaint_b.access_token}",
        ):
            response = self.url_open(url)
            self.assertNotIn(a.complaint_number, response.text, url)
            self.assertNotIn("A: leak", response.text, url)

    def test_02_other_customer_by_search(self):
        """Customer B's searches, in the portal list and over RPC, never find A's
        complaint, even by its number."""
        self.authenticate("t_portal_b", "t_portal_b")
        listing = self.url_open(
            f"/my/tickets?search={self.complaint_a.complaint_number}&search_in=all"
        )
        self.assertEqual(listing.status_code, 200)
        self.assertIn("No tickets found", listing.text)
        self.assertNotIn("A: leak", listing.text)
        self.assertNotIn(f"/my/ticket/{self.complaint_a.id}", listing.text)
        own = self.url_open(
            f"/my/tickets?search={self.complaint_b.complaint_number}&search_in=number"
        )
        self.assertIn(self.complaint_b.complaint_number, own.text)
        found = self.make_jsonrpc_request(
            "/web/dataset/call_kw/helpdesk.ticket/search_read",
            {
                "model": "helpdesk.ticket",
                "method": "search_read",
                "args": [[("is_complaint", "=", True)], ["complaint_number"]],
                "kwargs": {},
            },
        )
        self.assertEqual([r["id"] for r in found], [self.complaint_b.id])

    def test_03_other_customer_attachment(self):
        """Customer B cannot download A's file by id, nor with the token of B's own
        file; A downloads it from the complaint's page."""
        self.authenticate("t_portal_b", "t_portal_b")
        att_a, att_b = self.attachment_a, self.attachment_b
        for url in (
            f"/web/content/{att_a.id}?download=true",
            f"/web/content/{att_a.id}?download=true&access_token={att_b.access_token}",
            f"/web/content/{att_a.id}?download=true&access_token=guess",
        ):
            with mute_logger("odoo.http"):
                response = self.url_open(url)
            self.assertNotEqual(response.content, b"evidence", url)
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(f"/my/ticket/{self.complaint_a.id}")
        self.assertIn("photo_a.txt", page.text)
        self.assertNotIn("photo_b.txt", page.text)
        own = self.url_open(
            f"/web/content/{att_a.id}?download=true&access_token={att_a.access_token}"
        )
        self.assertEqual(own.content, b"evidence")

    def test_04_internal_notes_and_fields_hidden(self):
        """An internal note, its file and the complaint's internal fields (supplier,
        grade reason) never reach the customer's page."""
        a = self.complaint_a
        a.write({"responsibility": "supplier", "supplier_id": self.supplier.id})
        note_file = self.env["ir.attachment"].create(
            {
                "name": "cost_breakdown.txt",
                "raw": b"internal",
                "res_model": "helpdesk.ticket",
                "res_id": a.id,
            }
        )
        a.message_post(
            body="Internal: the supplier pays 5000",
            attachment_ids=note_file.ids,
            subtype_xmlid="mail.mt_note",
        )
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(f"/my/ticket/{a.id}").text
        for secret in ("cost_breakdown.txt", "the supplier pays", "Castings Inc."):
            self.assertNotIn(secret, page)

    def test_06_internal_fields_over_rpc(self):
        """Over RPC the customer reads their complaint's number and status, but
        not its internal fields (supplier, responsibility, grade)."""
        self.complaint_a.write(
            {"responsibility": "supplier", "supplier_id": self.supplier.id}
        )
        self.authenticate("t_portal_a", "t_portal_a")

        def read(fnames):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw/helpdesk.ticket/read",
                {
                    "model": "helpdesk.ticket",
                    "method": "read",
                    "args": [[self.complaint_a.id], fnames],
                    "kwargs": {},
                },
            )

        own = read(["complaint_number", "stage_id"])
        self.assertEqual(own[0]["complaint_number"], self.complaint_a.complaint_number)
        for fname in ("supplier_id", "responsibility", "complaint_severity"):
            with (
                self.assertRaises(JsonRpcException, msg=fname),
                mute_logger("odoo.http"),
            ):
                read([fname])

    def test_05_approved_8d_pdf(self):
        """The customer downloads the approved 8D of their complaint, without the
        suppliers it names; another customer cannot, by id or with their own
        token, and an 8D not approved is not offered."""
        report = self._approved_8d(self.complaint_a, supplier=self.supplier)
        second = self._portal_complaint(
            self.portal_a.partner_id, "A: crack", self.product_sibling
        )
        draft = self.env["complaint.8d"].create(
            {"ticket_ids": [Command.link(second.id)]}
        )
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(f"/my/ticket/{self.complaint_a.id}")
        self.assertIn(f"/my/ticket/{self.complaint_a.id}/8d/{report.id}", page.text)
        url = f"/my/ticket/{self.complaint_a.id}/8d/{report.id}"
        own = self.url_open(url)
        self.assertEqual(own.status_code, 200)
        self.assertIn(report.name, own.text)
        self.assertIn(self.complaint_a.complaint_number, own.text)
        self.assertIn("New casting die", own.text)
        self.assertNotIn("Castings Inc.", own.text)
        not_approved = self.url_open(f"/my/ticket/{second.id}/8d/{draft.id}")
        self.assertEqual(not_approved.status_code, 404)
        self.assertNotIn("/8d/", self.url_open(f"/my/ticket/{second.id}").text)
        self.authenticate("t_portal_b", "t_portal_b")
        for other in (
            url,
            f"{url}?access_token={self.complaint_b.access_token}",
            f"/my/ticket/{self.complaint_b.id}/8d/{report.id}",
        ):
            response = self.url_open(other)
            self.assertNotIn(self.complaint_a.complaint_number, response.text, other)

    # Filing a complaint
    def test_10_file_complaint_sanitised(self):
        """A customer files a complaint with a file; the HTML and script they type
        are kept as harmless text, on the record and on the page."""
        self.authenticate("t_portal_a", "t_portal_a")
        before = self._complaints()
        response = self._post(
            "/my/complaint/new",
            self._form(
                name="<b>Leak</b><script>alert('x')</script>",
                description="<img src=x onerror=alert(1)><script>alert(1)</script>",
                customer_request="<script>alert(2)</script>",
            ),
            files=[("attachment", ("photo.jpg", b"jpegdata", "image/jpeg"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._complaints(), before + 1)
        complaint = self.env["helpdesk.ticket"].search([], order="id desc", limit=1)
        self.assertEqual(complaint.partner_id, self.portal_a.partner_id)
        self.assertTrue(complaint.is_complaint)
        self.assertTrue(complaint.complaint_number)
        self.assertEqual(complaint.product_id, self.product)
        self.assertEqual(complaint.defect_qty, 12)
        self.assertEqual(complaint.found_date, fields.Date.to_date("2026-11-20"))
        self.assertNotIn("<script", complaint.description)
        self.assertNotIn("<img", complaint.description)
        self.assertIn("&lt;script&gt;", complaint.description)
        self.assertIn(complaint.complaint_number, response.text)
        self.assertNotIn("<script>alert", response.text)
        self.assertNotIn("<img src=x", response.text)
        self.assertIn("photo.jpg", response.text)
        self.assertEqual(complaint._portal_attachments().mapped("name"), ["photo.jpg"])

    def test_11_missing_required_field(self):
        """A complaint without a product or defective quantity is refused with a
        message naming them, and nothing is saved."""
        self.authenticate("t_portal_a", "t_portal_a")
        before = self._complaints()
        attachments = self.env["ir.attachment"].search_count([])
        response = self._post(
            "/my/complaint/new",
            self._form(product_id="", defect_qty=""),
            files=[("attachment", ("photo.jpg", b"jpegdata", "image/jpeg"))],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please fill in", response.text)
        self.assertIn("Product", response.text)
        self.assertIn("Defective Quantity", response.text)
        self.assertEqual(self._complaints(), before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_12_oversized_attachment(self):
        """A file above the company's portal limit is refused with its size and the
        limit, and nothing is saved."""
        self.env.company.complaint_portal_attachment_mb = 0.001
        self.authenticate("t_portal_a", "t_portal_a")
        before = self._complaints()
        attachments = self.env["ir.attachment"].search_count([])
        response = self._post(
            "/my/complaint/new",
            self._form(),
            files=[
                ("attachment", ("big.bin", b"x" * 5000, "application/octet-stream"))
            ],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("big.bin", response.text)
        self.assertIn("send a smaller file", response.text)
        self.assertEqual(self._complaints(), before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_13_product_never_bought(self):
        """When the customer has posted invoices, a complaint about a product on
        none of them is refused and nothing is saved; a product they bought is
        accepted."""
        receivable = self.env["account.account"].create(
            {
                "name": "Customers (portal)",
                "code": "CMP001",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        income = self.env["account.account"].create(
            {"name": "Sales (portal)", "code": "CMP002", "account_type": "income"}
        )
        journal = self.env["account.journal"].create(
            {
                "name": "Portal sales",
                "code": "CMPS",
                "type": "sale",
                "default_account_id": income.id,
            }
        )
        self.customer.property_account_receivable_id = receivable
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "journal_id": journal.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 10,
                            "price_unit": 30.0,
                            "account_id": income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.authenticate("t_portal_a", "t_portal_a")
        before = self._complaints()
        form = self._form(product_id=str(self.product_other.id))
        refused = self._post("/my/complaint/new", form)
        self.assertEqual(refused.status_code, 400)
        self.assertIn("We find no invoice of ours to you for", refused.text)
        self.assertEqual(self._complaints(), before)
        accepted = self._post("/my/complaint/new", self._form())
        self.assertEqual(accepted.status_code, 200)
        self.assertEqual(self._complaints(), before + 1)

    # Remedies
    def test_20_accept_and_decline_remedy(self):
        """The customer accepts one remedy and declines another, each recorded once
        in the chatter; a second answer is refused and changes nothing."""
        accepted = self._approved_remedy(self.complaint_a)
        declined = self._approved_remedy(self.complaint_a, 50.0)
        self.authenticate("t_portal_a", "t_portal_a")
        page = f"/my/ticket/{self.complaint_a.id}"
        response = self._post(
            f"{page}/remedy/{accepted.id}",
            {"decision": "accepted", "comment": "Fine <b>thanks</b>"},
            page=page,
        )
        self.assertIn("you accepted the remedy", response.text)
        self._post(
            f"{page}/remedy/{declined.id}",
            {"decision": "declined", "comment": "Too little"},
            page=page,
        )
        (accepted | declined).invalidate_recordset()
        self.assertEqual(accepted.customer_decision, "accepted")
        self.assertEqual(declined.customer_decision, "declined")
        self.assertTrue(accepted.customer_decision_date)
        bodies = " ".join(self.complaint_a.message_ids.mapped("body"))
        self.assertIn("The customer accepted remedy", bodies)
        self.assertIn("The customer declined remedy", bodies)
        again = self._post(
            f"{page}/remedy/{accepted.id}", {"decision": "declined"}, page=page
        )
        self.assertIn("was already answered", again.text)
        accepted.invalidate_recordset()
        self.assertEqual(accepted.customer_decision, "accepted")

    def test_21_other_customer_remedy(self):
        """Customer B cannot answer A's remedy, by id or with B's own token; a
        remedy not yet approved is not offered."""
        remedy = self._approved_remedy(self.complaint_a)
        draft = self.env["complaint.remedy"].create(
            {
                "ticket_id": self.complaint_a.id,
                "remedy_type": "compensation",
                "amount": 10.0,
            }
        )
        self.authenticate("t_portal_b", "t_portal_b")
        page = f"/my/ticket/{self.complaint_b.id}"
        for url, token in (
            (f"/my/ticket/{self.complaint_a.id}/remedy/{remedy.id}", ""),
            (
                f"/my/ticket/{self.complaint_a.id}/remedy/{remedy.id}",
                self.complaint_b.access_token,
            ),
            (f"/my/ticket/{self.complaint_b.id}/remedy/{remedy.id}", ""),
        ):
            self._post(url, {"decision": "accepted", "access_token": token}, page=page)
        remedy.invalidate_recordset()
        self.assertFalse(remedy.customer_decision)
        self.authenticate("t_portal_a", "t_portal_a")
        page = f"/my/ticket/{self.complaint_a.id}"
        response = self._post(
            f"{page}/remedy/{draft.id}", {"decision": "accepted"}, page=page
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(draft.customer_decision)

    def test_22_remedy_answer_rules(self):
        """The server method refuses a remedy not approved, an unknown answer and
        a second answer, and writing the answer directly is refused."""
        remedy = self._approved_remedy(self.complaint_a)
        with self.assertRaisesText(Exception, "accept or decline"):
            remedy._portal_customer_answer("maybe")
        with self.assertRaisesText(Exception, "cannot be written directly"):
            remedy.with_user(self.officer).write({"customer_decision": "accepted"})
        remedy._portal_customer_answer("accepted")
        with self.assertRaisesText(Exception, "already answered"):
            remedy._portal_customer_answer("declined")
        self._engine(remedy).write({"state": "done"})
        other = self._approved_remedy(self.complaint_a)
        self._engine(other).write({"state": "cancel"})
        with self.assertRaisesText(Exception, "not waiting for your answer"):
            other._portal_customer_answer("accepted")

    # Satisfaction
    def test_30_satisfaction_from_link(self):
        """The link of the call-back e-mail answers the satisfaction question
        without logging in, feeding the same follow-up as the call-back wizard:
        an unhappy answer reopens the complaint for a revised solution."""
        complaint = self._close(self.complaint_a)
        complaint.action_send_satisfaction_request()
        mail = self.env["mail.mail"].search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", complaint.id)],
            order="id desc",
            limit=1,
        )
        link = f"/my/ticket/{complaint.id}/satisfaction?access_token="
        self.assertIn(link + complaint.access_token, mail.body_html)
        url = f"/my/ticket/{complaint.id}/satisfaction"
        page = self.url_open(f"{url}?access_token={complaint.access_token}")
        self.assertIn("o_complaint_portal_satisfaction_form", page.text)
        # a wrong token changes nothing
        self._post(
            url,
            {"satisfaction": "5", "access_token": self.complaint_b.access_token},
            page=f"{url}?access_token={complaint.access_token}",
        )
        complaint.invalidate_recordset()
        self.assertFalse(complaint.satisfaction)
        self._post(
            url,
            {
                "satisfaction": "1",
                "comment": "Still leaking",
                "access_token": complaint.access_token,
            },
            page=f"{url}?access_token={complaint.access_token}",
        )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.satisfaction, "1")
        self.assertEqual(complaint.satisfaction_comment, "Still leaking")
        self.assertTrue(complaint.callback_date)
        self.assertEqual(complaint.revision_count, 1)
        self.assertFalse(complaint.closed)

    def test_31_satisfaction_same_as_wizard(self):
        """Answering in the portal and the call-back wizard leave the complaint in
        the same state."""
        portal = self._close(self.complaint_a)
        wizard_side = self._close(self.complaint_b)
        self.authenticate("t_portal_a", "t_portal_a")
        page = f"/my/ticket/{portal.id}"
        self._post(
            f"{page}/satisfaction", {"satisfaction": "4", "comment": "ok"}, page=page
        )
        self.env["complaint.callback.wizard"].create(
            {"ticket_id": wizard_side.id, "satisfaction": "4", "comment": "ok"}
        ).action_confirm()
        (portal | wizard_side).invalidate_recordset()
        for fname in (
            "satisfaction",
            "satisfaction_comment",
            "revision_count",
            "closed",
        ):
            self.assertEqual(portal[fname], wizard_side[fname], fname)
        self.assertTrue(portal.callback_date)
        self.assertFalse(portal._portal_satisfaction_open())

    def test_32_satisfaction_only_when_handled(self):
        """An open complaint does not ask for satisfaction: the answer is refused
        with a message and nothing is recorded."""
        self.authenticate("t_portal_a", "t_portal_a")
        page = f"/my/ticket/{self.complaint_a.id}"
        response = self._post(f"{page}/satisfaction", {"satisfaction": "5"}, page=page)
        self.assertIn("is not waiting for your opinion", response.text)
        self.complaint_a.invalidate_recordset()
        self.assertFalse(self.complaint_a.satisfaction)

    def test_40_close_other_customer_ticket(self):
        """helpdesk_mgmt's close route no longer closes another customer's
        complaint."""
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        stage.close_from_portal = True
        self.authenticate("t_portal_b", "t_portal_b")
        self.url_open(
            f"/ticket/close?ticket_id={self.complaint_a.id}&stage_id={stage.id}"
        )
        self.complaint_a.invalidate_recordset()
        self.assertNotEqual(self.complaint_a.stage_id, stage)


@tagged("post_install", "-at_install")
class TestComplaintPortalTour(ComplaintPortalCommon):
    """The customer's portal in a browser (issue 13)."""

    def test_01_file_follow_and_answer(self):
        """A customer files a complaint, follows it, and once it is handled
        answers the satisfaction question."""
        self.start_tour(
            "/my/complaint/new", "complaint_portal_file_tour", login="t_portal_a"
        )
        complaint = self.env["helpdesk.ticket"].search(
            [("name", "=", "Cracked calipers in lot L-88")]
        )
        self.assertEqual(complaint.partner_id, self.portal_a.partner_id)
        self.assertEqual(complaint.defect_qty, 7)
        self.assertEqual(complaint.requested_resolution, "replacement")
        self._close(complaint)
        self.start_tour(
            f"/my/ticket/{complaint.id}",
            "complaint_portal_satisfaction_tour",
            login="t_portal_a",
        )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.satisfaction, "4")
        self.assertEqual(
            complaint.satisfaction_comment, "Quick replacement, thank you."
        )
        self.assertTrue(complaint.callback_date)
