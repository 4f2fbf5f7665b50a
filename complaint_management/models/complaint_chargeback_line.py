from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .complaint_groups import CHARGEBACK_COST_GROUPS
from .complaint_protected_mixin import free_only


class ComplaintChargebackLine(models.Model):
    """A cost claimed from the supplier: its type, the complaint it comes from,
    the remedy or 8D containment action it was proposed from, a quantity above
    zero, a unit cost above zero and their amount, in the chargeback's currency.

    A remedy, or a containment action's quantity of one cost type, is claimed by
    at most one chargeback that is not cancelled (rules §7: a loss is borne
    once). Lines change only while their chargeback is a draft; the costs of a
    settled chargeback stay as they were with it (``complaint.protected.mixin``:
    never changed or deleted, whatever the context). What each cost is worth is
    hidden from complaint officers.
    """

    _name = "complaint.chargeback.line"
    _inherit = [
        "complaint.document.line.mixin",
        "complaint.protected.mixin",
        "complaint.number.mixin",
    ]
    _description = "Chargeback Cost"
    _order = "chargeback_id, sequence, id"
    _line_document_field = "chargeback_id"
    _number_fields = ("quantity", "unit_cost")
    _locks = {"settled": free_only()}
    _undeletable_states = ("settled",)

    chargeback_id = fields.Many2one(
        "complaint.chargeback", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="chargeback_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="chargeback_id.partner_id", string="Supplier or Carrier", store=True
    )
    chargeback_state = fields.Selection(
        related="chargeback_id.state", string="Chargeback State"
    )
    cost_type_id = fields.Many2one(
        "complaint.chargeback.cost.type",
        required=True,
        ondelete="restrict",
        index=True,
    )
    name = fields.Char(string="Description", required=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        index="btree_not_null",
        domain="[('id', 'in', parent.ticket_ids)]",
    )
    remedy_id = fields.Many2one(
        "complaint.remedy",
        index="btree_not_null",
        ondelete="restrict",
        help="The remedy given to the customer that this cost claims back.",
    )
    remedy_credit_note_id = fields.Many2one(
        "account.move",
        string="Customer Credit Note",
        compute="_compute_remedy_credit_note_id",
    )
    eight_d_action_id = fields.Many2one(
        "complaint.8d.action",
        string="8D Containment",
        index="btree_not_null",
        ondelete="restrict",
        help="The 8D containment action whose quantities this cost claims.",
    )
    defect_qty = fields.Float(
        related="ticket_id.defect_qty", string="Defective Quantity"
    )
    quantity = fields.Float(digits="Product Unit", default=1.0, required=True)
    unit_cost = fields.Monetary(
        currency_field="currency_id", required=True, groups=CHARGEBACK_COST_GROUPS
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        groups=CHARGEBACK_COST_GROUPS,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    account_id = fields.Many2one(
        "account.account",
        string="Expense Account",
        compute="_compute_account_id",
        help="The cost type's expense account in the chargeback's company.",
    )
    claim_active = fields.Boolean(
        compute="_compute_claim_active",
        store=True,
        help="The chargeback is not cancelled: the cost counts as claimed.",
    )

    @api.depends("remedy_id")
    def _compute_remedy_credit_note_id(self):
        for line in self:
            line.remedy_credit_note_id = line.sudo().remedy_id.credit_note_id

    @api.depends("quantity", "unit_cost", "currency_id")
    def _compute_amount(self):
        for line in self:
            line.amount = line.currency_id.round(line.quantity * line.unit_cost)

    @api.depends("chargeback_id")
    def _compute_currency_id(self):
        for line in self:
            line.currency_id = line.currency_id or line.chargeback_id.currency_id

    @api.depends("cost_type_id", "company_id")
    def _compute_account_id(self):
        for line in self:
            company = line.company_id or self.env.company
            line.account_id = (
                line.cost_type_id._account_for(company) if line.cost_type_id else False
            )

    @api.depends("chargeback_id.state")
    def _compute_claim_active(self):
        for line in self:
            line.claim_active = line.chargeback_id.state != "cancel"

    # Constraints
    @api.constrains("quantity", "unit_cost")
    def _check_positive(self):
        """A cost is a quantity above zero at a unit cost above zero (a credit to
        the supplier is not a chargeback)."""
        for line in self:
            if (
                line.quantity <= 0
                or line.currency_id.compare_amounts(line.unit_cost, 0.0) <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The cost '%(line)s' of %(chargeback)s is zero or negative: "
                        "enter a quantity and a unit cost above zero, or remove "
                        "the line.",
                        line=line.name,
                        chargeback=line.chargeback_id.display_name,
                    )
                )

    @api.constrains("currency_id", "chargeback_id")
    def _check_currency(self):
        """Every cost is in the chargeback's currency."""
        for line in self:
            if line.currency_id != line.chargeback_id.currency_id:
                raise ValidationError(
                    self.env._(
                        "The cost '%(line)s' is in %(line_currency)s but "
                        "%(chargeback)s is in %(currency)s: enter every cost in "
                        "the chargeback's currency.",
                        line=line.name,
                        line_currency=line.currency_id.name,
                        chargeback=line.chargeback_id.display_name,
                        currency=line.chargeback_id.currency_id.name,
                    )
                )

    @api.constrains("ticket_id", "remedy_id", "eight_d_action_id", "chargeback_id")
    def _check_source(self):
        """A cost comes from one of the chargeback's complaints."""
        for line in self:
            chargeback = line.chargeback_id
            tickets = chargeback.sudo().ticket_ids
            source = line.sudo()
            outside = (source.ticket_id | source.remedy_id.ticket_id) - tickets
            report = source.eight_d_action_id.eight_d_id
            if report and not report.ticket_ids & tickets:
                outside |= report.ticket_ids
            if outside:
                raise ValidationError(
                    self.env._(
                        "The cost '%(line)s' comes from %(complaint)s, which is not "
                        "a complaint of %(chargeback)s: add the complaint to the "
                        "chargeback first.",
                        line=line.name,
                        complaint=outside[0].display_name,
                        chargeback=chargeback.display_name,
                    )
                )

    @api.constrains("remedy_id", "eight_d_action_id", "cost_type_id", "claim_active")
    def _check_claimed_once(self):
        """Nothing is claimed twice (rules §7): a remedy, or a containment
        action's cost of one type, belongs to one chargeback that is not
        cancelled."""
        lines = self.filtered("claim_active")
        if not lines:
            return
        domain = Domain("claim_active", "=", True) & Domain("id", "not in", lines.ids)
        sources = Domain("remedy_id", "in", lines.remedy_id.ids) | Domain(
            "eight_d_action_id", "in", lines.eight_d_action_id.ids
        )
        others = self.sudo().search(domain & sources) | lines.sudo()
        for line in lines:
            for name in ("remedy_id", "eight_d_action_id"):
                if not line[name]:
                    continue
                twins = others.filtered(
                    lambda o, ln=line, n=name: (
                        o.id != ln.id
                        and o[n] == ln[n]
                        and o.cost_type_id == ln.cost_type_id
                    )
                )
                if twins:
                    raise ValidationError(
                        self.env._(
                            "%(claimed)s is already claimed by %(other)s: a cost is "
                            "claimed from the supplier once. Cancel that chargeback "
                            "or remove the cost.",
                            claimed=line.sudo()[name].display_name,
                            other=twins[0].chargeback_id.display_name,
                        )
                    )

    # Record protection (complaint.protected.mixin)
    def _lock_key(self):
        """The state of the line's chargeback."""
        return self.chargeback_id.state

    def _lock_state_label(self):
        return self.env._(
            "a cost of the settled chargeback %(chargeback)s",
            chargeback=self.chargeback_id.display_name,
        )

    @api.model
    def _claimed_keys(self, remedies, actions):
        """The (remedy, cost type) and (containment action, cost type) pairs
        already claimed by chargebacks that are not cancelled, in one query each."""
        lines = self.search(
            Domain("claim_active", "=", True)
            & (
                Domain("remedy_id", "in", remedies.ids)
                | Domain("eight_d_action_id", "in", actions.ids)
            )
        )
        return {
            "remedy": {
                (line.remedy_id.id, line.cost_type_id.id)
                for line in lines
                if line.remedy_id
            },
            "action": {
                (line.eight_d_action_id.id, line.cost_type_id.id)
                for line in lines
                if line.eight_d_action_id
            },
        }
