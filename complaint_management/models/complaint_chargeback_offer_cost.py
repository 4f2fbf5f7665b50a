from odoo import fields, models

from .complaint_groups import CHARGEBACK_COST_GROUPS


class ComplaintChargebackOffer(models.Model):
    """What was claimed from the supplier and what it accepted are costs: hidden
    from complaint officers (issue 13)."""

    _inherit = "complaint.chargeback.offer"

    amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    accepted_amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
