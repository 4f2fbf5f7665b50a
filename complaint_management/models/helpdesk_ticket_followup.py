from odoo import fields, models

from .complaint_language import schedule_activity

SATISFACTION = [
    ("1", "Very unhappy"),
    ("2", "Unhappy"),
    ("3", "Neutral"),
    ("4", "Happy"),
    ("5", "Very happy"),
]


class HelpdeskTicket(models.Model):
    """Follow-up and satisfaction of complaints (domain.md §8): within a week after
    handling the customer is called back and asked whether they are satisfied; an
    unhappy customer reopens the complaint for a revised solution, handled by the
    handler's superior (三換, §5). The call-back is an event of the complaint
    (``_record_event("called_back")``): it meets the call-back deadline."""

    _inherit = "helpdesk.ticket"

    callback_date = fields.Datetime(
        string="Called Back", copy=False, readonly=True, tracking=True
    )
    satisfaction = fields.Selection(SATISFACTION, copy=False, tracking=True)
    satisfaction_comment = fields.Text(copy=False)
    revision_count = fields.Integer(
        string="Revised Solutions",
        copy=False,
        help="How many times an unhappy customer reopened the complaint.",
    )

    # Actions
    def action_record_callback(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call-back to the Customer"),
            "res_model": "complaint.callback.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # Business methods
    def _record_callback(self, satisfaction, comment):
        """The call-back after handling (domain.md §8): record the customer's
        satisfaction; at or below the company's threshold the complaint reopens
        for a revised solution."""
        self.ensure_one()
        self.write({"satisfaction": satisfaction, "satisfaction_comment": comment})
        self._record_event("called_back")
        threshold = self.company_id.complaint_unhappy_threshold or "2"
        if satisfaction and int(satisfaction) <= int(threshold):
            self._reopen_for_revision(comment)

    def _reopen_stage(self):
        """The stage a revision reopens the complaint in: the company's setting,
        else the team's first open stage after the first one."""
        self.ensure_one()
        stage = self.company_id.complaint_reopen_stage_id
        if stage:
            return stage
        return self.env["helpdesk.ticket.stage"].search(
            [
                ("closed", "=", False),
                "|",
                ("team_ids", "=", False),
                ("team_ids", "in", self.team_id.ids),
                ("sequence", ">", 1),
            ],
            limit=1,
            order="sequence, id",
        )

    def _reopen_for_revision(self, comment):
        """Reopen for a revised solution: the superior takes it, and the unhappy
        call-back is the customer's newest feedback (the analysis restarts)."""
        self.ensure_one()
        team = self.team_id
        stage = self._reopen_stage()
        superior = team.escalation_user_id or team.user_id
        vals = {"revision_count": self.revision_count + 1}
        if stage:
            vals["stage_id"] = stage.id
        if superior:
            vals["user_id"] = superior.id
        self.write(vals)
        self._record_event("customer_feedback")
        self.message_post(
            body=self.env._(
                "The customer is not satisfied: the complaint is reopened for a "
                "revised solution. %(comment)s",
                comment=comment or "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        if superior:
            schedule_activity(
                self,
                "complaint_management.mail_act_complaint_revision",
                superior,
                note=comment,
            )
