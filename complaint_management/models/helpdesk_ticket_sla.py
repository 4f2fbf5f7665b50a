from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_datetime

from ..lib import sla_planner
from .complaint_groups import COMPLAINT_READER_GROUPS
from .complaint_language import by_company_lang, company_lang, schedule_activity
from .complaint_progress_event import PROGRESS_EVENTS
from .complaint_protected_mixin import is_engine
from .complaint_sla_policy import START_EVENT_FIELDS
from .helpdesk_ticket import EVENT_FIELDS

SATISFACTION = [
    ("1", "Very unhappy"),
    ("2", "Unhappy"),
    ("3", "Neutral"),
    ("4", "Happy"),
    ("5", "Very happy"),
]
# The milestone each event reaches.
EVENT_MILESTONES = {
    "qa_responded": "response",
    "containment": "containment",
    "root_cause": "analysis",
    "resolved": "resolution",
    "called_back": "follow_up",
    "effectiveness_verified": "effectiveness",
}
# The events that answer the customer: the first after a date was agreed keeps
# (or misses) it, solved or not (rules §15.2).
ANSWER_EVENTS = ("resolved", "called_back")
# The complaint field whose time meets each milestone.
MILESTONE_EVENT_FIELDS = {
    milestone: EVENT_FIELDS[event] for event, milestone in EVENT_MILESTONES.items()
}
# Changes that may change which deadline policies apply, or when they start.
SLA_TRIGGER_FIELDS = {
    "team_id",
    "partner_id",
    "defect_type_id",
    "requires_formal_report",
    "stopped_customer_line",
    "severity_override",
    "is_major",
    "product_id",
    "complaint_date",
    "is_complaint",
    *START_EVENT_FIELDS.values(),
    *MILESTONE_EVENT_FIELDS.values(),
}


