from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_language import company_lang, schedule_activity
from .complaint_protected_mixin import is_engine

COMPLAINT_KINDS = [("complaint", "Complaint"), ("suggestion", "Suggestion")]
DEPARTMENT_STATES = [
    ("called", "Department Called"),
    ("confirmed", "Confirmed by the Department"),
    ("front_desk", "Decided by the Front Desk"),
]
DEPARTMENT_FINDINGS = [
    ("confirmed", "Quality problem confirmed"),
    ("denied", "No quality problem"),
]
DEPARTMENT_ARRIVALS = [
    ("in_time", "Arrived in time"),
    ("late", "Arrived late"),
    ("never", "Never came"),
]
# What the counter's own steps write (calling the department, its confirmation,
# the front desk's decision, the hand-over to the counter): never a client
# (rules §19.1, §19.4).
COUNTER_PROTECTED_FIELDS = (
    "department_state",
    "department_called_date",
    "department_deadline",
    "department_called_by_id",
    "department_leader_id",
    "department_finding",
    "department_signature",
    "department_signed_by_id",
    "department_signed_date",
    "department_note",
    "department_arrival",
    "front_desk_decided_by_id",
    "front_desk_decided_date",
    "counter_origin_team_id",
    "duty_manager_notified_date",
)
ACTIVITY_DEPARTMENT = "complaint_management.mail_act_complaint_department_call"
ACTIVITY_MAJOR = "complaint_management.mail_act_complaint_major"


