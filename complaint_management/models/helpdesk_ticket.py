from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """A helpdesk ticket that may be a customer complaint (domain.md §2)."""

    _inherit = "helpdesk.ticket"

    is_complaint = fields.Boolean(
        string="Is a Complaint",
        compute="_compute_is_complaint",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Complaints get a complaint number, the intake form, grading and "
        "deadlines. Defaults from the team's 'Complaint Team' setting.",
    )

    @api.depends("team_id")
    def _compute_is_complaint(self):
        """A ticket is a complaint when its team is a complaint team."""
        for ticket in self:
            ticket.is_complaint = ticket.team_id.complaint_team
