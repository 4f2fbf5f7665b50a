from odoo import fields, models


class ComplaintReopenWizard(models.TransientModel):
    """Reopen a closed complaint, saying why (rules §10: a closed complaint stays as
    it was; reopening it is a decision the chatter keeps)."""

    _name = "complaint.reopen.wizard"
    _description = "Reopen a Closed Complaint"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", required=True)
    reason = fields.Text(required=True, help="Why the closed complaint reopens.")

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._reopen_with_reason(self.reason)
        return {"type": "ir.actions.act_window_close"}
