from ast import literal_eval

from odoo import api, models
from odoo.fields import Domain

# The stored amount the chargeback tiers compare (company currency).
CHARGEBACK_AMOUNT_FIELD = "amount_total_company"
FINANCE_GROUP = "complaint_management.group_complaint_finance"


class TierDefinition(models.Model):
    """Approval tiers of complaint documents; approval by amount lives in their
    domains, on a stored amount in company currency, for remedies
    (``receipt_total_company``) and chargebacks (``amount_total_company``)
    alike."""

    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        """Complaint remedies (rules §5, §7), 8D reports (§6: the QA manager),
        supplier chargebacks (§7) and customer-format reports (§17.1) are
        approved through tiers."""
        return super()._get_tier_validation_model_names() + [
            "complaint.remedy",
            "complaint.8d",
            "complaint.chargeback",
            "complaint.customer.report",
            # rules §19.6: the store manager approves a service charge
            "complaint.service.charge",
        ]

    # Chargebacks: the finance manager's tier above an amount (rules §7)
    @api.model
    def _complaint_chargeback_finance_tier(self, company):
        """The finance manager's chargeback tier that applies to ``company``: its
        own, else the one shared by every company (the seed's)."""
        group = self.env.ref(FINANCE_GROUP, raise_if_not_found=False)
        if not group:
            return self.browse()
        tiers = self.sudo().search(
            Domain("model", "=", "complaint.chargeback")
            & Domain("reviewer_group_id", "=", group.id)
            & Domain("company_id", "in", [False, *company._origin.ids])
        )
        return (
            tiers.filtered(lambda tier: tier.company_id == company._origin)[:1]
            or tiers.filtered(lambda tier: not tier.company_id)[:1]
        )

    def _complaint_superseded_for(self, company):
        """Whether ``company`` has a tier of its own for this shared tier's model
        and reviewers, which then applies instead of this one."""
        self.ensure_one()
        if self.company_id or not company:
            return False
        return bool(
            self.sudo().search_count(
                Domain("model", "=", self.model)
                & Domain("company_id", "=", company.id)
                & Domain("review_type", "=", self.review_type)
                & Domain("reviewer_id", "=", self.reviewer_id.id)
                & Domain("reviewer_group_id", "=", self.reviewer_group_id.id),
                limit=1,
            )
        )

    def _complaint_own_copy(self, company):
        """This shared tier as ``company``'s own (its limit can then differ from
        the other companies')."""
        self.ensure_one()
        return self.sudo().copy(
            {"company_id": company.id, "name": f"{self.name} ({company.name})"}
        )

    def _complaint_amount_limit(self, field=CHARGEBACK_AMOUNT_FIELD):
        """The amount above which this tier applies: the value of its domain's
        ``(field, '>', amount)`` condition (0.0 without one)."""
        self.ensure_one()
        for term in literal_eval(self.definition_domain or "[]"):
            if isinstance(term, list | tuple) and tuple(term[:2]) == (field, ">"):
                return float(term[2])
        return 0.0

    def _complaint_set_amount_limit(self, amount, field=CHARGEBACK_AMOUNT_FIELD):
        """Make this tier apply above ``amount``: rewrite the value of its
        domain's ``(field, '>', amount)`` condition, or add that condition; the
        other conditions stay."""
        self.ensure_one()
        terms = []
        found = False
        for term in literal_eval(self.definition_domain or "[]"):
            if isinstance(term, list | tuple) and tuple(term[:2]) == (field, ">"):
                term = (field, ">", amount)
                found = True
            terms.append(tuple(term) if isinstance(term, list) else term)
        if not found:
            terms.append((field, ">", amount))
        self.sudo().definition_domain = repr(terms)
