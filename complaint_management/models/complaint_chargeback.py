import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..lib import settlement
from .complaint_approval_mixin import ComplaintApprovalMixin
from .complaint_groups import CHARGEBACK_COST_GROUPS
from .complaint_protected_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY, free_only
from .complaint_workflow_mixin import reference_field

STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("partly_accepted", "Partly Accepted"),
    ("disputed", "Disputed"),
    ("settled", "Settled"),
    ("cancel", "Cancelled"),
]
DECISIONS = [
    ("accept", "Accepted"),
    ("partial", "Partly accepted"),
    ("dispute", "Disputed"),
]
# The supplier answered: the chargeback waits for settlement or revision.
ANSWERED_STATES = ("accepted", "partly_accepted", "disputed")
SETTLEABLE_STATES = ("accepted", "partly_accepted")
# A chargeback counts as claimed once sent to the supplier or carrier.
CLAIMED_STATES = ("sent", "accepted", "partly_accepted", "disputed", "settled")
RESPONSIBLE_PARTIES = ("supplier", "carrier")
# What the debit note states about each complaint (rules §10.5): the
# complaints' while the chargeback is prepared and reviewed, kept as approved.
COMPLAINT_FACT_FIELDS = (
    "product_id",
    "defect_type_id",
    "lot_number",
    "shipped_qty",
    "defect_qty",
)
COMPLAINT_FACT_FOLLOW_STATES = ("draft", "to_approve")
# Set by the application only: who approved, what was sent, what the supplier
# answered, how it was settled, what it states about the complaints (the state
# and requester are the engine's own).
PROTECTED_FIELDS = (
    "complaint_facts",
    "approved_date",
    "finance_approval_required",
    "sent_date",
    "revision",
    "supplier_decision",
    "supplier_comment",
    "answer_date",
    "accepted_amount",
    "credit_note_id",
    "deduction_move_id",
    "settled_date",
    "settled_by_id",
    "debit_note_attachment_id",
)
# Once submitted (every state but draft and settled), only these may change
# (besides the chatter's own fields): the rest was approved and sent to the
# supplier.
LOCK_STATES = (
    "to_approve",
    "approved",
    "sent",
    "accepted",
    "partly_accepted",
    "disputed",
    "cancel",
)
LOCK_FREE_FIELDS = ("user_id", "contact_id", "note", "deduction_bill_id")
# The engine's action for each decision of the supplier.
ANSWER_ACTIONS = {
    "accept": "answer_accept",
    "partial": "answer_partial",
    "dispute": "answer_dispute",
}
# The engine's action undoing a settlement, by the supplier's decision.
REVERSE_ACTIONS = {"accept": "reverse", "partial": "reverse_partial"}
ACTIVITY_APPROVAL = "complaint_management.mail_act_complaint_chargeback_approval"
ACTIVITY_ANSWER = "complaint_management.mail_act_complaint_chargeback_answer"


