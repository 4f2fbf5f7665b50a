from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_defect_type import DEFECT_FAMILIES, SEVERITIES

MILESTONES = [
    ("response", "QA response"),
    ("containment", "Containment"),
    ("analysis", "Analysis"),
    ("resolution", "Resolution"),
    ("follow_up", "Customer follow-up"),
    ("effectiveness", "Effectiveness check"),
]
# Every kind of deadline of a complaint: the policies' milestones, and the date
# agreed with the customer for our answer (rules §15), which no policy plans.
DEADLINE_MILESTONES = [*MILESTONES, ("answer", "Agreed answer date")]
START_EVENTS = [
    ("received", "Complaint received"),
    ("handed_over", "Handed over to QA"),
    ("feedback", "Latest customer feedback"),
    ("resolution", "Resolution"),
]
CUSTOMER_MODES = [
    ("replace", "Replaces the general limits"),
    ("tighten", "Only tightens the general limits"),
]
# Which complaint field holds the time of each start event.
START_EVENT_FIELDS = {
    "received": "complaint_date",
    "handed_over": "handed_over_date",
    "feedback": "sla_feedback_date",
    "resolution": "resolved_date",
}


class ComplaintSlaPolicy(models.Model):
    """How long a complaint may take to reach a milestone (rules §4).

    A policy applies to a complaint when every criterion it sets matches (severity,
    teams, defect family, major, customers, customer tags); an empty criterion matches
    all. A *customer policy* (one naming customers or customer tags) either replaces
    the general limits for its milestone, because the customer's contract governs
    even when it is looser, or only tightens them, as its ``customer_mode`` says.
    Otherwise the strictest (earliest deadline) applicable policy wins
    (``lib/sla_planner.governing_offers``). Each policy says when its clock starts
    (receipt by the company, hand-over to QA, the customer's newest feedback, the
    resolution), shipped with rules §4's defaults.
    Durations count in the working time of the team's calendar, public holidays and
    pauses excluded, or in plain calendar hours.
    """

    _name = "complaint.sla.policy"
    _inherit = ["complaint.rule.mixin"]
    _description = "Complaint Deadline Policy"
    _order = "milestone, sequence, id"
    _rule_reevaluates = True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_planned(self):
        """A policy that planned deadlines is part of their history (rules §4:
        a figure users read stays true): it is archived, not deleted."""
        Milestone = self.env["complaint.sla.milestone"].sudo()
        used = Milestone._read_group(
            [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
        )
        if used:
            raise UserError(
                self.env._(
                    "%(policy)s planned the deadlines of %(count)s complaint "
                    "milestones: archive it instead of deleting it, so they keep "
                    "their history.",
                    policy=used[0][0].display_name,
                    count=sum(count for _policy, count in used),
                )
            )

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
    customer_mode = fields.Selection(
        CUSTOMER_MODES,
        string="Customer's Limit",
        required=True,
        default="tighten",
        help="For a policy naming customers or customer tags: 'Replaces' makes its "
        "limit govern the milestone for those customers, even when the general "
        "limit is stricter (the customer's contract); 'Only tightens' applies it "
        "only when it is stricter than the general limits.",
    )
    is_customer_policy = fields.Boolean(compute="_compute_is_customer_policy")
    date_from = fields.Datetime(
        string="Applies From",
        help="Complaints received before this moment are planned without this "
        "policy: a policy added later gives no old complaint a deadline it could "
        "not have met. Empty: every complaint.",
    )

    @api.depends("partner_ids", "partner_category_ids")
    def _compute_is_customer_policy(self):
        for policy in self:
            policy.is_customer_policy = bool(
                policy.partner_ids or policy.partner_category_ids
            )

    def _rule_match_extra(self, ticket):
        """A policy applies to the complaints received from its ``date_from``
        on (rules §4.8: a figure users read stays true)."""
        if not self.date_from:
            return True
        return (ticket.complaint_date or ticket.create_date) >= self.date_from

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

    def _replaces_general_limits(self):
        """Whether this policy's limit governs its milestone for its customers."""
        self.ensure_one()
        if self.customer_mode != "replace":
            return False
        # the rule's cached criteria (complaint.rule.mixin), not a read per call
        _company, _teams, partners, tags, *_rest = self._rule_criteria_values(
            (self.id,)
        )[0]
        return bool(partners or tags)

    def _working_hours(self, calendar, company=None):
        """This policy's duration in hours of ``calendar`` (or plain hours); a
        calendar without hours per day counts the company's fallback."""
        self.ensure_one()
        if self.duration_unit == "working_days":
            company = company or self.company_id or self.env.company
            return self.duration * (
                calendar.hours_per_day or company.complaint_sla_hours_per_day
            )
        return self.duration

    def _plan(self, start, extra_hours, calendar, company=None, cache=None):
        """The deadline: ``start`` plus this policy's duration and ``extra_hours`` of
        paused time, counted on ``calendar`` with its leaves (public holidays), or in
        plain hours. Naive UTC datetimes in and out. ``cache`` (a dict) shares the
        calendar arithmetic between complaints planned together."""
        self.ensure_one()
        hours = self._working_hours(calendar, company) + (extra_hours or 0.0)
        if self.duration_unit == "calendar_hours":
            return start + timedelta(hours=hours)
        key = (calendar.id, start, hours)
        if cache is not None and key in cache:
            return cache[key]
        deadline = calendar.plan_hours(hours, start, compute_leaves=True)
        deadline = deadline.replace(tzinfo=None) if deadline else False
        if cache is not None:
            cache[key] = deadline
        return deadline
