from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty
from odoo.tools.misc import clean_context, formatLang

from .tier_review import TIER_FLOW_CONTEXT

REMEDY_TYPES = [
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("credit", "Credit"),
    ("compensation", "Compensation"),
    ("explanation", "Explanation"),
]
# Remedies that give the customer money: they need a positive amount.
MONEY_REMEDIES = ("refund", "credit", "compensation")
# Remedies carried out by a customer credit note.
CREDIT_NOTE_REMEDIES = ("refund", "credit")
# Remedies carried out by a person, reminded by an activity.
TASK_REMEDIES = ("replacement", "repair", "compensation")
STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
# For each state, the states a remedy may reach it from.
TRANSITIONS = {
    "draft": ("to_approve", "rejected", "cancel"),
    "to_approve": ("draft",),
    "approved": ("draft", "to_approve"),
    "rejected": ("to_approve",),
    "done": ("approved",),
    "cancel": ("draft", "to_approve", "approved"),
}
# What the customer was promised: once submitted, it changes only by a new remedy.
LOCKED_FIELDS = (
    "ticket_id",
    "remedy_type",
    "amount",
    "currency_id",
    "date",
    "paid_amount",
    "origin_invoice_id",
    "description",
    "line_ids",
)
# Set by the approval flow, and nothing else: who asked, who approved, the state.
PROTECTED_FIELDS = (
    "state",
    "requested_by_id",
    "requested_date",
    "approved_by_id",
    "approved_date",
    "goodwill_policy_id",
    "credit_note_id",
)
# Set by ``_write_flow``: the only way the protected fields are written.
FLOW_CONTEXT = "complaint_remedy_flow"
ACTIVITY_APPROVAL = "complaint_management.mail_act_complaint_remedy_approval"
ACTIVITY_CARRY_OUT = "complaint_management.mail_act_complaint_remedy_carry_out"


