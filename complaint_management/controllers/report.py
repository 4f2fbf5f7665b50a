"""Downloading the addon's reports on the read replica (rules §11.10 for who may
print them).

Odoo downloads every report through ``/report/download``, a read/write route
(a report may save its PDF as an attachment). The addon's reports write
nothing: the workbooks are computed from the month, company and team in their
address or from the records named there, and no PDF of the addon is saved as
an attachment. Their downloads are read-only, served on the read replica when
there is one; any other report keeps Odoo's read/write download.
"""

import json

from odoo.http import request, route

from odoo.addons.report_xlsx.controllers.main import ReportController

READONLY_TYPES = {"xlsx": "xlsx", "qweb-pdf": "pdf", "qweb-text": "text"}


def complaint_download_readonly(controller, rule, args):
    """Whether the download requested is one of the addon's own reports, which
    only read (decided per request, before the download runs)."""
    try:
        url, report_type = json.loads(request.httprequest.values.get("data") or "")[:2]
        converter = READONLY_TYPES[report_type]
        prefix, name = url.split("?")[0].split(f"/report/{converter}/", 1)
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    name = name.split("/")[0]
    if prefix or not name.startswith("complaint_management."):
        return False
    report = request.env["ir.actions.report"].sudo()._get_report_from_name(name)
    return bool(report) and not report.attachment


class ComplaintReportController(ReportController):
    @route(readonly=complaint_download_readonly)
    def report_download(self, data, context=None, token=None, readonly=True):
        return super().report_download(data, context, token=token, readonly=readonly)
