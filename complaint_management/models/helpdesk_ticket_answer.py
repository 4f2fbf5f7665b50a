from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_answer_agreement import AGREEMENT_STATES
from .complaint_groups import COMPLAINT_READER_GROUPS


class HelpdeskTicket(models.Model):
    """The date agreed with the customer for our answer (rules §15).

    The handler agrees with the customer the day by which they hear from us, and
    what we promised; a new date is agreed with its reason, and every agreement
    stays in the history (``complaint.answer.agreement``). The agreed day is a
    deadline of the complaint (a milestone of kind ``answer``, with its reminder
    activity): on that day, solved or not, the customer is called back; our
    answer (the resolution or a call-back, whichever comes first) keeps it.
    The portal and the acknowledgement show the agreed date, or say that none
    is agreed yet.
    """

    _inherit = "helpdesk.ticket"

    answer_agreement_ids = fields.One2many(
        "complaint.answer.agreement",
        "ticket_id",
        string="Answer Dates Agreed",
        readonly=True,
        groups=COMPLAINT_READER_GROUPS,
    )
    answer_agreement_id = fields.Many2one(
        "complaint.answer.agreement",
        string="Current Answer Agreement",
        compute="_compute_answer_agreement",
        store=True,
        groups=COMPLAINT_READER_GROUPS,
    )
    answer_date = fields.Date(
        string="Answer Date Agreed",
        compute="_compute_answer_agreement",
        store=True,
        index=True,
        help="The day by which we promised the customer our answer (the newest "
        "date agreed).",
    )
    answer_state = fields.Selection(
        AGREEMENT_STATES,
        string="Answer Date",
        compute="_compute_answer_agreement",
        store=True,
        help="Whether the newest date agreed with the customer is still awaited, "
        "kept or missed.",
    )

    @api.depends(
        "answer_agreement_ids.agreed_on",
        "answer_agreement_ids.answer_date",
        "answer_agreement_ids.state",
    )
    def _compute_answer_agreement(self):
        for ticket in self:
            current = ticket.sudo().answer_agreement_ids.sorted(
                lambda a: (a.agreed_on, a.id), reverse=True
            )[:1]
            ticket.answer_agreement_id = current
            ticket.answer_date = current.answer_date
            ticket.answer_state = current.state

    # Protection: the agreements are made by ``_answer_agree`` only
    @api.model
    def _get_protected_fields(self):
        return [*super()._get_protected_fields(), "answer_agreement_ids"]

    @api.model
    def _protected_message(self, names):
        if "answer_agreement_ids" in names:
            return self.env._(
                "The answer dates agreed with the customer are history and cannot "
                "be written on the complaint: agree a new date, with its reason, "
                "with 'Agree an Answer Date'."
            )
        return super()._protected_message(names)

    # Actions
    def action_agree_answer_date(self):
        """Open the wizard that records the date agreed with the customer."""
        self.ensure_one()
        self._answer_check_agree()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Agree an Answer Date"),
            "res_model": "complaint.answer.agreement.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # Business methods
    def _answer_check_agree(self):
        """Who agrees a date may change the complaint; a closed complaint has had
        its answer (reopen it first); only complaints have answer dates."""
        self.ensure_one()
        if not self.is_complaint:
            raise UserError(
                self.env._(
                    "%(ticket)s is not a complaint: no answer date is agreed on it.",
                    ticket=self.display_name,
                )
            )
        self.check_access("write")
        if self.closed:
            raise UserError(
                self.env._(
                    "%(complaint)s is closed: the customer has had our answer. "
                    "Reopen it with a reason before agreeing a new date.",
                    complaint=self.display_name,
                )
            )

    def _answer_today(self):
        """Today in the time zone of the complaint's working calendar."""
        self.ensure_one()
        tz = pytz.timezone(self._sla_calendar().tz or "UTC")
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _answer_deadline(self, answer_date):
        """The end of the agreed day in the calendar's time zone, as naive UTC."""
        self.ensure_one()
        tz = pytz.timezone(self._sla_calendar().tz or "UTC")
        local = tz.localize(datetime.combine(answer_date, time(23, 59, 59)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _answer_agree(self, answer_date, promise, reason=False):
        """Record that the customer and we agreed ``answer_date`` for our answer,
        promising ``promise`` (rules §15.1, §15.2).

        The date is today or later; the promise says what the customer will hear.
        A new date replaces the current one only with a reason: the earlier
        agreement stays, kept if it was answered in time, missed if its day had
        passed, superseded otherwise. The agreed day becomes a deadline of the
        complaint with its reminder; the chatter says who agreed what.
        """
        self.ensure_one()
        self._answer_check_agree()
        answer_date = fields.Date.to_date(answer_date)
        promise = (promise or "").strip()
        reason = (reason or "").strip()
        if not answer_date or answer_date < self._answer_today():
            raise UserError(
                self.env._(
                    "Agree a date for the answer that is today or later: the "
                    "customer cannot be promised a day already past."
                )
            )
        if not promise:
            raise UserError(
                self.env._(
                    "Say what we promised the customer by that date (the answer, "
                    "or news of the analysis)."
                )
            )
        previous = self.sudo().answer_agreement_id
        if previous and not reason:
            raise UserError(
                self.env._(
                    "%(complaint)s already has an answer date agreed (%(date)s): "
                    "say why a new date is agreed with the customer.",
                    complaint=self.display_name,
                    date=fields.Date.to_string(previous.answer_date),
                )
            )
        now = fields.Datetime.now().replace(microsecond=0)
        if previous.milestone_id.is_open:
            previous.milestone_id._end(
                now,
                self.env._("A new answer date was agreed with the customer."),
                remind=False,  # the reminder moves once, below
            )
        milestone = (
            self.env["complaint.sla.milestone"]
            .sudo()
            .create(
                {
                    "ticket_id": self.id,
                    "milestone": "answer",
                    "start_date": now,
                    "deadline": self._answer_deadline(answer_date),
                    "state": "running",
                }
            )
        )
        Agreement = self.env["complaint.answer.agreement"].sudo()._protected_context()
        agreement = Agreement.create(
            {
                "ticket_id": self.id,
                "agreed_on": now,
                "user_id": self.env.user.id,
                "answer_date": answer_date,
                "promise": promise,
                "new_date_reason": reason or False,
                "previous_id": previous.id,
                "milestone_id": milestone.id,
            }
        )
        if previous:
            Agreement.browse(previous.id).write({"replaced_by_id": agreement.id})
        milestone._activity_update()
        body = self.env._(
            "Answer date agreed with the customer: %(date)s. Promised: %(promise)s",
            date=fields.Date.to_string(answer_date),
            promise=promise,
        )
        if previous:
            body += " " + self.env._(
                "It replaces %(old)s: %(reason)s",
                old=fields.Date.to_string(previous.answer_date),
                reason=reason,
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        # the caller's environment, never the application's marker
        return agreement.with_env(self.env)

    def _answer_progress_callback(self, comment):
        """The customer was called back before the complaint was solved (on the
        agreed day, rules §15.2): our answer so far. The call-back is an event of
        the complaint (it keeps the agreed date); satisfaction is asked once the
        complaint is handled (rules §8.1)."""
        self.ensure_one()
        self._record_event("called_back")
        self.message_post(
            body=self.env._(
                "Customer called back before the resolution: %(comment)s",
                comment=comment or "-",
            ),
            subtype_xmlid="mail.mt_note",
        )
