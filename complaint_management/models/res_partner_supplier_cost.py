from odoo import fields, models

from .complaint_groups import CHARGEBACK_COST_GROUPS


class ResPartner(models.Model):
    """A supplier's claimed and recovered money is a cost figure: complaint
    officers see the supplier's counts, not the amounts (issue 13)."""

    _inherit = "res.partner"

    supplier_claimed_amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    supplier_recovered_amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
