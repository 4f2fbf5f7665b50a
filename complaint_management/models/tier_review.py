from odoo import api, models
from odoo.exceptions import ValidationError

from .complaint_protected_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY, is_engine

# What a reviewer (or the reminder cron) may write on a review: nothing decisive.
REVIEW_NOTE_FIELDS = {"comment", "last_reminder_date"}


class TierReview(models.Model):
    """Reviews of complaint documents, hardened for segregation of duties.

    base_tier_validation lets every internal user create, write and delete
    ``tier.review`` records, so a user could approve a remedy by writing a review's
    status over RPC, or replace the review of a higher tier by one of their own.
    Documents whose model sets ``_tier_review_guarded`` (every complaint document,
    through ``complaint.approval.mixin``) accept review changes only from the
    approval engine, which holds ``EDIT_SENTINEL`` (rules §6, §7: the right
    level approves). A reviewer may still write the comment of a review they may
    decide, as base_tier_validation's comment wizard does.

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

    def _check_tier_flow(self, vals=None):
        """Refuse a change to reviews of guarded documents made outside the engine
        (a note by one of the review's reviewers, or by the system, excepted)."""
        if is_engine(self.env):
            return
        guarded = self.filtered(lambda r: r._tier_document_flag("_tier_review_guarded"))
        if not guarded:
            return
        if (
            vals is not None
            and set(vals) <= REVIEW_NOTE_FIELDS
            and (
                self.env.su
                or all(
                    r.status in ("waiting", "pending")
                    and self.env.user in r.reviewer_ids
                    for r in guarded
                )
            )
        ):
            return
        raise ValidationError(
            self.env._(
                "The approvals of %(documents)s are requested, decided and "
                "withdrawn only with the buttons of the document (Request "
                "Approval, Approve, Reject, Withdraw).",
                documents=", ".join(
                    self.env[r.model].sudo().browse(r.res_id).display_name
                    for r in guarded[:3]
                ),
            )
        )

    def _update_review_status(self):
        """Promoting the next waiting reviews to pending is how base_tier_validation
        (and its systray counter) moves the queue on: its own rule, not a client's
        write."""
        engine = self.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
        return super(TierReview, engine)._update_review_status()

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._check_tier_flow()
        return reviews

    def write(self, vals):
        self._check_tier_flow(vals)
        return super().write(vals)

    def unlink(self):
        self._check_tier_flow()
        return super().unlink()
