from odoo import fields, models


class Complaint8DReopenWizard(models.TransientModel):
    """A QA manager reopens approved 8D reports, saying why (rules §6: an
    approved report is locked; reopening it is a tracked decision)."""

    _name = "complaint.8d.reopen.wizard"
    _description = "Reopen an Approved 8D Report"

    eight_d_ids = fields.Many2many("complaint.8d", string="8D Reports", required=True)
    reason = fields.Text(
        required=True, help="Why the approved report must change: it is tracked."
    )

    def action_confirm(self):
        self.ensure_one()
        self.eight_d_ids._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
