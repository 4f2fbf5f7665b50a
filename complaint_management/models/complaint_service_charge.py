from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_approval_mixin import ComplaintApprovalMixin
from .complaint_protected_mixin import free_only, locked
from .complaint_workflow_mixin import reference_field

STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
# What the store manager approves: once submitted, it changes only when reset.
LOCKED_FIELDS = (
    "ticket_id",
    "responsible_user_id",
    "responsible_partner_id",
    "responsible_name",
    "amount",
    "currency_id",
    "penalty",
    "penalty_amount",
)
ACTIVITY_APPROVAL = "complaint_management.mail_act_complaint_service_charge_approval"


class ComplaintServiceCharge(models.Model):
    """What a complaint caused by our own service costs the person or maker
    responsible (rules §19.6, seed 002 第一篇: 服务质量造成顾客不满而发生的赔偿费用由
    当事关联责任人或厂家负担,并根据超市的有关规定做出处罚).

    A charge names who is responsible (a staff member, a maker, or a name), the
    amount they bear and the penalty the store's rules impose; the store manager
    approves it through the approval engine (``complaint.approval.mixin``, the
    tier of ``data/complaint_service_charge_data.xml``), never its author (four
    eyes). Only a complaint whose responsibility is our service is charged.
    Approved charges count in the monthly workbooks and the cost of poor
    quality as what was recovered from those responsible.

    Access: officers record the charges of their teams' complaints; store
    managers (and above) approve them; quality engineers and managers, finance
    and auditors read every charge of their companies.
    """

    _name = "complaint.service.charge"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.approval.mixin",
        "complaint.number.mixin",
        "complaint.chatter.mixin",
    ]
    _description = "Complaint Service Charge"
    _order = "id desc"
    _check_company_auto = True
    _number_fields = ("amount", "penalty_amount")
    _tier_review_implied_groups = True
    _transitions = {
        key: value
        for key, value in ComplaintApprovalMixin._transitions.items()
        if key != "done"
    }
    _approval_activity = ACTIVITY_APPROVAL
    _sequence_code = "complaint.service.charge"
    _protected_fields = ("approved_date",)
    _locks = {
        **dict.fromkeys(("to_approve", "rejected", "cancel"), locked(*LOCKED_FIELDS)),
        "approved": free_only(),
    }
    _undeletable_states = ("approved",)

    name = reference_field()
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain=[("is_complaint", "=", True)],
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Staff Member",
        tracking=True,
        domain=[("share", "=", False)],
        help="The staff member whose service caused the complaint.",
    )
    responsible_partner_id = fields.Many2one(
        "res.partner",
        string="Maker",
        tracking=True,
        help="The maker (a supplier's promoter, a service provider) responsible.",
    )
    responsible_name = fields.Char(
        string="Other Person", tracking=True, help="Someone with no user or contact."
    )
    responsible_display = fields.Char(
        string="Responsible", compute="_compute_responsible_display", store=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    amount = fields.Monetary(
        string="Amount Borne",
        currency_field="currency_id",
        tracking=True,
        help="What the person or maker responsible bears of the compensation.",
    )
    penalty = fields.Text(
        tracking=True, help="The penalty the store's rules impose (warning, fine...)."
    )
    penalty_amount = fields.Monetary(
        string="Fine", currency_field="currency_id", tracking=True
    )
    amount_company = fields.Monetary(
        string="Amount Borne (Company Currency)",
        currency_field="company_currency_id",
        compute="_compute_amount_company",
        store=True,
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)

    # Computes
    @api.depends("responsible_user_id", "responsible_partner_id", "responsible_name")
    def _compute_responsible_display(self):
        for charge in self:
            charge.responsible_display = ", ".join(
                filter(
                    None,
                    [
                        charge.responsible_user_id.name,
                        charge.responsible_partner_id.name,
                        charge.responsible_name,
                    ],
                )
            )

    @api.depends("amount", "currency_id", "company_id", "ticket_id.complaint_date")
    def _compute_amount_company(self):
        for charge in self:
            company = charge.company_id or self.env.company
            charge.amount_company = (
                charge.currency_id._convert(
                    charge.amount,
                    company.currency_id,
                    company,
                    fields.Date.to_date(charge.ticket_id.complaint_date)
                    or fields.Date.context_today(charge),
                )
                if charge.currency_id
                else charge.amount
            )

    # Constraints
    @api.constrains("amount", "penalty_amount")
    def _check_amounts(self):
        for charge in self:
            if charge.amount < 0 or charge.penalty_amount < 0:
                raise ValidationError(
                    self.env._(
                        "%(charge)s: the amount borne and the fine are not negative.",
                        charge=charge.display_name,
                    )
                )

    # CRUD
    @api.model
    def _sequence_company(self, vals):
        """A charge is numbered in its complaint's company."""
        ticket = self.env["helpdesk.ticket"].sudo().browse(vals.get("ticket_id"))
        return ticket.company_id or self.env.company

    # Approval engine (complaint.approval.mixin)
    def _check_ready_for_approval(self):
        """A charge names who is responsible, is for a complaint caused by our
        service, and charges something (rules §19.6)."""
        for charge in self:
            if not charge.responsible_display:
                raise ValidationError(
                    self.env._(
                        "%(charge)s: name the staff member, the maker or the "
                        "person responsible.",
                        charge=charge.display_name,
                    )
                )
            if charge.sudo().ticket_id.responsibility != "service":
                raise ValidationError(
                    self.env._(
                        "%(complaint)s was not caused by our service: set its "
                        "responsibility to our service before charging someone.",
                        complaint=charge.sudo().ticket_id.display_name,
                    )
                )
            if not (charge.amount or charge.penalty or charge.penalty_amount):
                raise ValidationError(
                    self.env._(
                        "%(charge)s: say what the person responsible bears or "
                        "which penalty applies.",
                        charge=charge.display_name,
                    )
                )

    def _lock_hint(self):
        return self.env._("Reset it to draft, or record a new charge.")

    def _approval_activity_note(self):
        return self.env._(
            "%(who)s bears %(amount)s for %(complaint)s.",
            who=self.responsible_display or "",
            amount=self._format_amount(self.amount),
            complaint=self.ticket_id.display_name,
        )
