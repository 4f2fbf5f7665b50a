from odoo import api, fields, models
from odoo.fields import Domain

from .complaint_sla_policy import MILESTONES

# The activity type that reminds of each milestone (data/mail_activity_type_data.xml).
MILESTONE_ACTIVITY = {
    "response": "complaint_management.mail_act_complaint_response",
    "containment": "complaint_management.mail_act_complaint_containment",
    "analysis": "complaint_management.mail_act_complaint_analysis",
    "resolution": "complaint_management.mail_act_complaint_resolution",
    "follow_up": "complaint_management.mail_act_complaint_callback",
    "effectiveness": "complaint_management.mail_act_complaint_effectiveness",
}


class ComplaintSlaMilestone(models.Model):
    """One deadline of one complaint: when it started, when it is due, when it was
    reached, how long its clock was paused (domain.md §4).

    Records are created and re-planned by the complaint (``_sla_sync``), met by the
    complaint's events, paused by ``complaint.sla.pause`` and marked breached and
    escalated by the scheduled action ``_cron_escalate``. Users read them; nobody
    writes them by hand.
    """

    _name = "complaint.sla.milestone"
    _description = "Complaint Deadline"
    _order = "deadline, id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    policy_id = fields.Many2one("complaint.sla.policy", ondelete="restrict")
    milestone = fields.Selection(MILESTONES, required=True)
    start_date = fields.Datetime(required=True)
    deadline = fields.Datetime(index=True)
    reached_date = fields.Datetime()
    paused_hours = fields.Float(
        help="Working hours the clock stood still (tests, samples); the deadline "
        "moved by as much."
    )
    state = fields.Selection(
        [
            ("running", "Running"),
            ("paused", "Paused"),
            ("met", "Met"),
            ("breached", "Breached"),
        ],
        default="running",
        required=True,
        index=True,
    )
    breach_date = fields.Datetime(
        help="When the deadline was found missed, even if met later."
    )
    escalation_level = fields.Integer(
        help="How many steps of the escalation ladder were taken for this breach."
    )
    status = fields.Selection(
        [("on_track", "On track"), ("at_risk", "At risk"), ("breached", "Breached")],
        compute="_compute_status",
        search="_search_status",
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    _open_deadline_idx = models.Index(
        "(deadline) WHERE state IN ('running', 'breached')"
    )

    @api.depends("state", "deadline", "start_date", "policy_id.at_risk_ratio")
    def _compute_status(self):
        now = fields.Datetime.now()
        for milestone in self:
            milestone.status = milestone._status_at(now)

    def _status_at(self, now):
        """On track, at risk (less than the policy's share of the time left) or
        breached, at ``now``."""
        self.ensure_one()
        if self.state == "breached" or (
            self.state == "running" and self.deadline and self.deadline < now
        ):
            return "breached"
        if self.state == "running" and self.deadline and self.policy_id:
            total = (self.deadline - self.start_date).total_seconds()
            left = (self.deadline - now).total_seconds()
            if total > 0 and left < total * self.policy_id.at_risk_ratio / 100:
                return "at_risk"
        return "on_track"

    def _search_status(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        values = [value] if isinstance(value, str) else value
        open_ones = self.search([("state", "in", ("running", "breached"))])
        now = fields.Datetime.now()
        return [
            ("id", "in", open_ones.filtered(lambda m: m._status_at(now) in values).ids)
        ]

    # Business methods
    def _activity_type_xmlid(self):
        return MILESTONE_ACTIVITY[self.milestone]

    def _responsible_user(self):
        """Who is reminded of this milestone: the front desk calls the customer
        back, QA handles the rest (domain.md §1, §8)."""
        self.ensure_one()
        ticket = self.ticket_id
        if self.milestone == "follow_up":
            return ticket.receiver_id or ticket.user_id or ticket.team_id.user_id
        return ticket.user_id or ticket.team_id.user_id or ticket.receiver_id

    def _schedule_activities(self):
        """One reminder per open milestone, due on its deadline; moved when the
        deadline moves."""
        for milestone in self.filtered(lambda m: m.state in ("running", "paused")):
            user = milestone._responsible_user()
            if not user or not milestone.deadline:
                continue
            xmlid = milestone._activity_type_xmlid()
            activity_type = self.env.ref(xmlid)
            existing = milestone.ticket_id.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            deadline = fields.Date.to_date(milestone.deadline)
            if existing:
                existing.write({"date_deadline": deadline})
            else:
                milestone.ticket_id.activity_schedule(
                    xmlid, date_deadline=deadline, user_id=user.id
                )

    def _close_activities(self):
        for milestone in self:
            milestone.ticket_id.activity_feedback(
                [milestone._activity_type_xmlid()],
                feedback=self.env._("Deadline met."),
            )

    def _meet(self, when=None):
        """The event of these milestones happened: stop their clocks."""
        to_meet = self.filtered(lambda m: m.state != "met")
        if to_meet:
            to_meet.write(
                {"state": "met", "reached_date": when or fields.Datetime.now()}
            )
            to_meet._close_activities()

    @api.model
    def _breached_domain(self, now):
        return Domain("state", "=", "running") & Domain("deadline", "<", now)
