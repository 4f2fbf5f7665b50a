import io
import re
import zipfile
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

DOSSIER_REPORT = "complaint_management.action_report_complaint_dossier"


class ComplaintDossierExportWizard(models.TransientModel):
    """The audit dossiers of a period and team as one zip archive (rules §22.2):
    one PDF per complaint (wkhtmltopdf renders one record per call on Debian's
    build), in the reader's language, downloaded as an attachment of the
    wizard. Who may print the dossier may export them; the record rules say
    which complaints."""

    _name = "complaint.dossier.export.wizard"
    _description = "Export Complaint Dossiers"

    date_from = fields.Date(string="Complained From", required=True)
    date_to = fields.Date(string="Complained Until", required=True)
    team_id = fields.Many2one("helpdesk.ticket.team")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    attachment_id = fields.Many2one("ir.attachment", readonly=True)
    complaint_count = fields.Integer(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(
                    self.env._("The period ends before it starts: swap the dates.")
                )

    def _complaints(self):
        """The complaints of the period and team that the user reads."""
        domain = Domain(
            [
                ("is_complaint", "=", True),
                ("company_id", "=", self.company_id.id),
                ("complaint_date", ">=", fields.Datetime.to_datetime(self.date_from)),
                (
                    "complaint_date",
                    "<",
                    fields.Datetime.to_datetime(self.date_to) + timedelta(days=1),
                ),
            ]
        )
        if self.team_id:
            domain &= Domain("team_id", "=", self.team_id.id)
        return self.env["helpdesk.ticket"].search(domain, order="complaint_number, id")

    def action_export(self):
        """Render each complaint's dossier and zip them; the archive is the
        wizard's attachment, downloaded at once."""
        self.ensure_one()
        complaints = self._complaints()
        if not complaints:
            raise UserError(
                self.env._("No complaint of that period and team: widen the period.")
            )
        Report = self.env["ir.actions.report"]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for complaint in complaints:
                pdf, _type = Report._render_qweb_pdf(DOSSIER_REPORT, complaint.ids)
                name = re.sub(
                    r"[^\w.-]+", "_", complaint.display_name or str(complaint.id)
                )
                archive.writestr(f"{name}.pdf", pdf)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Complaint dossiers %(start)s to %(end)s.zip",
                    start=self.date_from,
                    end=self.date_to,
                ),
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.write({"attachment_id": attachment.id, "complaint_count": len(complaints)})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
