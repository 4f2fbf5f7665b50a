from odoo import api, fields, models, tools


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
        "the default set (rules §2 minimum).",
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

    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Deadlines of the team's complaints count in this calendar's working "
        "time, public holidays excluded. Empty: the company's calendar.",
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalation Handler",
        domain=[("share", "=", False)],
        help="The more senior person a complaint is handed to when its deadline is "
        "missed or its customer stays unhappy (三換).",
    )
    # Store counter (rules §19)
    complaint_department = fields.Boolean(
        string="Store Department",
        help="A department of the store (fresh food, household...) that the front "
        "desk calls to the counter: its team leader confirms the problem and signs "
        "the register; its members' complaints are handed to the front desk.",
    )
    complaint_duty_manager_id = fields.Many2one(
        "res.users",
        string="Duty Manager",
        domain=[("share", "=", False)],
        help="Told at once of a major complaint at this counter (rules §19.2). "
        "Empty: the company's duty or store manager.",
    )

    complaint_progress_event_ids = fields.Many2many(
        "complaint.progress.event",
        "helpdesk_team_complaint_progress_event_rel",
        "team_id",
        "event_id",
        string="Progress Told to the Customer",
        default=lambda self: self._default_progress_events(),
        help="The moments of a complaint that e-mail its customer, each from its "
        "own template, in the customer's language (rules §16.1). Default: all.",
    )

    def _default_progress_events(self):
        """Every moment that may inform the customer (the seeds: keep the customer
        informed)."""
        return self.env["complaint.progress.event"].search([("active", "=", True)])

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any("complaint_intake_field_ids" in vals for vals in vals_list):
            self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if "complaint_intake_field_ids" in vals:
            # Every worker forgets ``_complaint_intake_spec`` (the registry's
            # cache invalidation is signalled to the other workers).
            self.env.registry.clear_cache()
        return res

    def _complaint_intake_fields(self):
        """The fields a complaint of this team must hold: the team's choice, else
        the shipped default (an ir.default of complaint_intake_field_ids), as
        ir.model.fields records (superuser: field definitions are technical records
        every complaint user needs to see here). From ``_complaint_intake_spec``:
        no query."""
        return (
            self.env["ir.model.fields"]
            .sudo()
            .browse(
                field_id
                for field_id, _name, _ttype in self._complaint_intake_spec(self.id)
            )
        )

    @api.model
    @tools.ormcache("team_id")
    def _complaint_intake_spec(self, team_id):
        """The intake a complaint of team ``team_id`` (0: no team) must hold before
        it goes to QA (rules §2): a tuple of (field id, field name, field type),
        the team's choice, else the shipped default (an ir.default of
        complaint_intake_field_ids).

        Every complaint form reads it (rules §14), so it is cached per team; the cache
        is cleared when a team's choice changes (``write``) or the default does
        (``ir.default`` clears the registry's cache), in every worker."""
        fields_ = self.browse(team_id).sudo().complaint_intake_field_ids
        if not fields_:
            default_ids = self.env["ir.default"]._get(
                "helpdesk.ticket.team", "complaint_intake_field_ids"
            )
            fields_ = (
                self.env["ir.model.fields"].sudo().browse(default_ids or []).exists()
            )
        return tuple((field.id, field.name, field.ttype) for field in fields_)
