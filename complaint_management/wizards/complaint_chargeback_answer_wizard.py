from odoo import fields, models

from ..models.complaint_chargeback import DECISIONS


class ComplaintChargebackAnswerWizard(models.TransientModel):
    """Record the supplier's answer received outside the portal (by mail, by
    phone): the same rules as the portal's (``complaint.chargeback._record_answer``)."""

    _name = "complaint.chargeback.answer.wizard"
    _description = "Record a Supplier's Chargeback Answer"

    chargeback_id = fields.Many2one("complaint.chargeback", required=True)
    currency_id = fields.Many2one(related="chargeback_id.currency_id")
    amount_total = fields.Monetary(
        related="chargeback_id.amount_total", currency_field="currency_id"
    )
    decision = fields.Selection(DECISIONS, required=True, default="accept")
    accepted_amount = fields.Monetary(currency_field="currency_id")
    comment = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        chargeback = self.chargeback_id
        chargeback._check_transition("answer_accept")
        chargeback._record_answer(
            self.decision,
            accepted_amount=self.accepted_amount
            if self.decision == "partial"
            else None,
            comment=self.comment,
        )
        return {"type": "ir.actions.act_window_close"}