class ComplaintRemedy(models.Model):
    """What the customer is offered for a complaint, approved at the right level.

    A remedy is a refund, replacement, repair, credit, compensation, or an
    explanation when the complaint is not our responsibility (domain.md §5). Money
    is approved by the level that the amount of the remedy, in the company currency,
    calls for (domain.md §7); explanations by the QA manager (domain.md §5). The
    levels are ``tier.definition`` records (data that managers edit), never
    thresholds in code; a goodwill policy may waive the approval of small amounts.

    Access: complaint officers propose remedies on the complaints of their teams
    and submit them; approvers (front-desk manager up to the operations
    vice-president, each level implying the lower ones) and quality engineers see
    every remedy; approvers decide on the remedies that wait for their level, never
    on one they requested themselves; the QA manager configures tiers and
    goodwill policies. The state changes only through the buttons: writing it
    (over RPC too) is refused.
    """

    _name = "complaint.remedy"
    _inherit = ["mail.thread", "mail.activity.mixin", "tier.validation"]
    _description = "Complaint Remedy"
    _order = "date desc, id desc"
    _check_company_auto = True

    _state_field = "state"
    _state_from = ["to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = True
    _tier_review_guarded = True
    _tier_review_implied_groups = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=[("is_complaint", "=", True)],
    )
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    complaint_severity = fields.Selection(related="ticket_id.complaint_severity")
    remedy_type = fields.Selection(
        REMEDY_TYPES, string="Remedy", required=True, default="refund", tracking=True
    )
    is_money = fields.Boolean(compute="_compute_is_money")
    amount = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="What the remedy is worth to the customer: the money given back, or the "
        "value of what is replaced, repaired or compensated.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        tracking=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount_company = fields.Monetary(
        string="Amount in Company Currency",
        currency_field="company_currency_id",
        compute="_compute_amount_company",
        store=True,
        help="The amount converted at the rate of the remedy's date: the approval "
        "tiers compare this amount.",
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    line_ids = fields.One2many(
        "complaint.remedy.line", "remedy_id", string="Products", copy=True
    )
    description = fields.Html(
        string="For the Customer",
        help="What we offer or explain to the customer, in words they understand. "
        "An explanation is e-mailed to the customer with this text once approved.",
    )
    origin_invoice_id = fields.Many2one(
        "account.move",
        string="Customer Invoice",
        check_company=True,
        groups="account.group_account_invoice",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id)]",
        help="The invoice the customer paid: the credit note reverses it.",
    )
    paid_amount = fields.Monetary(
        string="Customer Paid",
        currency_field="currency_id",
        compute="_compute_paid_amount",
        store=True,
        readonly=False,
        help="What the customer paid, from the receipt or invoice, when known: a "
        "refund cannot be larger.",
    )
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        tracking=True,
        help="Who submitted the remedy for approval: they cannot approve it.",
    )
    requested_date = fields.Datetime(string="Requested On", readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    goodwill_policy_id = fields.Many2one(
        "complaint.goodwill.policy",
        readonly=True,
        copy=False,
        help="The policy under which the remedy needed no approval.",
    )
    responsible_id = fields.Many2one(
        "res.users",
        string="Carried Out By",
        compute="_compute_responsible_id",
        store=True,
        readonly=False,
        tracking=True,
        domain=[("share", "=", False)],
        help="Who replaces, repairs or pays once the remedy is approved: they get an "
        "activity. Defaults to the complaint's assignee, or its team leader.",
    )
    credit_note_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
    )
    # Reception register (domain.md §7)
    reception_name = fields.Char(
        string="Confirmed By",
        tracking=True,
        copy=False,
        help="The customer who confirmed the claim in the reception register.",
    )
    reception_date = fields.Datetime(
        string="Confirmed On",
        tracking=True,
        copy=False,
        help="Filled in when the customer signs, unless entered.",
    )
    reception_signature = fields.Binary(
        string="Customer Signature", attachment=True, copy=False
    )
    # Customer history, for the approver (abuse is visible)
    history_since = fields.Date(compute="_compute_customer_history")
    history_complaint_count = fields.Integer(
        string="Complaints", compute="_compute_customer_history"
    )
    history_remedy_count = fields.Integer(
        string="Other Remedies", compute="_compute_customer_history"
    )
    history_refunded_amount = fields.Monetary(
        string="Money Given Back",
        currency_field="company_currency_id",
        compute="_compute_customer_history",
        help="Refunds, credits and compensations approved for this customer over "
        "the period, in company currency, this remedy excluded.",
    )

    # Computes
    @api.depends("remedy_type")
    def _compute_is_money(self):
        for remedy in self:
            remedy.is_money = remedy.remedy_type in MONEY_REMEDIES

    @api.depends("amount", "currency_id", "company_id", "date")
    def _compute_amount_company(self):
        for remedy in self:
            company = remedy.company_id or self.env.company
            remedy.amount_company = remedy.currency_id._convert(
                remedy.amount,
                company.currency_id,
                company,
                remedy.date or fields.Date.context_today(remedy),
            )

    @api.depends("origin_invoice_id", "currency_id")
    def _compute_paid_amount(self):
        for remedy in self:
            invoice = remedy.origin_invoice_id
            if invoice:
                remedy.paid_amount = invoice.currency_id._convert(
                    invoice.amount_total,
                    remedy.currency_id,
                    invoice.company_id,
                    remedy.date or fields.Date.context_today(remedy),
                )
            else:
                remedy.paid_amount = remedy.paid_amount

    @api.depends("ticket_id")
    def _compute_responsible_id(self):
        for remedy in self:
            ticket = remedy.ticket_id
            people = (ticket.user_id | ticket.team_id.user_id).filtered(
                lambda u: u.active and not u.share
            )
            remedy.responsible_id = people[:1]

    @api.depends("partner_id", "date", "company_id")
    def _compute_customer_history(self):
        """The customer's complaints and remedies over the company's history period
        before the remedy's date (12 months by default).

        Read as superuser on purpose: an approver must see the whole history of the
        customer, whichever teams handled it, to notice abuse. Only counts and a
        total are shown.
        """
        Ticket = self.env["helpdesk.ticket"].sudo()
        Remedy = self.sudo()
        for remedy in self:
            company = remedy.company_id or self.env.company
            since = (remedy.date or fields.Date.context_today(remedy)) - relativedelta(
                months=company.complaint_history_months
            )
            remedy.history_since = since
            partner = remedy.partner_id
            if not partner:
                remedy.history_complaint_count = 0
                remedy.history_remedy_count = 0
                remedy.history_refunded_amount = 0.0
                continue
            remedy.history_complaint_count = Ticket.search_count(
                [
                    ("is_complaint", "=", True),
                    ("commercial_partner_id", "=", partner.id),
                    ("complaint_date", ">=", since),
                ]
            )
            others = [
                ("partner_id", "=", partner.id),
                ("date", ">=", since),
                ("id", "!=", remedy._origin.id),
            ]
            remedy.history_remedy_count = Remedy.search_count(
                [*others, ("state", "!=", "cancel")]
            )
            [[refunded]] = Remedy._read_group(
                [
                    *others,
                    ("remedy_type", "in", MONEY_REMEDIES),
                    ("state", "in", ("approved", "done")),
                ],
                aggregates=["amount_company:sum"],
            )
            remedy.history_refunded_amount = refunded

    # Constraints
    @api.constrains("amount", "remedy_type")
    def _check_amount(self):
        """No remedy is worth a negative amount; money remedies (refund, credit,
        compensation) need an amount above zero."""
        for remedy in self:
            if remedy.currency_id.compare_amounts(remedy.amount, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of %(remedy)s cannot be negative: enter what the "
                        "customer gets as a positive amount.",
                        remedy=remedy.display_name,
                    )
                )
            if remedy.is_money and remedy.currency_id.is_zero(remedy.amount):
                raise ValidationError(
                    self.env._(
                        "%(remedy)s is a %(type)s: enter the amount the customer "
                        "gets, above zero.",
                        remedy=remedy.display_name,
                        type=remedy._remedy_type_label(),
                    )
                )

    @api.constrains("currency_id", "date", "company_id")
    def _check_currency_rate(self):
        """A remedy in a foreign currency needs an exchange rate on or before its
        date, or its approval tier would be chosen at a rate of 1."""
        Rate = self.env["res.currency.rate"].sudo()
        for remedy in self:
            company = remedy.company_id or self.env.company
            if remedy.currency_id == company.currency_id:
                continue
            if not Rate.search_count(
                [
                    ("currency_id", "=", remedy.currency_id.id),
                    ("company_id", "in", (False, company.root_id.id)),
                    ("name", "<=", remedy.date),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "There is no exchange rate for %(currency)s on or before "
                        "%(date)s, so %(remedy)s cannot be compared with the approval "
                        "limits: ask accounting to enter the rate, or offer the "
                        "remedy in %(company_currency)s.",
                        currency=remedy.currency_id.name,
                        date=remedy.date,
                        remedy=remedy.display_name,
                        company_currency=company.currency_id.name,
                    )
                )

    @api.constrains("amount", "paid_amount", "remedy_type")
    def _check_refund_within_paid(self):
        """A refund gives back at most what the customer paid, when that is known
        (domain.md §7: approval is by the amount of one receipt)."""
        for remedy in self:
            if (
                remedy.remedy_type == "refund"
                and not remedy.currency_id.is_zero(remedy.paid_amount)
                and remedy.currency_id.compare_amounts(
                    remedy.amount, remedy.paid_amount
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The refund of %(remedy)s (%(amount)s) is larger than what "
                        "the customer paid (%(paid)s): lower the refund, offer a "
                        "compensation for the rest, or correct 'Customer Paid'.",
                        remedy=remedy.display_name,
                        amount=remedy._format_amount(remedy.amount),
                        paid=remedy._format_amount(remedy.paid_amount),
                    )
                )

    @api.onchange("ticket_id")
    def _onchange_ticket_id(self):
        """Start with the complaint's product and defective quantity."""
        if self.ticket_id.product_id and not self.line_ids:
            self.line_ids = [
                Command.create(
                    {
                        "product_id": self.ticket_id.product_id.id,
                        "quantity": self.ticket_id.defect_qty or 1.0,
                    }
                )
            ]

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(FLOW_CONTEXT):
            for vals in vals_list:
                self._check_protected_fields(
                    [
                        name
                        for name in PROTECTED_FIELDS
                        if vals.get(name) and (name, vals[name]) != ("state", "draft")
                    ]
                )
        Ticket = self.env["helpdesk.ticket"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # The sequence is per company; reading it needs no complaint rights.
                company = Ticket.sudo().browse(vals.get("ticket_id")).company_id
                vals["name"] = self.env["ir.sequence"].with_company(
                    company or self.env.company
                ).next_by_code("complaint.remedy") or self.env._("New")
            self._stamp_reception(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get(FLOW_CONTEXT):
            self._check_protected_fields(
                [name for name in PROTECTED_FIELDS if name in vals]
            )
        vals = dict(vals)
        locked = [name for name in LOCKED_FIELDS if name in vals]
        submitted = self.filtered(lambda r: r.state != "draft")
        if locked and submitted:
            raise ValidationError(
                self.env._(
                    "%(remedy)s was submitted for approval, so what it promises "
                    "cannot change any more (%(fields)s). Propose a new remedy, or "
                    "reset a rejected or cancelled one to draft.",
                    remedy=submitted[0].display_name,
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in locked
                    ),
                )
            )
        self._stamp_reception(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for remedy in self:
            if remedy.state not in ("draft", "cancel"):
                raise UserError(
                    self.env._(
                        "%(remedy)s is %(state)s: only draft or cancelled remedies "
                        "can be deleted; cancel it first.",
                        remedy=remedy.display_name,
                        state=remedy._state_label(),
                    )
                )

    def unlink(self):
        flow = self.with_context(**{TIER_FLOW_CONTEXT: True})
        return super(ComplaintRemedy, flow).unlink()

    @api.model
    def _check_protected_fields(self, names):
        """Refuse writing the fields of the approval flow (``PROTECTED_FIELDS``).

        They are the trail of segregation of duties: writing the state to
        'approved', or the requester to someone else, over RPC or an import would
        skip the approval, so only the flow's own methods write them.
        """
        if names:
            raise ValidationError(
                self.env._(
                    "The approval flow of a remedy sets these fields with its buttons "
                    "(Request Approval, Approve, Reject, Mark as Done, Cancel): they "
                    "cannot be written directly: %(fields)s.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in names
                    ),
                )
            )

    @api.model
    def _stamp_reception(self, vals):
        """Date the customer's signature when it is captured without a date."""
        if vals.get("reception_signature") and not vals.get("reception_date"):
            vals["reception_date"] = fields.Datetime.now()

    # Actions
    def action_request_approval(self):
        """Submit draft remedies: approved at once under a goodwill policy, else
        sent to the approval tier their amount or type calls for."""
        self._check_transition("to_approve")
        self._check_ready_for_approval()
        self._write_flow(
            {
                "requested_by_id": self.env.uid,
                "requested_date": fields.Datetime.now(),
            }
        )
        for remedy in self:
            policy = self.env["complaint.goodwill.policy"]._find_for(remedy)
            if policy:
                remedy._approve_under_policy(policy)
            else:
                remedy._submit_to_tiers()
        return True

    def action_withdraw(self):
        """Take a remedy back from its approvers to change it: its requester or a
        quality manager may."""
        self._check_transition("draft", sources=("to_approve",))
        is_manager = self.env.user.has_group(
            "complaint_management.group_complaint_manager"
        )
        for remedy in self:
            if remedy.requested_by_id != self.env.user and not is_manager:
                raise UserError(
                    self.env._(
                        "Only %(requester)s, who requested %(remedy)s, or a quality "
                        "manager can withdraw it.",
                        requester=remedy.requested_by_id.name,
                        remedy=remedy.display_name,
                    )
                )
        self._reset_to_draft()
        for remedy in self:
            remedy.message_post(
                body=self.env._(
                    "Withdrawn from approval by %(user)s.", user=self.env.user.name
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reset_to_draft(self):
        """Reopen a rejected or cancelled remedy to change and resubmit it."""
        self._check_transition("draft", sources=("rejected", "cancel"))
        self._reset_to_draft()
        return True

    def action_cancel(self):
        """Cancel a remedy that was not carried out; its draft credit note too."""
        self._check_transition("cancel")
        posted = self.credit_note_id.sudo().filtered(lambda m: m.state == "posted")
        if posted:
            raise UserError(
                self.env._(
                    "The credit note %(move)s is posted: ask accounting to reverse "
                    "it before cancelling the remedy.",
                    move=posted[0].display_name,
                )
            )
        self.credit_note_id.sudo().filtered(
            lambda m: m.state == "draft"
        ).button_cancel()
        self._set_state("cancel")
        self.activity_unlink([ACTIVITY_APPROVAL, ACTIVITY_CARRY_OUT])
        return True

    def action_done(self):
        """Record that the remedy was carried out. A refund or credit is done once
        its credit note is posted (which marks it done by itself)."""
        self._check_transition("done")
        for remedy in self:
            if remedy.remedy_type in CREDIT_NOTE_REMEDIES and (
                remedy.credit_note_id.sudo().state != "posted"
            ):
                raise UserError(
                    self.env._(
                        "%(remedy)s is done when its credit note is posted: ask "
                        "accounting to post %(move)s.",
                        remedy=remedy.display_name,
                        move=remedy.credit_note_id.display_name
                        or self.env._("the credit note"),
                    )
                )
        self._mark_done()
        return True

    def action_create_credit_note(self):
        """Write the credit note again, e.g. after accounting deleted the draft."""
        self.ensure_one()
        if self.state != "approved" or self.remedy_type not in CREDIT_NOTE_REMEDIES:
            raise UserError(
                self.env._(
                    "Only an approved refund or credit gets a credit note: "
                    "%(remedy)s is a %(type)s and %(state)s.",
                    remedy=self.display_name,
                    type=self._remedy_type_label(),
                    state=self._state_label(),
                )
            )
        if self.credit_note_id.sudo().state in ("draft", "posted"):
            return self.action_view_credit_note()
        self._create_credit_note()
        return self.action_view_credit_note()

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
            "context": {"default_move_type": "out_refund"},
        }

    def action_view_customer_remedies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_remedy_action"
        )
        action.update(
            domain=[("partner_id", "=", self.partner_id.id)],
            context={},
            name=self.env._("Remedies of %(customer)s", customer=self.partner_id.name),
        )
        return action

    def action_view_customer_complaints(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Complaints of %(customer)s", customer=self.partner_id.name
            ),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [
                ("is_complaint", "=", True),
                ("commercial_partner_id", "=", self.partner_id.id),
            ],
        }

    # Tier validation
    def _prepare_tier_review_vals(self, definition, sequence):
        vals = super()._prepare_tier_review_vals(definition, sequence)
        vals["requested_by"] = self.requested_by_id.id or self.env.uid
        return vals

    @api.model
    def _get_under_validation_exceptions(self):
        """The reception register and who carries the remedy out may be filled in
        while the remedy waits for approval."""
        return super()._get_under_validation_exceptions() + [
            "reception_name",
            "reception_date",
            "reception_signature",
            "responsible_id",
        ]

    def _validate_tier(self, tiers=False):
        """Approve the user's pending reviews; once every review is approved, the
        remedy is approved and carried out."""
        self._check_can_decide()
        approved_before = self.review_ids.filtered(lambda r: r.status == "approved")
        flow = self.with_context(**{TIER_FLOW_CONTEXT: True})
        res = super(ComplaintRemedy, flow)._validate_tier(
            tiers and tiers.with_context(**{TIER_FLOW_CONTEXT: True})
        )
        # The comment wizard's context holds default_res_id & co.: keep them out of
        # the messages, activities and credit notes that follow.
        remedy = self.with_env(self.env(context=clean_context(self.env.context)))
        decided = remedy.review_ids.filtered(lambda r: r.status == "approved")
        remedy._post_decision(decided - approved_before, approved=True)
        if remedy.validation_status == "validated":
            remedy._on_approved()
        return res

    def _rejected_tier(self, tiers=False):
        """Reject the user's pending reviews: the remedy is rejected."""
        self._check_can_decide()
        rejected_before = self.review_ids.filtered(lambda r: r.status == "rejected")
        flow = self.with_context(**{TIER_FLOW_CONTEXT: True})
        res = super(ComplaintRemedy, flow)._rejected_tier(
            tiers and tiers.with_context(**{TIER_FLOW_CONTEXT: True})
        )
        remedy = self.with_env(self.env(context=clean_context(self.env.context)))
        decided = remedy.review_ids.filtered(lambda r: r.status == "rejected")
        remedy._post_decision(decided - rejected_before, approved=False)
        if remedy.validation_status == "rejected":
            remedy._set_state("rejected")
            remedy._close_approval_activities()
        return res

    # Business methods
    def _check_transition(self, state, sources=None):
        """One guard for every change of state, holding every refusal's message.

        ``sources`` narrows the states allowed by ``TRANSITIONS`` for one action:
        withdrawing and resetting both lead to draft, from different states.
        """
        actions = {
            "draft": self.env._("set back to draft"),
            "to_approve": self.env._("submitted for approval"),
            "approved": self.env._("approved"),
            "rejected": self.env._("rejected"),
            "done": self.env._("marked as done"),
            "cancel": self.env._("cancelled"),
        }
        for remedy in self:
            if remedy.state not in (sources or TRANSITIONS[state]):
                raise UserError(
                    self.env._(
                        "%(remedy)s is %(state)s, so it cannot be %(action)s.",
                        remedy=remedy.display_name,
                        state=remedy._state_label(),
                        action=actions[state],
                    )
                )

    def _set_state(self, state, **values):
        """Move remedies to ``state``, the only way their state is written."""
        self._check_transition(state)
        self._write_flow(dict(values, state=state))

    def _write_flow(self, vals):
        """Write fields of the approval flow (``PROTECTED_FIELDS``).

        ``skip_validation_check``: the flow's guards replace base_tier_validation's
        refusal to write under validation, e.g. the state 'rejected'.
        """
        self.with_context(
            **{
                FLOW_CONTEXT: True,
                TIER_FLOW_CONTEXT: True,
                "skip_validation_check": True,
            }
        ).write(vals)

    def _check_ready_for_approval(self):
        """What a remedy needs before anyone can approve it."""
        for remedy in self:
            customer = remedy.ticket_id.partner_id
            if not customer and remedy.remedy_type in (
                *CREDIT_NOTE_REMEDIES,
                "explanation",
            ):
                raise UserError(
                    self.env._(
                        "%(complaint)s has no customer: set the customer on the "
                        "complaint before submitting %(remedy)s.",
                        complaint=remedy.ticket_id.display_name,
                        remedy=remedy.display_name,
                    )
                )
            if remedy.remedy_type == "explanation" and is_html_empty(
                remedy.description
            ):
                raise UserError(
                    self.env._(
                        "Write the explanation for the customer in 'For the "
                        "Customer' before submitting %(remedy)s: it is what the QA "
                        "manager approves and what the customer receives.",
                        remedy=remedy.display_name,
                    )
                )

    def _check_lines_editable(self):
        """The products of a remedy change only while it is a draft."""
        submitted = self.filtered(lambda r: r.state != "draft")
        if submitted:
            raise ValidationError(
                self.env._(
                    "%(remedy)s was submitted for approval: its products cannot "
                    "change any more. Propose a new remedy instead.",
                    remedy=submitted[0].display_name,
                )
            )

    def _check_can_decide(self):
        """Only a reviewer of a pending tier may approve or reject a remedy, and
        never the person who requested it (segregation of duties, domain.md §7).

        Checked in ``_validate_tier`` and ``_rejected_tier``, which every path
        ends in: the buttons, the comment wizard and RPC calls alike.
        """
        for remedy in self:
            if remedy.state != "to_approve":
                raise UserError(
                    self.env._(
                        "%(remedy)s is %(state)s: only a remedy waiting for approval "
                        "can be approved or rejected.",
                        remedy=remedy.display_name,
                        state=remedy._state_label(),
                    )
                )
            if self.env.user == remedy.requested_by_id:
                raise UserError(
                    self.env._(
                        "You requested %(remedy)s yourself: another approver must "
                        "decide on it.",
                        remedy=remedy.display_name,
                    )
                )
            if not remedy.can_review:
                pending = remedy.review_ids.filtered(
                    lambda r: r.status in ("waiting", "pending")
                )
                raise UserError(
                    self.env._(
                        "You cannot decide on %(remedy)s: it waits for %(reviewers)s.",
                        remedy=remedy.display_name,
                        reviewers=", ".join(filter(None, pending.mapped("todo_by")))
                        or self.env._("another approver"),
                    )
                )

    def _submit_to_tiers(self):
        """Send the remedy to the tier that its amount or type calls for."""
        self.ensure_one()
        self._set_state("to_approve")
        self.invalidate_recordset(["need_validation"])
        if not self.need_validation:
            raise UserError(
                self.env._(
                    "No approval tier applies to %(remedy)s (%(type)s of %(amount)s): "
                    "ask the quality manager to check the approval tiers.",
                    remedy=self.display_name,
                    type=self._remedy_type_label(),
                    amount=self._format_amount(self.amount),
                )
            )
        reviews = self.with_context(**{TIER_FLOW_CONTEXT: True}).request_validation()
        self._schedule_approval_activities(reviews)

    def _approve_under_policy(self, policy):
        """Approve a remedy at once because a goodwill policy covers it."""
        self.ensure_one()
        self._set_state(
            "approved",
            goodwill_policy_id=policy.id,
            approved_date=fields.Datetime.now(),
        )
        self.message_post(
            body=self.env._(
                "No approval needed: %(amount)s is below the limit of the goodwill "
                "policy %(policy)s.",
                amount=self._format_amount(self.amount),
                policy=policy.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._carry_out()

    def _schedule_approval_activities(self, reviews):
        """Give the members of each pending level an activity to decide.

        The level's own members get it (not the higher levels, who may also
        approve), or every reviewer when the level has no member; never the
        requester.
        """
        for review in reviews.filtered(lambda r: r.status == "pending"):
            users = review.reviewer_group_id.user_ids & review.reviewer_ids
            users = (users or review.reviewer_ids) - self.requested_by_id
            for user in users.filtered(lambda u: not u.share):
                self.activity_schedule(
                    ACTIVITY_APPROVAL,
                    user_id=user.id,
                    note=self.env._(
                        "%(type)s of %(amount)s for %(customer)s, requested by "
                        "%(requester)s.",
                        type=self._remedy_type_label(),
                        amount=self._format_amount(self.amount),
                        customer=self.partner_id.display_name or "",
                        requester=self.requested_by_id.name,
                    ),
                )

    def _close_approval_activities(self):
        """The decider's activity is done; the other approvers' are removed."""
        self.activity_feedback([ACTIVITY_APPROVAL], user_id=self.env.uid)
        self.activity_unlink([ACTIVITY_APPROVAL])

    def _post_decision(self, reviews, approved):
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

    def _on_approved(self):
        """The last tier approved: record it and carry the remedy out."""
        self._set_state(
            "approved",
            approved_by_id=self.env.uid,
            approved_date=fields.Datetime.now(),
        )
        self._close_approval_activities()
        self._carry_out()

    def _reset_to_draft(self):
        """Back to draft, forgetting the previous round: reviews, activities,
        approval and the (cancelled) credit note."""
        self._set_state(
            "draft",
            approved_by_id=False,
            approved_date=False,
            goodwill_policy_id=False,
            credit_note_id=False,
        )
        self.with_context(**{TIER_FLOW_CONTEXT: True}).review_ids.unlink()
        self.activity_unlink([ACTIVITY_APPROVAL, ACTIVITY_CARRY_OUT])

    def _carry_out(self):
        """Set an approved remedy in motion (domain.md §5, §7): a refund or credit
        gets a draft customer credit note; a replacement, repair or compensation
        an activity for whoever carries it out; an explanation is e-mailed to the
        customer, which completes it."""
        for remedy in self:
            if remedy.remedy_type in CREDIT_NOTE_REMEDIES:
                remedy._create_credit_note()
            elif remedy.remedy_type in TASK_REMEDIES:
                remedy._schedule_carry_out_activity()
            elif remedy.remedy_type == "explanation":
                remedy._send_explanation()

    def _prepare_credit_note_vals(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        journal = company._complaint_remedy_journal()
        account = company.complaint_remedy_account_id or journal.default_account_id
        if not journal or not account:
            raise UserError(
                self.env._(
                    "%(company)s has no sales journal with an income account for the "
                    "credit notes of remedies: choose them in Complaints > "
                    "Configuration > Settings, then create the credit note of "
                    "%(remedy)s.",
                    company=company.name,
                    remedy=self.display_name,
                )
            )
        complaint = self.ticket_id
        origin = complaint.complaint_number or complaint.display_name
        invoice = self.sudo().origin_invoice_id
        return {
            "move_type": "out_refund",
            "company_id": company.id,
            "journal_id": journal.id,
            "partner_id": complaint.commercial_partner_id.id,
            "currency_id": self.currency_id.id,
            "invoice_origin": origin,
            "ref": self.env._(
                "%(remedy)s, complaint %(complaint)s",
                remedy=self.name,
                complaint=origin,
            ),
            "reversed_entry_id": invoice.id or False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "%(type)s for complaint %(complaint)s",
                            type=self._remedy_type_label(),
                            complaint=origin,
                        ),
                        "quantity": 1.0,
                        "price_unit": self.amount,
                        "account_id": account.id,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _create_credit_note(self):
        """Write the draft customer credit note of an approved refund or credit.

        Created as superuser: the approval is the authorisation, approvers need no
        accounting rights, and accounting reviews and posts the draft.
        """
        self.ensure_one()
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id or self.env.company)
            .create(self.sudo()._prepare_credit_note_vals())
        )
        self._write_flow({"credit_note_id": move.id})
        link = move._get_html_link()
        move.message_post(
            body=self.env._(
                "Credit note for the remedy %(remedy)s of complaint %(complaint)s.",
                remedy=self._get_html_link(),
                complaint=self.ticket_id._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.ticket_id.sudo().message_post(
            body=self.env._(
                "Credit note %(move)s drafted for the remedy %(remedy)s.",
                move=link,
                remedy=self._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return move

    def _schedule_carry_out_activity(self):
        self.ensure_one()
        self.activity_schedule(
            ACTIVITY_CARRY_OUT,
            user_id=(self.responsible_id or self.requested_by_id or self.env.user).id,
            note=self.env._(
                "%(type)s approved for %(customer)s (complaint %(complaint)s): carry "
                "it out, then mark the remedy as done.",
                type=self._remedy_type_label(),
                customer=self.partner_id.display_name or "",
                complaint=self.ticket_id.complaint_number or self.ticket_id.name,
            ),
        )

    def _send_explanation(self):
        """E-mail the approved explanation to the customer; that completes it."""
        self.ensure_one()
        template = self.env.ref(
            "complaint_management.mail_template_complaint_remedy_explanation"
        )
        self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        self.ticket_id.sudo().message_post(
            body=self.env._(
                "Explanation %(remedy)s sent to the customer.",
                remedy=self._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._mark_done()

    def _mark_done(self):
        self._set_state("done")
        self.activity_feedback([ACTIVITY_CARRY_OUT])

    def _remedy_type_label(self):
        self.ensure_one()
        return dict(self._fields["remedy_type"]._description_selection(self.env)).get(
            self.remedy_type, ""
        )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(
            self.state, ""
        )

    def _format_amount(self, amount):
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)
