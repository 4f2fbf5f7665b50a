from odoo import api, models


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        """Complaint remedies (domain.md §5, §7) and 8D reports (§6: the QA manager)
        are approved through tiers."""
        return super()._get_tier_validation_model_names() + [
            "complaint.remedy",
            "complaint.8d",
        ]
