from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

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

    Who reads a review (rules §11.7): the reviews of a complaint document (every
    model built on ``complaint.approval.mixin``) are read by the users who may
    read that document, never by portal or public users; a global record rule
    on ``complaint_readable`` says so. base_tier_validation's own rules (its
    company rule, portal and public read access) still hold for the reviews of
    other modules' documents.
    """

    _inherit = "tier.review"

    complaint_readable = fields.Boolean(
        string="Reviewed Document Readable",
        compute="_compute_complaint_readable",
        search="_search_complaint_readable",
        help="Whether you may read the reviewed document: false for the reviews "
        "of complaint documents you may not read.",
    )

    @api.model
    def _complaint_document_models(self):
        """The models whose reviews only their readers read: every model built
        on ``complaint.approval.mixin`` (remedies, 8D reports, chargebacks)."""
        registry = self.env.registry
        mixin = registry["complaint.approval.mixin"]
        return sorted(
            name
            for name, model_class in registry.items()
            if not model_class._abstract and issubclass(model_class, mixin)
        )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_readable(self):
        documents = self._complaint_document_models()
        share = self.env.user.share
        readable = set()
        for model, reviews in self.grouped("model").items():
            if model not in documents:
                readable.update(reviews.ids)
            elif not share:
                # The current user's rights (record rules included), one check
                # per model, even when the reviews were read as superuser.
                Document = self.env[model].sudo(False)
                allowed = Document.browse(reviews.mapped("res_id")).exists()
                allowed = set(allowed._filtered_access("read").ids)
                readable.update(r.id for r in reviews if r.res_id in allowed)
        for review in self:
            review.complaint_readable = review.id in readable

    def _search_complaint_readable(self, operator, value):
        """The reviews whose document the current user may read (rules §11.7):
        those of other modules' documents, and for an internal user those of
        the complaint documents their access rights and record rules let them
        read, one sub-query per model."""
        if operator not in ("in", "not in"):
            return NotImplemented
        wanted = {bool(v) for v in value}
        if operator == "not in":
            wanted = {True, False} - wanted
        if len(wanted) != 1:
            return Domain.TRUE if wanted else Domain.FALSE
        documents = self._complaint_document_models()
        readable = [Domain("model", "not in", documents)]
        if not self.env.user.share:
            for model in documents:
                # Record rules are applied as superuser: search the documents
                # as the user, with their rules.
                Document = self.env[model].sudo(False)
                if Document.has_access("read"):
                    readable.append(
                        Domain("model", "=", model)
                        & Domain("res_id", "any!", Document._search([]))
                    )
        domain = Domain.OR(readable)
        return domain if True in wanted else ~domain

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
