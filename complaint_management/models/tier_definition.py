from odoo import api, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        """8D reports are approved through tiers (domain.md §6: the QA manager)."""
        res = super()._get_tier_validation_model_names()
        res.append("complaint.8d")
        return res
