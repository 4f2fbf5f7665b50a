from odoo import api, fields, models

# What became of a date agreed with the customer (rules §15.3).
AGREEMENT_STATES = [
    ("agreed", "Awaiting our answer"),
    ("kept", "Kept"),
    ("missed", "Missed"),
    ("superseded", "Superseded"),
]
# The state of an agreement from the state of its deadline.
MILESTONE_AGREEMENT_STATES = {
    "running": "agreed",
    "paused": "agreed",
    "met": "kept",
    "breached": "missed",
    "not_needed": "superseded",
}


class ComplaintAnswerAgreement(models.Model):
    """A date agreed with the customer for our answer, and what we promised
    (rules §15).

    Each agreement is history: who agreed what, when, and why a new date
    replaced an earlier one. Its facts are written once, by
    ``helpdesk.ticket._answer_agree`` after its checks (the "Agree an Answer
    Date" wizard), behind the application's marker; no client writes them,
    whatever its access rights or context (``complaint.protected.mixin``), and
    nobody deletes an agreement (no access right does).

    Its deadline is a ``complaint.sla.milestone`` of kind ``answer``, due at the
    end of the agreed day: our answer (the complaint's resolution or a call-back,
    whichever comes first) meets it; the escalation job marks it missed once the
    day has passed. Its state follows that deadline: kept (answered on or before
    the date), missed (answered late, or not at all), superseded (a new date was
    agreed before this one fell due); one whose date had passed when a new one
    was agreed stays missed.
    """

    _name = "complaint.answer.agreement"
    _inherit = ["complaint.protected.mixin"]
    _description = "Answer Date Agreed with the Customer"
    _order = "agreed_on desc, id desc"
    _check_company_auto = True
    # Facts of the agreement, written by the application only (rules §15.1).
    _protected_fields = (
        "ticket_id",
        "agreed_on",
        "user_id",
        "answer_date",
        "promise",
        "new_date_reason",
        "previous_id",
        "replaced_by_id",
        "milestone_id",
        "state",
    )

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    agreed_on = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Agreed By", required=True, readonly=True
    )
    answer_date = fields.Date(
        string="Answer Date Agreed",
        required=True,
        readonly=True,
        help="The day by which we promised the customer our answer: solved or not, "
        "the customer hears from us by then.",
    )
    promise = fields.Text(string="What We Promised", required=True, readonly=True)
    new_date_reason = fields.Text(
        string="Why a New Date",
        readonly=True,
        help="Why this date replaced the one agreed before.",
    )
    previous_id = fields.Many2one(
        "complaint.answer.agreement",
        string="Replaces",
        readonly=True,
        ondelete="set null",
    )
    replaced_by_id = fields.Many2one(
        "complaint.answer.agreement",
        readonly=True,
        ondelete="set null",
    )
    milestone_id = fields.Many2one(
        "complaint.sla.milestone",
        string="Deadline",
        readonly=True,
        ondelete="set null",
    )
    answered_date = fields.Datetime(
        string="Answered On",
        compute="_compute_outcome",
        store=True,
        help="When our answer came (the resolution or a call-back), on time or late.",
    )
    state = fields.Selection(
        AGREEMENT_STATES,
        compute="_compute_outcome",
        store=True,
        index=True,
        help="Kept: our answer came on or before the agreed date. Missed: it came "
        "later, or not at all, including a date that had passed when a new one was "
        "agreed. Superseded: a new date was agreed before this one fell due.",
    )

    @api.depends("ticket_id", "answer_date")
    def _compute_display_name(self):
        for agreement in self:
            day = fields.Date.to_string(agreement.answer_date) or ""
            agreement.display_name = f"{agreement.ticket_id.display_name or ''}: {day}"

    @api.depends("milestone_id.state", "milestone_id.reached_date")
    def _compute_outcome(self):
        for agreement in self:
            milestone = agreement.milestone_id
            agreement.answered_date = milestone.reached_date
            agreement.state = MILESTONE_AGREEMENT_STATES.get(milestone.state, "agreed")

    @api.model
    def _protected_message(self, names):
        return self.env._(
            "%(fields)s of an answer date agreed with the customer are history: "
            "they cannot be written directly. Agree a new date, with its reason, "
            "from the complaint (Agree an Answer Date).",
            fields=self._field_labels(names, sort=True),
        )
