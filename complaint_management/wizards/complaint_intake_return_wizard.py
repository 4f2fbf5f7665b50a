from odoo import fields, models


class ComplaintIntakeReturnWizard(models.TransientModel):
    """QA sends an incomplete complaint back to its receiver with a reason
    (rules §2: QA refuses incomplete complaints)."""

    _name = "complaint.intake.return.wizard"
    _description = "Send a Complaint Back to its Receiver"

    ticket_ids = fields.Many2many("helpdesk.ticket", string="Complaints", required=True)
    reason = fields.Text(required=True, help="What the receiver must complete or ask.")

    def action_confirm(self):
        self.ensure_one()
        self.ticket_ids._return_to_receiver(self.reason)
        return {"type": "ir.actions.act_window_close"}
