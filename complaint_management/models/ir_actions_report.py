from odoo import api, models
from odoo.exceptions import AccessError

# The reports of the addon (their report_name), whose groups hold on every route.
COMPLAINT_REPORT_PREFIX = "complaint_management."


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
