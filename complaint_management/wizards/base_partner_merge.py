from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging contacts rewrites the customer lists of complaint rules in SQL,
    behind the ORM: the rules' cached criteria (``complaint.rule.mixin``) are
    cleared afterwards, in every worker, so that the merged customer's complaints
    follow the rules that named either contact."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        res = super()._merge(partner_ids, dst_partner, extra_checks)
        self.env.registry.clear_cache()
        return res
