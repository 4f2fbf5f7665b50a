from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    """A helpdesk team; a complaint team's tickets are customer complaints."""

    _inherit = "helpdesk.ticket.team"

    complaint_team = fields.Boolean(
        help="New tickets of this team are customer complaints: they get a complaint "
        "number, the intake form, grading and deadlines.",
    )
    complaint_acknowledge = fields.Boolean(
        string="Acknowledge Complaints",
        default=True,
        help="E-mail the customer on receipt of a complaint, with its number and what "
        "happens next.",
    )
    complaint_intake_field_ids = fields.Many2many(
        "ir.model.fields",
        "helpdesk_team_complaint_intake_field_rel",
        "team_id",
        "field_id",
        string="Required Intake",
        domain=[("model", "=", "helpdesk.ticket"), ("store", "=", True)],
        help="What a complaint must hold before it can be handed over to QA. Empty: "
        "the default set (domain.md §2 minimum).",
    )
    complaint_qa_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="QA Stage",
        help="The stage a complaint moves to when it is handed over to QA.",
    )
    major_manager_id = fields.Many2one(
        "res.users",
        string="Department Head",
        domain=[("share", "=", False)],
        help="Told at once of every major complaint of this team.",
    )
    major_executive_id = fields.Many2one(
        "res.users",
        string="Executive in Charge",
        domain=[("share", "=", False)],
        help="Told at once, in parallel with the department head, of every major "
        "complaint of this team.",
    )
    audit_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_team_complaint_audit_user_rel",
        "team_id",
        "user_id",
        string="Audit Team",
        domain=[("share", "=", False)],
        help="Assigned to investigate the team's major complaints.",
    )

    def _complaint_intake_fields(self):
        """The fields a complaint of this team must hold: the team's choice, else
        the shipped default (an ir.default of complaint_intake_field_ids). Read as
        superuser: field definitions are technical records every complaint user
        needs to see here."""
        fields_ = self.sudo().complaint_intake_field_ids
        if not fields_:
            default_ids = self.env["ir.default"]._get(
                "helpdesk.ticket.team", "complaint_intake_field_ids"
            )
            fields_ = self.env["ir.model.fields"].browse(default_ids or [])
        return fields_.sudo()
