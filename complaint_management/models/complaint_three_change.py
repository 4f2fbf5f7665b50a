from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What made the complaint climb its ladder (rules §16.2).
THREE_CHANGE_TRIGGERS = [
    ("officer", "Customer still unhappy"),
    ("satisfaction", "Low satisfaction answer"),
    ("breach", "Missed deadline"),
]
OUTCOMES = [
    ("satisfied", "Customer satisfied"),
    ("unhappy", "Customer still unhappy"),
]


class ComplaintThreeChange(models.Model):
    """One step of the "three changes" (三換, rules §5, §16.2) taken on a
    complaint because its customer is not satisfied, or a deadline was missed:
    who took it and when, why, which changes (the person: the complaint goes to
    the next level of the team's escalation ladder; the place and the time: a
    meeting with a more senior manager, at a place, an Odoo calendar event with
    the customer and the manager as attendees), and the meeting's outcome.

    History: written by the application only, behind its marker or by code
    that checked the user's right and then used sudo() (the officer's wizard,
    the call-back, the escalation job, the outcome wizard); every complaint
    reader reads it, nobody edits or deletes it (``_protected_fields``, and no
    role has more than read access).
    """

    _name = "complaint.three.change"
    _inherit = ["complaint.protected.mixin"]
    _description = "Complaint Three Changes Step"
    _order = "date desc, id desc"
    _check_company_auto = True
    _protected_fields = (
        "ticket_id",
        "date",
        "user_id",
        "trigger",
        "reason",
        "rule_id",
        "change_person",
        "previous_user_id",
        "new_user_id",
        "change_place",
        "change_time",
        "location",
        "meeting_start",
        "manager_id",
        "calendar_event_id",
        "outcome",
        "outcome_state",
        "outcome_date",
        "outcome_user_id",
    )
    _protected_allow_superuser = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    date = fields.Datetime(
        string="When", required=True, default=fields.Datetime.now, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    trigger = fields.Selection(
        THREE_CHANGE_TRIGGERS, string="Why Now", required=True, readonly=True
    )
    reason = fields.Text(
        required=True, readonly=True, help="What the customer is unhappy about."
    )
    rule_id = fields.Many2one(
        "complaint.escalation.rule",
        string="Ladder Step",
        ondelete="set null",
        readonly=True,
    )
    change_person = fields.Boolean(string="Change of Person", readonly=True)
    previous_user_id = fields.Many2one(
        "res.users", string="Previous Handler", readonly=True
    )
    new_user_id = fields.Many2one("res.users", string="New Handler", readonly=True)
    change_place = fields.Boolean(string="Change of Place", readonly=True)
    change_time = fields.Boolean(string="Change of Time", readonly=True)
    location = fields.Char(string="Where", readonly=True)
    meeting_start = fields.Datetime(string="Meeting", readonly=True)
    manager_id = fields.Many2one("res.users", string="Senior Manager", readonly=True)
    calendar_event_id = fields.Many2one(
        "calendar.event", ondelete="set null", readonly=True
    )
    outcome_state = fields.Selection(OUTCOMES, string="Outcome", readonly=True)
    outcome = fields.Text(string="Outcome Notes", readonly=True)
    outcome_date = fields.Datetime(string="Outcome Recorded", readonly=True)
    outcome_user_id = fields.Many2one(
        "res.users", string="Outcome Recorded By", readonly=True
    )

    @api.depends("ticket_id", "date")
    def _compute_display_name(self):
        for change in self:
            complaint = change.ticket_id.display_name or ""
            change.display_name = f"{complaint}: {change._changes_label()}"

    @api.constrains("reason")
    def _check_reason(self):
        for change in self:
            if not (change.reason or "").strip():
                raise ValidationError(
                    self.env._("Say what the customer is unhappy about.")
                )

    # Record protection: a step has no states, every field is protected
    def _lock_key(self):
        return False

    # Actions
    def action_record_outcome(self):
        """Open the wizard that records how the meeting ended (who may change the
        complaint)."""
        self.ensure_one()
        self.ticket_id.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Outcome of the Meeting"),
            "res_model": "complaint.three.change.outcome.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_change_id": self.id},
        }

    @api.readonly
    def action_open_meeting(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    # Business methods
    def _changes_label(self):
        """Which changes this step made, as the user reads them."""
        self.ensure_one()
        labels = [
            self._fields[name]._description_string(self.env)
            for name in ("change_person", "change_place", "change_time")
            if self[name]
        ]
        return ", ".join(labels) or self.env._("No change")

    def _record_outcome(self, state, notes):
        """Record how the meeting (or the change) ended, once checked that the user
        may change the complaint (rules §16.2): the outcome stays on the step and
        the complaint's chatter says it."""
        self.ensure_one()
        self.ticket_id.check_access("write")
        if not (notes or "").strip():
            raise ValidationError(self.env._("Say how the meeting ended."))
        self._protected_context().sudo().write(
            {
                "outcome_state": state,
                "outcome": notes,
                "outcome_date": fields.Datetime.now(),
                "outcome_user_id": self.env.uid,
            }
        )
        labels = dict(self._fields["outcome_state"]._description_selection(self.env))
        self.ticket_id.message_post(
            body=self.env._(
                "Outcome of the three changes (%(changes)s): %(outcome)s. %(notes)s",
                changes=self._changes_label(),
                outcome=labels[state],
                notes=notes,
            ),
            subtype_xmlid="mail.mt_note",
        )
