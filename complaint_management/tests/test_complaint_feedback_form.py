from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import config, format_date

from .common import ComplaintSlaCommon
from .test_complaint_sample import SampleMixin, pdf_text

REPORT = "complaint_management.action_report_complaint_feedback_form"


@tagged("post_install", "-at_install")
class TestComplaintFeedbackForm(SampleMixin, ComplaintSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    def _pdf(self, complaint, user=None):
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_user(user or self.officer)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(REPORT, complaint.ids)
            )
        self.assertEqual(report_type, "pdf")
        return pdf

    def _handled(self):
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(defect_type_id=self.defect_function.id)
        with freeze_time("2026-11-03 10:00:00"):
            complaint._record_event("qa_responded")
        with freeze_time("2026-11-03 15:00:00"):
            sample = self._sample(complaint, return_route="Courier")
            sample.with_user(self.officer).action_receive()
        return complaint

    def test_01_pdf_holds_number_grade_steps_and_outcome(self):
        """The feedback form holds the complaint number, its grade, each handling
        step with its date, the samples and the outcome (rules §18.5)."""
        complaint = self._handled()
        complaint.write({"responsibility": "supplier", "supplier_id": self.supplier.id})
        text = pdf_text(self._pdf(complaint))
        self.assertIn(complaint.complaint_number, text)
        self.assertIn("Serious", text)
        for label, when in (
            ("Handed Over to QA", datetime(2026, 11, 2, 9, 0)),
            ("QA Responded", datetime(2026, 11, 3, 10, 0)),
        ):
            self.assertIn(label, text)
            self.assertIn(format_date(self.env, when), text)
        self.assertIn(complaint.sample_ids.name, text)
        self.assertIn("Supplier", text)

    def test_02_archived_when_the_complaint_closes(self):
        """Closing archives the feedback form, beside the 8D, with the closing
        in its steps."""
        complaint = self._handled()
        with self.allow_pdf_render(), freeze_time("2026-11-05 11:00:00"):
            complaint.with_context(force_report_rendering=True).write(
                {
                    "responsibility": "supplier",
                    "supplier_id": self.supplier.id,
                    "stage_id": self.done.id,
                }
            )
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", complaint.id),
                ("name", "like", complaint.complaint_number.replace("/", "_")),
            ]
        ) or self.env["ir.attachment"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", complaint.id),
                ("mimetype", "=", "application/pdf"),
            ]
        )
        self.assertEqual(len(attachment), 1)
        text = pdf_text(attachment.raw)
        self.assertIn(complaint.complaint_number, text)
        self.assertIn("Resolved", text)
        self.assertIn(format_date(self.env, datetime(2026, 11, 5)), text)

    def test_03_printed_by_complaint_readers_only(self):
        """A helpdesk user outside the complaint groups may not print the form,
        by any route."""
        complaint = self._handed_over()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(
                self.internal_user
            )._render_qweb_html(REPORT, complaint.ids)
        action = complaint.with_user(self.officer).action_print_feedback_form()
        self.assertEqual(
            action["report_name"], REPORT.replace("action_report_", "report_")
        )
