import base64

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import is_html_empty
from odoo.tools.misc import formatLang

from .complaint_approval_mixin import ComplaintApprovalMixin
from .complaint_groups import COST_GROUPS
from .complaint_language import schedule_activity
from .complaint_protected_mixin import free_only, locked
from .complaint_workflow_mixin import reference_field

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
# What the customer was promised: once submitted, it changes only by a new remedy.
LOCKED_FIELDS = (
    "ticket_id",
    "remedy_type",
    "amount",
    "currency_id",
    "date",
    "paid_amount",
    "origin_invoice_id",
    "receipt_reference",
    "description",
    "line_ids",
)
CUSTOMER_DECISIONS = [("accepted", "Accepted"), ("declined", "Declined")]
# Written only by ``_portal_customer_answer``, after its checks: the customer's
# answer is what the customer said, never what a client wrote.
CUSTOMER_DECISION_FIELDS = (
    "customer_decision",
    "customer_decision_date",
    "customer_decision_comment",
)
# Set by the application, and nothing else: by the approval engine, who approved,
# the values the tier is chosen by, what was carried out (the state and requester
# are the engine's own); by the portal, the customer's answer.
PROTECTED_FIELDS = (
    "approved_date",
    "goodwill_policy_id",
    "credit_note_id",
    "amount_company",
    "receipt_key",
    "receipt_verified",
    "approval_key",
    "receipt_total_company",
    *CUSTOMER_DECISION_FIELDS,
)
# The reception register (rules §7): the customer's signed confirmation,
# still filled in while the remedy waits for approval and once it is done.
RECEPTION_FIELDS = (
    "reception_name",
    "reception_date",
    "reception_signature",
)
# States in which a remedy counts towards its receipt (rules §7).
ACTIVE_STATES = ("to_approve", "approved", "done")
ACTIVITY_APPROVAL = "complaint_management.mail_act_complaint_remedy_approval"
ACTIVITY_CARRY_OUT = "complaint_management.mail_act_complaint_remedy_carry_out"


