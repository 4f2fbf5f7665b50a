from odoo import fields, models

from ..models.helpdesk_ticket_sla import SATISFACTION


class ComplaintCallbackWizard(models.TransientModel):
    """The call-back after handling: how satisfied is the customer (rules §8)?"""

    _name = "complaint.callback.wizard"
    _description = "Complaint Call-back"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    satisfaction = fields.Selection(SATISFACTION, required=True)
    comment = fields.Text(help="What the customer said.")

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._record_callback(self.satisfaction, self.comment)
        return {"type": "ir.actions.act_window_close"}
