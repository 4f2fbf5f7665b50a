import io
import unicodedata

import PyPDF2

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import config

from .branch_common import BranchCommon


@tagged("post_install", "-at_install")
class TestComplaintIntakeForms(BranchCommon):
    """The intake forms print (rules §20.1): the branch's form of an ordinary
    complaint and the head office's form of a major one, as PDF, for the users
    who read the complaint."""

    def _pdf_text(self, xmlid, ticket, user):
        """The text of the PDF of ``xmlid`` for ``ticket``, printed by ``user``."""
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_user(user)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(xmlid, ticket.ids)
            )
        self.assertEqual(report_type, "pdf")
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        return " ".join(unicodedata.normalize("NFKC", text).split())

    def test_01_branch_form(self):
        """The branch's form of an ordinary complaint holds its number, its
        branch and the situation checklist."""
        ticket = self._branch_complaint(self.officer_a, self.team_a)
        text = self._pdf_text(
            "complaint_management.action_report_complaint_branch_form",
            ticket,
            self.officer_a,
        )
        self.assertIn(ticket.complaint_number, text)
        self.assertIn("Branch Complaint Form", text)
        self.assertIn("Branch A", text)

    def test_02_major_form(self):
        """The head office's form of a major complaint holds its number, where it
        was forwarded from, the department head and the situation checklist."""
        major = self._major()
        text = self._pdf_text(
            "complaint_management.action_report_complaint_major_form",
            major,
            self.officer_ho,
        )
        self.assertIn(major.complaint_number, text)
        self.assertIn("Major Complaint Form", text)
        self.assertIn("Counter A", text)
        self.assertIn(self.head_of_dept.name, text)
        self.assertIn("Keep the object and send it for testing", text)

    def test_03_only_readers_print(self):
        """A user who does not read the complaint prints neither form."""
        ticket = self._branch_complaint(self.officer_a, self.team_a)
        for xmlid in (
            "complaint_management.action_report_complaint_branch_form",
            "complaint_management.action_report_complaint_major_form",
        ):
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(self.officer_b).with_context(
                    force_report_rendering=True
                )._render_qweb_html(xmlid, ticket.ids)
            with self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(
                    self.call_centre
                )._render_qweb_html(xmlid, ticket.ids)
