from odoo import fields, models

from .complaint_chargeback import DECISIONS
from .complaint_groups import CHARGEBACK_COST_GROUPS


class ComplaintChargebackOffer(models.Model):
    """One sending of a chargeback to the supplier and the supplier's answer to
    it: the history of offers (rules §7). Written by the chargeback's own
    flow only (users read it); a revised chargeback adds an offer, the earlier
    ones stay. What was claimed and accepted are costs: hidden from complaint
    officers (rules §11.2), and so is the debit note sent, which shows them."""

    _name = "complaint.chargeback.offer"
    _inherit = ["complaint.number.mixin"]
    _description = "Chargeback Offer"
    _order = "chargeback_id, revision, id"
    _number_fields = ("amount", "accepted_amount")

    chargeback_id = fields.Many2one(
        "complaint.chargeback", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="chargeback_id.company_id", store=True, index=True
    )
    revision = fields.Integer(required=True, default=0)
    amount = fields.Monetary(
        string="Claimed", currency_field="currency_id", groups=CHARGEBACK_COST_GROUPS
    )
    currency_id = fields.Many2one("res.currency", required=True)
    sent_date = fields.Datetime(string="Sent On")
    sent_by_id = fields.Many2one("res.users")
    attachment_id = fields.Many2one(
        "ir.attachment", string="Debit Note", groups=CHARGEBACK_COST_GROUPS
    )
    decision = fields.Selection(DECISIONS, string="Supplier Answer")
    accepted_amount = fields.Monetary(
        currency_field="currency_id", groups=CHARGEBACK_COST_GROUPS
    )
    comment = fields.Text(string="Supplier Comment")
    answer_date = fields.Datetime(string="Answered On")
    answered_by_partner_id = fields.Many2one(
        "res.partner", string="Answered By (Portal)"
    )
    answered_by_id = fields.Many2one("res.users", string="Recorded By")
