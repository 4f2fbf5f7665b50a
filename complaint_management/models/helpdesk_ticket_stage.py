from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    complaint_intake_check = fields.Boolean(
        string="Complaint Hand-over to QA",
        help="Complaints reach this stage only with a complete intake; reaching it "
        "hands them over to QA.",
    )
