from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.helpdesk_ticket import EVENT_FIELDS

# The events a QA manager may correct, with their labels (the receipt date is
# intake data, edited on the complaint itself).
CORRECTABLE_EVENTS = [
    ("handed_to_qa", "Handed over to QA"),
    ("qa_responded", "QA responded"),
    ("customer_feedback", "Latest customer feedback"),
    ("containment", "Containment done"),
    ("root_cause", "Root cause found"),
    ("resolved", "Resolved"),
    ("called_back", "Called back"),
    ("effectiveness_verified", "Effectiveness checked"),
]


class ComplaintEventCorrectionWizard(models.TransientModel):
    """A QA manager corrects the date of a complaint's event, saying why (rules
    §4: deadline figures are answered for to customers and auditors).

    Event dates are read-only everywhere else; the correction goes through the
    complaint's one path from events to deadlines (``_record_event``), which
    re-evaluates the milestone the event reached, and is written into the chatter
    with the old date, the new one, who and why. Only the QA manager group may
    correct: the check is made here, on the server, not by the form.
    """

    _name = "complaint.event.correction.wizard"
    _description = "Correct a Complaint Event Date"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    event = fields.Selection(CORRECTABLE_EVENTS, required=True)
    current_date = fields.Datetime(
        string="Recorded Date", compute="_compute_current_date"
    )
    new_date = fields.Datetime(string="Correct Date", required=True)
    reason = fields.Text(
        required=True, help="Why the recorded date is wrong, for the audit trail."
    )

    @api.depends("ticket_id", "event")
    def _compute_current_date(self):
        for wizard in self:
            wizard.current_date = (
                wizard.ticket_id[EVENT_FIELDS[wizard.event]]
                if wizard.ticket_id and wizard.event
                else False
            )

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise AccessError(
                self.env._(
                    "Only a QA manager can correct the date of a complaint's event."
                )
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the recorded date is wrong."))
        if self.new_date > fields.Datetime.now():
            raise UserError(
                self.env._(
                    "An event cannot have happened in the future: enter the date it "
                    "really happened."
                )
            )
        self.ticket_id._record_event(
            self.event, self.new_date, reason=self.reason.strip()
        )
        return {"type": "ir.actions.act_window_close"}
