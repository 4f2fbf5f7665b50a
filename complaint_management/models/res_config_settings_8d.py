from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_8d_check_days = fields.Char(
        related="company_id.complaint_8d_check_days", readonly=False
    )
