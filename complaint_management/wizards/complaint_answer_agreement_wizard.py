from odoo import api, fields, models


class ComplaintAnswerAgreementWizard(models.TransientModel):
    """Agree with the customer the date of our answer, or a new one with its
    reason (rules §15.1): the one way an agreement is recorded
    (``helpdesk.ticket._answer_agree`` checks and writes it)."""

    _name = "complaint.answer.agreement.wizard"
    _description = "Agree an Answer Date"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    previous_date = fields.Date(
        string="Date Agreed Before", compute="_compute_previous_date"
    )
    answer_date = fields.Date(string="Answer Date Agreed", required=True)
    promise = fields.Text(
        string="What We Promised",
        required=True,
        help="What the customer will hear from us by that date.",
    )
    reason = fields.Text(
        string="Why a New Date",
        help="Required when a date was agreed before: why the customer and we "
        "agree another one.",
    )

    @api.depends("ticket_id")
    def _compute_previous_date(self):
        for wizard in self:
            wizard.previous_date = wizard.ticket_id.sudo().answer_date

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._answer_agree(self.answer_date, self.promise, self.reason)
        return {"type": "ir.actions.act_window_close"}