class HelpdeskTicket(models.Model):
    """Deadlines, events, pauses, escalation and follow-up of complaints
    (rules §4, §5, §8).

    One path from events to deadlines: every event of a complaint (received,
    handed to QA, QA responded, customer feedback, containment, root cause,
    resolved, called back, effectiveness verified) is recorded by
    ``_record_event`` with the date it happened, by the buttons, the 8D, its
    effectiveness checks and the mail gateway alike. The event dates are
    read-only: the server refuses any other write, and a QA manager corrects a
    wrong one with a reason (``complaint.event.correction.wizard``), tracked in the
    chatter. Milestones are planned by the policies that apply
    (``lib/sla_planner``) and reached by the events only.

    Follow-up and satisfaction (rules §8): within a week after handling the
    customer is called back and asked whether they are satisfied; an unhappy
    customer reopens the complaint for a revised solution, handled by the
    handler's superior (三換, §5). The call-back is an event of the complaint
    (``_record_event("called_back")``): it meets the call-back deadline.
    """

    _inherit = "helpdesk.ticket"

    sla_milestone_ids = fields.One2many(
        "complaint.sla.milestone",
        "ticket_id",
        string="Deadlines",
        groups=COMPLAINT_READER_GROUPS,
    )
    pause_ids = fields.One2many(
        "complaint.sla.pause",
        "ticket_id",
        string="Pauses",
        groups=COMPLAINT_READER_GROUPS,
    )
    sla_paused = fields.Boolean(
        string="Clock Paused", compute="_compute_sla_summary", store=True
    )
    sla_next_deadline = fields.Datetime(
        string="Next Deadline", compute="_compute_sla_summary", store=True, index=True
    )
    sla_breached = fields.Boolean(
        string="Deadline Missed",
        compute="_compute_sla_summary",
        store=True,
        index=True,
        help="A deadline of this complaint was missed, whether the milestone was "
        "reached late since or not: a breach stays a breach.",
    )
    sla_due_count = fields.Integer(
        string="Deadlines Due",
        compute="_compute_sla_summary",
        store=True,
        help="Milestones met or breached: the deadlines that count in compliance.",
    )
    sla_on_time_count = fields.Integer(
        string="Deadlines Met on Time",
        compute="_compute_sla_summary",
        store=True,
    )
    sla_compliance = fields.Float(
        string="Deadlines Met on Time (%)",
        compute="_compute_sla_summary",
        store=True,
        aggregator=None,
        help="Milestones met on time ÷ milestones due (met or breached); 0 while "
        "nothing is due. Over several complaints, divide the sums of 'Deadlines Met "
        "on Time' and 'Deadlines Due'.",
    )
    sla_status = fields.Selection(
        [("on_track", "On track"), ("at_risk", "At risk"), ("breached", "Breached")],
        string="Deadline Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
    )
    # The events that start and meet deadlines: written by _record_event only.
    qa_response_date = fields.Datetime(
        string="QA Responded", copy=False, readonly=True, tracking=True
    )
    containment_date = fields.Datetime(
        string="Containment Done",
        copy=False,
        readonly=True,
        tracking=True,
        help="When the containment was in place: the complaint holds this date, an "
        "8D shows it (its D3 completion records it).",
    )
    root_cause_date = fields.Datetime(
        string="Root Cause Found",
        copy=False,
        readonly=True,
        tracking=True,
        help="When the root cause was verified: the complaint holds this date, an "
        "8D shows it (its verified D4 records it).",
    )
    resolved_date = fields.Datetime(
        string="Resolved", copy=False, readonly=True, tracking=True
    )
    effectiveness_date = fields.Datetime(
        string="Effectiveness Checked", copy=False, readonly=True, tracking=True
    )
    sla_feedback_date = fields.Datetime(
        string="Latest Customer Feedback",
        copy=False,
        readonly=True,
        tracking=True,
        help="The analysis is due within its limit of the customer's newest "
        "feedback (rules §4).",
    )
    # Follow-up (rules §8)
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

    @api.depends(
        "sla_milestone_ids.state",
        "sla_milestone_ids.deadline",
        "sla_milestone_ids.is_open",
        "pause_ids.active_pause",
    )
    def _compute_sla_summary(self):
        for ticket in self:
            milestones = ticket.sla_milestone_ids
            open_ones = milestones.filtered(lambda m: m.is_open and m.deadline)
            ticket.sla_next_deadline = min(open_ones.mapped("deadline"), default=False)
            ticket.sla_breached = any(m.state == "breached" for m in milestones)
            states = milestones.mapped("state")
            ticket.sla_due_count = sum(1 for s in states if s in ("met", "breached"))
            ticket.sla_on_time_count = states.count("met")
            ticket.sla_compliance = sla_planner.compliance(states) or 0.0
            ticket.sla_paused = any(ticket.pause_ids.mapped("active_pause"))

    def _compute_sla_status(self):
        """The worst status of a complaint's running or breached deadlines (rules
        §4). Shown to every user who reads the ticket, helpdesk agents in no complaint
        group included: the milestones are read with sudo(), for the status only, of
        tickets the user already reads."""
        now = fields.Datetime.now()
        rank = {"on_track": 0, "at_risk": 1, "breached": 2}
        for ticket in self:
            statuses = [
                m._status_at(now)
                for m in ticket.sudo().sla_milestone_ids
                if m.state in ("running", "breached")
            ]
            ticket.sla_status = max(statuses, key=rank.get) if statuses else False

    def _search_sla_status(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        # sudo(): the status filter works for helpdesk agents too; the tickets found
        # are still filtered by the user's own ticket rules.
        milestones = (
            self.env["complaint.sla.milestone"]
            .sudo()
            .search([("status", operator, value)])
        )
        return [("id", "in", milestones.ticket_id.ids)]

    # CRUD hooks, called by the one create and write of helpdesk_ticket.py

    def _sla_after_create(self):
        """Plan the deadlines of new complaints, in one batch.

        A complaint recorded already closed is history: it is resolved at once
        and gets no deadline (nobody can meet one any more). One recorded open,
        however late (an import of old cases still being handled), is planned
        from its own dates: deadlines already past read breached, because they
        are (a figure users read is true, rules §4). The rule reads the
        complaint's own data, never a context key.
        """
        complaints = self.filtered("is_complaint")
        if not complaints:
            return
        now = fields.Datetime.now()
        closed = complaints.filtered("closed")
        unresolved = closed.filtered(lambda t: not t.resolved_date)
        if unresolved:
            unresolved._protected_context().sudo().write(
                {"resolved_date": now.replace(microsecond=0)}
            )
        (complaints - closed)._sla_sync(log=False)

    def _sla_before_write(self, vals):
        """What ``_sla_after_write`` compares with: whether the complaints were
        closed, and the facts that select and start the deadlines, as they were
        before ``vals`` are written."""
        before = {}
        if "stage_id" in vals:
            before["closed"] = {t.id: t.closed for t in self}
        triggers = sorted(SLA_TRIGGER_FIELDS & set(vals))
        if triggers:
            before["sla_facts"] = {t.id: [t[f] for f in triggers] for t in self}
        return before

    def _sla_after_write(self, vals, before):
        """Re-plan when what selects the policies or starts their clocks changed;
        a closure resolves the complaint and ends its handling milestones, a
        reopening plans them again (rules §4, §8)."""
        if "stage_id" in vals:
            self._sla_track_closure(before.get("closed", {}))
        # _record_event re-plans itself after writing behind the marker. A
        # complaint whose facts did not change (the same value written again)
        # keeps its plan: re-planning it would give the same deadlines.
        triggers = sorted(SLA_TRIGGER_FIELDS & set(vals))
        if triggers and not (
            is_engine(self.env) and set(triggers) <= set(EVENT_FIELDS.values())
        ):
            facts = before["sla_facts"]
            self.filtered(
                lambda t: t.is_complaint and [t[f] for f in triggers] != facts[t.id]
            )._sla_sync()

    # Events
    def _record_event(self, event, when=None, reason=None):
        """Record that ``event`` happened at ``when`` (default now) on these
        complaints: the one path from events to deadlines (rules §4).

        ``when`` may be a date (the 8D's D3 or D4 date, an effectiveness check's
        date): the end of that day, or now when that is earlier. The milestone the
        event reaches is met, or breached when late; customer feedback restarts the
        analysis; then the deadlines are re-planned, and the customer is told
        of the moments their complaint's team lists (rules §16.1). With
        ``reason``, the call corrects an earlier date (the QA manager's wizard):
        the milestone it reached is re-evaluated and the chatter says who
        changed what and why.
        """
        if event not in EVENT_FIELDS:
            raise ValueError(f"Unknown complaint event {event!r}")
        now = fields.Datetime.now()
        when = when or now
        if not isinstance(when, datetime):
            when = min(datetime.combine(fields.Date.to_date(when), time.max), now)
        when = when.replace(microsecond=0)
        fname = EVENT_FIELDS[event]
        vals = {fname: when}
        if event == "customer_feedback" and not reason:
            vals["root_cause_date"] = False
        old = {ticket.id: ticket[fname] for ticket in self}
        self._protected_context().sudo().write(vals)
        complaints = self.filtered("is_complaint")
        milestone_types = {EVENT_MILESTONES.get(event)} - {None}
        if event in ANSWER_EVENTS:
            milestone_types.add("answer")
        if milestone_types:
            milestones = complaints.sla_milestone_ids.sudo().filtered(
                lambda m: m.milestone in milestone_types
            )
            if reason:
                reached = milestones.filtered(
                    lambda m: m.reached_date and m.reached_date == old[m.ticket_id.id]
                )
                reached._reach_again(when)
            milestones._meet(when)
        if reason:
            label = self._fields[fname].get_description(self.env)["string"]
            for ticket in self:
                ticket.message_post(
                    body=self.env._(
                        "%(field)s corrected from %(old)s to %(new)s by %(user)s: "
                        "%(reason)s",
                        field=label,
                        old=format_datetime(self.env, old[ticket.id])
                        if old[ticket.id]
                        else "-",
                        new=format_datetime(self.env, when),
                        user=self.env.user.name,
                        reason=reason,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        complaints._sla_sync()
        if not reason and event in dict(PROGRESS_EVENTS):
            # the customer hears of the moment once: when it first happens
            # (rules §16.1), not when it is recorded again or corrected
            self.filtered(lambda t: not old[t.id])._progress_notify(event)
        return True

    def _sla_track_closure(self, was_closed):
        """Reaching a closed stage resolves a complaint and ends the milestones of
        its handling; leaving it reopens the complaint and plans them again."""
        complaints = self.filtered("is_complaint")
        now = fields.Datetime.now()
        closing = complaints.filtered(
            lambda t: t.closed and not was_closed.get(t.id, False)
        )
        unresolved = closing.filtered(lambda t: not t.resolved_date)
        if unresolved:
            unresolved._record_event("resolved", now)
        if closing:
            closing._sla_sync()
        reopened = complaints.filtered(
            lambda t: not t.closed and t.resolved_date and was_closed.get(t.id)
        )
        if reopened:
            reopened._protected_context().sudo().write({"resolved_date": False})
            reopened._sla_sync()

    def _message_post_after_hook(self, message, msg_vals):
        """An e-mail from the customer is new feedback: the analysis deadline counts
        anew from it (rules §4). After closure the mail is only logged: it
        re-plans nothing unless the complaint is reopened."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            self.is_complaint
            and not self.closed
            and message.message_type == "email"
            and message.author_id
            and message.author_id.commercial_partner_id == self.commercial_partner_id
        ):
            self.sudo()._record_event("customer_feedback", message.date or None)
        return res

    # Actions
    def _check_event_button(self):
        """Who records an event by a button may change the complaint (the event
        is then written as the application): reading it is not enough. A closed
        complaint records no handling event any more (the call-back has its own
        button)."""
        self.check_access("write")
        locked = self._lock_filter()
        if locked:
            raise UserError(
                self.env._(
                    "%(complaint)s is closed and stays as it was: reopen it with a "
                    "reason before recording what happened in its handling.",
                    complaint=locked[0].display_name,
                )
            )

    def action_qa_accept(self):
        """QA takes the complaint: the QA response deadline is met (rules §4)."""
        self._check_event_button()
        unassigned = self.filtered(lambda t: not t.user_id)
        if unassigned:
            unassigned.write({"user_id": self.env.user.id})
        self._record_event("qa_responded")
        return True

    def action_containment_done(self):
        self._check_event_button()
        self._record_event("containment")
        return True

    def action_root_cause_found(self):
        self._check_event_button()
        self._record_event("root_cause")
        return True

    def action_customer_feedback(self):
        """The customer sent new information: the analysis is due anew from now
        (rules §4), even if a root cause was already found."""
        self._check_event_button()
        self._record_event("customer_feedback")
        return True

    def action_correct_event(self):
        """Open the QA manager's wizard that corrects an event date with a reason."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct an Event Date"),
            "res_model": "complaint.event.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_pause_sla(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pause the Deadlines"),
            "res_model": "complaint.sla.pause",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_resume_sla(self):
        paused = self.pause_ids.filtered("active_pause")
        if not paused:
            raise UserError(
                self.env._(
                    "The clock of %(complaint)s is not paused: there is nothing to "
                    "resume.",
                    complaint=", ".join(self.mapped("display_name")),
                )
            )
        return paused.action_resume()

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
    def _sla_calendar(self):
        """The working calendar deadlines count on: the team's, else the
        company's."""
        self.ensure_one()
        return (
            self.team_id.resource_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

    def _sla_event_time(self, event):
        """When ``event`` happened; the analysis counts from the newest customer
        feedback, and before any feedback from the hand-over (or receipt)."""
        self.ensure_one()
        when = self[START_EVENT_FIELDS[event]]
        if not when and event == "feedback":
            when = self.handed_over_date or self.complaint_date
        # whole seconds, as event times are recorded
        return when and when.replace(microsecond=0)

    def _sla_offers(self, policies, cache):
        """What each of ``policies`` (those that apply to this complaint, see
        ``complaint.rule.mixin._match``) proposes for it: one ``sla_planner.Offer``
        per policy with a clock start, skipping milestones already reached in the
        current cycle."""
        self.ensure_one()
        calendar = self._sla_calendar()
        milestones = self.sla_milestone_ids
        open_ones = {m.milestone: m for m in milestones if m.is_open}
        reached = {m.milestone: m for m in milestones if m.reached_date}
        offers = []
        for policy in policies:
            start = self._sla_event_time(policy.start_event)
            if not start:
                continue
            done = reached.get(policy.milestone)
            if (
                done
                and done.reached_date >= start
                and self[MILESTONE_EVENT_FIELDS[policy.milestone]]
                and policy.milestone not in open_ones
            ):
                continue
            existing = open_ones.get(policy.milestone)
            paused = existing.paused_hours if existing else 0.0
            deadline = policy._plan(start, paused, calendar, self.company_id, cache)
            offers.append(
                sla_planner.Offer(
                    policy.milestone,
                    policy.id,
                    start,
                    deadline,
                    policy._replaces_general_limits(),
                )
            )
        return offers

    def _sla_sync(self, log=True):
        """Plan every deadline the policies give these complaints, in one batch:
        create missing milestones (one create), move those whose deadline
        changed (saying so in the chatter), end open ones no policy asks for any
        more. Closed complaints plan only the call-back and the effectiveness
        check; their handling milestones end (met, breached or not needed). The
        choice between policies is ``lib/sla_planner.governing_offers``
        (rules §4)."""
        complaints = self.filtered("is_complaint")
        if not complaints:
            return self.env["complaint.sla.milestone"]
        companies = [False, *complaints.company_id.ids]
        policies = (
            self.env["complaint.sla.policy"]
            .sudo()
            .search([("company_id", "in", companies)])
        )
        Milestone = self.env["complaint.sla.milestone"].sudo()
        now = fields.Datetime.now()
        cache = {}
        to_create, to_update = [], Milestone
        to_end = defaultdict(lambda: Milestone)  # reason -> milestones
        replans = {}
        matches = policies._match(complaints)  # ticket id -> the policies that apply
        for ticket in complaints:
            wanted = sla_planner.governing_offers(
                ticket._sla_offers(matches[ticket.id], cache)
            )
            # the agreed answer date is the customer's, not a policy's (§15.2)
            open_records = ticket.sla_milestone_ids.sudo().filtered(
                lambda m: m.is_open and m.milestone != "answer"
            )
            open_ones = [
                sla_planner.Open(
                    m.id, m.milestone, m.policy_id.id, m.start_date, m.deadline, m.state
                )
                for m in open_records.sorted("id")
            ]
            create, update, end = sla_planner.plan_changes(
                open_ones, wanted, closed=ticket.closed
            )
            for milestone in end:
                reason = (
                    self.env._("The complaint was closed.")
                    if ticket.closed
                    else self.env._("No deadline policy applies any more.")
                )
                to_end[reason] |= Milestone.browse(milestone.id)
            changes = []
            for milestone, offer in update:
                record = Milestone.browse(milestone.id)
                changes.append((record, milestone.deadline, offer.deadline))
                record.write(
                    {
                        "policy_id": offer.policy_id,
                        "start_date": offer.start,
                        "deadline": offer.deadline,
                    }
                )
                to_update |= record
            for offer in create:
                to_create.append(
                    {
                        "ticket_id": ticket.id,
                        "policy_id": offer.policy_id,
                        "milestone": offer.milestone,
                        "start_date": offer.start,
                        "deadline": offer.deadline,
                        "state": "paused" if ticket.sla_paused else "running",
                    }
                )
            if log and changes:
                replans[ticket] = changes
        for reason, milestones in to_end.items():
            milestones._end(now, reason)
        created = Milestone.create(to_create)
        # A milestone planned after its event happened (an 8D's effectiveness
        # check before the resolution, a complaint recorded with its events) is
        # reached at once, with the event's date.
        reached = defaultdict(lambda: Milestone)
        for milestone in created:
            when = milestone.ticket_id[MILESTONE_EVENT_FIELDS[milestone.milestone]]
            if when and when >= milestone.start_date:
                reached[when] |= milestone
        for when, milestones in reached.items():
            milestones._meet(when)
        (created | to_update)._activity_update()
        for ticket, changes in replans.items():
            ticket._sla_log_replan(changes)
        return created

    def _sla_log_replan(self, changes):
        """Say in the chatter, in the company's language (an automatic step, issue
        15), how the deadlines moved."""
        self.ensure_one()
        ticket = self.with_context(lang=company_lang(self))
        env = ticket.env
        labels = dict(
            env["complaint.sla.milestone"]
            ._fields["milestone"]
            ._description_selection(env)
        )
        lines = [
            env._(
                "%(milestone)s: %(old)s → %(new)s",
                milestone=labels[milestone.milestone],
                old=format_datetime(env, old) if old else "-",
                new=format_datetime(env, new),
            )
            for milestone, old, new in changes
        ]
        ticket.message_post(
            body=env._("Deadlines re-planned:") + "\n" + "\n".join(lines),
            subtype_xmlid="mail.mt_note",
        )

    def _sla_on_pause(self, pause):
        self.ensure_one()
        # A date agreed with the customer does not move with a pause: a new date
        # is agreed, with its reason (rules §15.2).
        running = self.sla_milestone_ids.sudo().filtered(
            lambda m: m.is_open and m.state == "running" and m.milestone != "answer"
        )
        running.write({"state": "paused"})
        self.message_post(
            body=self.env._(
                "Deadlines paused: %(reason)s (customer told on %(date)s).",
                reason=pause.reason,
                date=pause.customer_informed_date,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _sla_on_resume(self, pause):
        """Move every paused deadline by the working time of the pause."""
        self.ensure_one()
        paused = self.sla_milestone_ids.sudo().filtered(lambda m: m.state == "paused")
        for milestone in paused:
            hours = pause.paused_hours
            if milestone.policy_id.duration_unit == "calendar_hours":
                hours = (pause.end_date - pause.start_date).total_seconds() / 3600
            milestone.write(
                {"paused_hours": milestone.paused_hours + hours, "state": "running"}
            )
        self.message_post(
            body=self.env._(
                "Deadlines resumed after %(hours).1f working hours of pause.",
                hours=pause.paused_hours,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self._sla_sync()

    # Business methods: follow-up
    def _record_callback(self, satisfaction, comment, when=None):
        """The call-back after handling (rules §8): record the customer's
        satisfaction; at or below the company's threshold the complaint reopens
        for a revised solution. The call-back follows closure: the process writes
        it on a closed complaint (and may reopen it, with the customer's words as
        reason). Before the complaint is solved, a call-back (on the date agreed
        for our answer) tells the customer where it stands and asks nothing about
        satisfaction (rules §15.2). ``when`` is when the call was made (default
        now: an import of past cases gives its date)."""
        self.ensure_one()
        ticket = self._protected_context()
        if not (ticket.resolved_date or ticket.closed):
            # not solved yet: the call-back gives the customer our answer so far
            # (rules §15.2)
            ticket._answer_progress_callback(comment)
            return
        ticket.write({"satisfaction": satisfaction, "satisfaction_comment": comment})
        ticket._record_event("called_back", when)
        threshold = ticket.company_id.complaint_unhappy_threshold or "2"
        if satisfaction and int(satisfaction) <= int(threshold):
            ticket._reopen_for_revision(comment, satisfaction)

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

    def _reopen_for_revision(self, comment, satisfaction=None):
        """Reopen for a revised solution: the unhappy answer takes the next step
        of the dissatisfaction ladder (change the person, rules §16.2), whose
        person takes it, and the unhappy call-back is the customer's newest
        feedback (the analysis restarts)."""
        self.ensure_one()
        stage = self._reopen_stage()
        vals = {"revision_count": self.revision_count + 1}
        if stage:
            vals["stage_id"] = stage.id
        self.write(vals)
        superior = self._three_change_after_answer(satisfaction, comment)
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

    # Scheduled action
    @api.model
    def _cron_escalate(self, batch_size=5000):
        """Mark missed deadlines and climb the escalation ladder (rules §5).
        Only open milestones of open complaints: nothing escalates on a closed
        complaint, nor for a milestone reached late or ended (its breach stays).
        What it writes in the chatter is in each company's language, the
        activities in their assignee's (rules §13).

        Safe to run often and on many complaints: it reads and writes in batches,
        takes each step once per breach (the milestone's escalation_level), and
        commits after each batch when run by the scheduler.
        """
        now = fields.Datetime.now()
        Milestone = self.env["complaint.sla.milestone"].sudo()
        while True:
            breached = Milestone.search(
                Milestone._breached_domain(now), limit=batch_size
            )
            if not breached:
                break
            breached.write({"state": "breached", "breach_date": now})
            missed = defaultdict(list)  # ticket id -> milestones
            for milestone in breached:
                missed[milestone.ticket_id.id].append(milestone.milestone)
            bodies = {}
            for tickets in by_company_lang(breached.ticket_id):
                labels = dict(
                    Milestone._fields["milestone"]._description_selection(tickets.env)
                )
                for ticket in tickets:
                    bodies[ticket.id] = tickets.env._(
                        "Deadline missed: %(milestones)s.",
                        milestones=", ".join(labels[m] for m in missed[ticket.id]),
                    )
            breached.ticket_id._message_log_batch(bodies=bodies)
            self._sla_commit()
        self._sla_escalate(now)

    def _sla_escalate(self, now):
        """Take, for each breached milestone, the next step of its ladder whose
        delay has passed; one pass takes at most one step per milestone. Only the
        milestones that may have a step due are read and matched
        (``complaint.sla.milestone._escalation_due_domain``): a run costs what is
        due, not every breach on record."""
        Milestone = self.env["complaint.sla.milestone"].sudo()
        candidates = Milestone.search(
            Domain("state", "=", "breached")
            & Domain("is_open", "=", True)
            & Milestone._escalation_due_domain(now)
            & Domain("ticket_id.closed", "=", False)
        )
        if not candidates:
            return
        rules = (
            self.env["complaint.escalation.rule"]
            .sudo()
            .search(
                [
                    ("company_id", "in", [False, *candidates.company_id.ids]),
                    ("trigger", "in", ("breach", "both")),
                ]
            )
        )
        matches = rules._match(candidates.ticket_id)  # ticket id -> its rules
        steps = defaultdict(list)  # rule -> milestone ids
        for milestone in candidates:
            ladder = matches[milestone.ticket_id.id].filtered(
                lambda r, m=milestone: not r.milestone or r.milestone == m.milestone
            )
            if milestone.escalation_level >= len(ladder):
                continue
            rule = ladder[milestone.escalation_level]
            if milestone.breach_date + timedelta(hours=rule.delay_hours) <= now:
                steps[rule].append(milestone.id)
        for rule, milestone_ids in steps.items():
            milestones = Milestone.browse(milestone_ids)
            tickets = milestones.ticket_id
            targets = {
                ticket: ticket._sla_escalation_target(rule) for ticket in tickets
            }
            if rule.action == "reassign":
                # each change of person is an event of the complaint (rules §16.2)
                self._three_change_record_breach(rule, targets)
                by_user = defaultdict(list)
                for ticket, user in targets.items():
                    if user:
                        by_user[user].append(ticket.id)
                for user, ticket_ids in by_user.items():
                    self.browse(ticket_ids).write({"user_id": user.id})
            else:
                # Assigned in bulk, without one assignment e-mail per activity.
                activity_type = self.env.ref(
                    "complaint_management.mail_act_complaint_escalation"
                )
                self.env["mail.activity"].sudo().with_context(
                    mail_activity_quick_update=True
                ).create(
                    [
                        ticket._sla_escalation_activity(user, activity_type)
                        for ticket, user in targets.items()
                        if user
                    ]
                )
            bodies = {}
            for group in by_company_lang(tickets):
                env = group.env
                step = rule.with_env(env).name
                for ticket in group:
                    bodies[ticket.id] = env._(
                        "Escalated (%(step)s) to %(user)s.",
                        step=step,
                        user=targets[ticket].name
                        or env._("nobody: set it on the team"),
                    )
            tickets._message_log_batch(bodies=bodies)
            for level, group in milestones.grouped("escalation_level").items():
                group.write({"escalation_level": level + 1})
        self._sla_commit()

    def _sla_escalation_target(self, rule):
        self.ensure_one()
        team = self.team_id
        if rule.action == "notify_manager":
            return team.user_id
        if rule.action == "reassign":
            return team.escalation_user_id
        return team.major_manager_id

    def _sla_escalation_activity(self, user, activity_type):
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": fields.Date.context_today(self),
        }

    def _sla_commit(self):
        """Commit a batch when run by the scheduler, so a long run keeps its work."""
        if self.env.context.get("cron_id"):
            self.env["ir.cron"]._commit_progress()
