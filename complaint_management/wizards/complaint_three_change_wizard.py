from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.complaint_three_change import OUTCOMES


class ComplaintThreeChangeWizard(models.TransientModel):
    """The customer is still unhappy: the officer says why and takes the three
    changes (三換, rules §16.2): the person (the next step of the team's
    escalation ladder), the place and the time (a meeting with a more senior
    manager)."""

    _name = "complaint.three.change.wizard"
    _description = "Customer Still Unhappy"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    reason = fields.Text(help="What the customer is unhappy about.")
    change_person = fields.Boolean(
        string="Change the Person",
        default=True,
        help="Hand the complaint to the next step of the team's escalation ladder.",
    )
    new_user_id = fields.Many2one(
        "res.users",
        string="Next Handler",
        compute="_compute_ladder",
        help="The person of the next step of the escalation ladder.",
    )
    change_place = fields.Boolean(
        string="Change the Place",
        help="Receive the customer in an office or a reception room.",
    )
    change_time = fields.Boolean(
        string="Change the Time",
        help="A new appointment with a more senior manager.",
    )
    location = fields.Char(
        string="Where",
        compute="_compute_meeting",
        store=True,
        readonly=False,
    )
    meeting_start = fields.Datetime(
        string="Meeting",
        compute="_compute_meeting",
        store=True,
        readonly=False,
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Senior Manager",
        compute="_compute_meeting",
        store=True,
        readonly=False,
        domain=[("share", "=", False)],
    )

    @api.depends("ticket_id")
    def _compute_ladder(self):
        for wizard in self:
            ticket = wizard.ticket_id
            wizard.new_user_id = (
                ticket and ticket._three_change_next_steps()[ticket.id][1]
            )

    @api.depends("ticket_id")
    def _compute_meeting(self):
        for wizard in self:
            ticket = wizard.ticket_id
            company = ticket.company_id or self.env.company
            wizard.location = company.complaint_meeting_location
            wizard.meeting_start = ticket and ticket._three_change_default_start()
            wizard.manager_id = (
                ticket and ticket._three_change_next_steps()[ticket.id][2]
            )

    def action_confirm(self):
        """Take the changes chosen, once checked that the user may change the
        complaint and it is open; a reason is required."""
        self.ensure_one()
        ticket = self.ticket_id
        ticket._check_event_button()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say what the customer is unhappy about."))
        meeting = None
        if self.change_place or self.change_time:
            if not self.meeting_start:
                raise UserError(self.env._("Choose when the customer is received."))
            meeting = {
                "location": self.location,
                "start": self.meeting_start,
                "manager": self.manager_id,
                "place": self.change_place,
                "time": self.change_time,
            }
        ticket._three_change_take(
            "officer", self.reason, change_person=self.change_person, meeting=meeting
        )
        return {"type": "ir.actions.act_window_close"}


class ComplaintThreeChangeOutcomeWizard(models.TransientModel):
    """How the meeting with the unhappy customer ended (rules §16.2)."""

    _name = "complaint.three.change.outcome.wizard"
    _description = "Outcome of the Three Changes"

    change_id = fields.Many2one(
        "complaint.three.change", string="Three Changes Step", required=True
    )
    outcome_state = fields.Selection(OUTCOMES, string="Outcome", required=True)
    outcome = fields.Text(string="Notes", help="What was agreed with the customer.")

    def action_confirm(self):
        self.ensure_one()
        self.change_id._record_outcome(self.outcome_state, self.outcome)
        return {"type": "ir.actions.act_window_close"}
