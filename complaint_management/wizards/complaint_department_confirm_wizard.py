from odoo import fields, models

from ..models.helpdesk_ticket_counter import DEPARTMENT_FINDINGS


class ComplaintDepartmentConfirmWizard(models.TransientModel):
    """The department's team leader, called to the counter, confirms or denies
    the quality problem and signs the reception register (rules §19.1).

    Who and when are checked on the server by the complaint's one counter guard
    (``helpdesk.ticket._counter_refusal``): only the team leader called (or a
    duty or store manager), only before the limit; past it the front desk
    decides and the department's confirmation is refused.
    """

    _name = "complaint.department.confirm.wizard"
    _description = "Confirm a Complaint at the Counter"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True)
    department_team_id = fields.Many2one(related="ticket_id.department_team_id")
    department_deadline = fields.Datetime(related="ticket_id.department_deadline")
    finding = fields.Selection(
        DEPARTMENT_FINDINGS, string="Quality Problem", required=True
    )
    note = fields.Text(help="What the department found, in a few words.")
    signature = fields.Binary(required=True)
    signer_name = fields.Char(default=lambda self: self.env.user.name, readonly=True)

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._department_confirm(self.finding, self.signature, self.note)
        return {"type": "ir.actions.act_window_close"}