class HelpdeskTicket(models.Model):
    """The store counter (rules §19): the front desk is the one window where
    customers complain; it calls the department concerned, whose team leader
    comes within the company's limit, confirms or denies the quality problem
    and signs the register; past the limit the front desk decides alone and
    the department cannot change that outcome. A complaint recorded by a
    department's staff is handed to the front desk. Where the incident
    happened, and whether the customer complains or suggests, are recorded
    here too.

    Access: the officers of the front desk call the department and decide; the
    team leader of the department called (or a duty or store manager) confirms
    through the confirmation wizard, which checks who and when on the server;
    nobody writes the counter's fields directly (``COUNTER_PROTECTED_FIELDS``).
    """

    _inherit = "helpdesk.ticket"

    # Kind and place (rules §19.5)
    complaint_kind = fields.Selection(
        COMPLAINT_KINDS,
        string="Kind",
        default="complaint",
        required=True,
        tracking=True,
        index=True,
        help="A suggestion is recorded, answered and reported like a complaint, "
        "without a grade and without deadlines.",
    )
    incident_company_id = fields.Many2one(
        "res.company",
        string="Store / Branch",
        help="The store or branch where it happened.",
    )
    incident_partner_id = fields.Many2one(
        "res.partner",
        string="Incident Address",
        help="The address where it happened, when it is not one of the stores.",
    )
    incident_place = fields.Char(
        string="Place", help="Where exactly: the aisle, the counter, the table..."
    )
    # Department confirmation (rules §19.1)
    department_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Department",
        tracking=True,
        index="btree_not_null",
        domain=[("complaint_department", "=", True)],
        help="The department the complaint concerns: the front desk calls it to "
        "the counter.",
    )
    department_state = fields.Selection(
        DEPARTMENT_STATES, readonly=True, copy=False, tracking=True, index=True
    )
    department_called_date = fields.Datetime(
        string="Department Called On", readonly=True, copy=False
    )
    department_deadline = fields.Datetime(
        string="Department Due By",
        readonly=True,
        copy=False,
        help="The department confirms at the counter before this time; after it, "
        "the front desk decides.",
    )
    department_called_by_id = fields.Many2one(
        "res.users", string="Called By", readonly=True, copy=False
    )
    department_leader_id = fields.Many2one(
        "res.users", string="Team Leader Called", readonly=True, copy=False
    )
    department_finding = fields.Selection(
        DEPARTMENT_FINDINGS, readonly=True, copy=False, tracking=True
    )
    department_signature = fields.Binary(
        string="Department's Signature", readonly=True, copy=False, attachment=True
    )
    department_signed_by_id = fields.Many2one(
        "res.users", string="Signed By", readonly=True, copy=False
    )
    department_signed_date = fields.Datetime(
        string="Signed On", readonly=True, copy=False
    )
    department_note = fields.Text(string="Department's Note", readonly=True, copy=False)
    department_arrival = fields.Selection(
        DEPARTMENT_ARRIVALS,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Whether the department came to the counter in time.",
    )
    front_desk_decision = fields.Text(
        copy=False,
        help="What the front desk decided once the department's limit had passed.",
    )
    front_desk_decided_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False
    )
    front_desk_decided_date = fields.Datetime(
        string="Decided On", readonly=True, copy=False
    )
    duty_manager_notified_date = fields.Datetime(
        string="Duty Manager Told On", readonly=True, copy=False
    )
    # Counter only (rules §19.4)
    counter_origin_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Recorded In",
        readonly=True,
        copy=False,
        help="The department whose staff recorded the complaint before it was "
        "handed to the front desk.",
    )
    # Service responsibility (rules §19.6)
    service_charge_count = fields.Integer(
        compute="_compute_service_charge_count",
        groups="complaint_management.group_complaint_officer,"
        "complaint_management.group_complaint_finance,"
        "complaint_management.group_complaint_auditor",
    )
    can_call_department = fields.Boolean(compute="_compute_can_counter")
    can_department_confirm = fields.Boolean(compute="_compute_can_counter")
    can_front_desk_decide = fields.Boolean(compute="_compute_can_counter")
    department_overdue = fields.Boolean(compute="_compute_can_counter")

    # Computes
    @api.depends(
        "department_state", "department_deadline", "department_team_id", "closed"
    )
    @api.depends_context("uid")
    def _compute_can_counter(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.can_call_department = not ticket._counter_refusal("call")
            ticket.can_department_confirm = not ticket._counter_refusal("confirm")
            ticket.can_front_desk_decide = not ticket._counter_refusal("decide")
            ticket.department_overdue = bool(
                ticket.department_state == "called"
                and ticket.department_deadline
                and now > ticket.department_deadline
            )

    def _compute_service_charge_count(self):
        counts = dict(
            self.env["complaint.service.charge"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.service_charge_count = counts.get(ticket._origin, 0)

    @api.depends("complaint_kind")  # beside the core's dependencies
    def _compute_severity_computed(self):
        """A suggestion has no grade (rules §19.5)."""
        res = super()._compute_severity_computed()
        for ticket in self.filtered(lambda t: t.complaint_kind == "suggestion"):
            ticket.severity_computed = False
            ticket.grading_reason = False
        return res

    @api.depends("complaint_kind")
    def _compute_complaint_severity(self):
        """A suggestion has no grade, not even one set by hand (rules §19.5)."""
        res = super()._compute_complaint_severity()
        for ticket in self.filtered(lambda t: t.complaint_kind == "suggestion"):
            ticket.complaint_severity = False
        return res

    @api.depends("complaint_kind")
    def _compute_is_major(self):
        """A suggestion is never a major complaint (rules §19.5)."""
        res = super()._compute_is_major()
        for ticket in self.filtered(lambda t: t.complaint_kind == "suggestion"):
            ticket.is_major = False
        return res

    # Constraints
    @api.constrains("complaint_kind", "severity_override")
    def _check_suggestion_grade(self):
        """A suggestion is not graded (rules §19.5)."""
        for ticket in self:
            if ticket.complaint_kind == "suggestion" and ticket.severity_override:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s is a suggestion: it has no grade. Clear "
                        "'Grade Set by Hand', or record it as a complaint.",
                        complaint=ticket.display_name,
                    )
                )

    # CRUD hooks, called by the one create and write of helpdesk_ticket.py
    @api.model
    def _counter_vals(self, vals_list):
        """Before a create: refuse the counter's own fields from a client, and
        hand a complaint recorded by a department's staff to the front desk
        (rules §19.4): it moves to the company's front-desk team, names the
        department concerned and the team it was recorded in; its receiver stays
        who recorded it."""
        if not self._protected_trusted():
            for vals in vals_list:
                names = [name for name in COUNTER_PROTECTED_FIELDS if vals.get(name)]
                if names:
                    raise ValidationError(self._counter_message(names))
        user = self.env.user
        if user._is_public() or user._is_superuser() or user.share:
            return vals_list
        Team = self.env["helpdesk.ticket.team"].sudo()
        departments = Team.search(
            [("complaint_department", "=", True), ("user_ids", "in", user.ids)]
        )
        if not departments:
            return vals_list
        teams = Team.browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        for vals in vals_list:
            team = teams.browse(vals.get("team_id"))
            company = (
                team.company_id
                or self.env["res.company"].browse(vals.get("company_id"))
                or self.env.company
            )
            front = company.sudo().complaint_front_desk_team_id
            if not front or team == front or user in front.user_ids:
                continue
            if not (
                vals.get("is_complaint", team.complaint_team)
                or team.complaint_department
            ):
                continue
            department = (team & departments) or departments.filtered(
                lambda d, c=company: d.company_id in (c, d.browse())
            )[:1]
            vals["team_id"] = front.id
            vals.pop("is_complaint", None)
            vals.pop("stage_id", None)
            vals["counter_origin_team_id"] = team.id or department.id
            vals.setdefault("department_team_id", department.id)
        return vals_list

    def _counter_after_create(self):
        """Say on each complaint handed to the front desk who recorded it and
        where (rules §19.4)."""
        for ticket in self.filtered("counter_origin_team_id"):
            local = ticket.with_context(lang=company_lang(ticket))
            local.message_post(
                body=local.env._(
                    "Recorded by %(user)s (%(department)s) and handed to the front "
                    "desk, the store's one counter for complaints.",
                    user=ticket.receiver_id.name or ticket.create_uid.name,
                    department=ticket.sudo().counter_origin_team_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _counter_before_write(self, vals):
        """Once the department is called it is not changed, and once the outcome
        is decided (by the department in time, or by the front desk after the
        limit) the decision stays as recorded (rules §19.1); the counter's own
        fields are refused with the protected ones (``_get_protected_fields``)."""
        if is_engine(self.env):
            return
        if "department_team_id" in vals:
            called = self.filtered(
                lambda t: (
                    t.department_state
                    and t.department_team_id.id != vals["department_team_id"]
                )
            )
            if called:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s already called %(department)s: the "
                        "department called stays on the register.",
                        complaint=called[0].display_name,
                        department=called[0].department_team_id.display_name,
                    )
                )
        if "front_desk_decision" in vals:
            decided = self.filtered(
                lambda t: t.department_state in ("confirmed", "front_desk")
            )
            if decided:
                raise ValidationError(decided[0]._counter_decided_message())

    def _counter_after_write(self, vals):
        """A suggestion has no deadlines: changing the kind plans them again; a
        complaint that becomes major at the counter tells the duty manager
        (rules §19.2, §19.5)."""
        if "complaint_kind" in vals:
            self.filtered("is_complaint")._sla_sync()
        self.filtered(
            lambda t: t.is_major and t.department_state
        )._counter_notify_duty_manager()

    # Actions
    def action_call_department(self):
        """The front desk calls the department concerned to the counter."""
        self._counter_check("call")
        now = fields.Datetime.now().replace(microsecond=0)
        for ticket in self:
            company = ticket.company_id or self.env.company
            leader = ticket.department_team_id.sudo().user_id
            ticket._protected_context().sudo().write(
                {
                    "department_state": "called",
                    "department_called_date": now,
                    "department_deadline": now
                    + timedelta(minutes=company.complaint_department_arrival_minutes),
                    "department_called_by_id": self.env.uid,
                    "department_leader_id": leader.id,
                }
            )
            ticket._counter_tell_leader(leader)
        self.filtered("is_major")._counter_notify_duty_manager()
        return True

    def action_department_confirm(self):
        """Open the wizard in which the team leader confirms or denies the
        problem and signs the register."""
        self.ensure_one()
        self._counter_check("confirm")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm at the Counter"),
            "res_model": "complaint.department.confirm.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_front_desk_decide_late(self):
        """The limit passed and the department came late: the front desk decides."""
        return self._front_desk_decide("late")

    def action_front_desk_decide_never(self):
        """The limit passed and the department never came: the front desk
        decides."""
        return self._front_desk_decide("never")

    @api.readonly
    def action_view_service_charges(self):
        """The charges of this complaint to whoever's service caused it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Service Charges"),
            "res_model": "complaint.service.charge",
            "view_mode": "list,form",
            "domain": [("ticket_id", "=", self.id)],
            "context": {"default_ticket_id": self.id},
        }

    # The guard
    def _counter_refusal(self, action):
        """Why the current user cannot take the counter's ``action`` (``call``,
        ``confirm``, ``decide``) on this complaint, or False: the one guard of
        the counter (rules §19.1)."""
        self.ensure_one()
        if not self.is_complaint or self.closed:
            return self.env._(
                "%(complaint)s is not an open complaint.", complaint=self.display_name
            )
        now = fields.Datetime.now()
        if action == "call":
            if self.department_state:
                return self.env._(
                    "%(department)s was already called for %(complaint)s.",
                    department=self.department_team_id.display_name,
                    complaint=self.display_name,
                )
            if not self.department_team_id:
                return self.env._("Choose the department concerned before calling it.")
            if not self.department_team_id.sudo().user_id:
                return self.env._(
                    "%(department)s has no team leader to call: set one on the team.",
                    department=self.department_team_id.display_name,
                )
            if not self.has_access("write"):
                return self.env._(
                    "Only the front desk handling %(complaint)s calls a department.",
                    complaint=self.display_name,
                )
            return False
        if self.department_state in ("confirmed", "front_desk"):
            return self._counter_decided_message()
        if self.department_state != "called":
            return self.env._(
                "No department was called for %(complaint)s.",
                complaint=self.display_name,
            )
        if action == "confirm":
            if now > self.department_deadline:
                return self._counter_late_message()
            if self.env.user not in self._counter_confirmers():
                return self.env._(
                    "Only the team leader of %(department)s, or the duty or store "
                    "manager, confirms %(complaint)s at the counter.",
                    department=self.department_team_id.display_name,
                    complaint=self.display_name,
                )
            return False
        if action == "decide":
            if now <= self.department_deadline:
                return self.env._(
                    "%(department)s has until %(deadline)s to come to the counter: "
                    "the front desk decides alone only after that.",
                    department=self.department_team_id.display_name,
                    deadline=self._counter_time(self.department_deadline),
                )
            if not self.has_access("write") or self.env.user in (
                self._counter_confirmers() - self._counter_managers()
            ):
                return self.env._(
                    "Only the front desk decides %(complaint)s.",
                    complaint=self.display_name,
                )
            return False
        return self.env._("Unknown counter action %(action)s.", action=action)

    def _counter_check(self, action):
        """Raise the guard's refusal of ``action`` for any of these complaints."""
        for ticket in self:
            message = ticket._counter_refusal(action)
            if message:
                raise UserError(message)

    # Business methods
    def _counter_managers(self):
        """The duty manager of the counter's team, else the company's duty or
        store manager."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return (
            self.team_id.sudo().complaint_duty_manager_id
            or company.sudo().complaint_duty_manager_id
        )

    def _counter_confirmers(self):
        """Who may confirm at the counter: the team leader called, or a duty or
        store manager (班长级以上, rules §19.1)."""
        self.ensure_one()
        return self.sudo().department_leader_id | self._counter_managers()

    def _counter_time(self, when):
        """``when`` as the user reads it (their time zone)."""
        return fields.Datetime.to_string(
            fields.Datetime.context_timestamp(self, when).replace(tzinfo=None)
        )

    def _counter_decided_message(self):
        """Why the outcome of this complaint cannot change any more."""
        self.ensure_one()
        if self.department_state == "front_desk":
            return self.env._(
                "%(department)s did not confirm %(complaint)s by %(deadline)s, so "
                "the front desk decided it on %(decided)s: the department cannot "
                "change that outcome.",
                department=self.department_team_id.display_name,
                complaint=self.display_name,
                deadline=self._counter_time(self.department_deadline),
                decided=self._counter_time(self.front_desk_decided_date),
            )
        return self.env._(
            "%(department)s confirmed %(complaint)s and signed the register on "
            "%(signed)s: the register stays as signed.",
            department=self.department_team_id.display_name,
            complaint=self.display_name,
            signed=self._counter_time(self.department_signed_date),
        )

    def _counter_late_message(self):
        """Why the department can no longer confirm: its limit passed."""
        self.ensure_one()
        return self.env._(
            "%(department)s had until %(deadline)s to confirm %(complaint)s at the "
            "counter: past that, the front desk decides and the department cannot "
            "change the outcome.",
            department=self.department_team_id.display_name,
            deadline=self._counter_time(self.department_deadline),
            complaint=self.display_name,
        )

    def _counter_message(self, names):
        """The refusal of a client's write of the counter's own fields."""
        decided = self.filtered(
            lambda t: t.department_state in ("confirmed", "front_desk")
        )
        if decided:
            return decided[0]._counter_decided_message()
        late = self.filtered(
            lambda t: (
                t.department_state == "called"
                and fields.Datetime.now() > t.department_deadline
            )
        )
        if late:
            return late[0]._counter_late_message()
        return self.env._(
            "%(fields)s are recorded by the counter's own steps: the front desk "
            "calls the department (Call Department), its team leader confirms and "
            "signs (Confirm at the Counter), or the front desk decides once the "
            "limit has passed.",
            fields=self._field_labels(names, sort=True),
        )

    @api.model
    def _get_protected_fields(self):
        return [*super()._get_protected_fields(), *COUNTER_PROTECTED_FIELDS]

    @api.model
    def _protected_message(self, names):
        counter = [name for name in names if name in COUNTER_PROTECTED_FIELDS]
        if counter:
            return self._counter_message(counter)
        return super()._protected_message(names)

    def _counter_tell_leader(self, leader):
        """Tell the team leader called: follower, notification, and an activity
        due at the limit (rules §19.1)."""
        self.ensure_one()
        self.message_subscribe(partner_ids=leader.partner_id.ids)
        local = self.with_context(lang=company_lang(self))
        local.message_post(
            body=local.env._(
                "%(department)s is called to the counter: its team leader confirms "
                "the problem and signs the register by %(deadline)s, or the front "
                "desk decides alone.",
                department=self.department_team_id.display_name,
                deadline=local._counter_time(self.department_deadline),
            ),
            partner_ids=leader.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="notification",
        )
        schedule_activity(
            self.sudo(),
            ACTIVITY_DEPARTMENT,
            leader,
            date_deadline=fields.Date.context_today(self, self.department_deadline),
        )

    def _department_confirm(self, finding, signature, note=None):
        """The team leader confirms or denies the quality problem and signs the
        register, within the limit (rules §19.1); a major case goes to the duty
        or store manager at once (rules §19.2)."""
        self.ensure_one()
        self._counter_check("confirm")
        if finding not in dict(DEPARTMENT_FINDINGS):
            raise UserError(
                self.env._("Say whether the quality problem is confirmed or not.")
            )
        if not signature:
            raise UserError(self.env._("Sign the register to confirm at the counter."))
        now = fields.Datetime.now().replace(microsecond=0)
        self._protected_context().sudo().write(
            {
                "department_state": "confirmed",
                "department_finding": finding,
                "department_signature": signature,
                "department_signed_by_id": self.env.uid,
                "department_signed_date": now,
                "department_note": (note or "").strip() or False,
                "department_arrival": "in_time",
            }
        )
        self.sudo().activity_feedback([ACTIVITY_DEPARTMENT])
        self.sudo().message_post(
            body=self.env._(
                "%(user)s (%(department)s) signed the register: %(finding)s.",
                user=self.env.user.name,
                department=self.department_team_id.display_name,
                finding=dict(
                    self._fields["department_finding"]._description_selection(self.env)
                )[finding],
            ),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        if self.is_major:
            self._counter_notify_duty_manager()
        return True

    def _front_desk_decide(self, arrival):
        """Past the department's limit, the front desk decides alone; the
        decision is the front desk's and the department cannot change it (rules
        §19.1). ``arrival``: whether the department came late or never."""
        self._counter_check("decide")
        for ticket in self:
            if not (ticket.front_desk_decision or "").strip():
                raise UserError(
                    self.env._(
                        "Write the front desk's decision on %(complaint)s first.",
                        complaint=ticket.display_name,
                    )
                )
        now = fields.Datetime.now().replace(microsecond=0)
        self._protected_context().write(
            {
                "department_state": "front_desk",
                "department_arrival": arrival,
                "front_desk_decided_by_id": self.env.uid,
                "front_desk_decided_date": now,
            }
        )
        self.sudo().activity_unlink([ACTIVITY_DEPARTMENT])
        for ticket in self:
            ticket.message_post(
                body=self.env._(
                    "Decided by the front desk (%(user)s) after the department's "
                    "limit: %(decision)s",
                    user=self.env.user.name,
                    decision=ticket.front_desk_decision,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _counter_notify_duty_manager(self):
        """A major case at the counter is reported at once to the duty manager
        (the team's, else the company's duty or store manager), once (rules
        §19.2, seed 002 第一篇: 重大投诉班长应立即报告值班经理或店长)."""
        todo = self.filtered(lambda t: not t.duty_manager_notified_date)
        now = fields.Datetime.now().replace(microsecond=0)
        for ticket in todo:
            manager = ticket._counter_managers()
            if not manager:
                continue
            ticket._protected_context().sudo().write(
                {"duty_manager_notified_date": now}
            )
            ticket.sudo().message_subscribe(partner_ids=manager.partner_id.ids)
            local = ticket.with_context(lang=company_lang(ticket)).sudo()
            local.message_post(
                body=local.env._(
                    "Major complaint at the counter: %(complaint)s is reported to "
                    "%(manager)s at once.",
                    complaint=local.display_name,
                    manager=manager.name,
                ),
                partner_ids=manager.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="notification",
            )
            schedule_activity(ticket.sudo(), ACTIVITY_MAJOR, manager)

    # Deadlines (helpdesk_ticket_sla.py)
    def _sla_offers(self, policies, cache):
        """A suggestion gets no deadline (rules §19.5)."""
        if self.complaint_kind == "suggestion":
            return []
        return super()._sla_offers(policies, cache)

    # Demo data
    @api.model
    def _counter_demo_late_department(self, ticket_id, officer_id):
        """The demo's front-desk story (demo/complaint_counter_demo.xml): the
        department was called two hours ago, did not come within the limit, and
        the front desk decided alone."""
        ticket = self.browse(ticket_id)
        officer = self.env["res.users"].browse(officer_id)
        company = ticket.company_id or self.env.company
        called = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=2)
        deadline = called + timedelta(
            minutes=company.complaint_department_arrival_minutes
        )
        ticket._protected_context().write(
            {
                "department_state": "front_desk",
                "department_called_date": called,
                "department_deadline": deadline,
                "department_called_by_id": officer.id,
                "department_leader_id": ticket.department_team_id.user_id.id,
                "department_arrival": "late",
                "front_desk_decided_by_id": officer.id,
                "front_desk_decided_date": deadline + timedelta(minutes=10),
            }
        )
