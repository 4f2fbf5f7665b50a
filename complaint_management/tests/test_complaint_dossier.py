import io
import unicodedata
import zipfile
from unittest.mock import patch

import PyPDF2

from odoo.tests import tagged
from odoo.tools import config

from ..models.helpdesk_ticket import EVENT_FIELDS
from . import test_complaint_8d
from .chargeback_common import ChargebackCommon
from .test_complaint_remedy import ComplaintRemedyCommon

_8D = test_complaint_8d.TestComplaint8D
DOSSIER = "complaint_management.action_report_complaint_dossier"


@tagged("post_install", "-at_install")
class TestComplaintDossier(ChargebackCommon):
    """The audit dossier: one PDF per complaint holding each event and each
    approval of a complaint that went through remedies, an 8D and a
    chargeback; printed by auditors and QA managers; exported per period and
    team as one zip archive (rules §22.2)."""

    _fill = _8D._fill
    _corrective = _8D._corrective
    _submit = _8D._submit
    _decide = ComplaintRemedyCommon._decide

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = cls._new_user(
            "t_front_desk", "group_complaint_approver_front_desk"
        )
        cls.team.user_ids |= cls.front_desk
        # Short names: a table cell of the PDF wraps long ones.
        for user, name in (
            (cls.officer, "Olivia Officer"),
            (cls.front_desk, "Frank Front"),
            (cls.qa_manager, "Quincy Manager"),
            (cls.finance, "Fiona Finance"),
        ):
            user.name = name

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    def _pdf_text(self, complaint, user):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(DOSSIER, complaint.ids)
        )
        self.assertEqual(report_type, "pdf")
        return self._text(pdf)

    def _text(self, pdf):
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        return " ".join(unicodedata.normalize("NFKC", text).split())

    def _full_complaint(self):
        """The chargeback tests' complaint handed to QA by the officer, who
        records the containment (tracked),
        a remedy approved by the front desk with a comment, its 8D approved by
        the QA manager, a chargeback approved."""
        complaint = self.complaint
        tracked = complaint.with_user(self.officer).with_context(
            tracking_disable=False, mail_notrack=False
        )
        tracked.action_hand_over_to_qa()
        tracked.action_containment_done()
        self._flush_tracking()
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.officer)
            .create(
                {
                    "ticket_id": complaint.id,
                    "remedy_type": "replacement",
                    "amount": 30.0,
                    "description": "<p>A new caliper.</p>",
                }
            )
        )
        remedy.action_request_approval()
        remedy.invalidate_recordset()
        self._decide(remedy, self.front_desk, comment="Receipt seen at the counter")
        self.assertEqual(remedy.state, "approved")
        report = complaint.eight_d_ids
        self._fill(report)
        # Whether the 8D is complete is the 8D tests' concern (the chargeback
        # tests' actions have no dates): here it goes to approval as it is.
        with patch.object(
            self.env.registry["complaint.8d"], "_check_complete", lambda r: None
        ):
            self._submit(report)
            report.with_user(self.qa_manager).validate_tier()
        report.invalidate_recordset()
        self.assertEqual(report.state, "approved")
        chargeback = self._approved()
        return complaint, remedy, report, chargeback

    def test_01_pdf_holds_each_event_and_approval(self):
        """Read with a text extractor, the auditor's PDF holds the intake, the
        grade, each event with who recorded it, each approval (who, comment),
        the 8D and the chargeback."""
        complaint, remedy, report, chargeback = self._full_complaint()
        with self.allow_pdf_render():
            text = self._pdf_text(complaint, self.auditor)
        self.assertIn(complaint.complaint_number, text)
        self.assertIn("Audit Dossier", text)
        self.assertIn(self.customer.name, text)
        self.assertIn(complaint.grading_reason, text)
        events = [fname for fname in EVENT_FIELDS.values() if complaint[fname]]
        self.assertIn("handed_over_date", events)
        for fname in events:
            self.assertIn(complaint._fields[fname].string, text)
        self.assertIn("Containment Done", text)
        # who recorded the receipt (its receiver)
        self.assertIn((complaint.receiver_id or complaint.create_uid).name, text)
        self.assertIn("Replacement", text)
        self.assertIn(self.front_desk.name, text)
        self.assertIn("Receipt seen at the counter", text)
        self.assertIn(report.name, text)
        self.assertIn("Contained, fixed and verified.", text)
        self.assertIn(chargeback.name, text)
        reviewers = self.env["tier.review"].search(
            [
                ("model", "in", ("complaint.8d", "complaint.chargeback")),
                ("res_id", "in", (report.id, chargeback.id)),
            ]
        )
        self.assertTrue(reviewers)
        for name in reviewers.done_by.mapped("name"):
            self.assertIn(name, text)
        self.assertIn("Tracked changes", text)

    def test_02_who_prints_it(self):
        """Auditors and QA managers print it; officers and engineers do not."""
        from odoo.exceptions import AccessError

        for user in (self.officer, self.engineer):
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    DOSSIER, self.complaint.ids
                )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.qa_manager)
            ._render_qweb_html(DOSSIER, self.complaint.ids)
        )
        self.assertIn(self.complaint.complaint_number, html.decode())

    def test_03_archive_one_pdf_per_complaint(self):
        """The export of a period and team is a zip holding one PDF per
        complaint of that period and team, and nothing else."""
        second = self._complaint(**self._complete_intake(), name="Second complaint")
        self._complaint(
            **self._complete_intake(), name="Another team", team_id=self.other_team.id
        )
        wizard = (
            self.env["complaint.dossier.export.wizard"]
            .with_user(self.auditor)
            .create(
                {
                    "date_from": "2026-11-01",
                    "date_to": "2026-11-30",
                    "team_id": self.team.id,
                }
            )
        )
        with self.allow_pdf_render():
            action = wizard.with_context(force_report_rendering=True).action_export()
        attachment = wizard.attachment_id
        self.assertIn(f"/web/content/{attachment.id}", action["url"])
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        names = sorted(archive.namelist())
        complaints = self.complaint | second
        self.assertEqual(len(names), 2)
        self.assertEqual(wizard.complaint_count, 2)
        for complaint in complaints:
            name = next(
                n for n in names if complaint.complaint_number.replace("/", "_") in n
            )
            pdf = archive.read(name)
            self.assertTrue(pdf.startswith(b"%PDF"))
            self.assertIn(complaint.complaint_number, self._text(pdf))
