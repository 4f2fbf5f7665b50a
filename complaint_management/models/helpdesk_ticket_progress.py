from odoo import models


class HelpdeskTicket(models.Model):
    """Progress told to the customer (rules §16.1; seeds 001, 004: keep the
    customer informed).

    One place decides whether a moment of a complaint writes to its customer:
    ``_progress_notify(event)``, called where the moment is recorded (the one
    event method ``_record_event`` for the hand-over to QA, the containment and
    the resolution; the approval of a remedy; the approval of an 8D report). A
    moment writes when the complaint's team lists it
    (``complaint_progress_event_ids``) and the customer has an e-mail address:
    one e-mail per complaint, from the moment's editable template, in the
    customer's language (the template's ``lang``), a copy kept in the chatter
    naming the customer. The other events are internal and write nothing.
    """

    _inherit = "helpdesk.ticket"

    # Business methods
    def _progress_notify(self, event):
        """Tell the customers of these complaints that ``event`` (a code of
        ``complaint.progress.event``) happened, in one batch: the complaints
        whose team lists the event and whose customer has an e-mail address get
        one e-mail each, rendered in their customer's language and queued
        together (the acknowledgement's composer, rules §16.1). Returns the
        complaints whose customer was written to.

        Complaints imported from a spreadsheet are history: their customers are
        not written to (Odoo's import marks its calls with ``import_file``; the
        key grants nothing, it only spares a customer an e-mail about an old
        case)."""
        if self.env.context.get("import_file"):
            return self.browse()
        moment = (
            self.env["complaint.progress.event"]
            .sudo()
            .search([("code", "=", event)], limit=1)
        )
        template = moment.mail_template_id
        if not template:
            return self.browse()
        # superuser: the moment writes to the customer whoever caused it (an
        # approver, the scheduler, the mail gateway); the author stays the user
        tickets = self.sudo().filtered(
            lambda t: (
                t.is_complaint
                and t.partner_id.email
                and moment in t.team_id.complaint_progress_event_ids
            )
        )
        if not tickets:
            return self.browse()
        composer = tickets._acknowledgement_composer(template)
        mails, _messages = composer._action_send_mail()
        if mails:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        self._acknowledgement_name_recipients(mails)
        return self.browse(tickets.ids)

    def _progress_tells(self, event):
        """Whether this complaint's team tells its customer of ``event``."""
        self.ensure_one()
        return self.is_complaint and event in self.sudo().team_id.mapped(
            "complaint_progress_event_ids.code"
        )

    def _track_template(self, tracking):
        """A complaint whose team tells the customer it is resolved (rules §16.1)
        does not also send helpdesk_mgmt's closed-ticket e-mail of the closing
        stage: the customer hears of the resolution once."""
        res = super()._track_template(tracking)
        ticket = self[0]
        if (
            "stage_id" in res
            and ticket.stage_id.closed
            and ticket._progress_tells("resolved")
        ):
            del res["stage_id"]
        return res
