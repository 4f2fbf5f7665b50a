import re

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.complaint_management.models.complaint_approval_mixin import (
    EDIT_SENTINEL,
    EDIT_SENTINEL_KEY,
)

from .common import ComplaintCommon

CSRF = re.compile(r"\b[0-9a-f]{40}o[0-9]+\b")


class ComplaintPortalCommon(HttpCase, ComplaintCommon):
    """Two customers, each with a portal user and a complaint of their own, the
    complaint team shown in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (``_close``; rules §17.1).
        cls._close_without_8d()
        cls.team.write({"show_in_portal": True, "complaint_acknowledge": False})
        cls.product.sale_ok = True
        cls.product_other.sale_ok = True
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Beta Foods", "email": "qa@beta.example.com", "is_company": True}
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="t_portal_a",
            groups="base.group_portal",
            email="anna@acme.example.com",
            name="Anna Acme",
        )
        cls.portal_a.partner_id.parent_id = cls.customer
        cls.portal_b = new_test_user(
            cls.env,
            login="t_portal_b",
            groups="base.group_portal",
            email="bob@beta.example.com",
            name="Bob Beta",
        )
        cls.portal_b.partner_id.parent_id = cls.customer_b
        cls.complaint_a = cls._portal_complaint(cls.portal_a.partner_id, "A: leak")
        cls.complaint_b = cls._portal_complaint(
            cls.portal_b.partner_id, "B: rust", cls.product_other
        )
        cls.attachment_a = cls._customer_file(cls.complaint_a, "photo_a.txt")
        cls.attachment_b = cls._customer_file(cls.complaint_b, "photo_b.txt")

    @classmethod
    def _portal_complaint(cls, partner, name, product=None):
        complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": "<p>Seen at incoming inspection</p>",
                "team_id": cls.team.id,
                **cls._complete_intake(),
                "partner_id": partner.id,
                "product_id": (product or cls.product).id,
            }
        )
        complaint.message_subscribe(partner_ids=partner.ids)
        complaint._portal_ensure_token()
        return complaint

    @classmethod
    def _customer_file(cls, complaint, name):
        message = complaint.message_post(
            body="Photo",
            attachments=[(name, b"evidence")],
            author_id=complaint.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        attachment = message.attachment_ids
        attachment.generate_access_token()
        return attachment

    @staticmethod
    def _engine(record):
        return record.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})

    def _approved_remedy(self, complaint, amount=80.0):
        remedy = self.env["complaint.remedy"].create(
            {
                "ticket_id": complaint.id,
                "remedy_type": "compensation",
                "amount": amount,
                "description": "<p>We pay for the sorting.</p>",
            }
        )
        self._engine(remedy).write({"state": "approved"})
        return remedy

    def _approved_8d(self, complaint, supplier=None):
        report = self.env["complaint.8d"].create(
            {"ticket_ids": [Command.link(complaint.id)]}
        )
        if supplier:
            self.env["complaint.8d.action"].create(
                {
                    "eight_d_id": report.id,
                    "name": "New casting die",
                    "action_type": "corrective",
                    "supplier_id": supplier.id,
                    "user_id": self.engineer.id,
                    "date_due": fields.Date.today(),
                }
            )
        self._engine(report).write(
            {"state": "approved", "approval_date": fields.Datetime.now()}
        )
        return report

    def _close(self, complaint):
        complaint.write(
            {
                "responsibility": "company",
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            }
        )
        self.assertTrue(complaint.closed)
        return complaint

    def _csrf(self, page="/my/complaint/new"):
        """A CSRF token of the current session, read from a page with a form."""
        response = self.url_open(page)
        found = CSRF.search(response.text)
        self.assertTrue(found, f"no CSRF token on {page}")
        return found.group(0)

    def _post(self, url, data, files=None, page="/my/complaint/new"):
        data = dict(data, csrf_token=self._csrf(page))
        return self.url_open(url, data=data, files=files, allow_redirects=True)
