from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    """A helpdesk team whose tickets are customer complaints by default."""

    _inherit = "helpdesk.ticket.team"

    complaint_team = fields.Boolean(
        help="New tickets of this team are customer complaints: they get a complaint "
        "number, the intake form, grading and deadlines.",
    )