class ComplaintChargeback(models.Model):
    """The costs a supplier's (or carrier's) fault caused, claimed back from it
    (rules §7: losses from returns and exchanges caused by product quality,
    compensation under consumer law included, are borne by the supplier; §6.5:
    the supplier is asked to correct).

    One chargeback goes to one supplier or carrier for one or several of its
    complaints (each complaint names it as responsible). Its lines are costs by
    type, proposed from the complaints' approved remedies (and their credit notes)
    and from the 8D's containment quantities; a remedy or containment quantity is
    never claimed by two chargebacks that are not cancelled. It is approved
    through the approval engine (the QA manager, then a finance manager above the
    finance tier's amount; nobody approves their own), sent to the supplier with a debit
    note (and the corrective-action requests of the 8Ds naming it), answered by the
    supplier (accepted, partly accepted, disputed; every offer and answer is kept),
    revised and sent again when disputed, and settled once by a vendor credit note
    or a deduction from an open vendor bill; what it settled counts as recovered
    once accounting posted that entry (rules §24.2).

    What may change (record protection, declared once below): a draft, anything
    but the protected fields; once submitted, only ``LOCK_FREE_FIELDS``; once
    settled, nothing (rules §10, ``complaint.protected.mixin``, the one lock of
    records that are final: the supplier paid, so nobody deletes it and only the
    chatter's own fields still change; the approval engine, e.g. finance's
    reversal of the settlement, writes as the application). What its debit
    note states about the complaints (``complaint_facts``) is kept as approved
    until it is back in draft (rules §10.5). Its amounts are costs: hidden
    from complaint officers, in its chatter, activities, mails and debit notes
    too (rules §11.2).

    Access: complaint officers and auditors read chargebacks; quality engineers
    and managers prepare, submit, send and record answers; the tiers' reviewers
    approve; finance settles, and alone undoes a settlement, by reversing it
    (a settled chargeback is never cancelled, rules §7.8). The state and what
    the supplier answered change only through the buttons (or the portal's
    ``_portal_answer``), never by a write.
    """

    _name = "complaint.chargeback"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.approval.mixin",
        "complaint.number.mixin",
        "complaint.chatter.mixin",
    ]
    _description = "Supplier Chargeback"
    _order = "id desc"
    _check_company_auto = True
    # Chatter (complaint.chatter.mixin, rules §11.9): finance settles
    # chargebacks, so it writes in their chatter; auditors do not.
    _complaint_chatter_groups = (
        "complaint_management.group_complaint_officer",
        "complaint_management.group_complaint_finance",
    )

    _transitions = {
        "request": (("draft",), "to_approve"),
        "approve": (("to_approve",), "approved"),
        # Refused: back to the quality engineer with the reviewer's comment.
        "reject": (("to_approve",), "draft"),
        "withdraw": (("to_approve",), "draft"),
        "reset": (("cancel",), "draft"),
        "cancel": (
            (
                "draft",
                "to_approve",
                "approved",
                "sent",
                "accepted",
                "partly_accepted",
                "disputed",
            ),
            "cancel",
        ),
        "send": (("approved",), "sent"),
        "answer_accept": (("sent",), "accepted"),
        "answer_partial": (("sent",), "partly_accepted"),
        "answer_dispute": (("sent",), "disputed"),
        # A disputed chargeback is revised, approved and sent again.
        "revise": (("disputed",), "draft"),
        "settle": (SETTLEABLE_STATES, "settled"),
        # Finance undoes a settlement by reversing its entry: the chargeback is
        # accepted (or partly) again, to settle again or cancel (rules §7.8).
        "reverse": (("settled",), "accepted"),
        "reverse_partial": (("settled",), "partly_accepted"),
    }
    # Record protection, in one place (client writes; the engine's marker
    # passes the locks). The engine alone writes the protected fields.
    # Submitted (LOCK_STATES): only LOCK_FREE_FIELDS change. Settled: only the
    # chatter's own fields (followers, messages, main attachment, activities)
    # still change, and it is never deleted.
    _protected_fields = PROTECTED_FIELDS
    _locks = {
        **dict.fromkeys(LOCK_STATES, free_only(*LOCK_FREE_FIELDS)),
        "settled": free_only(),
    }
    _undeletable_states = ("settled",)
    # The accepted amount is a finite number (complaint.number.mixin)
    _number_fields = ("accepted_amount",)
    _approval_activity = ACTIVITY_APPROVAL
    _sequence_code = "complaint.chargeback"
    # The buttons after the approval: their flags are the guard's answer, as the
    # approval's own (complaint.workflow.mixin).
    _workflow_can = {
        **ComplaintApprovalMixin._workflow_can,
        "can_send": "send",
        "can_record_answer": "answer_accept",
        "can_revise": "revise",
        "can_settle": "settle",
        "can_reverse": "reverse",
    }

    name = reference_field()
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier or Carrier",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The supplier or carrier responsible for the complaints: each "
        "complaint names it as its responsible supplier.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Supplier Contact",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        tracking=True,
        help="Who receives the debit note and answers in the portal.",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "complaint_chargeback_helpdesk_ticket_rel",
        "chargeback_id",
        "ticket_id",
        string="Complaints",
        required=True,
        domain=[("is_complaint", "=", True)],
        check_company=True,
        tracking=True,
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    complaint_facts = fields.Json(
        compute="_compute_complaint_facts",
        store=True,
        copy=False,
        help="What the debit note states about each complaint: product, defect, "
        "lot and quantities, kept as they were approved.",
    )
    eight_d_ids = fields.Many2many(
        "complaint.8d",
        string="8D Reports",
        compute="_compute_eight_d_ids",
        help="The 8D reports of the complaints.",
    )
    eight_d_reference = fields.Char(
        string="8D Reference", compute="_compute_eight_d_ids"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        tracking=True,
        default=lambda self: self.env.company.currency_id,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Quality Engineer",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many(
        "complaint.chargeback.line", "chargeback_id", string="Costs", copy=True
    )
    amount_total = fields.Monetary(
        string="Claimed",
        currency_field="currency_id",
        compute="_compute_amount_total",
        store=True,
        tracking=True,
        groups=CHARGEBACK_COST_GROUPS,
    )
    amount_total_company = fields.Monetary(
        string="Claimed in Company Currency",
        currency_field="company_currency_id",
        compute="_compute_amount_total",
        store=True,
        groups=CHARGEBACK_COST_GROUPS,
    )
    note = fields.Html(
        string="For the Supplier",
        help="What the debit note tells the supplier besides the costs.",
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
    finance_approval_required = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set when approval is requested: the amount in company currency is "
        "above the company's finance approval limit, so a finance manager approves "
        "after the QA manager.",
    )
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    revision = fields.Integer(
        readonly=True,
        copy=False,
        help="How many times the chargeback was revised after a dispute.",
    )
    sent_date = fields.Datetime(
        string="Sent On", readonly=True, copy=False, tracking=True
    )
    # The PDF shows the amounts: the attachment is kept under this field
    # (``res_field``), so that Odoo reads it, by id or by URL, only for those
    # who may read the field (rules §11.2).
    debit_note_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Debit Note",
        readonly=True,
        copy=False,
        groups=CHARGEBACK_COST_GROUPS,
    )
    offer_ids = fields.One2many(
        "complaint.chargeback.offer",
        "chargeback_id",
        string="Offers",
        readonly=True,
        copy=False,
    )
    supplier_decision = fields.Selection(
        DECISIONS, string="Supplier Answer", readonly=True, copy=False, tracking=True
    )
    supplier_comment = fields.Text(readonly=True, copy=False)
    answer_date = fields.Datetime(string="Answered On", readonly=True, copy=False)
    accepted_amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        tracking=True,
        help="What the supplier accepted to bear.",
        groups=CHARGEBACK_COST_GROUPS,
    )
    recovered_amount = fields.Monetary(
        string="Recovered",
        currency_field="currency_id",
        compute="_compute_recovered",
        store=True,
        help="The accepted amount, once settled and its vendor credit note (or the "
        "bill it was deducted from) posted: nothing while that entry is a draft or "
        "cancelled.",
        groups=CHARGEBACK_COST_GROUPS,
    )
    recovered_amount_company = fields.Monetary(
        string="Recovered in Company Currency",
        currency_field="company_currency_id",
        compute="_compute_recovered",
        store=True,
        groups=CHARGEBACK_COST_GROUPS,
    )
    settlement_method = fields.Selection(
        [
            ("credit_note", "Vendor credit note"),
            ("bill_deduction", "Deducted from a vendor bill"),
        ],
        compute="_compute_settlement_method",
        store=True,
    )
    deduction_bill_id = fields.Many2one(
        "account.move",
        string="Deduct From Bill",
        copy=False,
        check_company=True,
        domain="[('move_type', '=', 'in_invoice'), ('state', 'in', ('draft', "
        "'posted')), ('payment_state', 'in', ('not_paid', 'partial')), "
        "('commercial_partner_id', '=', partner_id)]",
        help="An open bill of the supplier the accepted amount is deducted from, "
        "instead of a separate credit note.",
    )
    credit_note_id = fields.Many2one(
        "account.move",
        string="Vendor Credit Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
    )
    deduction_move_id = fields.Many2one(
        "account.move",
        string="Deducted On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The vendor bill that carries the deduction.",
    )
    payment_state = fields.Selection(
        [
            ("not_paid", "Not Paid"),
            ("in_payment", "In Payment"),
            ("paid", "Paid"),
            ("partial", "Partially Paid"),
            ("reversed", "Reversed"),
            ("blocked", "Blocked"),
            ("invoicing_legacy", "Invoicing App Legacy"),
        ],
        string="Payment",
        compute="_compute_payment_state",
        help="The payment state of the vendor credit note (or of the bill it was "
        "deducted from).",
    )
    settlement_move_state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
        string="Settlement Entry",
        compute="_compute_payment_state",
    )
    settled_date = fields.Datetime(string="Settled On", readonly=True, copy=False)
    settled_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    settlement_move_ids = fields.Many2many(
        "account.move",
        string="Settlement History",
        compute="_compute_settlement_move_ids",
        groups="account.group_account_invoice",
        help="Every entry that settled this chargeback or reversed a settlement, "
        "oldest first.",
    )
    capa_ids = fields.One2many(
        "complaint.capa", "chargeback_id", string="Corrective-Action Requests"
    )
    capa_count = fields.Integer(compute="_compute_capa_count")
    can_send = fields.Boolean(compute="_compute_can_actions")
    can_record_answer = fields.Boolean(compute="_compute_can_actions")
    can_revise = fields.Boolean(compute="_compute_can_actions")
    can_settle = fields.Boolean(compute="_compute_can_actions")
    can_reverse = fields.Boolean(compute="_compute_can_actions")
    can_propose = fields.Boolean(compute="_compute_can_propose")

    _credit_note_uniq = models.UniqueIndex(
        "(credit_note_id) WHERE credit_note_id IS NOT NULL",
        "A vendor credit note settles one chargeback only.",
    )

    # Computes
    @api.depends("partner_id")
    def _compute_contact_id(self):
        for chargeback in self:
            partner = chargeback.partner_id
            contacts = partner.child_ids.filtered(
                lambda c: c.email and c.type in ("invoice", "contact")
            )
            chargeback.contact_id = (
                contacts.filtered(lambda c: c.type == "invoice")[:1]
                or contacts[:1]
                or partner
            )

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for chargeback in self:
            chargeback.ticket_count = len(chargeback.ticket_ids)

    @api.depends(
        "state",
        "ticket_ids",
        *(f"ticket_ids.{name}" for name in COMPLAINT_FACT_FIELDS),
    )
    def _compute_complaint_facts(self):
        """What the debit note states about each complaint (rules §7, §10.5):
        its product, defect type, lot, shipped and defective quantities. They
        follow the complaints while the chargeback is prepared and reviewed; an
        approved chargeback keeps the facts it was approved on (sent, answered
        and settled on), whatever the complaints say later, and takes them from
        the complaints again once revised or reset to draft."""
        for chargeback in self:
            if (
                chargeback.state not in COMPLAINT_FACT_FOLLOW_STATES
                and chargeback.complaint_facts
            ):
                chargeback.complaint_facts = chargeback.complaint_facts
                continue
            chargeback.complaint_facts = [
                {
                    "ticket_id": ticket.id,
                    "product_id": ticket.product_id.id,
                    "defect_type_id": ticket.defect_type_id.id,
                    "lot_number": ticket.lot_number or "",
                    "shipped_qty": ticket.shipped_qty,
                    "defect_qty": ticket.defect_qty,
                }
                for ticket in chargeback.sudo().ticket_ids
            ]

    @api.depends("ticket_ids.eight_d_ids.state", "ticket_ids.eight_d_ids.name")
    def _compute_eight_d_ids(self):
        for chargeback in self:
            reports = chargeback.sudo().ticket_ids.eight_d_ids.filtered(
                lambda r: r.state != "cancel"
            )
            # The reference names every report; the links only those the reader
            # may open (finance reads approved 8D reports only).
            chargeback.eight_d_ids = reports.with_env(self.env)._filtered_access("read")
            chargeback.eight_d_reference = ", ".join(
                name for name in reports.mapped("name") if name
            )

    @api.depends(
        "line_ids.amount", "currency_id", "company_id", "date", "line_ids.currency_id"
    )
    def _compute_amount_total(self):
        for chargeback in self:
            total = settlement.total(
                chargeback.line_ids.mapped("amount"), chargeback.currency_id.round
            )
            chargeback.amount_total = total
            company = chargeback.company_id or self.env.company
            chargeback.amount_total_company = chargeback.currency_id._convert(
                total,
                company.currency_id,
                company,
                chargeback.date or fields.Date.context_today(chargeback),
            )

    @api.depends(
        "state",
        "accepted_amount",
        "currency_id",
        "company_id",
        "date",
        "credit_note_id.state",
        "deduction_move_id.state",
    )
    def _compute_recovered(self):
        """Recovered means the supplier's credit is in the books: the accepted
        amount once settled and the settling entry posted (rules §24.2)."""
        for chargeback in self:
            move = chargeback.credit_note_id or chargeback.deduction_move_id
            recovered = settlement.recovered(
                chargeback.state == "settled",
                move.state == "posted",
                chargeback.accepted_amount,
            )
            company = chargeback.company_id or self.env.company
            chargeback.recovered_amount = recovered
            chargeback.recovered_amount_company = chargeback.currency_id._convert(
                recovered,
                company.currency_id,
                company,
                chargeback.date or fields.Date.context_today(chargeback),
            )

    @api.depends("credit_note_id", "deduction_move_id")
    def _compute_settlement_method(self):
        for chargeback in self:
            if chargeback.deduction_move_id:
                chargeback.settlement_method = "bill_deduction"
            elif chargeback.credit_note_id:
                chargeback.settlement_method = "credit_note"
            else:
                chargeback.settlement_method = False

    @api.depends("credit_note_id", "deduction_move_id")
    def _compute_payment_state(self):
        """Read as superuser: quality engineers see whether the supplier's credit
        was used without accounting rights."""
        for chargeback in self:
            move = (chargeback.credit_note_id or chargeback.deduction_move_id).sudo()
            chargeback.payment_state = move.payment_state or False
            chargeback.settlement_move_state = move.state or False

    def _compute_settlement_move_ids(self):
        """The entries whose lines name the chargeback (credit notes, deductions
        and their reversals), read as superuser."""
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search([("complaint_chargeback_id", "in", self.ids)])
        )
        for chargeback in self:
            own = lines.filtered(
                lambda line, cb=chargeback: line.complaint_chargeback_id == cb
            )
            chargeback.settlement_move_ids = own.move_id.sorted("id").ids

    def _compute_capa_count(self):
        for chargeback in self:
            chargeback.capa_count = len(chargeback.capa_ids)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_propose(self):
        for chargeback in self:
            chargeback.can_propose = chargeback.state == "draft" and (
                chargeback.has_access("write")
            )

    # Constraints
    @api.constrains("partner_id", "ticket_ids")
    def _check_partner_tickets(self):
        """Each complaint of a chargeback was caused by its supplier or carrier: the
        complaint is the supplier's (or carrier's) responsibility and names that
        partner as responsible (rules §7)."""
        for chargeback in self:
            partner = chargeback.partner_id.commercial_partner_id
            for ticket in chargeback.sudo().ticket_ids:
                if (
                    ticket.responsibility not in RESPONSIBLE_PARTIES
                    or ticket.supplier_id.commercial_partner_id != partner
                ):
                    raise ValidationError(
                        self.env._(
                            "%(complaint)s is not the responsibility of "
                            "%(partner)s: a chargeback claims only complaints "
                            "whose responsibility is the supplier or the carrier "
                            "and whose responsible supplier is %(partner)s. Correct "
                            "the complaint or choose its own supplier.",
                            complaint=ticket.display_name,
                            partner=chargeback.partner_id.display_name,
                        )
                    )

    @api.constrains("currency_id")
    def _check_currency(self):
        self.line_ids._check_currency()

    # CRUD
    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for chargeback in self:
            if chargeback.state not in ("draft", "cancel") or chargeback.offer_ids:
                raise UserError(
                    self.env._(
                        "%(chargeback)s was submitted or sent: cancel it instead of "
                        "deleting it.",
                        chargeback=chargeback.display_name,
                    )
                )

    # Actions
    def action_propose_lines(self):
        """Propose the costs of the complaints (see ``_propose_lines``)."""
        for chargeback in self:
            if not chargeback.can_propose:
                raise UserError(
                    self.env._(
                        "%(chargeback)s is %(state)s: costs are proposed only on a "
                        "draft chargeback you may change.",
                        chargeback=chargeback.display_name,
                        state=chargeback._state_label(),
                    )
                )
        self._propose_lines()
        return True

    def action_send(self):
        """Send the approved chargeback to the supplier (see ``_send``)."""
        self._check_transition("send")
        self._send()
        return True

    def action_record_answer(self):
        """Open the wizard that records the supplier's answer received by mail."""
        self.ensure_one()
        self._check_transition("answer_accept")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Supplier Answer"),
            "res_model": "complaint.chargeback.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_chargeback_id": self.id},
        }

    def action_revise(self):
        """Take a disputed chargeback back to draft to revise and send it again."""
        self._check_transition("revise")
        self._revise()
        return True

    def action_settle(self):
        """Settle accepted chargebacks by a vendor credit note, or by a deduction
        from the chosen open vendor bill (see ``_settle``)."""
        self._check_settle_rights()
        self._settle()
        return True

    def action_reverse_settlement(self):
        """Undo the settlement of settled chargebacks (see
        ``_reverse_settlement``): a finance manager's step."""
        self._check_transition("reverse")
        self._reverse_settlement()
        return True

    def action_view_tickets(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaints"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("id", "in", self.ticket_ids.ids)],
        }

    def action_view_credit_note(self):
        self.ensure_one()
        move = self.credit_note_id or self.deduction_move_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move.id,
            "view_mode": "form",
        }

    def action_view_capas(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Corrective-Action Requests"),
            "res_model": "complaint.capa",
            "view_mode": "list,form",
            "domain": [("chargeback_id", "=", self.id)],
        }

    # Approval engine (complaint.approval.mixin)
    def _refusal(self, action, rights=True):
        """Sending and recording answers is for whoever may change the chargeback;
        settling, and undoing a settlement, for a finance manager (rules §7.8):
        a settled chargeback is never cancelled, finance reverses its entry
        first, which makes it accepted again."""
        self.ensure_one()
        if action == "cancel" and self.state == "settled":
            return self.env._(
                "%(chargeback)s is settled: only a finance manager undoes a "
                "settlement, with Reverse Settlement; the chargeback can then be "
                "settled again or cancelled.",
                chargeback=self.display_name,
            )
        refusal = super()._refusal(action, rights=rights)
        if refusal or not rights or self.env.su:
            return refusal
        finance = self.env.user.has_group(
            "complaint_management.group_complaint_finance"
        )
        if action == "settle" and not finance:
            return self.env._(
                "Only a finance manager settles %(chargeback)s.",
                chargeback=self.display_name,
            )
        if action in REVERSE_ACTIONS.values() and not finance:
            return self.env._(
                "Only a finance manager reverses the settlement of %(chargeback)s.",
                chargeback=self.display_name,
            )
        return False

    def _action_label(self, action, infinitive=False):
        if action in REVERSE_ACTIONS.values():
            if infinitive:
                return self.env._("reverse the settlement of")
            return self.env._("reversed")
        return super()._action_label(action, infinitive=infinitive)

    def _check_settle_rights(self):
        for chargeback in self:
            message = chargeback._refusal("settle")
            if message:
                raise UserError(message)

    def _check_ready_for_approval(self):
        """A chargeback claims costs: at least one line, all in its currency."""
        for chargeback in self:
            if not chargeback.line_ids:
                raise UserError(
                    self.env._(
                        "%(chargeback)s claims no cost: add its costs (or propose "
                        "them from the complaints) before submitting it.",
                        chargeback=chargeback.display_name,
                    )
                )
            chargeback._check_partner_tickets()
            chargeback.line_ids._check_currency()
            chargeback.line_ids._check_claimed_once()

    def _approval_submit(self):
        """Whether a finance manager approves too is the tiers' answer (the
        finance tier's domain on ``amount_total_company``, see
        ``tier.definition._complaint_chargeback_finance_tier``): it is recorded
        when approval is requested."""
        finance = self.env.ref("complaint_management.group_complaint_finance")
        for chargeback in self:
            reviews = chargeback._submit_to_tiers()
            chargeback._approval_write(
                {
                    "finance_approval_required": finance
                    in reviews.definition_id.reviewer_group_id
                }
            )

    def action_reset_to_draft(self):
        """A cancelled chargeback comes back only if its costs are not claimed by
        another one meanwhile."""
        res = super().action_reset_to_draft()
        self.line_ids._check_claimed_once()
        return res

    def _approval_reset_values(self):
        return {**super()._approval_reset_values(), "finance_approval_required": False}

    # Record protection (complaint.protected.mixin)
    def _lock_hint(self):
        return self.env._("If more is owed, claim it with a new chargeback.")

    def _lock_message(self, names):
        if self.state == "settled":
            return super()._lock_message(names)
        return self.env._(
            "%(chargeback)s was submitted for approval or sent: %(fields)s cannot "
            "change any more. Revise it once the supplier disputes it, or cancel it.",
            chargeback=self.display_name,
            fields=self._field_labels(names),
        )

    def _approval_activity_note(self):
        """No amount: whoever reads the chargeback reads its activities, and the
        amounts are hidden from complaint officers (rules §11.2)."""
        return self.env._(
            "Chargeback to %(partner)s, requested by %(requester)s.",
            partner=self.partner_id.display_name,
            requester=self.requested_by_id.name or "",
        )

    def _on_rejected(self):
        self._set_state("reject", finance_approval_required=False)

    def _on_cancel(self):
        """A settled chargeback is not cancelled (``_refusal``): finance reverses
        its settlement first, so nothing is settled here."""
        self.activity_unlink([ACTIVITY_ANSWER])

    # Business methods
    def _propose_lines(self):
        """Add the costs not claimed yet (rules §7): for each complaint, its
        approved or done remedies (refunds, credits, replacements, repairs,
        compensations; at the amount of their posted credit note when they have
        one), and for each of its 8D reports, the containment pieces checked
        (sorting, rework) and found bad (scrap). A remedy or containment quantity
        already claimed by a chargeback that is not cancelled is left out."""
        CostType = self.env["complaint.chargeback.cost.type"]
        Line = self.env["complaint.chargeback.line"]
        types = {
            source: CostType._for_source(source)
            for source in (
                "remedy",
                "compensation",
                "containment_checked",
                "containment_bad",
            )
        }
        tickets = self.sudo().ticket_ids
        remedies = tickets.remedy_ids.filtered(
            lambda r: r.state in ("approved", "done") and r.remedy_type != "explanation"
        )
        actions = tickets.eight_d_ids.filtered(
            lambda r: r.state != "cancel"
        ).action_ids.filtered(lambda a: a.action_type == "containment")
        claimed = Line.sudo()._claimed_keys(remedies, actions)
        vals_list = []
        for chargeback in self:
            company = chargeback.company_id
            for remedy in chargeback.sudo().ticket_ids.remedy_ids & remedies:
                cost_type = types[
                    "compensation" if remedy.remedy_type == "compensation" else "remedy"
                ]
                if not cost_type or (remedy.id, cost_type.id) in claimed["remedy"]:
                    continue
                vals = chargeback._remedy_line_vals(remedy, cost_type)
                if vals:
                    vals_list.append(vals)
            ticket_actions = actions.filtered(
                lambda a, cb=chargeback: a.eight_d_id.ticket_ids & cb.ticket_ids
            )
            for action in ticket_actions:
                for source, qty in (
                    ("containment_checked", action.qty_checked),
                    ("containment_bad", action.qty_bad),
                ):
                    cost_type = types[source]
                    if (
                        not cost_type
                        or qty <= 0
                        or (action.id, cost_type.id) in claimed["action"]
                    ):
                        continue
                    unit_cost = cost_type.default_unit_cost
                    product = action.eight_d_id.product_id
                    if source == "containment_bad" and product.standard_price:
                        unit_cost = product.standard_price
                    unit_cost = company.currency_id._convert(
                        unit_cost, chargeback.currency_id, company, chargeback.date
                    )
                    if chargeback.currency_id.is_zero(unit_cost):
                        continue
                    vals_list.append(
                        {
                            "chargeback_id": chargeback.id,
                            "cost_type_id": cost_type.id,
                            "ticket_id": (
                                action.eight_d_id.ticket_ids & chargeback.ticket_ids
                            )[:1].id,
                            "eight_d_action_id": action.id,
                            "name": self.env._(
                                "%(type)s: %(action)s (8D %(report)s)",
                                type=cost_type.name,
                                action=action.name,
                                report=action.eight_d_id.name or "",
                            ),
                            "quantity": qty,
                            "unit_cost": unit_cost,
                            "currency_id": chargeback.currency_id.id,
                        }
                    )
        return Line.create(vals_list)

    def _remedy_line_vals(self, remedy, cost_type):
        """The line claiming ``remedy``: its posted credit note's amount when it has
        one, else its amount (or value in company currency for a replacement or a
        repair without an amount), converted to the chargeback's currency."""
        self.ensure_one()
        company = self.company_id
        move = remedy.credit_note_id.sudo()
        if move.state == "posted":
            amount = move.currency_id._convert(
                move.amount_total, self.currency_id, company, self.date
            )
            source = move.name
        elif not remedy.currency_id.is_zero(remedy.amount):
            amount = remedy.currency_id._convert(
                remedy.amount, self.currency_id, company, self.date
            )
            source = remedy.name
        else:
            amount = company.currency_id._convert(
                remedy.amount_company, self.currency_id, company, self.date
            )
            source = remedy.name
        quantity = sum(remedy.line_ids.mapped("quantity")) or 1.0
        if self.currency_id.is_zero(amount):
            return False
        return {
            "chargeback_id": self.id,
            "cost_type_id": cost_type.id,
            "ticket_id": remedy.ticket_id.id,
            "remedy_id": remedy.id,
            "name": self.env._(
                "%(type)s: %(remedy)s (%(origin)s), complaint %(complaint)s",
                type=cost_type.name,
                remedy=remedy._remedy_type_label(),
                origin=source,
                complaint=remedy.ticket_id.complaint_number or remedy.ticket_id.name,
            ),
            "quantity": quantity,
            "unit_cost": amount / quantity,
            "currency_id": self.currency_id.id,
        }

    def _send(self):
        """Send the debit note to the supplier's contact (rules §7): the PDF in
        the supplier's language is archived on the chargeback and mailed from the
        template; the corrective-action requests of the 8D reports naming the
        supplier in a corrective action go with it (rules §6.5), created
        when missing. Each sending is an offer in the history."""
        for chargeback in self:
            if not chargeback.contact_id.email:
                raise UserError(
                    self.env._(
                        "%(contact)s has no e-mail address: enter the supplier "
                        "contact's e-mail before sending %(chargeback)s.",
                        contact=chargeback.contact_id.display_name
                        or chargeback.partner_id.display_name,
                        chargeback=chargeback.display_name,
                    )
                )
            capas = chargeback._ensure_capas()
            chargeback._set_state("send", sent_date=fields.Datetime.now())
            # The requests get their due date first: the debit note shows it.
            capas.filtered(lambda c: c.state == "draft")._send(notify=False)
            attachment = chargeback._archive_debit_note()
            self.env["complaint.chargeback.offer"].sudo().create(
                {
                    "chargeback_id": chargeback.id,
                    "revision": chargeback.revision,
                    "amount": chargeback.amount_total,
                    "currency_id": chargeback.currency_id.id,
                    "sent_date": chargeback.sent_date,
                    "sent_by_id": self.env.uid,
                    "attachment_id": attachment.id,
                }
            )
            chargeback._mail_debit_note(attachment | capas._report_attachments())
            chargeback.activity_schedule(
                ACTIVITY_ANSWER,
                user_id=(chargeback.user_id or self.env.user).id,
                date_deadline=fields.Date.add(
                    fields.Date.context_today(chargeback),
                    days=chargeback.company_id.complaint_chargeback_answer_days,
                ),
            )

    def _mail_debit_note(self, attachments):
        """Mail the debit note and ``attachments`` to the supplier's contact.

        The mail shows the amounts, and whoever reads the chargeback reads its
        chatter and the attachments of its messages: so the mail is kept apart
        from the chargeback (an outgoing mail that no complaint officer reads,
        rules §11.2), and the chatter says, without amount or PDF, that it was
        sent. A reply to the mail still comes back to the chargeback: the mail
        refers to that chatter line."""
        self.ensure_one()
        contact = self.contact_id or self.partner_id
        note = self.message_post(
            body=self.env._(
                "Debit note %(name)s (revision %(revision)s) sent to %(contact)s.",
                name=self.name,
                revision=self.revision,
                contact=contact.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        template = self.env.ref(
            "complaint_management.mail_template_complaint_chargeback"
        )
        values = {
            "model": False,
            "res_id": False,
            "references": note.message_id,
            "attachment_ids": [Command.link(a.id) for a in attachments],
        }
        reply_to = self._notify_get_reply_to().get(self.id)
        if reply_to:
            values["reply_to"] = reply_to
        template.send_mail(
            self.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values=values,
        )
        return note

    def _complaint_rows(self):
        """The complaints as the debit note states them (``complaint_facts``):
        [{'ticket', 'product', 'defect', 'lot', 'shipped_qty', 'defect_qty'}],
        read as superuser (finance prints what it may not open), in this
        environment's language."""
        self.ensure_one()
        env = self.sudo().env
        facts = self.sudo().complaint_facts or []

        def existing(model, key):
            # one query per model for every row
            ids = {fact.get(key) for fact in facts if fact.get(key)}
            return {record.id: record for record in env[model].browse(ids).exists()}

        tickets = existing("helpdesk.ticket", "ticket_id")
        products = existing("product.product", "product_id")
        defects = existing("complaint.defect.type", "defect_type_id")
        return [
            {
                "ticket": tickets[fact["ticket_id"]],
                "product": products.get(fact.get("product_id"), env["product.product"]),
                "defect": defects.get(
                    fact.get("defect_type_id"), env["complaint.defect.type"]
                ),
                "lot": fact.get("lot_number") or "",
                "shipped_qty": fact.get("shipped_qty") or 0.0,
                "defect_qty": fact.get("defect_qty") or 0.0,
            }
            for fact in facts
            if fact.get("ticket_id") in tickets
        ]

    def _archive_debit_note(self):
        """Render the debit note PDF and keep it under the chargeback's
        ``debit_note_attachment_id`` (``res_field``): Odoo then reads the
        attachment only for those who may read that field."""
        self.ensure_one()
        report = self.env.ref("complaint_management.action_report_complaint_chargeback")
        content, _type = (
            self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, self.ids)
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "Debit note %(name)s-%(revision)s.pdf",
                        name=self.name.replace("/", "-"),
                        revision=self.revision,
                    ),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "res_field": "debit_note_attachment_id",
                    "mimetype": "application/pdf",
                }
            )
        )
        self._approval_write({"debit_note_attachment_id": attachment.id})
        return attachment

    def _ensure_capas(self):
        """The corrective-action requests that go with the debit note: one per 8D
        report whose corrective actions name the supplier, created (and linked to
        this chargeback) when missing."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        # The chargeback's own action: it links its requests behind the marker
        # (it is approved by now: its requests are locked to clients).
        Capa = self.env["complaint.capa"].sudo()._protected_context()
        reports = self.sudo().ticket_ids.eight_d_ids.filtered(
            lambda r: r.state != "cancel"
        )
        actions = reports.action_ids.filtered(
            lambda a: (
                a.action_type == "corrective"
                and a.supplier_id.commercial_partner_id == partner
            )
        )
        existing = Capa.search(
            [
                ("partner_id", "=", partner.id),
                ("eight_d_id", "in", actions.eight_d_id.ids),
            ]
        )
        vals_list = []
        for report in actions.eight_d_id - existing.eight_d_id:
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "eight_d_id": report.id,
                    "chargeback_id": self.id,
                    "company_id": self.company_id.id,
                    "user_id": (self.user_id or self.env.user).id,
                    "ticket_ids": [
                        Command.set((report.ticket_ids & self.ticket_ids).ids)
                    ],
                    "action_ids": [
                        Command.set(
                            actions.filtered(lambda a, r=report: a.eight_d_id == r).ids
                        )
                    ],
                }
            )
        new = Capa.create(vals_list)
        open_ = existing.filtered(lambda c: c.state == "draft" and not c.chargeback_id)
        open_.write({"chargeback_id": self.id})
        return (new | existing.filtered(lambda c: c.state == "draft")).with_env(
            self.env
        )

    def _record_answer(
        self, decision, accepted_amount=None, comment=None, partner=None
    ):
        """Record the supplier's answer to the offer sent (rules §7).

        ``decision`` is ``accept`` (the whole claimed amount), ``partial`` (an
        accepted amount above zero and not above the claimed amount) or
        ``dispute`` (a comment saying why is required). Only a sent chargeback is
        answered, once per offer. ``partner`` is the portal contact who answered.
        Nothing is written when the answer is refused.
        """
        self.ensure_one()
        self._check_answerable(decision)
        comment = comment.strip() if comment and isinstance(comment, str) else ""
        accepted = self._answer_parse_amount(accepted_amount)
        decision, amount = self._answer_amounts(decision, accepted, comment)
        self._answer_write(decision, amount, comment, partner)
        self._answer_notify(decision, comment, partner)
        return True

    def _check_answerable(self, decision):
        """Refuse an unknown decision, or an answer to a chargeback not sent."""
        if decision not in dict(DECISIONS):
            raise UserError(
                self.env._(
                    "Answer %(chargeback)s by accepting, partly accepting or "
                    "disputing it.",
                    chargeback=self.display_name,
                )
            )
        if self.state != "sent":
            raise UserError(
                self.env._(
                    "%(chargeback)s is %(state)s: only a chargeback sent to the "
                    "supplier and not answered yet can be answered.",
                    chargeback=self.display_name,
                    state=self._state_label(),
                )
            )

    def _answer_parse_amount(self, accepted_amount):
        """The accepted amount entered (``None`` when empty), or a refusal: a
        finite number from zero and in range (complaint.number.mixin)."""
        amount, refusal = self._parse_number(accepted_amount, "accepted_amount")
        if refusal:
            raise ValidationError(refusal)
        return amount

    def _answer_amounts(self, decision, accepted, comment):
        """The answer's decision and accepted amount (``settlement.answer``), or
        the refusal that says why not."""
        try:
            return settlement.answer(
                decision,
                self.amount_total,
                accepted,
                bool(comment),
                self.currency_id.round,
            )
        except settlement.AnswerRefused as refused:
            raise UserError(
                self._answer_refusal_message(refused.reason, accepted)
            ) from None

    def _answer_refusal_message(self, reason, accepted):
        """The sentence that refuses an answer for ``reason`` (see lib/settlement)."""
        if reason == settlement.ACCEPT_NOT_WHOLE:
            return self.env._(
                "Accepting %(chargeback)s accepts the whole %(claimed)s: "
                "answer 'partly accepted' for another amount.",
                chargeback=self.display_name,
                claimed=self._format_amount(self.amount_total),
            )
        if reason == settlement.PARTIAL_NOT_POSITIVE:
            return self.env._(
                "Enter the amount of %(chargeback)s the supplier accepts: "
                "above zero (to refuse everything, dispute it).",
                chargeback=self.display_name,
            )
        if reason == settlement.PARTIAL_ABOVE_CLAIMED:
            return self.env._(
                "The accepted amount %(accepted)s is above the %(claimed)s "
                "claimed by %(chargeback)s: enter at most the claimed "
                "amount.",
                accepted=self._format_amount(accepted or 0.0),
                claimed=self._format_amount(self.amount_total),
                chargeback=self.display_name,
            )
        if reason == settlement.DISPUTE_WITH_AMOUNT:
            return self.env._(
                "A disputed chargeback accepts nothing: to accept part of "
                "%(chargeback)s, answer 'partly accepted'.",
                chargeback=self.display_name,
            )
        return self.env._(
            "Say why %(chargeback)s is disputed: the comment is required.",
            chargeback=self.display_name,
        )

    def _answer_write(self, decision, amount, comment, partner):
        """Write the answer on the last offer and move the chargeback by it."""
        now = fields.Datetime.now()
        offer = self.offer_ids.sorted(lambda o: (o.revision, o.id))[-1:]
        offer.sudo().write(
            {
                "decision": decision,
                "accepted_amount": amount,
                "comment": comment,
                "answer_date": now,
                "answered_by_partner_id": partner.id if partner else False,
                "answered_by_id": False if partner else self.env.uid,
            }
        )
        self._set_state(
            ANSWER_ACTIONS[decision],
            supplier_decision=decision,
            supplier_comment=comment,
            answer_date=now,
            accepted_amount=amount,
        )
        self.activity_feedback([ACTIVITY_ANSWER])

    def _answer_notify(self, decision, comment, partner):
        """Tell the quality engineer what the supplier answered: the decision,
        never the amount. Whoever reads the chargeback reads its chatter; the
        accepted amount is a tracked field, whose tracking Odoo shows only to
        those who may read the field (rules §11.2)."""
        self.message_post(
            body=self.env._(
                "%(who)s answered: %(decision)s. %(comment)s",
                who=(partner or self.env.user.partner_id).display_name,
                decision=dict(
                    self._fields["supplier_decision"]._description_selection(self.env)
                )[decision],
                comment=comment,
            ),
            subtype_xmlid="mail.mt_note",
            partner_ids=self.user_id.partner_id.ids,
        )

    def _portal_answer(self, decision, accepted_amount=None, comment=None):
        """The supplier's answer from the portal.

        The portal calls it with ``sudo()`` after checking that the logged-in
        partner is the chargeback's supplier (or one of its contacts); every
        other rule is enforced here (``_record_answer``): the chargeback must be
        ``sent``; ``decision`` is ``accept``, ``partial`` (``accepted_amount``
        within (0, claimed]) or ``dispute`` (``comment`` required). Raises a
        UserError with a message for the supplier, nothing written.
        """
        self.ensure_one()
        partner = self.env.user.partner_id if self.env.user.share else None
        return self._record_answer(
            decision, accepted_amount=accepted_amount, comment=comment, partner=partner
        )

    def _revise(self):
        """Back to draft to revise the costs: the offer stays in the history, the
        current answer is cleared, and the revised chargeback is approved and sent
        again (rules §7)."""
        for chargeback in self:
            chargeback._set_state(
                "revise",
                revision=chargeback.revision + 1,
                supplier_decision=False,
                supplier_comment=False,
                answer_date=False,
                accepted_amount=0.0,
                approved_by_id=False,
                approved_date=False,
                finance_approval_required=False,
                sent_date=False,
            )
            chargeback.message_post(
                body=self.env._(
                    "Revised after the supplier's dispute (revision %(revision)s).",
                    revision=chargeback.revision,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _lock_for_settlement(self):
        """Lock the chargeback rows for this transaction, or refuse at once when
        another transaction holds them (two finance managers settling at the same
        time): the second settles nothing."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM complaint_chargeback WHERE id IN %s "
                    "FOR UPDATE NOWAIT",
                    [tuple(self.ids)],
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "%(chargeback)s is being settled by someone else right now: "
                    "reload it in a moment.",
                    chargeback=", ".join(self.mapped("display_name")),
                )
            ) from None
        # What another transaction committed before the lock is read afresh.
        self.invalidate_recordset()

    def _settle(self):
        """Settle the accepted amount once (rules §7): by a vendor credit note
        (``in_refund``, the chargeback as origin, in its currency, one line per
        cost on its cost type's account, prorated for a partial acceptance), or,
        when a vendor bill is chosen, by a negative line on that draft bill or a
        credit note reconciled with that posted bill. The rows are locked first:
        a second settlement, concurrent or later, is refused."""
        self._lock_for_settlement()
        for chargeback in self:
            chargeback._check_settleable()
            values = chargeback._settlement_move()
            chargeback._set_state(
                "settle",
                settled_date=fields.Datetime.now(),
                settled_by_id=self.env.uid,
                **values,
            )

    def _check_settleable(self):
        """Refuse a chargeback already settled, or not accepted (even partly)."""
        self.ensure_one()
        if self.credit_note_id or self.deduction_move_id:
            raise UserError(
                self.env._(
                    "%(chargeback)s is already settled by %(move)s.",
                    chargeback=self.display_name,
                    move=(self.credit_note_id or self.deduction_move_id)
                    .sudo()
                    .display_name,
                )
            )
        self._check_transition("settle", rights=False)

    def _reverse_settlement(self):
        """Undo the settlement (rules §7.8): a posted vendor credit note is
        reversed by a vendor bill reconciled with it, a draft one is cancelled; a
        deduction from a draft bill is removed from it, one on a bill since
        posted is given back by a vendor bill of the same lines. Every entry
        stays linked to the chargeback (``settlement_move_ids``), which is
        accepted (or partly accepted) again: it settles again by a new credit
        note, or is cancelled. The rows are locked first, as for a settlement."""
        self._lock_for_settlement()
        for chargeback in self:
            chargeback._check_transition("reverse", rights=False)
            reversal = chargeback._reversal_move()
            previous = chargeback.credit_note_id or chargeback.deduction_move_id
            previous = previous.sudo()
            chargeback._set_state(
                REVERSE_ACTIONS.get(chargeback.supplier_decision, "reverse"),
                credit_note_id=False,
                deduction_move_id=False,
                settled_date=False,
                settled_by_id=False,
            )
            if reversal:
                body = self.env._(
                    "Settlement %(move)s reversed by %(user)s with %(reversal)s: "
                    "the chargeback can be settled again or cancelled.",
                    move=previous.display_name,
                    user=self.env.user.name,
                    reversal=reversal.display_name,
                )
            else:
                body = self.env._(
                    "Settlement %(move)s undone by %(user)s: the chargeback can be "
                    "settled again or cancelled.",
                    move=previous.display_name,
                    user=self.env.user.name,
                )
            chargeback.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _reversal_move(self):
        """Undo the settlement's entry; return the entry that reverses it, if
        one was written (see ``_reverse_settlement``)."""
        self.ensure_one()
        # the application's own entries: the marker lets them name the chargeback
        Move = (
            self._protected_context()
            .env["account.move"]
            .sudo()
            .with_company(self.company_id)
        )
        if self.credit_note_id:
            move = self.credit_note_id.with_env(Move.env)
            if move.state != "posted":
                if move.state == "draft":
                    move.button_cancel()
                return Move
            today = fields.Date.context_today(self)
            reversal = move._reverse_moves(
                [
                    {
                        "date": today,
                        "invoice_date": today,
                        "invoice_origin": self.name,
                        "ref": self.env._(
                            "Reversal of %(move)s (chargeback %(name)s)",
                            move=move.display_name,
                            name=self.name,
                        ),
                    }
                ],
                cancel=True,
            )
        else:
            bill = self.deduction_move_id.with_env(Move.env)
            lines = bill.line_ids.filtered(
                lambda line: line.complaint_chargeback_id == self
            )
            if bill.state == "draft":
                lines.unlink()
                return Move
            vals = self._prepare_credit_note_vals()
            vals.update(
                move_type="in_invoice",
                ref=self.env._(
                    "Reversal of the deduction of chargeback %(name)s from %(bill)s",
                    name=self.name,
                    bill=bill.display_name,
                ),
            )
            reversal = Move.create(vals)
            reversal.action_post()
        reversal.line_ids.filtered(lambda line: line.display_type == "product").write(
            {"complaint_chargeback_id": self.id}
        )
        reversal.message_post(
            body=self.env._(
                "Reverses the settlement of the chargeback %(chargeback)s.",
                chargeback=self._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return reversal

    def _settlement_move(self):
        """Write the settlement's entry; return the chargeback's link to it."""
        self.ensure_one()
        bill = self.deduction_bill_id.sudo()
        if bill:
            self._check_deduction_bill(bill)
            if bill.state == "draft":
                self._deduct_from_draft_bill(bill)
                return {"deduction_move_id": bill.id}
        move = self._create_credit_note()
        if bill:
            self._reconcile_with_bill(move, bill)
        return {"credit_note_id": move.id}

    def _check_deduction_bill(self, bill):
        """Refuse a bill that is not an open bill of the supplier in the
        chargeback's currency, or a posted one with less left to pay than the
        accepted amount."""
        self.ensure_one()
        if (
            bill.move_type != "in_invoice"
            or bill.commercial_partner_id != self.partner_id.commercial_partner_id
            or bill.state not in ("draft", "posted")
            or bill.payment_state not in ("not_paid", "partial")
            or bill.currency_id != self.currency_id
        ):
            raise UserError(
                self.env._(
                    "%(bill)s is not an open bill of %(partner)s in %(currency)s: "
                    "choose an open vendor bill of the supplier in the chargeback's "
                    "currency, or settle by credit note.",
                    bill=bill.display_name,
                    partner=self.partner_id.display_name,
                    currency=self.currency_id.name,
                )
            )
        if bill.state == "posted" and not settlement.residual_covers(
            bill.amount_residual, self.accepted_amount, self.currency_id.round
        ):
            raise UserError(
                self.env._(
                    "%(bill)s has %(residual)s left to pay, less than the "
                    "%(accepted)s accepted: settle by credit note instead.",
                    bill=bill.display_name,
                    residual=self._format_amount(bill.amount_residual),
                    accepted=self._format_amount(self.accepted_amount),
                )
            )

    def _settlement_lines(self):
        """The credit note lines: one per cost, on its cost type's account, the
        accepted amount shared in proportion to the costs (``settlement.shares``:
        the rounding rest on the last line), so that they add up to the accepted
        amount exactly."""
        self.ensure_one()
        costs = self.line_ids.sorted(lambda line: (line.sequence, line.id))
        shares = settlement.shares(
            costs.mapped("amount"),
            self.accepted_amount,
            self.amount_total,
            self.currency_id.round,
        )
        return [
            {
                "name": f"{self.name}: {line.name}",
                "quantity": 1.0,
                "price_unit": amount,
                "account_id": line.account_id.id,
                "tax_ids": [Command.clear()],
                "complaint_chargeback_id": self.id,
            }
            for line, amount in zip(costs, shares, strict=True)
            if not self.currency_id.is_zero(amount)
        ]

    def _settlement_journal(self):
        """The purchase journal of the credit note, or a refusal saying where to
        choose it."""
        self.ensure_one()
        journal = self.company_id._complaint_chargeback_journal()
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no purchase journal for the credit notes of "
                    "chargebacks: choose one in Complaints > Configuration > "
                    "Settings, then settle %(chargeback)s.",
                    company=self.company_id.name,
                    chargeback=self.display_name,
                )
            )
        return journal

    def _prepare_credit_note_vals(self):
        """The vendor credit note of the accepted amount, one line per cost."""
        self.ensure_one()
        journal = self._settlement_journal()
        self._check_accounts()
        return {
            "move_type": "in_refund",
            "company_id": self.company_id.id,
            "journal_id": journal.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": self.name,
            "ref": self.env._(
                "Chargeback %(name)s, complaints %(complaints)s",
                name=self.name,
                complaints=", ".join(
                    self.ticket_ids.mapped(lambda t: t.complaint_number or t.name)
                ),
            ),
            "invoice_line_ids": [
                Command.create(vals) for vals in self._settlement_lines()
            ],
        }

    def _check_accounts(self):
        """Refuse costs whose type has no expense account in the company."""
        missing = self.line_ids.filtered(lambda line: not line.account_id)
        if missing:
            raise UserError(
                self.env._(
                    "The cost type %(type)s has no expense account in %(company)s: "
                    "set one in Complaints > Configuration > Chargeback Cost Types.",
                    type=missing[0].cost_type_id.name,
                    company=self.company_id.name,
                )
            )

    def _create_credit_note(self):
        """Write the vendor credit note of the accepted amount. Created as
        superuser: the finance manager's settlement is the authorisation;
        accounting posts the draft."""
        self.ensure_one()
        # Its lines name the chargeback: written behind the marker.
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
            .create(self.sudo()._prepare_credit_note_vals())
        ).with_context(**{EDIT_SENTINEL_KEY: False})
        move.message_post(
            body=self.env._(
                "Vendor credit note of the chargeback %(chargeback)s.",
                chargeback=self._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return move

    def _reconcile_with_bill(self, move, bill):
        """Post the credit note and reconcile it with the posted bill it settles."""
        move.action_post()
        (move.line_ids | bill.line_ids).filtered(
            lambda line: (
                line.account_id.account_type == "liability_payable"
                and not line.reconciled
            )
        ).reconcile()

    def _deduct_from_draft_bill(self, bill):
        """Add the accepted amount as negative lines to the supplier's draft bill."""
        self.ensure_one()
        self._check_accounts()
        # The new lines name the chargeback: written behind the marker.
        bill.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL}).write(
            {
                "invoice_line_ids": [
                    Command.create(dict(vals, price_unit=-vals["price_unit"]))
                    for vals in self._settlement_lines()
                ]
            }
        )
        bill.message_post(
            body=self.env._(
                "Chargeback %(chargeback)s deducted from this bill.",
                chargeback=self._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _lines_locked_message(self):
        return self.env._(
            "%(chargeback)s is %(state)s: its costs cannot change any more. "
            "Revise it once the supplier disputes it, or cancel it.",
            chargeback=self.display_name,
            state=self._state_label(),
        )

    @api.model
    def _open_domain(self):
        """Chargebacks still to recover."""
        return Domain("state", "not in", ("settled", "cancel"))
