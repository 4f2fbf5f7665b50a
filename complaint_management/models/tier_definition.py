from odoo import api, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        """Complaint remedies are approved through tiers (domain.md §5, §7)."""
        return super()._get_tier_validation_model_names() + ["complaint.remedy"]
