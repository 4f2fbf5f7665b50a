from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_portal_attachment_mb = fields.Float(
        related="company_id.complaint_portal_attachment_mb", readonly=False
    )
    complaint_portal_check_purchase = fields.Boolean(
        related="company_id.complaint_portal_check_purchase", readonly=False
    )
