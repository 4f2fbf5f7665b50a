from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib import sla_planner
from .complaint_language import by_company_lang
from .complaint_sla_policy import DEADLINE_MILESTONES

# The activity type that reminds of each milestone (data/mail_activity_type_data.xml).
MILESTONE_ACTIVITY = {
    "response": "complaint_management.mail_act_complaint_response",
    "containment": "complaint_management.mail_act_complaint_containment",
    "analysis": "complaint_management.mail_act_complaint_analysis",
    "resolution": "complaint_management.mail_act_complaint_resolution",
    "follow_up": "complaint_management.mail_act_complaint_callback",
    "effectiveness": "complaint_management.mail_act_complaint_effectiveness",
    "answer": "complaint_management.mail_act_complaint_answer",
}
OPEN_STATES = ("running", "paused", "breached")


class ComplaintSlaMilestone(models.Model):
    """One deadline of one complaint: when it started, when it is due, when it was
    reached, how long its clock was paused (rules §4).

    The figures tell the truth: a milestone reached after its deadline is
    *breached* (and ``met_late``), never "met"; a breach is history that no later
    event, re-grade or closure erases. Compliance is met on time ÷ due.

    Records are created and re-planned by the complaint (``_sla_sync``), reached by
    the complaint's events (``helpdesk.ticket._record_event``), paused by
    ``complaint.sla.pause``, ended by the closure, and marked breached and escalated
    by the scheduled action ``_cron_escalate``. Users read them; nobody writes them
    by hand.
    """

    _name = "complaint.sla.milestone"
    _inherit = ["complaint.protected.mixin"]
    _description = "Complaint Deadline"
    _order = "deadline, id"
    # Findings of the application, written by code that checked the user's right
    # and then used sudo(); no RPC call can write them (design.md, approval engine).
    _protected_fields = ("state", "reached_date", "breach_date")
    _protected_allow_superuser = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    # A policy that planned milestones is archived, never deleted
    # (ComplaintSlaPolicy._unlink_except_planned); "set null" lets the addon
    # uninstall while complaints keep their history.
    policy_id = fields.Many2one("complaint.sla.policy", ondelete="set null")
    milestone = fields.Selection(DEADLINE_MILESTONES, required=True)
    start_date = fields.Datetime(required=True)
    deadline = fields.Datetime(index=True)
    reached_date = fields.Datetime(
        help="When the complaint's event reached this milestone (on time or late)."
    )
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
            ("not_needed", "Not Needed"),
        ],
        default="running",
        required=True,
        index=True,
        help="Met: reached on time. Breached: the deadline passed before the "
        "milestone was reached, whether it was reached late since or not; a breach "
        "stays a breach. Not Needed: ended before its deadline without its event "
        "(the complaint was closed, or a re-grade dropped it); see the reason.",
    )
    met_late = fields.Boolean(
        compute="_compute_met_late",
        store=True,
        help="Reached, but after its deadline: it counts as a breach in every figure.",
    )
    is_open = fields.Boolean(
        compute="_compute_is_open",
        store=True,
        index=True,
        help="Its clock still runs: not reached and not ended. Only open "
        "milestones are re-planned, reminded and escalated.",
    )
    end_reason = fields.Char(
        string="Ended Because",
        help="Why the milestone ended without its event (closure, re-grade).",
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

    _open_deadline_idx = models.Index("(deadline) WHERE is_open")
    # The escalation job's search (_escalation_due_domain): open breached ones by
    # level and breach date.
    _escalation_due_idx = models.Index(
        "(escalation_level, breach_date) WHERE is_open AND state = 'breached'"
    )

    @api.depends("reached_date", "deadline")
    def _compute_met_late(self):
        for milestone in self:
            milestone.met_late = bool(
                milestone.reached_date
                and milestone.deadline
                and milestone.reached_date > milestone.deadline
            )

    @api.depends("state", "reached_date", "end_reason")
    def _compute_is_open(self):
        for milestone in self:
            milestone.is_open = (
                milestone.state in OPEN_STATES
                and not milestone.reached_date
                and not milestone.end_reason
            )

    @api.depends("state", "deadline", "start_date", "policy_id.at_risk_ratio")
    def _compute_status(self):
        now = fields.Datetime.now()
        for milestone in self:
            milestone.status = milestone._status_at(now)

    def _status_at(self, now):
        """On track, at risk (less than the policy's share of the time left) or
        breached (history included), at ``now``."""
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
        candidates = self.search([("state", "in", ("running", "breached"))])
        now = fields.Datetime.now()
        return [
            ("id", "in", candidates.filtered(lambda m: m._status_at(now) in values).ids)
        ]

    # Business methods
    def _activity_type_xmlid(self):
        return MILESTONE_ACTIVITY[self.milestone]

    def _responsible_user(self):
        """Who is reminded of this milestone: the front desk calls the customer
        back, QA handles the rest (rules §1, §8)."""
        self.ensure_one()
        ticket = self.ticket_id
        if self.milestone == "follow_up":
            return ticket.receiver_id or ticket.user_id or ticket.team_id.user_id
        if self.milestone == "answer":
            # who agreed the date keeps it, unless the complaint has a handler
            # (rules §15.2)
            return ticket.user_id or ticket.answer_agreement_id.user_id
        return ticket.user_id or ticket.team_id.user_id or ticket.receiver_id

    def _activity_date(self):
        """The day the reminder of this open milestone falls on: its deadline's
        day; for an agreed answer date, the company's reminder days before it
        (never before the day the date was agreed, rules §15.2)."""
        self.ensure_one()
        if self.milestone != "answer":
            return fields.Date.to_date(self.deadline)
        ticket = self.ticket_id
        tz = pytz.timezone(ticket._sla_calendar().tz or "UTC")
        day, agreed_on = (
            pytz.utc.localize(moment).astimezone(tz).date()
            for moment in (self.deadline, self.start_date)
        )
        days = max(ticket.company_id.complaint_answer_reminder_days, 0)
        return max(day - timedelta(days=days), agreed_on)

    @api.model
    def _activity_types(self):
        """{milestone: its activity type, or None if deleted}, in one query."""
        type_ids = {
            milestone: self.env["ir.model.data"]._xmlid_to_res_id(
                xmlid, raise_if_not_found=False
            )
            for milestone, xmlid in MILESTONE_ACTIVITY.items()
        }
        found = (
            self.env["mail.activity.type"]
            .browse(set(filter(None, type_ids.values())))
            .exists()
        )
        return {
            milestone: found.browse(type_id) if type_id in found.ids else None
            for milestone, type_id in type_ids.items()
        }

    def _activity_update(self):
        """The one place that keeps the milestones' reminders in step, in batches:
        an open milestone has one activity of its type due on its deadline
        (created or moved); a reached one has its activity marked done; one ended
        without its event has its activity removed. Honours the context key
        ``mail_activity_automation_skip`` as Odoo's own activity automation does.
        An activity shows its type's name in its reader's language (no summary
        copied); the line that marks it done is in the company's (rules §13)."""
        if self.env.context.get("mail_activity_automation_skip") or not self:
            return
        Activity = self.env["mail.activity"].sudo()
        types = self._activity_types()
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        existing = defaultdict(lambda: Activity)  # (ticket id, type id) -> activities
        for activity in Activity.search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", self.ticket_id.ids),
                ("activity_type_id", "in", [t.id for t in types.values() if t]),
            ]
        ):
            existing[activity.res_id, activity.activity_type_id.id] |= activity
        to_create, to_done, to_unlink = [], Activity, Activity
        to_move = defaultdict(lambda: Activity)  # date -> activities
        for milestone in self:
            activity_type = types[milestone.milestone]
            if not activity_type:
                continue
            key = (milestone.ticket_id.id, activity_type.id)
            current = existing[key]
            if milestone.is_open and milestone.deadline:
                deadline = milestone._activity_date()
                if current:
                    moved = current.filtered(lambda a, d=deadline: a.date_deadline != d)
                    to_move[deadline] |= moved
                    continue
                user = milestone._responsible_user()
                if user:
                    to_create.append(
                        {
                            "res_model_id": model_id,
                            "res_id": milestone.ticket_id.id,
                            "activity_type_id": activity_type.id,
                            "user_id": user.id,
                            "date_deadline": deadline,
                        }
                    )
                    existing[key] = Activity  # one per milestone type
            elif milestone.reached_date:
                to_done |= current
            else:
                to_unlink |= current
        for deadline, activities in to_move.items():
            activities.write({"date_deadline": deadline})
        if to_create:
            Activity.with_context(mail_activity_quick_update=True).create(to_create)
        if to_done:
            tickets = self.env["helpdesk.ticket"].browse(set(to_done.mapped("res_id")))
            for group in by_company_lang(tickets):
                ids = set(group.ids)
                done = to_done.filtered(lambda a, ids=ids: a.res_id in ids)
                done.with_env(group.env).sudo().action_feedback(
                    feedback=group.env._("Deadline reached.")
                )
        if to_unlink:
            to_unlink.unlink()

    def _meet(self, when):
        """The event of these milestones happened at ``when``: stop their clocks.
        Reached on time they are met; reached late they are breached (met late),
        and a milestone already breached stays breached even when the event is
        dated before its deadline: a breach is history (rules §4); only a QA
        manager's correction re-evaluates it (``_reach_again``). An event dated
        before a milestone's clock started (a complaint joining an 8D whose D3 was
        already complete) reaches it at its start."""
        to_reach = self.filtered("is_open")
        for (state, reached), group in to_reach.grouped(
            lambda m: (
                sla_planner.reached_state(m.deadline, max(when, m.start_date), m.state),
                max(when, m.start_date),
            )
        ).items():
            group.write({"state": state, "reached_date": reached})
            if state == "breached":
                group.filtered(lambda m: not m.breach_date).write(
                    {"breach_date": reached}
                )
        to_reach._activity_update()

    def _reach_again(self, when):
        """A QA manager corrected the date of the event that reached these
        milestones (with a reason, in the chatter): re-evaluate them at ``when``."""
        for state, group in self.grouped(
            lambda m: sla_planner.reached_state(m.deadline, when)
        ).items():
            vals = {"state": state, "reached_date": when}
            if state == "breached":
                group.filtered(lambda m: not m.breach_date).write({"breach_date": when})
            if state == "met":
                vals.update(breach_date=False, escalation_level=0)
            group.write(vals)

    def _end(self, when, reason):
        """End these open milestones without their event at ``when`` (closure,
        re-grade): a deadline already missed stays a breach, no longer escalated;
        otherwise the step was not needed, with ``reason``."""
        to_end = self.filtered("is_open")
        for state, group in to_end.grouped(
            lambda m: sla_planner.ended_state(m.state, m.deadline, when)
        ).items():
            vals = {"state": state, "end_reason": reason}
            if state == "breached":
                group.filtered(lambda m: not m.breach_date).write({"breach_date": when})
            group.write(vals)
        to_end._activity_update()

    @api.model
    def _escalation_due_domain(self, now):
        """The breached milestones that may have an escalation step due at
        ``now`` (rules §5), so that a run reads those and not every breached
        one.

        The ladder of a milestone is the steps of its company (or of every
        company) for its kind of milestone (or every kind) that a missed
        deadline takes (rules §16.2), in sequence, that match its complaint. Its
        next step, the one at its escalation level, is therefore one of the
        steps at that position or after it in that list: it can be due only when
        the shortest of their delays has passed since the breach, and never once
        the level reaches the list's length. A necessary
        condition only, read from the steps as they are now (a step added or
        edited counts at the next run, whatever the complaint became since);
        ``helpdesk.ticket._sla_escalate`` matches the ladder on these."""
        rules = (
            self.env["complaint.escalation.rule"]
            .sudo()
            .search([("active", "=", True), ("trigger", "in", ("breach", "both"))])
        )
        default_company = self.env.company.id
        # the companies with an open breach (the rules take a complaint without a
        # company as the current one's)
        companies = {
            company.id or default_company
            for [company] in self.sudo()._read_group(
                [("state", "=", "breached"), ("is_open", "=", True)], ["company_id"]
            )
        }
        groups = defaultdict(list)  # (level, shortest delay) -> [(company, kind)]
        for company in companies:
            for kind, _label in DEADLINE_MILESTONES:
                delays = [
                    rule.delay_hours
                    for rule in rules
                    if rule.company_id.id in (False, company)
                    and rule.milestone in (False, kind)
                ]
                shortest = None
                for level in range(len(delays) - 1, -1, -1):
                    if shortest is None or delays[level] < shortest:
                        shortest = delays[level]
                    groups[level, shortest].append((company, kind))
        domains = []
        for (level, hours), pairs in groups.items():
            kinds = defaultdict(list)  # company -> kinds
            for company, kind in pairs:
                kinds[company].append(kind)
            for company, company_kinds in kinds.items():
                company_ids = [company] + (
                    [False] if company == default_company else []
                )
                domains.append(
                    Domain("escalation_level", "=", level)
                    & Domain("breach_date", "<=", now - timedelta(hours=hours))
                    & Domain("company_id", "in", company_ids)
                    & Domain("milestone", "in", company_kinds)
                )
        return Domain.OR(domains)

    @api.model
    def _missed_domain(self, now):
        """The milestones that count as missed at ``now`` in every figure
        (rules §24.1): breached (a breach is history, met late included), or
        still running past their deadline, which the scheduled job would mark
        breached at its next run (``_breached_domain``): a report never waits
        for it."""
        return Domain("state", "=", "breached") | self._breached_domain(now)

    @api.model
    def _overdue_sql(self, alias, now):
        """``_breached_domain(now)`` in SQL, for the analysis views: the open
        running milestone aliased ``alias`` is past its deadline at ``now``
        (rules §24.1)."""
        return SQL(
            "(%(state)s = 'running' AND %(open)s AND %(deadline)s < %(now)s)",
            state=SQL.identifier(alias, "state"),
            open=SQL.identifier(alias, "is_open"),
            deadline=SQL.identifier(alias, "deadline"),
            now=now,
        )

    @api.model
    def _breached_domain(self, now):
        """Open running milestones past their deadline. A closed complaint has
        only its call-back and effectiveness check open: they can still be
        missed, but are not escalated (``_sla_escalate``)."""
        return (
            Domain("state", "=", "running")
            & Domain("is_open", "=", True)
            & Domain("deadline", "<", now)
        )
