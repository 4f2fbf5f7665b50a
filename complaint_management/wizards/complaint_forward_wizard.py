from odoo import fields, models


class ComplaintForwardWizard(models.TransientModel):
    """The head office sends an ordinary complaint to the branch or department it
    concerns (rules §20.2); the complaint decides whether it may go there
    (``helpdesk.ticket._send_to_team``)."""

    _name = "complaint.forward.wizard"
    _description = "Send a Complaint to a Branch or Department"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", required=True)
    company_id = fields.Many2one(related="ticket_id.company_id")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Send To",
        required=True,
        domain="[('complaint_team', '=', True), ('id', '!=', ticket_team_id), "
        "'|', ('company_id', '=', False), ('company_id', 'child_of', company_id)]",
        help="The branch team or head-office department the complaint concerns.",
    )
    ticket_team_id = fields.Many2one(related="ticket_id.team_id")
    note = fields.Text(help="What the receiving team should know.")

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._send_to_team(self.team_id, self.note)
        return {"type": "ir.actions.act_window_close"}
