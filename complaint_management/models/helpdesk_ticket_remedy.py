from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_groups import COMPLAINT_READER_GROUPS, COST_GROUPS

# Responsibilities for which the complaint is answered by an explanation
# (rules §5.1).
NOT_OURS = ("customer", "carrier")


class HelpdeskTicket(models.Model):
    """The remedies of a complaint (rules §5, §7).

    Kept apart from helpdesk_ticket.py so that each feature's extension of the
    complaint reads on its own: the remedies offered, what they promise and pay, and
    the rule that a complaint does not close while a remedy waits for approval.

    What a complaint costs the company is hidden from complaint officers (rules §11.2;
    rules §8: information shared with those who need it). A cost is what the
    company pays or loses because of the complaint, summed or measured for the
    company: the remedies promised and paid on the complaint, the money given back
    to the customer over time, the chargebacks claimed from suppliers. What the
    customer is offered (a remedy's type, amount, products and the text for the
    customer) is not a cost: the officer proposes it and tells the customer, so it
    stays theirs to read and write while it is a draft. Cost fields carry
    ``groups``: the ORM refuses them to others, over RPC too, and views drop them.
    """

    _inherit = "helpdesk.ticket"

    remedy_ids = fields.One2many(
        "complaint.remedy",
        "ticket_id",
        string="Remedies",
        groups=COMPLAINT_READER_GROUPS,
    )
    remedy_count = fields.Integer(
        compute="_compute_remedy_count", groups=COMPLAINT_READER_GROUPS
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    remedy_amount_promised = fields.Monetary(
        string="Promised",
        currency_field="company_currency_id",
        groups=COST_GROUPS,
        compute="_compute_remedy_amounts",
        store=True,
        help="The approved remedies, in company currency, whether carried out yet or "
        "not.",
    )
    remedy_amount_paid = fields.Monetary(
        string="Paid",
        currency_field="company_currency_id",
        groups=COST_GROUPS,
        compute="_compute_remedy_amounts",
        store=True,
        help="The remedies carried out, in company currency (a refund or credit once "
        "its credit note is posted).",
    )

    @api.depends("remedy_ids")
    def _compute_remedy_count(self):
        """The remedies the user may read: those the form reads anyway (rules §14:
        no query of its own), one query for a batch otherwise."""
        for ticket in self:
            ticket.remedy_count = len(ticket.remedy_ids)

    @api.depends("remedy_ids.state", "remedy_ids.amount_company")
    def _compute_remedy_amounts(self):
        for ticket in self:
            remedies = ticket.sudo().remedy_ids
            promised = remedies.filtered(lambda r: r.state in ("approved", "done"))
            paid = promised.filtered(lambda r: r.state == "done")
            ticket.remedy_amount_promised = sum(promised.mapped("amount_company"))
            ticket.remedy_amount_paid = sum(paid.mapped("amount_company"))

    # Actions
    @api.readonly
    def action_view_remedies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_remedy_action"
        )
        action.update(
            domain=[("ticket_id", "=", self.id)],
            context={"default_ticket_id": self.id},
        )
        return action

    def action_propose_remedy(self):
        """Open a new remedy for this complaint."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Remedy"),
            "res_model": "complaint.remedy",
            "view_mode": "form",
            "target": "current",
            "context": {"default_ticket_id": self.id},
        }

    # Business methods
    def _remedy_check_can_close(self):
        """A complaint does not close while one of its remedies waits for approval
        (rules §5: the customer gets an approved answer before closure); one
        that is not our responsibility (the customer's or a carrier's) closes only
        once the QA manager has approved the explanation sent to the customer
        (rules §5.1). Called by ``_check_can_close``."""
        for ticket in self:
            pending = ticket.sudo().remedy_ids.filtered(
                lambda r: r.state == "to_approve"
            )
            if pending:
                raise UserError(
                    self.env._(
                        "%(complaint)s cannot close while remedies wait for approval "
                        "(%(remedies)s): have them approved or rejected, or withdraw "
                        "them, first.",
                        complaint=ticket.display_name,
                        remedies=", ".join(pending.mapped("display_name")),
                    )
                )
            if (
                ticket.responsibility in NOT_OURS
                and not ticket.sudo().remedy_ids.filtered(
                    lambda r: (
                        r.remedy_type == "explanation"
                        and r.state in ("approved", "done")
                        and not r.goodwill_policy_id
                    )
                )
            ):
                raise UserError(
                    self.env._(
                        "%(complaint)s is not our responsibility (%(who)s): it "
                        "closes once the QA manager has approved the explanation "
                        "for the customer. Propose an explanation remedy and request "
                        "its approval first.",
                        complaint=ticket.display_name,
                        who=dict(
                            ticket._fields["responsibility"]._description_selection(
                                self.env
                            )
                        ).get(ticket.responsibility),
                    )
                )
