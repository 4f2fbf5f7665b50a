from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """The company's deadline settings that are not per policy (domain.md §4, §8)."""

    _inherit = "res.company"

    complaint_sla_hours_per_day = fields.Float(
        string="Working Hours per Day (Deadlines)",
        default=8.0,
        help="A deadline in working days counts this many hours a day when the "
        "working calendar does not say.",
    )
    complaint_reopen_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Reopen Complaints In",
        domain=[("closed", "=", False)],
        help="The stage an unhappy customer's call-back reopens a complaint in. "
        "Empty: the team's first open stage after 'New'.",
    )

    @api.constrains("complaint_sla_hours_per_day")
    def _check_complaint_sla_hours_per_day(self):
        for company in self:
            if not 0 < company.complaint_sla_hours_per_day <= 24:
                raise ValidationError(
                    self.env._(
                        "Working hours per day must be between 0 and 24 for "
                        "%(company)s, e.g. 8.",
                        company=company.name,
                    )
                )
