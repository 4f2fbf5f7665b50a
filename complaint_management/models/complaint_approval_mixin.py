"""The approval engine of complaint documents (design.md, 'Approval engine').

Remedies, 8D reports and chargebacks are approved through OCA
``tier.validation``; this module is the one place that decides who may move them,
and the only code that writes what an approval leaves behind (state, requester,
approver, dates, reviews), behind the addon's one marker (``EDIT_SENTINEL``
under ``EDIT_SENTINEL_KEY``, complaint_protected_mixin.py), which no RPC client
can send.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import clean_context

from .complaint_language import schedule_activity
from .complaint_protected_mixin import (
    EDIT_SENTINEL,
    EDIT_SENTINEL_KEY,
    TECHNICAL_FIELDS,
    is_engine,
)

__all__ = ["EDIT_SENTINEL", "EDIT_SENTINEL_KEY", "is_engine"]

# base_tier_validation's context keys that loosen its checks: on complaint
# documents they grant nothing unless the engine sets them itself.
TIER_VALIDATION_KEYS = ("skip_validation_check", "skip_check_state_condition")
# The actions every approved document offers, each with a ``can_<action>`` flag.
ACTIONS = ("request", "approve", "reject", "withdraw", "reset", "cancel", "done")


class ComplaintApprovalMixin(models.AbstractModel):
    """One approval engine for every complaint document that needs approval
    (rules §5-§7): remedies, 8D reports, chargebacks.

    Built on ``complaint.workflow.mixin`` and configured by class attributes, as
    ``tier.validation`` is:

    - ``_transitions``: ``{action: (source states, target state)}`` for the
      actions ``request``, ``approve``, ``reject``, ``withdraw``, ``reset``,
      ``cancel``, ``done`` (and any of the model's own, e.g. ``reopen``);
    - ``_protected_fields``, ``_locks``, ``_undeletable_states``
      (``complaint.protected.mixin``): written by the engine only (the state,
      requester and review fields are always protected), what cannot change in
      which states, which states are never deleted;
    - ``_approval_author_fields``: users the model itself names as authors
      (e.g. an 8D's leader), on top of the ones every document has (four eyes,
      ``_approval_authors``);
    - ``_approval_activity``: the activity type its reviewers get;
    - ``_approved_date_field``: where the approval's date is written.

    Access: ``_refusal`` is the one guard (``complaint.workflow.mixin``): it
    holds every transition and its message; the ``can_<action>`` booleans (per
    current user) are its answers and drive the buttons, as in hr_holidays. Any
    user with write access to the document requests, cancels, resets and
    completes it; only the requester, its authors or a quality manager withdraw
    it; only a reviewer of a pending tier who is not one of its authors approves
    or rejects it. The reviews (``tier.review``) of these documents change only
    through the engine.
    """

    _name = "complaint.approval.mixin"
    _inherit = ["complaint.workflow.mixin", "tier.validation"]
    _description = "Complaint Approval Engine"

    _state_field = "state"
    _state_from = ["to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = True
    # Read by tier.review: reviews change only through the engine.
    _tier_review_guarded = True
    _tier_review_implied_groups = False

    _transitions = {
        "request": (("draft",), "to_approve"),
        "approve": (("to_approve",), "approved"),
        "reject": (("to_approve",), "rejected"),
        "withdraw": (("to_approve",), "draft"),
        "reset": (("rejected", "cancel"), "draft"),
        "cancel": (("draft", "to_approve", "approved"), "cancel"),
        "done": (("approved",), "done"),
    }
    _workflow_can = {f"can_{action}": action for action in ACTIONS}
    _can_depends = ("review_ids.status", "requested_by_id")
    _approval_base_protected = (
        "state",
        "requested_by_id",
        "requested_date",
        "approved_by_id",
        "validation_status",
        "review_ids",
        "approval_author_ids",
    )
    _approval_author_fields = ()
    _approval_manager_group = "complaint_management.group_complaint_manager"
    _approval_activity = False
    _approved_date_field = "approved_date"

    requested_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        tracking=True,
        help="Who requested the approval: they cannot approve it.",
    )
    requested_date = fields.Datetime(string="Requested On", readonly=True, copy=False)
    approval_author_ids = fields.Many2many(
        "res.users",
        string="Authors",
        readonly=True,
        copy=False,
        help="Who changed what the document says (its content or its lines) after "
        "it was created: like its creator and its requester, they never approve "
        "it.",
    )
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    can_request = fields.Boolean(compute="_compute_can_actions")
    can_approve = fields.Boolean(compute="_compute_can_actions")
    can_reject = fields.Boolean(compute="_compute_can_actions")
    can_withdraw = fields.Boolean(compute="_compute_can_actions")
    can_reset = fields.Boolean(compute="_compute_can_actions")
    can_cancel = fields.Boolean(compute="_compute_can_actions")
    can_done = fields.Boolean(compute="_compute_can_actions")

    # CRUD
    @api.model
    def _get_protected_fields(self):
        return list(
            dict.fromkeys(
                [*self._approval_base_protected, *super()._get_protected_fields()]
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = self if self._protected_trusted() else self._approval_untrusted()
        return super(ComplaintApprovalMixin, records).create(vals_list)

    def write(self, vals):
        if self._protected_trusted():
            # The engine checked the move itself: base_tier_validation's refusal to
            # write under validation (e.g. the state 'rejected') does not apply.
            records = self.with_context(skip_validation_check=True)
        else:
            records = self._approval_untrusted()
        res = super(ComplaintApprovalMixin, records).write(vals)
        if not self._protected_trusted() and (
            self._approval_content_fields().intersection(vals)
        ):
            self._approval_note_authors()
        return res

    def unlink(self):
        # The document's reviews go with it (base_tier_validation unlinks them).
        return super(ComplaintApprovalMixin, self._protected_context()).unlink()

    def _approval_untrusted(self):
        """These records with base_tier_validation's loosening keys switched off."""
        if any(self.env.context.get(key) for key in TIER_VALIDATION_KEYS):
            return self.with_context(**dict.fromkeys(TIER_VALIDATION_KEYS, False))
        return self

    # Actions
    def action_request_approval(self):
        """Send draft documents to the tiers their content calls for."""
        self._check_transition("request")
        self._check_ready_for_approval()
        self._approval_write(
            {"requested_by_id": self.env.uid, "requested_date": fields.Datetime.now()}
        )
        self._approval_submit()
        return True

    def action_approve(self):
        """Approve as the reviewer of the pending tier (the buttons' Approve)."""
        self.ensure_one()
        return self.validate_tier()

    def action_reject(self):
        """Reject as the reviewer of the pending tier (the buttons' Reject)."""
        self.ensure_one()
        return self.reject_tier()

    def action_withdraw(self):
        """Take documents back from their reviewers to change them."""
        self._check_transition("withdraw")
        self._set_state("withdraw")
        self._approval_close_activities(done=False)
        for record in self:
            record.message_post(
                body=self.env._(
                    "Withdrawn from approval by %(user)s.", user=self.env.user.name
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reset_to_draft(self):
        """Reopen rejected or cancelled documents to change and resubmit them."""
        self._check_transition("reset")
        self._set_state("reset", **self._approval_reset_values())
        self._approval_close_activities(done=False)
        return True

    def action_cancel(self):
        """Cancel documents that were not carried out."""
        self._check_transition("cancel")
        self._on_cancel()
        self._set_state("cancel")
        self._approval_close_activities(done=False)
        return True

    def action_done(self):
        """Record that approved documents were carried out."""
        self._check_transition("done")
        self._on_done()
        return True

    # Tier validation
    def validate_tier(self):
        """Approve, or open the comment dialog; ``True`` when base_tier_validation
        returns nothing, so that an XML-RPC client gets a value (rules §25.1)."""
        self._check_transition("approve")
        self._check_ready_for_approval()
        return super().validate_tier() or True

    def reject_tier(self):
        """Reject, or open the comment dialog; ``True`` when base_tier_validation
        returns nothing (rules §25.1)."""
        self._check_transition("reject")
        return super().reject_tier() or True

    def request_validation(self):
        """Reviews are created by the engine only (``action_request_approval``)."""
        if not is_engine(self.env):
            raise UserError(
                self.env._(
                    "Request the approval of %(document)s with its Request Approval "
                    "button.",
                    document=", ".join(self.mapped("display_name")),
                )
            )
        return super().request_validation()

    def restart_validation(self):
        """Reviews are removed by the engine only (withdraw, reset, cancel)."""
        if not is_engine(self.env):
            raise UserError(
                self.env._(
                    "Withdraw %(document)s from approval with its Withdraw button.",
                    document=", ".join(self.mapped("display_name")),
                )
            )
        return super().restart_validation()

    def _validate_tier(self, tiers=False):
        """Approve the user's pending reviews, every path alike (button, comment
        wizard); once all are approved, the document is approved."""
        return self._approval_decide("approve", tiers)

    def _rejected_tier(self, tiers=False):
        """Reject the user's pending reviews: the document is rejected."""
        return self._approval_decide("reject", tiers)

    def _approval_decide(self, action, tiers):
        """Decide the user's pending reviews (``action``: approve or reject)
        through base_tier_validation, behind the engine's marker; post the
        decisions, and once the document is validated or rejected close its
        approval activities and carry the outcome out."""
        self._check_transition(action)
        status, outcome = {
            "approve": ("approved", "validated"),
            "reject": ("rejected", "rejected"),
        }[action]
        before = self.review_ids.filtered(lambda r: r.status == status)
        engine = self._approval_engine_env()
        # Only this document's reviews: the comment wizard passes any it is given.
        tiers = tiers and (tiers & self.review_ids)
        tiers = tiers and tiers.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
        base = super(ComplaintApprovalMixin, engine)
        decide = base._validate_tier if action == "approve" else base._rejected_tier
        res = decide(tiers)
        decided = engine.review_ids.filtered(lambda r: r.status == status)
        engine._approval_post_decision(decided - before, approved=action == "approve")
        if engine.validation_status == outcome:
            engine._approval_close_activities()
            if action == "approve":
                engine._on_approved()
            else:
                engine._on_rejected()
        engine._approval_queue_mails()
        return res

    def _compute_need_validation(self):
        """A document that has reviews needs no new request, whatever its tiers:
        base_tier_validation's answer (``not review_ids and ...``) without
        searching and evaluating every tier first, as each of its writes to an
        approved state asks (rules §14.3)."""
        reviewed = self.filtered(lambda record: record.id and record.review_ids)
        reviewed.need_validation = False
        return super(ComplaintApprovalMixin, self - reviewed)._compute_need_validation()

    def evaluate_tier(self, tier):
        """A tier shared by every company gives way to a company's own tier of the
        same reviewers: a company that set its own limit is approved by its own
        tier only (rules §7.7)."""
        if not tier.company_id and tier._complaint_superseded_for(self._get_company()):
            return self.browse()
        return super().evaluate_tier(tier)

    def _prepare_tier_review_vals(self, definition, sequence):
        vals = super()._prepare_tier_review_vals(definition, sequence)
        vals["requested_by"] = self.requested_by_id.id or self.env.uid
        return vals

    def _allow_to_remove_reviews(self, values):
        """Back to draft (withdrawn, rejected, reset, reopened), the next request
        asks a new approval."""
        return (
            super()._allow_to_remove_reviews(values)
            or values.get(self._state_field) == "draft"
        )

    # The guard
    def _refusal_rights(self, action):
        """Reviewers who are not authors decide (four-eyes, rules §6, §7), the
        requester, an author or a manager withdraws, and anyone who may edit the
        document does the rest."""
        user = self.env.user
        if action in ("approve", "reject"):
            if user in self._approval_authors():
                return self.env._(
                    "You requested or wrote %(document)s yourself: another approver "
                    "must decide on it.",
                    document=self.display_name,
                )
            if not self.can_review:
                pending = self.review_ids.filtered(
                    lambda r: r.status in ("waiting", "pending")
                )
                return self.env._(
                    "You cannot decide on %(document)s: it waits for %(reviewers)s.",
                    document=self.display_name,
                    reviewers=", ".join(filter(None, pending.mapped("todo_by")))
                    or self.env._("another approver"),
                )
            return False
        if not self.has_access("write"):
            return self.env._(
                "You may not change %(document)s, so you cannot %(action)s it.",
                document=self.display_name,
                action=self._action_label(action, infinitive=True),
            )
        if action == "withdraw" and not (
            user in self._approval_authors()
            or user.has_group(self._approval_manager_group)
        ):
            return self.env._(
                "Only %(requester)s, who requested %(document)s, or a quality "
                "manager can withdraw it.",
                requester=self.requested_by_id.name or "",
                document=self.display_name,
            )
        return False

    def _check_transition_access(self, action):
        """Who may not edit the document gets Odoo's own access error (deciding
        is the reviewers', whoever may edit it)."""
        if action not in ("approve", "reject"):
            self.check_access("write")

    def _approval_authors(self):
        """Who may never approve or reject these documents, whatever their tiers
        say (four eyes, rules §12.3), the one definition for every approval
        document: who requested it, who created it, who wrote its content
        (``approval_author_ids``: its fields that submission locks, its lines),
        and the users the model names in ``_approval_author_fields``. Read as
        superuser: the authors are facts about the document, whoever asks."""
        documents = self.sudo()
        users = (
            documents.requested_by_id
            | documents.create_uid
            | documents.approval_author_ids
        )
        for name in self._approval_author_fields:
            users |= documents.mapped(name)
        return users.with_env(self.env)

    @api.model
    def _approval_content_fields(self):
        """The fields of the document's content: what base_tier_validation
        keeps from changing while it waits for approval, that is every field
        but the exceptions (``_get_under_validation_exceptions``: what the
        process still writes then), the chatter's own and what only the
        application writes."""
        left_out = {
            *self._get_protected_fields(),
            *self._get_under_validation_exceptions(),
            *TECHNICAL_FIELDS,
        }
        return frozenset(self._fields).difference(left_out)

    def _approval_note_authors(self):
        """Record the current user as an author of these documents: they wrote
        their content or one of their lines (``_approval_authors``). The
        application's own writes make nobody an author."""
        if is_engine(self.env):
            return
        user = self.env.user
        documents = self.sudo().filtered(
            lambda d: user != d.create_uid and user not in d.approval_author_ids
        )
        if documents:
            # As superuser: whoever may write a line records it on the document.
            documents._approval_write({"approval_author_ids": [Command.link(user.id)]})

    # Engine writes
    def _approval_engine_env(self):
        """These documents for the engine: protected writes allowed, the
        comment wizard's ``default_*`` keys kept out of what follows, and the
        e-mails of its messages and activities queued (``_approval_queue_mails``)
        rather than sent from inside the decision (rules §14.3)."""
        engine = self._protected_context()
        context = dict(clean_context(engine.env.context), mail_notify_force_send=False)
        return engine.with_env(engine.env(context=context))

    def _approval_queue_mails(self):
        """Have the mail queue send the e-mails the engine queued (the decision
        told to the requester, an activity given to someone) at once, as the
        acknowledgements are: not from inside the request, which would hold the
        document's rows and the approver for an SMTP exchange per mail."""
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _approval_write(self, vals):
        """Write protected fields: the engine's only way to do so."""
        return self._protected_context().write(vals)

    def _approval_submit(self):
        """Send requested documents to their tiers; override for shortcuts."""
        for record in self:
            record._submit_to_tiers()

    def _submit_to_tiers(self):
        """Send the document to the tiers that apply to it."""
        self.ensure_one()
        self._set_state("request")
        # need_validation is computed without dependencies: read it afresh.
        self.invalidate_recordset(["need_validation"])
        if not self.need_validation:
            raise UserError(
                self.env._(
                    "No approval tier applies to %(document)s: ask the quality "
                    "manager to check the approval tiers (Complaints > "
                    "Configuration > Approval Tiers).",
                    document=self.display_name,
                )
            )
        reviews = self._protected_context().request_validation()
        self._approval_schedule_activities(reviews)
        return reviews

    # Hooks
    def _check_ready_for_approval(self):
        """What a document needs before it is requested or approved."""

    def _approval_reset_values(self):
        """Protected values forgotten when a document goes back to draft."""
        return {"approved_by_id": False, self._approved_date_field: False}

    def _on_approved(self):
        """Every tier approved: the document is approved, by whom and when."""
        self._set_state(
            "approve",
            approved_by_id=self.env.uid,
            **{self._approved_date_field: fields.Datetime.now()},
        )

    def _on_rejected(self):
        """A tier rejected the document."""
        self._set_state("reject")

    def _on_cancel(self):
        """Before documents are cancelled."""

    def _on_done(self):
        """Mark documents done."""
        self._set_state("done")

    def _approval_activity_note(self):
        """The note of the reviewers' activity."""
        return ""

    # Lines (complaint.document.line.mixin)
    def _check_lines_editable(self):
        """The lines of a document (a remedy's products, a chargeback's costs)
        change only while it is a draft: it is approved as a whole."""
        submitted = self.filtered(
            lambda document: document[document._state_field] != "draft"
        )
        if submitted:
            raise ValidationError(submitted[0]._lines_locked_message())

    def _lines_locked_message(self):
        """Why the lines of this submitted document cannot change (each document
        with lines words it)."""
        raise NotImplementedError

    # Messages and activities: one place
    def _approval_post_decision(self, reviews, approved):
        """Say in the chatter who decided, at which tier, and why."""
        for review in reviews:
            values = {
                "user": self.env.user.name,
                "tier": review.name,
                "comment": review.comment or "",
            }
            if approved:
                body = self.env._("Approved by %(user)s (%(tier)s).", **values)
                if review.comment:
                    body = self.env._(
                        "Approved by %(user)s (%(tier)s): %(comment)s", **values
                    )
            else:
                body = self.env._("Rejected by %(user)s (%(tier)s).", **values)
                if review.comment:
                    body = self.env._(
                        "Rejected by %(user)s (%(tier)s): %(comment)s", **values
                    )
            self.message_post(
                body=body,
                subtype_xmlid="mail.mt_note",
                partner_ids=self.requested_by_id.partner_id.ids,
            )

    def _approval_schedule_activities(self, reviews):
        """Give the members of each pending level an activity to decide: the
        level's own members (not the higher levels, who may also approve), or
        every reviewer when the level has no member; never an author."""
        if not self._approval_activity:
            return
        authors = self._approval_authors()
        for review in reviews.filtered(lambda r: r.status == "pending"):
            users = review.reviewer_group_id.user_ids & review.reviewer_ids
            users = (users or review.reviewer_ids) - authors
            for user in users.filtered(lambda u: not u.share):
                # the note in the reviewer's language (rules §13)
                local = self.with_context(lang=user.lang or self.env.lang)
                schedule_activity(
                    self,
                    self._approval_activity,
                    user,
                    note=local._approval_activity_note(),
                )

    def _approval_close_activities(self, done=True):
        """The decider's activity is done; the other reviewers' are removed.
        Found in one search; the others removed as superuser, the decision
        being the engine's, whoever's activities they are (rules §14.3)."""
        if not self._approval_activity or self.env.context.get(
            "mail_activity_automation_skip"
        ):
            return
        activities = self.activity_search([self._approval_activity])
        mine = activities.browse()
        if done:
            mine = activities.filtered(lambda a: a.user_id == self.env.user)
            if mine:
                mine.action_feedback()
        if activities - mine:
            (activities - mine).sudo().unlink()
