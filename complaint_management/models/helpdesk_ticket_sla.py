from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .complaint_sla_policy import START_EVENT_FIELDS

# The complaint field whose time meets each milestone.
MILESTONE_EVENT_FIELDS = {
    "response": "qa_response_date",
    "containment": "containment_date",
    "analysis": "root_cause_date",
    "resolution": "resolved_date",
    "follow_up": "callback_date",
    "effectiveness": "effectiveness_date",
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
SATISFACTION = [
    ("1", "Very unhappy"),
    ("2", "Unhappy"),
    ("3", "Neutral"),
    ("4", "Happy"),
    ("5", "Very happy"),
]


class HelpdeskTicket(models.Model):
    """Deadlines, pauses, escalation and follow-up of complaints (domain.md §4, §5,
    §8). Milestones are planned on the team's working calendar by the policies
    that apply; events of the complaint meet them."""

    _inherit = "helpdesk.ticket"

    sla_milestone_ids = fields.One2many(
        "complaint.sla.milestone", "ticket_id", string="Deadlines"
    )
    pause_ids = fields.One2many("complaint.sla.pause", "ticket_id", string="Pauses")
    sla_paused = fields.Boolean(
        string="Clock Paused", compute="_compute_sla_summary", store=True
    )
    sla_next_deadline = fields.Datetime(
        string="Next Deadline", compute="_compute_sla_summary", store=True, index=True
    )
    sla_breached = fields.Boolean(
        string="Deadline Missed", compute="_compute_sla_summary", store=True, index=True
    )
    sla_status = fields.Selection(
        [("on_track", "On track"), ("at_risk", "At risk"), ("breached", "Breached")],
        string="Deadline Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
    )
    # The events that start and meet deadlines
    qa_response_date = fields.Datetime(string="QA Responded", copy=False)
    containment_date = fields.Datetime(string="Containment Done", copy=False)
    root_cause_date = fields.Datetime(string="Root Cause Found", copy=False)
    resolved_date = fields.Datetime(string="Resolved", copy=False)
    effectiveness_date = fields.Datetime(string="Effectiveness Checked", copy=False)
    sla_feedback_date = fields.Datetime(
        string="Latest Customer Feedback",
        copy=False,
        tracking=True,
        help="The analysis is due within its limit of the customer's newest "
        "feedback (domain.md §4).",
    )
    # Follow-up and satisfaction (domain.md §8)
    callback_date = fields.Datetime(string="Called Back", copy=False, tracking=True)
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
        "pause_ids.active_pause",
    )
    def _compute_sla_summary(self):
        for ticket in self:
            open_ones = ticket.sla_milestone_ids.filtered(
                lambda m: m.state in ("running", "paused", "breached") and m.deadline
            )
            ticket.sla_next_deadline = min(open_ones.mapped("deadline"), default=False)
            ticket.sla_breached = any(
                m.state == "breached" for m in ticket.sla_milestone_ids
            )
            ticket.sla_paused = any(ticket.pause_ids.mapped("active_pause"))

    def _compute_sla_status(self):
        now = fields.Datetime.now()
        rank = {"on_track": 0, "at_risk": 1, "breached": 2}
        for ticket in self:
            statuses = [
                m._status_at(now)
                for m in ticket.sla_milestone_ids
                if m.state in ("running", "breached")
            ]
            ticket.sla_status = max(statuses, key=rank.get) if statuses else False

    def _search_sla_status(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        milestones = self.env["complaint.sla.milestone"].search(
            [("status", operator, value)]
        )
        return [("id", "in", milestones.ticket_id.ids)]

    # CRUD hooks, called by the one create and write of helpdesk_ticket.py
    def _sla_after_create(self):
        """Plan the deadlines of new complaints."""
        # Complaints imported from a spreadsheet are history: no deadlines to plan.
        if not self.env.context.get("import_file"):
            complaints = self.filtered("is_complaint")
            complaints._sla_sync(log=False)
            complaints._sla_track_resolution()

    def _sla_before_write(self, vals):
        """What the deadlines need to know before ``vals`` is written (nothing yet):
        passed to ``_sla_after_write`` as ``before``."""
        return None

    def _sla_after_write(self, vals, before):
        """Meet and re-plan deadlines after ``vals`` was written."""
        if SLA_TRIGGER_FIELDS & set(vals):
            complaints = self.filtered("is_complaint")
            met = {
                milestone: vals[fname]
                for milestone, fname in MILESTONE_EVENT_FIELDS.items()
                if vals.get(fname)
            }
            if met:
                for milestone in complaints.sla_milestone_ids.sudo().filtered(
                    lambda m: m.milestone in met
                ):
                    milestone._meet(met[milestone.milestone])
            complaints._sla_sync()
        if "stage_id" in vals:
            self._sla_track_resolution()

    def _sla_track_resolution(self):
        """Reaching a closed stage resolves a complaint; leaving it reopens it."""
        complaints = self.filtered("is_complaint")
        resolved = complaints.filtered(lambda t: t.closed and not t.resolved_date)
        if resolved:
            resolved.write({"resolved_date": fields.Datetime.now()})
        reopened = complaints.filtered(lambda t: not t.closed and t.resolved_date)
        if reopened:
            reopened.write({"resolved_date": False})

    def _message_post_after_hook(self, message, msg_vals):
        """An e-mail from the customer is new feedback: the analysis deadline counts
        anew from it (domain.md §4)."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            self.is_complaint
            and message.message_type == "email"
            and message.author_id
            and message.author_id.commercial_partner_id == self.commercial_partner_id
        ):
            self.sudo().sla_feedback_date = message.date or fields.Datetime.now()
        return res

    # Actions
    def action_qa_accept(self):
        """QA takes the complaint: the QA response deadline is met (domain.md §4)."""
        for ticket in self:
            vals = {"qa_response_date": fields.Datetime.now()}
            if not ticket.user_id:
                vals["user_id"] = self.env.user.id
            ticket.write(vals)
        return True

    def action_containment_done(self):
        self.write({"containment_date": fields.Datetime.now()})
        return True

    def action_root_cause_found(self):
        self.write({"root_cause_date": fields.Datetime.now()})
        return True

    def action_customer_feedback(self):
        """The customer sent new information: the analysis is due anew from now
        (domain.md §4), even if a root cause was already found."""
        self.write(
            {"sla_feedback_date": fields.Datetime.now(), "root_cause_date": False}
        )
        return True

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
        # whole seconds, as event times are recorded (fields.Datetime.now())
        return when and when.replace(microsecond=0)

    def _sla_sync(self, log=True):
        """Plan every deadline the policies give these complaints: create missing
        milestones, move those whose deadline changed (saying so in the chatter),
        drop open ones no policy asks for any more. The strictest applicable policy
        of a milestone wins (domain.md §4)."""
        companies = [False, *self.company_id.ids]
        policies = (
            self.env["complaint.sla.policy"]
            .sudo()
            .search([("company_id", "in", companies)])
        )
        Milestone = self.env["complaint.sla.milestone"].sudo()
        to_create, to_schedule = [], Milestone
        for ticket in self.filtered("is_complaint"):
            calendar = ticket._sla_calendar()
            milestones = ticket.sla_milestone_ids.sudo().sorted("id")
            # Met milestones are history; a new cycle (new feedback, a reopened
            # complaint resolved again) plans a new one.
            current = {m.milestone: m for m in milestones if m.state != "met"}
            last_met = {m.milestone: m for m in milestones if m.state == "met"}
            wanted = {}
            for policy in policies:
                if not policy._applies_to(ticket):
                    continue
                start = ticket._sla_event_time(policy.start_event)
                if not start:
                    continue
                met = last_met.get(policy.milestone)
                if (
                    met
                    and met.reached_date >= start
                    and ticket[MILESTONE_EVENT_FIELDS[policy.milestone]]
                    and policy.milestone not in current
                ):
                    continue
                existing = current.get(policy.milestone)
                paused = existing.paused_hours if existing else 0.0
                deadline = policy._plan(start, paused, calendar)
                best = wanted.get(policy.milestone)
                if deadline and (not best or deadline < best[2]):
                    wanted[policy.milestone] = (policy, start, deadline)
            changes = []
            for milestone_type, milestone in current.items():
                if milestone_type not in wanted:
                    milestone.ticket_id.activity_unlink(
                        [milestone._activity_type_xmlid()]
                    )
                    milestone.unlink()
                    continue
                policy, start, deadline = wanted.pop(milestone_type)
                if milestone.deadline != deadline or milestone.policy_id != policy:
                    changes.append((milestone, milestone.deadline, deadline))
                    vals = {
                        "policy_id": policy.id,
                        "start_date": start,
                        "deadline": deadline,
                    }
                    if (
                        milestone.state == "breached"
                        and deadline > fields.Datetime.now()
                    ):
                        vals.update(state="running", escalation_level=0)
                    milestone.write(vals)
                    to_schedule |= milestone
            for milestone_type, (policy, start, deadline) in wanted.items():
                to_create.append(
                    {
                        "ticket_id": ticket.id,
                        "policy_id": policy.id,
                        "milestone": milestone_type,
                        "start_date": start,
                        "deadline": deadline,
                        "state": "paused" if ticket.sla_paused else "running",
                    }
                )
            if log and changes:
                ticket._sla_log_replan(changes)
        created = Milestone.create(to_create)
        (created | to_schedule)._schedule_activities()
        return created

    def _sla_log_replan(self, changes):
        self.ensure_one()
        lines = [
            self.env._(
                "%(milestone)s: %(old)s → %(new)s",
                milestone=dict(
                    milestone._fields["milestone"]._description_selection(self.env)
                )[milestone.milestone],
                old=format_datetime(self.env, old) if old else "-",
                new=format_datetime(self.env, new),
            )
            for milestone, old, new in changes
        ]
        self.message_post(
            body=self.env._("Deadlines re-planned:") + "\n" + "\n".join(lines),
            subtype_xmlid="mail.mt_note",
        )

    def _sla_on_pause(self, pause):
        self.ensure_one()
        running = self.sla_milestone_ids.sudo().filtered(lambda m: m.state == "running")
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

    def _record_callback(self, satisfaction, comment):
        """The call-back after handling (domain.md §8): record the customer's
        satisfaction; an unhappy customer reopens the complaint for a revised
        solution, handled by the handler's superior (三換, §5)."""
        self.ensure_one()
        self.write(
            {
                "callback_date": fields.Datetime.now(),
                "satisfaction": satisfaction,
                "satisfaction_comment": comment,
            }
        )
        threshold = self.company_id.complaint_unhappy_threshold or "2"
        if satisfaction and int(satisfaction) <= int(threshold):
            self._reopen_for_revision(comment)

    def _reopen_for_revision(self, comment):
        self.ensure_one()
        team = self.team_id
        stage = self.env["helpdesk.ticket.stage"].search(
            [
                ("closed", "=", False),
                "|",
                ("team_ids", "=", False),
                ("team_ids", "in", team.ids),
                ("sequence", ">", 1),
            ],
            limit=1,
            order="sequence, id",
        )
        superior = team.escalation_user_id or team.user_id
        vals = {
            "revision_count": self.revision_count + 1,
            "sla_feedback_date": fields.Datetime.now(),
        }
        if stage:
            vals["stage_id"] = stage.id
        if superior:
            vals["user_id"] = superior.id
        self.write(vals)
        self.message_post(
            body=self.env._(
                "The customer is not satisfied: the complaint is reopened for a "
                "revised solution. %(comment)s",
                comment=comment or "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        if superior:
            self.activity_schedule(
                "complaint_management.mail_act_complaint_revision",
                note=comment,
                user_id=superior.id,
            )

    # Scheduled action
    @api.model
    def _cron_escalate(self, batch_size=5000):
        """Mark missed deadlines and climb the escalation ladder (domain.md §5).

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
            labels = dict(
                Milestone._fields["milestone"]._description_selection(self.env)
            )
            missed = defaultdict(list)  # ticket id -> milestone labels
            for milestone in breached:
                missed[milestone.ticket_id.id].append(labels[milestone.milestone])
            breached.ticket_id._message_log_batch(
                bodies={
                    ticket_id: self.env._(
                        "Deadline missed: %(milestones)s.",
                        milestones=", ".join(names),
                    )
                    for ticket_id, names in missed.items()
                }
            )
            self._sla_commit()
        self._sla_escalate(now)

    def _sla_escalate(self, now):
        """Take, for each breached milestone, the next step of its ladder whose
        delay has passed; one pass takes at most one step per milestone."""
        Milestone = self.env["complaint.sla.milestone"].sudo()
        candidates = Milestone.search(
            [("state", "=", "breached"), ("ticket_id.closed", "=", False)]
        )
        if not candidates:
            return
        rules = (
            self.env["complaint.escalation.rule"]
            .sudo()
            .search([("company_id", "in", [False, *candidates.company_id.ids])])
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
            tickets._message_log_batch(
                bodies={
                    ticket.id: self.env._(
                        "Escalated (%(step)s) to %(user)s.",
                        step=rule.name,
                        user=user.name or self.env._("nobody: set it on the team"),
                    )
                    for ticket, user in targets.items()
                }
            )
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
            "summary": activity_type.summary,
            "date_deadline": fields.Date.context_today(self),
        }

    def _sla_commit(self):
        """Commit a batch when run by the scheduler, so a long run keeps its work."""
        if self.env.context.get("cron_id"):
            self.env["ir.cron"]._commit_progress()
