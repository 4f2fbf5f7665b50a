from odoo import api, models
from odoo.exceptions import AccessError

from odoo.addons.base.models.ir_actions_report import _wkhtml

# The reports of the addon (their report_name), whose groups hold on every route.
COMPLAINT_REPORT_PREFIX = "complaint_management."
# The page margins (mm) of a document whose letterhead is in the body: no band
# is kept for a header or a footer that wkhtmltopdf would not print.
LETTERHEAD_IN_BODY_MARGINS = {
    "data-report-margin-top": 12,
    "data-report-margin-bottom": 12,
    "data-report-header-spacing": 0,
}
LETTERHEAD_CLASS = "o_complaint_letterhead"


class IrActionsReport(models.Model):
    """The groups of a complaint report say who prints it, by any route and in
    any format (rules §11.10).

    Odoo reads ``group_ids`` of a report only to show it in the Print menu: the
    routes ``/report/<converter>/<report>/<ids>`` (PDF, HTML, text) and
    report_xlsx's ``/report/xlsx/...``, and ``/report/download`` that calls them,
    render whatever report is named. Every rendering of the addon's reports goes
    through ``_complaint_check_report_groups``, which refuses a user outside the
    report's groups: from the QWeb renderings below, and from the workbooks'
    ``create_xlsx_report`` (report_xlsx renders them as the user, never as
    superuser). The application's own renderings (superuser: the portals, the
    mailing of the monthly workbooks, the debit notes sent to suppliers) are not
    concerned; the records printed are read as the user (record rules apply)."""

    _inherit = "ir.actions.report"

    def _complaint_check_report_groups(self, report_ref):
        """Refuse the current user a complaint report (a reference as
        ``_get_report`` takes it) whose groups they are not in."""
        if self.env.su:
            return
        report = self._get_report(report_ref)
        if not (report.report_name or "").startswith(COMPLAINT_REPORT_PREFIX):
            return
        if not report.group_ids or report.group_ids & self.env.user.all_group_ids:
            return
        raise AccessError(
            self.env._(
                "%(user)s may not print %(report)s: it is for %(groups)s.",
                user=self.env.user.name,
                report=report.name,
                groups=", ".join(report.group_ids.mapped("name")),
            )
        )

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        self._complaint_check_report_groups(report_ref)
        return super()._render_qweb_html(report_ref, docids, data=data)

    @api.model
    def _render_qweb_text(self, report_ref, docids, data=None):
        self._complaint_check_report_groups(report_ref)
        return super()._render_qweb_text(report_ref, docids, data=data)

    def _pre_render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        self._complaint_check_report_groups(report_ref)
        return super()._pre_render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    # Letterhead
    @api.model
    def _complaint_letterhead_in_body(self):
        """Whether the addon's PDFs carry the company's letterhead in the page body
        (rules §25.3): a wkhtmltopdf built without patched Qt (Debian's) ignores
        ``--header-html`` and ``--footer-html``, so the layout's header and footer
        would be lost; a patched build prints them, and the body block would print
        them twice. Read from ``wkhtmltopdf --version`` once per process (Odoo's
        cached ``_wkhtml``)."""
        return not _wkhtml().is_patched_qt

    def _get_rendering_context(self, report, docids, data):
        """The addon's PDFs know whether to print the letterhead in the body
        (``complaint_letterhead_in_body``, read by ``web.external_layout``); never
        in HTML, whose layout shows the header in the page."""
        data = super()._get_rendering_context(report, docids, data)
        data["complaint_letterhead_in_body"] = bool(
            data.get("report_type") == "pdf"
            and (report.report_name or "").startswith(COMPLAINT_REPORT_PREFIX)
            and self._complaint_letterhead_in_body()
        )
        return data

    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """A document printing its letterhead in the body keeps no empty band at
        the top and bottom of its pages for the header and footer that this
        wkhtmltopdf drops (rules §25.3)."""
        if any(LETTERHEAD_CLASS in body for body in bodies):
            specific_paperformat_args = {
                **(specific_paperformat_args or {}),
                **LETTERHEAD_IN_BODY_MARGINS,
            }
        return super()._run_wkhtmltopdf(
            bodies,
            report_ref=report_ref,
            header=header,
            footer=footer,
            landscape=landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
