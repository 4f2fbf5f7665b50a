from odoo import api, models
from odoo.exceptions import ValidationError

# Set by the approval flows of complaint documents (request, approve, reject,
# withdraw): the only callers allowed to create, decide or remove their reviews.
TIER_FLOW_CONTEXT = "complaint_tier_flow"


class TierReview(models.Model):
    """Reviews of complaint documents, hardened for segregation of duties.

    base_tier_validation lets every internal user create, write and delete
    ``tier.review`` records, so a user could approve a remedy by writing a review's
    status over RPC, or replace the review of a higher tier by one of their own.
    Documents whose model sets ``_tier_review_guarded`` accept review changes only
    from their own approval flow (domain.md §7: the right level approves money).

    Such models may also set ``_tier_review_implied_groups``: a review by group is
    then open to the members of the groups that imply it, so that a store manager
    (who implies the deputy store manager) may approve what a deputy may.
    """

    _inherit = "tier.review"

    @api.model
    def _get_reviewer_fields(self):
        return super()._get_reviewer_fields() + ["reviewer_group_id.all_user_ids"]

    def _get_reviewers(self):
        """Add the members of the higher levels when the document asks for it."""
        reviewers = super()._get_reviewers()
        if self.reviewer_group_id and self._tier_document_flag(
            "_tier_review_implied_groups"
        ):
            higher = self.reviewer_group_id.all_user_ids
            if self.definition_id.exclude_requester and self.requested_by:
                higher -= self.requested_by
            reviewers |= higher
        return reviewers

    def _tier_document_flag(self, flag):
        """Whether the model of the reviewed document sets ``flag``."""
        return bool(getattr(self.env.get(self.model), flag, False))

    def _check_tier_flow(self):
        """Refuse a change to reviews of guarded documents made outside their flow."""
        if self.env.context.get(TIER_FLOW_CONTEXT):
            return
        guarded = self.filtered(lambda r: r._tier_document_flag("_tier_review_guarded"))
        if guarded:
            raise ValidationError(
                self.env._(
                    "The approvals of %(documents)s are requested, decided and "
                    "withdrawn only with the buttons of the document (Request "
                    "Approval, Approve, Reject, Withdraw).",
                    documents=", ".join(
                        self.env[r.model].browse(r.res_id).display_name
                        for r in guarded[:3]
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._check_tier_flow()
        return reviews

    def write(self, vals):
        # Promoting a waiting review to pending is how base_tier_validation (and
        # its systray counter) moves the queue on; only decisions are guarded.
        promoting = set(vals) <= {"status"} and vals.get("status") == "pending"
        decisive = set(vals) - {"comment", "last_reminder_date"}
        if decisive and not (promoting and all(r.status == "waiting" for r in self)):
            self._check_tier_flow()
        return super().write(vals)

    def unlink(self):
        self._check_tier_flow()
        return super().unlink()
