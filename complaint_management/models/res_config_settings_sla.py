from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_sla_hours_per_day = fields.Float(
        related="company_id.complaint_sla_hours_per_day", readonly=False
    )
    complaint_reopen_stage_id = fields.Many2one(
        related="company_id.complaint_reopen_stage_id", readonly=False
    )
