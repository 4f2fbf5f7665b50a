from odoo import fields, models

from .complaint_groups import CHARGEBACK_COST_GROUPS


class ComplaintChargebackLine(models.Model):
    """What each cost is worth is hidden from complaint officers."""

    _inherit = "complaint.chargeback.line"

    unit_cost = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
