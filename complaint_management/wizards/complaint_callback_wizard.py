from odoo import fields, models
from odoo.exceptions import UserError

from ..models.helpdesk_ticket_sla import SATISFACTION


class ComplaintCallbackWizard(models.TransientModel):
    """The call-back: how satisfied is the customer once the complaint is
    handled (rules §8); before that, on the agreed answer date, what we told
    them (rules §15.2)."""

    _name = "complaint.callback.wizard"
    _description = "Complaint Call-back"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    handled = fields.Boolean(compute="_compute_handled")
    satisfaction = fields.Selection(SATISFACTION)
    comment = fields.Text(help="What the customer said.")

    def _compute_handled(self):
        for wizard in self:
            ticket = wizard.ticket_id
            wizard.handled = bool(ticket.resolved_date or ticket.closed)

    def action_confirm(self):
        """Record the call-back, as a user who may change the complaint or as
        the call centre on a complaint it reads (rules §20.4); the call-back is
        then written as the application."""
        self.ensure_one()
        if not self.ticket_id._callback_by_call_centre():
            self.ticket_id.check_access("write")
        if self.handled and not self.satisfaction:
            raise UserError(
                self.env._("Say how satisfied the customer is with the solution.")
            )
        self.ticket_id._record_callback(self.satisfaction, self.comment)
        return {"type": "ir.actions.act_window_close"}
