from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_delivered_source = fields.Selection(
        related="company_id.complaint_delivered_source", readonly=False
    )
    complaint_report_partner_ids = fields.Many2many(
        related="company_id.complaint_report_partner_ids", readonly=False
    )
