from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """What customers may send through the portal (domain.md §2, §8)."""

    _inherit = "res.company"

    complaint_portal_attachment_mb = fields.Float(
        string="Portal Attachment Limit (MB)",
        default=10.0,
        help="The largest file a customer may attach to a complaint filed in the "
        "portal, in megabytes.",
    )
    complaint_portal_check_purchase = fields.Boolean(
        string="Portal: Only Products Bought",
        default=True,
        help="When the customer has posted invoices, a complaint filed in the portal "
        "must be about a product on one of them.",
    )

    @api.constrains("complaint_portal_attachment_mb")
    def _check_complaint_portal_attachment_mb(self):
        for company in self:
            if company.complaint_portal_attachment_mb <= 0:
                raise ValidationError(
                    self.env._(
                        "The portal attachment limit of %(company)s must be positive: "
                        "enter a size in megabytes.",
                        company=company.name,
                    )
                )
