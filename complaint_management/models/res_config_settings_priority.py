from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_priority_serious = fields.Selection(
        related="company_id.complaint_priority_serious", readonly=False
    )
    complaint_priority_general = fields.Selection(
        related="company_id.complaint_priority_general", readonly=False
    )
    complaint_priority_occasional = fields.Selection(
        related="company_id.complaint_priority_occasional", readonly=False
    )
    complaint_priority_major = fields.Selection(
        related="company_id.complaint_priority_major", readonly=False
    )
