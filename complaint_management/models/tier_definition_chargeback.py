from odoo import api, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        """Supplier chargebacks (domain.md §7) are approved through tiers."""
        return super()._get_tier_validation_model_names() + ["complaint.chargeback"]
