from odoo.tests import tagged

from .common import ComplaintCommon

NEW_MAIL = """Return-Path: <carla@gamma.example.com>
To: complaints@portal.example.com
From: Carla Gamma <carla@gamma.example.com>
Subject: Cracked housings in lot 88
Message-ID: <first-complaint-mail@gamma.example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"

Twelve housings of lot 88 arrived cracked.
--BOUNDARY
Content-Type: text/plain; name="photo.txt"
Content-Disposition: attachment; filename="photo.txt"

crack photo
--BOUNDARY--
"""

REPLY_MAIL = """Return-Path: <carla@gamma.example.com>
To: complaints@portal.example.com
From: Carla Gamma <carla@gamma.example.com>
Subject: Re: Cracked housings in lot 88
Message-ID: <second-complaint-mail@gamma.example.com>
In-Reply-To: {parent}
References: {parent}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Three more found today.
"""


@tagged("post_install", "-at_install")
class TestComplaintMailGateway(ComplaintCommon):
    """A mail to a complaint team's alias files a complaint (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "portal.example.com"}
        )
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.team.write(
            {"alias_name": "complaints", "alias_domain_id": cls.alias_domain.id}
        )

    def _process(self, raw):
        return self.env["mail.thread"].message_process(False, raw)

    def test_01_mail_creates_complaint(self):
        """A mail from an unknown sender creates a numbered complaint of the team,
        with the sender as a new customer, the mail's file, and the e-mail
        channel."""
        ticket_id = self._process(NEW_MAIL)
        complaint = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(complaint.team_id, self.team)
        self.assertTrue(complaint.is_complaint)
        self.assertTrue(complaint.complaint_number)
        self.assertEqual(complaint.name, "Cracked housings in lot 88")
        self.assertEqual(complaint.partner_id.email, "carla@gamma.example.com")
        self.assertEqual(complaint.partner_id.name, "Carla Gamma")
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"),
        )
        self.assertIn("photo.txt", complaint.attachment_ids.mapped("name"))
        first = complaint.message_ids.filtered(
            lambda m: m.message_id == "<first-complaint-mail@gamma.example.com>"
        )
        self.assertEqual(first.author_id, complaint.partner_id)
        self.assertEqual(first.attachment_ids.name, "photo.txt")

    def test_02_known_sender_is_the_customer(self):
        """A mail from a known contact files the complaint under that contact,
        without creating another."""
        known = self.env["res.partner"].create(
            {"name": "Carla", "email": "carla@gamma.example.com"}
        )
        complaint = self.env["helpdesk.ticket"].browse(self._process(NEW_MAIL))
        self.assertEqual(complaint.partner_id, known)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email", "=", "carla@gamma.example.com")]
            ),
            1,
        )

    def test_03_reply_threads_into_complaint(self):
        """A reply to the complaint's mail is added to it; no new complaint."""
        complaint = self.env["helpdesk.ticket"].browse(self._process(NEW_MAIL))
        count = self.env["helpdesk.ticket"].search_count([])
        reply_id = self._process(
            REPLY_MAIL.format(parent="<first-complaint-mail@gamma.example.com>")
        )
        self.assertEqual(reply_id, complaint.id)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)
        self.assertIn(
            "Three more found today",
            " ".join(complaint.message_ids.mapped("body")),
        )
        # and a reply to what we sent the customer threads too
        sent = complaint.message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._process(
            REPLY_MAIL.format(parent=sent.message_id).replace(
                "second-complaint-mail", "third-complaint-mail"
            )
        )
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)
        self.assertEqual(
            len(complaint.message_ids.filtered(lambda m: "Three more" in m.body)), 2
        )
