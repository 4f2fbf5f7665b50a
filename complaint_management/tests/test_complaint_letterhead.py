import io
import unicodedata
from unittest.mock import patch

import PyPDF2

from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.base.models.ir_actions_report import _wkhtml

from .chargeback_common import ChargebackCommon

DEBIT_NOTE = "complaint_management.action_report_complaint_chargeback"
REPORT_8D = "complaint_management.action_report_complaint_8d"
DETECTION = "odoo.addons.complaint_management.models.ir_actions_report._wkhtml"
LETTERHEAD = b'class="o_complaint_letterhead"'


@tagged("post_install", "-at_install")
class TestComplaintLetterhead(ChargebackCommon):
    """The documents sent outside say who sends them on the default set-up: with
    a wkhtmltopdf that drops the layout's header and footer (Debian's, built
    without patched Qt), the letterhead is printed in the page body; with a
    patched build, only in the header (rules §25.3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "name": "Harbour Brakes Ltd",
                "street": "88 Harbour Road",
                "city": "Kowloon",
                "phone": "+852 2345 6789",
                "email": "quality@harbour.example.com",
            }
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        self.chargeback = self._chargeback()
        self.report_8d = self.complaint.eight_d_ids

    def _pdf_text(self, report_ref, records):
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report_ref, records.ids)
            )
        self.assertEqual(report_type, "pdf")
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        return " ".join(unicodedata.normalize("NFKC", text).split())

    def _html(self, report_ref, records, report_type):
        """The HTML the report renders for wkhtmltopdf (``pdf``) or the browser."""
        return self.env["ir.actions.report"]._render_qweb_html(
            report_ref, records.ids, data={"report_type": report_type}
        )[0]

    def _assert_letterhead(self, text):
        for words in (
            "Harbour Brakes Ltd",
            "88 Harbour Road",
            "Kowloon",
            "+852 2345 6789",
            "quality@harbour.example.com",
        ):
            self.assertIn(words, text)

    def test_01_debit_note_names_its_sender(self):
        """The debit note a supplier receives carries the company's name, address
        and contact line."""
        self.assertEqual(len(self.chargeback), 1)
        self._assert_letterhead(self._pdf_text(DEBIT_NOTE, self.chargeback))

    def test_02_8d_report_names_its_sender(self):
        """So does the 8D report sent to the customer."""
        self.assertEqual(len(self.report_8d), 1)
        self._assert_letterhead(self._pdf_text(REPORT_8D, self.report_8d))

    def test_03_letterhead_in_body_only_when_headers_are_lost(self):
        """The body letterhead follows the installed build: here (unpatched Qt)
        it is in the PDF's body, with the company's logo; with the detection
        forced to a patched build it is absent, so the header does not print
        twice; the browser's HTML preview never has it (its layout shows the
        header)."""
        self.assertFalse(_wkhtml().is_patched_qt, "this set-up's build is Debian's")
        Report = self.env["ir.actions.report"]
        self.assertTrue(Report._complaint_letterhead_in_body())
        for ref, records in (
            (DEBIT_NOTE, self.chargeback),
            (REPORT_8D, self.report_8d),
        ):
            html = self._html(ref, records, "pdf")
            self.assertIn(LETTERHEAD, html)
            self.assertEqual(html.count(LETTERHEAD), 1)
            self.assertIn(b'alt="Logo"', html.split(LETTERHEAD, 1)[1])
            self.assertNotIn(LETTERHEAD, self._html(ref, records, "html"))
        patched = _wkhtml()._replace(is_patched_qt=True)
        with patch(DETECTION, return_value=patched):
            self.assertFalse(Report._complaint_letterhead_in_body())
            for ref, records in (
                (DEBIT_NOTE, self.chargeback),
                (REPORT_8D, self.report_8d),
            ):
                self.assertNotIn(LETTERHEAD, self._html(ref, records, "pdf"))

    def test_04_no_empty_band_for_the_lost_header(self):
        """With the letterhead in the body, wkhtmltopdf is given small top and
        bottom margins instead of the band kept for the header and footer; a
        document without it keeps the paper format's."""
        Report = self.env["ir.actions.report"]
        seen = []
        original = type(Report)._build_wkhtmltopdf_args

        def spy(
            report,
            paperformat_id,
            landscape,
            specific_paperformat_args=None,
            set_viewport_size=False,
        ):
            args = original(
                report,
                paperformat_id,
                landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
            seen.append(args[args.index("--margin-top") + 1])
            return args

        with patch.object(type(Report), "_build_wkhtmltopdf_args", spy):
            self._pdf_text(DEBIT_NOTE, self.chargeback)
            with patch(DETECTION, return_value=_wkhtml()._replace(is_patched_qt=True)):
                self._pdf_text(DEBIT_NOTE, self.chargeback)
        paperformat = self.env.ref(DEBIT_NOTE).get_paperformat()
        self.assertEqual(seen, ["12", str(paperformat.margin_top)])
