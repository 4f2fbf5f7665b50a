from odoo import fields, models

from .complaint_groups import CHARGEBACK_COST_GROUPS


class ComplaintChargeback(models.Model):
    """The amounts of a chargeback are costs: hidden from complaint officers."""

    _inherit = "complaint.chargeback"

    amount_total = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    amount_total_company = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    accepted_amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    recovered_amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    recovered_amount_company = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
