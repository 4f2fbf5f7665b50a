from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_defect_type import DEFECT_FAMILIES, SEVERITIES

MILESTONES = [
    ("response", "QA response"),
    ("containment", "Containment"),
    ("analysis", "Analysis"),
    ("resolution", "Resolution"),
    ("follow_up", "Customer follow-up"),
    ("effectiveness", "Effectiveness check"),
]
START_EVENTS = [
    ("received", "Complaint received"),
    ("handed_over", "Handed over to QA"),
    ("feedback", "Latest customer feedback"),
    ("resolution", "Resolution"),
]
# Which complaint field holds the time of each start event.
START_EVENT_FIELDS = {
    "received": "complaint_date",
    "handed_over": "handed_over_date",
    "feedback": "sla_feedback_date",
    "resolution": "resolved_date",
}


class ComplaintSlaPolicy(models.Model):
    """How long a complaint may take to reach a milestone (domain.md §4).

    A policy applies to a complaint when every criterion it sets matches (severity,
    teams, defect family, major, customers, customer tags); an empty criterion matches
    all. Of the policies that apply to one milestone, the strictest (earliest
    deadline) wins, so a customer's own limits override the company's defaults.
    Durations count in the working time of the team's calendar, public holidays and
    pauses excluded, or in plain calendar hours.
    """

    _name = "complaint.sla.policy"
    _inherit = ["complaint.rule.mixin"]
    _description = "Complaint Deadline Policy"
    _order = "milestone, sequence, id"
    _rule_reevaluates = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    milestone = fields.Selection(MILESTONES, required=True)
    start_event = fields.Selection(START_EVENTS, required=True, default="received")
    duration = fields.Float(required=True, default=1.0)
    duration_unit = fields.Selection(
        [
            ("working_hours", "Working hours"),
            ("working_days", "Working days"),
            ("calendar_hours", "Calendar hours"),
        ],
        required=True,
        default="working_days",
    )
    at_risk_ratio = fields.Float(
        string="At Risk When Left (%)",
        default=25.0,
        help="A running milestone is at risk when less than this share of its allowed "
        "time is left.",
    )
    severity = fields.Selection(SEVERITIES, help="Empty: every grade.")
    team_ids = fields.Many2many(
        "helpdesk.ticket.team", string="Teams", help="Empty: every team."
    )
    defect_family = fields.Selection(DEFECT_FAMILIES, help="Empty: every family.")
    major_only = fields.Boolean(help="Applies to major complaints only.")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        help="Limits a customer imposes (e.g. an automotive customer's own "
        "deadlines). Empty: every customer.",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="Applies to customers with one of these tags. Empty: every customer.",
    )

    @api.constrains("duration", "at_risk_ratio")
    def _check_duration(self):
        for policy in self:
            if policy.duration <= 0:
                raise ValidationError(
                    self.env._(
                        "The duration of the deadline policy '%(policy)s' must be "
                        "positive: enter the time allowed, e.g. 2 working days.",
                        policy=policy.name,
                    )
                )
            if not 0 <= policy.at_risk_ratio < 100:
                raise ValidationError(
                    self.env._(
                        "The 'at risk' share of '%(policy)s' must be between 0 and "
                        "100%%.",
                        policy=policy.name,
                    )
                )

    @api.model
    def _rule_reevaluate(self, tickets):
        """Re-plan the deadlines of the open complaints a policy change touches."""
        tickets._sla_sync()

    def _working_hours(self, calendar):
        """This policy's duration in hours of ``calendar`` (or plain hours)."""
        self.ensure_one()
        if self.duration_unit == "working_days":
            return self.duration * (calendar.hours_per_day or 8.0)
        return self.duration

    def _plan(self, start, extra_hours, calendar):
        """The deadline: ``start`` plus this policy's duration and ``extra_hours`` of
        paused time, counted on ``calendar`` with its leaves (public holidays), or in
        plain hours. Naive UTC datetimes in and out."""
        self.ensure_one()
        hours = self._working_hours(calendar) + (extra_hours or 0.0)
        if self.duration_unit == "calendar_hours":
            return start + timedelta(hours=hours)
        deadline = calendar.plan_hours(hours, start, compute_leaves=True)
        return deadline.replace(tzinfo=None) if deadline else False