class ComplaintRemedy(models.Model):
    """What the customer is offered for a complaint, approved at the right level.

    A remedy is a refund, replacement, repair, credit, compensation, or an
    explanation when the complaint is not our responsibility (rules §5). Money
    is approved by the level that the amount of **one receipt** calls for
    (rules §7.1) when the receipt is evidence (a posted invoice, or a paid
    point-of-sale order when Point of Sale is installed): its tier follows the
    total, in company currency, of the remedies pending or approved on that
    receipt, itself included. A typed receipt number is no evidence: the
    remedies of a complaint and customer without a verified receipt are
    approved by their total over the company's period, and the approver sees
    the customer's recent remedies. A remedy without an amount
    (replacement, repair) is valued at the sales price of its products. Refunds
    and credits never give back more than the receipt paid, all its remedies
    counted. Explanations are approved by the QA manager (rules §5). The
    levels are ``tier.definition`` records (data that managers edit), never
    thresholds in code; a goodwill policy may waive the approval of small amounts.

    Access: complaint officers propose remedies on the complaints of their teams
    and submit them; approvers (front-desk manager up to the operations
    vice-president, each level implying the lower ones) and quality engineers see
    every remedy; approvers decide on the remedies that wait for their level, never
    on one they requested, created or changed themselves (rules §12.3); the QA
    manager configures tiers and goodwill policies. The state changes only
    through the buttons of the approval engine (``complaint.approval.mixin``):
    writing it (over RPC too) is refused.

    Once submitted, what the customer was promised (``LOCKED_FIELDS``) changes
    only by a new remedy. A done remedy stays as it was (rules §10,
    ``complaint.protected.mixin``): the customer got it, so nobody deletes or
    changes it; only the reception register (the customer's signed confirmation,
    rules §7) is still filled in until the customer signed it (rules §19.3),
    and the approval engine still links what it
    carried out. An approved refund or credit gets a draft customer credit note,
    posted by accounting, which completes the remedy (``account.move._post``).

    The customer's answer (rules §8, seeds 001/004: the customer says whether
    the solution suits them; if not, it is revised): an approved remedy is offered
    to the customer, who accepts or declines it once, in the portal; the answer is
    recorded in the chatter of the remedy and of its complaint. A declined remedy
    gives the complaint's handler an activity to revise the solution.

    The customer's money history on a remedy is a cost figure (rules §11.2): the
    approvers read it to notice abuse (rules §7), officers do not. The
    remedy's own amount is the offer the officer makes: not hidden.
    """

    _name = "complaint.remedy"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.approval.mixin",
        "complaint.number.mixin",
        "complaint.chatter.mixin",
    ]
    _description = "Complaint Remedy"
    _order = "date desc, id desc"
    # The amount is a finite number (complaint.number.mixin)
    _number_fields = ("amount",)
    _check_company_auto = True

    _tier_review_implied_groups = True
    _transitions = {
        **ComplaintApprovalMixin._transitions,
        # A goodwill policy covers the remedy: approved without a review.
        "waive": (("draft",), "approved"),
    }
    _approval_activity = ACTIVITY_APPROVAL
    _sequence_code = "complaint.remedy"
    # Record protection: what only the application writes, what a submitted
    # remedy no longer changes, and the done remedy that stays as it was.
    _protected_fields = PROTECTED_FIELDS
    _locks = {
        **dict.fromkeys(
            ("to_approve", "approved", "rejected", "cancel"), locked(*LOCKED_FIELDS)
        ),
        "done": free_only(*RECEPTION_FIELDS),
    }
    _undeletable_states = ("done",)

    name = reference_field()
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
        string="Value in Company Currency",
        currency_field="company_currency_id",
        compute="_compute_amount_company",
        store=True,
        help="The amount converted at the rate of the remedy's date; without an "
        "amount (a replacement, a repair), the sales price of its products times "
        "their quantity. Reports and the receipt's total count this value.",
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
        help="What the customer paid, from the receipt or invoice, when known: "
        "the refunds and credits on that receipt together cannot be larger.",
    )
    receipt_reference = fields.Char(
        string="Receipt",
        tracking=True,
        help="The number of the receipt (or delivery note) the customer paid. A "
        "number that is the receipt of a point-of-sale order of the customer "
        "(when Point of Sale is installed) is a verified receipt; any other "
        "number is not proof of a purchase: the complaint's remedies without a "
        "verified receipt are approved by the level their total calls for.",
    )
    receipt_key = fields.Char(
        compute="_compute_receipt_key",
        store=True,
        index=True,
        help="Which remedies share a receipt, for what the customer paid: the "
        "invoice, else the point-of-sale order, else the customer's receipt "
        "number, else the complaint.",
    )
    receipt_verified = fields.Boolean(
        compute="_compute_receipt_key",
        store=True,
        help="The receipt is a document of the company: a posted invoice of the "
        "customer, or a paid point-of-sale order. Only then is the remedy approved "
        "by the total of that one receipt (rules §7.1).",
    )
    approval_key = fields.Char(
        compute="_compute_receipt_key",
        store=True,
        index=True,
        help="Which remedies are approved together: those of the same verified "
        "receipt, else those of the complaint and customer without one.",
    )
    receipt_total_company = fields.Monetary(
        string="Receipt Total",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="When approval was requested, in company currency: the value of this "
        "remedy and of the other remedies pending or approved on the same verified "
        "receipt; without a verified receipt, of the complaint's remedies without "
        "one requested within the company's period. The approval tier follows "
        "this total (rules §7.1).",
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
    # Reception register (rules §7)
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
        groups=COST_GROUPS,
        help="Refunds, credits and compensations approved for this customer over "
        "the period, in company currency, this remedy excluded.",
    )
    # The customer's answer (rules §8), given in the portal
    customer_decision = fields.Selection(
        CUSTOMER_DECISIONS,
        string="Customer's Answer",
        readonly=True,
        copy=False,
        tracking=True,
    )
    customer_decision_date = fields.Datetime(
        string="Answered On", readonly=True, copy=False
    )
    customer_decision_comment = fields.Text(
        string="Customer's Comment", readonly=True, copy=False
    )

    # Computes
    @api.depends("remedy_type")
    def _compute_is_money(self):
        for remedy in self:
            remedy.is_money = remedy.remedy_type in MONEY_REMEDIES

    @api.depends(
        "amount",
        "currency_id",
        "company_id",
        "date",
        "remedy_type",
        "line_ids.product_id",
        "line_ids.quantity",
    )
    def _compute_amount_company(self):
        """The amount in company currency; a remedy without an amount is worth the
        sales price of its products times their quantity (rules §7), an
        explanation nothing."""
        for remedy in self:
            company = remedy.company_id or self.env.company
            if remedy.remedy_type == "explanation":
                remedy.amount_company = 0.0
            elif remedy.currency_id.is_zero(remedy.amount):
                remedy.amount_company = company.currency_id.round(
                    sum(
                        line.product_id.lst_price * line.quantity
                        for line in remedy.line_ids
                    )
                )
            else:
                remedy.amount_company = remedy.currency_id._convert(
                    remedy.amount,
                    company.currency_id,
                    company,
                    remedy.date or fields.Date.context_today(remedy),
                )

    @api.depends(
        "state",
        "origin_invoice_id",
        "origin_invoice_id.state",
        "origin_invoice_id.commercial_partner_id",
        "receipt_reference",
        "partner_id",
        "company_id",
        "ticket_id",
    )
    def _compute_receipt_key(self):
        """Which receipt the remedy refunds, whether that receipt is evidence,
        and which remedies are approved together (rules §7.1).

        A receipt is evidence when it is a document of the company: a posted
        invoice of the customer, or a paid point-of-sale order of the customer
        (or of no customer) whose receipt number the remedy names, when Point
        of Sale is installed. The remedies of one verified receipt are approved
        together, whatever their complaints. A typed receipt number proves
        nothing (anyone can invent one per remedy), so the remedies without a
        verified receipt are approved together per complaint and customer.

        A remedy that counts (pending, approved or done) keeps the receipt it
        was submitted on (rules §10.5): re-coding its complaint's customer
        afterwards must not take it off the receipt's total."""
        for remedy in self:
            if remedy.state in ACTIVE_STATES and remedy.receipt_key:
                remedy.receipt_key = remedy.receipt_key
                remedy.receipt_verified = remedy.receipt_verified
                remedy.approval_key = remedy.approval_key
                continue
            reference = (remedy.receipt_reference or "").strip().upper()
            invoice = remedy.origin_invoice_id
            order = remedy._receipt_pos_order(reference) if not invoice else None
            if invoice:
                remedy.receipt_key = f"invoice:{invoice.id}"
                remedy.receipt_verified = (
                    invoice.state == "posted"
                    and invoice.move_type == "out_invoice"
                    and invoice.company_id == remedy.company_id
                    and invoice.commercial_partner_id == remedy.partner_id
                )
            elif order:
                remedy.receipt_key = f"pos:{order.id}"
                remedy.receipt_verified = True
            elif reference:
                remedy.receipt_key = (
                    f"receipt:{remedy.company_id.id}:{remedy.partner_id.id}:{reference}"
                )
                remedy.receipt_verified = False
            elif remedy.ticket_id:
                remedy.receipt_key = f"complaint:{remedy.ticket_id.id}"
                remedy.receipt_verified = False
            else:
                remedy.receipt_key = False
                remedy.receipt_verified = False
            if remedy.receipt_verified:
                remedy.approval_key = remedy.receipt_key
            elif remedy.ticket_id:
                remedy.approval_key = (
                    f"complaint:{remedy.ticket_id.id}:{remedy.partner_id.id or 0}"
                )
            else:
                remedy.approval_key = False

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
        before the remedy's date (12 months by default), from
        ``res.partner._complaint_history``."""
        for remedy in self:
            company = remedy.company_id or self.env.company
            since = (remedy.date or fields.Date.context_today(remedy)) - relativedelta(
                months=company.complaint_history_months
            )
            history = remedy.partner_id._complaint_history(
                since, remedy._origin, company=remedy.company_id
            )
            remedy.history_since = since
            remedy.history_complaint_count = history["complaints"]
            remedy.history_remedy_count = history["remedies"]
            remedy.history_refunded_amount = history["refunded"]

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

    @api.constrains(
        "amount", "paid_amount", "remedy_type", "receipt_key", "currency_id", "state"
    )
    def _check_refund_within_paid(self):
        """Refunds and credits give back at most what the customer paid on the
        receipt, when that is known, counting every refund and credit pending or
        approved on the same receipt (rules §7: one receipt)."""
        remedies = self.filtered(
            lambda r: (
                r.remedy_type in CREDIT_NOTE_REMEDIES
                and r.state not in ("rejected", "cancel")
                and not r.currency_id.is_zero(r.paid_amount)
            )
        )
        if not remedies:
            return
        given = remedies._receipt_totals(CREDIT_NOTE_REMEDIES)
        for remedy in remedies:
            company = remedy.company_id or self.env.company
            paid = remedy.currency_id._convert(
                remedy.paid_amount,
                company.currency_id,
                company,
                remedy.date or fields.Date.context_today(remedy),
            )
            total = given[remedy]
            if company.currency_id.compare_amounts(total, paid) > 0:
                raise ValidationError(
                    self.env._(
                        "The refund of %(remedy)s (%(amount)s) is larger than what "
                        "the customer paid (%(paid)s): lower the refund, offer a "
                        "compensation for the rest, or correct 'Customer Paid'. "
                        "Refunds and credits on this receipt: %(total)s.",
                        remedy=remedy.display_name,
                        amount=remedy._format_amount(remedy.amount),
                        paid=remedy._format_amount(remedy.paid_amount),
                        total=formatLang(
                            self.env, total, currency_obj=company.currency_id
                        ),
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
        for vals in vals_list:
            self._stamp_reception(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._check_reception_signed(vals)
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

    @api.model
    def _sequence_company(self, vals):
        """A remedy is numbered in its complaint's company."""
        ticket = self.env["helpdesk.ticket"].sudo().browse(vals.get("ticket_id"))
        return ticket.company_id or self.env.company

    def _check_reception_signed(self, vals):
        """Once the customer signed, the register entry (who, when, the
        signature) stays as signed: a client's write is refused, whatever the
        remedy's state; a QA manager corrects it with a reason (rules §19.3)."""
        if self._protected_trusted():
            return
        names = [name for name in RECEPTION_FIELDS if name in vals]
        if not names:
            return
        signed = self.sudo().filtered("reception_signature")
        if signed:
            raise ValidationError(
                self.env._(
                    "The customer signed the reception register of %(remedy)s: the "
                    "entry stays as signed (%(fields)s cannot change). A QA manager "
                    "corrects a wrong entry with 'Correct the Register', giving "
                    "the reason.",
                    remedy=signed[0].display_name,
                    fields=self._field_labels(names, sort=True),
                )
            )

    def action_correct_reception(self):
        """Open the wizard in which a QA manager corrects a signed entry."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct the Register"),
            "res_model": "complaint.register.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_remedy_id": self.id,
                "default_new_name": self.reception_name,
                "default_new_date": self.reception_date,
            },
        }

    def _correct_reception(self, name, date, signature, reason):
        """Correct the signed register entry: the QA manager's decision, never
        the remedy's author's (four eyes, rules §12.3), with the reason and the
        old entry kept in the chatter, the replaced signature attached (rules
        §19.3)."""
        self.ensure_one()
        if not self.reception_signature:
            raise UserError(
                self.env._(
                    "%(remedy)s has no signed entry: fill in the register itself.",
                    remedy=self.display_name,
                )
            )
        if self.env.user in self._approval_authors():
            raise UserError(
                self.env._(
                    "You requested or wrote %(remedy)s yourself: another QA manager "
                    "corrects its register.",
                    remedy=self.display_name,
                )
            )
        old_name, old_date = self.reception_name, self.reception_date
        attachments = []
        if signature:
            old = self.sudo().with_context(bin_size=False).reception_signature
            attachments = [("signature-replaced.png", base64.b64decode(old))]
        vals = {"reception_name": name, "reception_date": date}
        if signature:
            vals["reception_signature"] = signature
        self._protected_context().sudo().write(vals)
        self.message_post(
            body=self.env._(
                "Register corrected by %(user)s: %(old_name)s on %(old_date)s "
                "became %(name)s on %(date)s%(signature)s. Reason: %(reason)s",
                user=self.env.user.name,
                old_name=old_name or "",
                old_date=old_date or "",
                name=name,
                date=date,
                signature=self.env._(", signed again") if signature else "",
                reason=reason,
            ),
            attachments=attachments,
            subtype_xmlid="mail.mt_note",
        )
        return True

    @api.model
    def _stamp_reception(self, vals):
        """Date the customer's signature when it is captured without a date."""
        if vals.get("reception_signature") and not vals.get("reception_date"):
            vals["reception_date"] = fields.Datetime.now()

    # Actions
    @api.readonly
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

    @api.readonly
    def action_view_customer_complaints(self):
        self.ensure_one()
        return self.env["helpdesk.ticket"]._complaint_list_action(
            self.env._("Complaints of %(customer)s", customer=self.partner_id.name),
            [
                ("is_complaint", "=", True),
                ("commercial_partner_id", "=", self.partner_id.id),
            ],
        )

    # Approval engine (complaint.approval.mixin)
    @api.model
    def _get_under_validation_exceptions(self):
        """The reception register and who carries the remedy out may be filled in
        while the remedy waits for approval; the customer's answer is recorded by
        the portal."""
        return super()._get_under_validation_exceptions() + [
            *RECEPTION_FIELDS,
            "responsible_id",
            *CUSTOMER_DECISION_FIELDS,
        ]

    # Record protection (complaint.protected.mixin)
    def _lock_message(self, names):
        if self.state == "done":
            return super()._lock_message(names)
        return self.env._(
            "%(remedy)s was submitted for approval, so what it promises "
            "cannot change any more (%(fields)s). Propose a new remedy, or "
            "reset a rejected or cancelled one to draft.",
            remedy=self.display_name,
            fields=self._field_labels(names),
        )

    def _lock_hint(self):
        """What to do instead of changing a done remedy."""
        return self.env._("If the customer needs more, propose a new remedy.")

    def _refusal(self, action, rights=True):
        """A refund or credit is done once its credit note is posted (which marks
        it done by itself)."""
        refusal = super()._refusal(action, rights=rights)
        if refusal or action != "done" or not rights:
            return refusal
        if self.remedy_type in CREDIT_NOTE_REMEDIES and (
            self.credit_note_id.sudo().state != "posted"
        ):
            return self.env._(
                "%(remedy)s is done when its credit note is posted: ask "
                "accounting to post %(move)s.",
                remedy=self.display_name,
                move=self.credit_note_id.sudo().display_name
                or self.env._("the credit note"),
            )
        return False

    def _approval_submit(self):
        """Each remedy is valued with the others of its receipt; a goodwill policy
        approves it at once, else it goes to the tier that total calls for."""
        for remedy in self:
            total = remedy._receipt_totals(approval=True)[remedy]
            remedy._approval_write({"receipt_total_company": total})
            policy = self.env["complaint.goodwill.policy"]._find_for(remedy)
            if policy:
                remedy._approve_under_policy(policy)
            else:
                remedy._submit_to_tiers()

    def _approval_activity_note(self):
        return self.env._(
            "%(type)s of %(amount)s for %(customer)s, requested by %(requester)s.",
            type=self._remedy_type_label(),
            amount=self._format_amount(self.amount),
            customer=self.partner_id.display_name or "",
            requester=self.requested_by_id.name,
        )

    def _approval_reset_values(self):
        return {
            **super()._approval_reset_values(),
            "goodwill_policy_id": False,
            "credit_note_id": False,
            "receipt_total_company": 0.0,
        }

    def _submit_to_tiers(self):
        """Say what the remedy is when no tier applies to it."""
        try:
            return super()._submit_to_tiers()
        except UserError:
            if self.need_validation or self.review_ids:
                raise
            raise UserError(
                self.env._(
                    "No approval tier applies to %(remedy)s (%(type)s of %(amount)s): "
                    "ask the quality manager to check the approval tiers.",
                    remedy=self.display_name,
                    type=self._remedy_type_label(),
                    amount=self._format_amount(self.amount),
                )
            ) from None

    def _approve_under_policy(self, policy):
        """Approve a remedy at once because a goodwill policy covers it."""
        self.ensure_one()
        self._set_state(
            "waive",
            goodwill_policy_id=policy.id,
            approved_date=fields.Datetime.now(),
        )
        self.message_post(
            body=self.env._(
                "No approval needed: %(amount)s is below the limit of the goodwill "
                "policy %(policy)s.",
                amount=self._format_amount(self.receipt_total_company),
                policy=policy.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._carry_out()

    def _on_approved(self):
        """The last tier approved: record it and carry the remedy out."""
        res = super()._on_approved()
        self._carry_out()
        # the customer hears of it, without its amount (rules §16.1)
        self.ticket_id._progress_notify("remedy_approved")
        return res

    def _on_cancel(self):
        """A remedy carried out by a posted credit note is not cancelled; its draft
        credit note is cancelled with it."""
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
        self.activity_unlink([ACTIVITY_CARRY_OUT])

    def _on_done(self):
        self._mark_done()

    def action_reset_to_draft(self):
        """Reopen a rejected or cancelled remedy to change and resubmit it."""
        res = super().action_reset_to_draft()
        self.activity_unlink([ACTIVITY_CARRY_OUT])
        return res

    # Business methods
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

    def _lines_locked_message(self):
        return self.env._(
            "%(remedy)s was submitted for approval: its products cannot "
            "change any more. Propose a new remedy instead.",
            remedy=self.display_name,
        )

    def _receipt_totals(self, remedy_types=None, approval=False):
        """{remedy: its value plus the value of the other remedies pending or
        approved on its receipt}, in company currency (rules §7: what the
        customer paid on one receipt). Read as superuser: the remedies of other
        teams on the same receipt count too. ``remedy_types`` narrows the
        remedies counted.

        With ``approval``, the total the approval tier follows (rules §7.1): the
        remedies of the same verified receipt, or, without one, those of the
        same complaint and customer requested within the company's period
        (``_receipt_period_domain``)."""
        key_field = "approval_key" if approval else "receipt_key"
        keys = [key for key in self.mapped(key_field) if key]
        domain = Domain(key_field, "in", keys) & Domain("state", "in", ACTIVE_STATES)
        if self.ids:
            domain &= Domain("id", "not in", self.ids)
        if remedy_types:
            domain &= Domain("remedy_type", "in", remedy_types)
        in_period = self
        if approval:
            period = self._receipt_period_domain()
            domain &= period
            in_period = self.filtered_domain(period)
        others = (
            dict(self.sudo()._read_group(domain, [key_field], ["amount_company:sum"]))
            if keys
            else {}
        )
        totals = {}
        for remedy in self:
            key = remedy[key_field]
            together = self.filtered(
                lambda r, rem=remedy, key=key: (
                    r == rem
                    or (
                        key
                        and r[key_field] == key
                        and r.state in ACTIVE_STATES
                        and r in in_period
                        and (not remedy_types or r.remedy_type in remedy_types)
                    )
                )
            )
            totals[remedy] = others.get(key, 0.0) + sum(
                together.mapped("amount_company")
            )
        return totals

    def _receipt_period_domain(self):
        """The remedies that count towards an approval (rules §7.1): those of a
        verified receipt whenever they were requested; the others only when
        requested within the period of their company
        (``complaint_receipt_period_days``) up to now. The time is the request's,
        which the application writes, not the remedy's date, which the user
        enters."""
        now = fields.Datetime.now()
        companies = self.company_id or self.env.company
        return Domain("receipt_verified", "=", True) | Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain(
                "requested_date",
                ">=",
                now - relativedelta(days=company.complaint_receipt_period_days),
            )
            for company in companies
        )

    def _receipt_pos_order(self, reference):
        """The paid point-of-sale order whose receipt number (or order
        reference) is ``reference``, in the remedy's company, of its customer or
        of no customer; nothing when Point of Sale is not installed (it is not a
        dependency of this addon). Read as superuser: the receipt is a fact
        whoever types its number."""
        self.ensure_one()
        if not reference or "pos.order" not in self.env:
            return None
        pattern = (
            reference.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        )
        customer = Domain("partner_id", "=", False)
        if self.partner_id:
            customer |= Domain("partner_id", "child_of", self.partner_id.id)
        return (
            self.env["pos.order"]
            .sudo()
            .search(
                Domain("company_id", "=", self.company_id.id)
                & Domain("state", "in", ("paid", "done"))
                & (
                    Domain("pos_reference", "=ilike", pattern)
                    | Domain("name", "=ilike", pattern)
                )
                & customer,
                limit=1,
            )
        )

    def _carry_out(self):
        """Set an approved remedy in motion (rules §5, §7): a refund or credit
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

    def _schedule_carry_out_activity(self):
        self.ensure_one()
        user = self.responsible_id or self.requested_by_id or self.env.user
        # in the assignee's language (rules §13)
        local = self.with_context(lang=user.lang or self.env.lang)
        schedule_activity(
            self,
            ACTIVITY_CARRY_OUT,
            user,
            note=local.env._(
                "%(type)s approved for %(customer)s (complaint %(complaint)s): carry "
                "it out, then mark the remedy as done.",
                type=local._remedy_type_label(),
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

    # Credit note: the customer credit note of an approved refund or credit
    # (rules §7), drafted when the remedy is approved, posted by accounting,
    # which completes the remedy (``account.move._post``).
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

    @api.readonly
    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
            "context": {"default_move_type": "out_refund"},
        }

    def _prepare_credit_note_vals(self):
        """The values of the draft customer credit note of this remedy."""
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
        self._approval_write({"credit_note_id": move.id})
        self._post_credit_note_drafted(move)
        return move

    def _post_credit_note_drafted(self, move):
        """Say on the credit note and on the complaint what the draft is for."""
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

    # Customer's answer (rules §8): given once, in the portal
    def _portal_offered(self):
        """The remedies the customer sees: those approved or carried out."""
        return self.filtered(lambda r: r.state in ("approved", "done"))

    def _portal_customer_answer(self, decision, comment=None):
        """The customer accepts or declines this remedy (rules §8).

        Only an approved remedy that the customer has not answered yet can be
        answered; the answer is recorded once, with the date and the customer's
        comment, in the chatter of the remedy and of the complaint. Callers check
        that the customer owns the complaint; this method checks the rest."""
        self.ensure_one()
        self._portal_check_answerable(decision)
        comment = (comment or "").strip()
        self._protected_context().write(
            {
                "customer_decision": decision,
                "customer_decision_date": fields.Datetime.now(),
                "customer_decision_comment": comment or False,
            }
        )
        body = self._portal_answer_message(decision, comment)
        partner = self.ticket_id.partner_id
        self.message_post(body=body, author_id=partner.id, subtype_xmlid="mail.mt_note")
        self.ticket_id.message_post(
            body=body, author_id=partner.id, subtype_xmlid="mail.mt_note"
        )
        if decision == "declined":
            self._portal_ask_revision(body)
        return True

    def _portal_check_answerable(self, decision):
        """Refuse an unknown answer, or an answer to a remedy not waiting for one."""
        if decision not in dict(CUSTOMER_DECISIONS):
            raise UserError(
                self.env._("Choose whether you accept or decline the remedy.")
            )
        if self.state != "approved":
            raise UserError(
                self.env._(
                    "Remedy %(remedy)s is not waiting for your answer: only an "
                    "approved remedy that was not carried out yet can be accepted or "
                    "declined.",
                    remedy=self.name,
                )
            )
        if self.customer_decision:
            raise UserError(
                self.env._(
                    "Remedy %(remedy)s was already answered: contact us about "
                    "complaint %(complaint)s to change your answer.",
                    remedy=self.name,
                    complaint=self.ticket_id.complaint_number,
                )
            )

    def _portal_answer_message(self, decision, comment):
        """The chatter note of the customer's answer."""
        if decision == "accepted":
            return self.env._(
                "The customer accepted remedy %(remedy)s. %(comment)s",
                remedy=self.name,
                comment=comment,
            )
        return self.env._(
            "The customer declined remedy %(remedy)s. %(comment)s",
            remedy=self.name,
            comment=comment,
        )

    def _portal_ask_revision(self, note):
        """Give the complaint's handler an activity to revise a declined remedy."""
        handler = self.ticket_id.user_id or self.ticket_id.team_id.user_id
        if handler:
            self.ticket_id.activity_schedule(
                "complaint_management.mail_act_complaint_revision",
                note=note,
                user_id=handler.id,
            )
