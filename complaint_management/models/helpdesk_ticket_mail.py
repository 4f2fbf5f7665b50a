from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL

# How often new complaints may wake the acknowledgement job: Odoo's precision
# for a scheduled action's triggers (``ir.cron._trigger``).
ACKNOWLEDGEMENT_WAKE_INTERVAL = timedelta(minutes=1)


class HelpdeskTicket(models.Model):
    """Complaints by e-mail, in and out (rules §2, §4; seeds 001/004).

    In: helpdesk_mgmt already routes a mail sent to a team's alias to a new ticket
    of that team (``alias_defaults``), keeps its attachments and threads replies
    into it. For a complaint team this adds: the sender becomes the customer,
    created as a contact when unknown, and the complaint is marked as received
    by e-mail.

    Out: the acknowledgement that tells the customer at once that the complaint is
    being handled, queued when the complaint is recorded (``create`` calls
    ``_acknowledgement_vals`` and ``_acknowledgement_after_create``) and sent
    within a minute or so by a scheduled action, woken at most once a minute
    (rules §23.2); its state is the application's only (a protected field of the
    ticket: ``_protected_fields``)."""

    _inherit = "helpdesk.ticket"

    acknowledgement_state = fields.Selection(
        [("pending", "To Send"), ("sent", "Sent")],
        string="Acknowledgement",
        readonly=True,
        copy=False,
        help="The e-mail that tells the customer the complaint is being handled "
        "(rules §4): queued when the complaint is recorded, sent moments later "
        "by a scheduled action.",
    )

    # The acknowledgement job's queue (_acknowledgement_take): the few pending
    # among every complaint ever recorded (153 ms a look at 100,000 without it).
    _acknowledgement_pending_idx = models.Index(
        "(id) WHERE acknowledgement_state = 'pending'"
    )

    # Mail gateway
    @api.model
    def message_new(self, msg, custom_values=None):
        custom_values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].browse(custom_values.get("team_id"))
        if team.complaint_team:
            partner = self.env["res.partner"].browse(msg.get("author_id"))
            if not partner:
                email_from = msg.get("email_from")
                if email_from:
                    partner = self.env["res.partner"]._find_or_create_from_emails(
                        [email_from]
                    )[0]
                    # the incoming message is posted after this: by the customer
                    msg["author_id"] = partner.id
            channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email", False)
            custom_values.setdefault("partner_id", partner.id or False)
            if partner:
                custom_values.setdefault("partner_name", partner.name)
            if channel:
                custom_values.setdefault("channel_id", channel.id)
            custom_values.setdefault("receiver_id", team.user_id.id or False)
        return super().message_new(msg, custom_values=custom_values)

    # CRUD hooks, called by the one create and write of helpdesk_ticket.py
    @api.model
    def _acknowledgement_vals(self, vals_list):
        """Queue the acknowledgement of the complaints about to be recorded: those
        of a team that acknowledges, from a customer with an e-mail address
        (rules §4, seeds 001/004: tell the customer at once that the complaint
        is being handled). Complaints imported from a spreadsheet are history:
        their customers are not written to again (Odoo's import marks its calls
        with ``import_file``; the key grants nothing, it only spares a customer an
        e-mail about an old case). Whatever state the values carry, the
        application decides it."""
        teams = self.env["helpdesk.ticket.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        importing = self.env.context.get("import_file")
        for vals in vals_list:
            team = teams.browse(vals.get("team_id"))
            partner = partners.browse(vals.get("partner_id"))
            wanted = (
                not importing
                and vals.get("is_complaint", team.complaint_team)
                and team.complaint_acknowledge
                and partner.email
            )
            vals["acknowledgement_state"] = "pending" if wanted else False

    def _acknowledgement_after_create(self):
        """Have the acknowledgements of these new complaints rendered and sent by
        the scheduled action, woken at most once a minute however many complaints
        arrive (rules §23.2): at once when it last ran a minute ago or more, else
        when that minute is over. A complaint that finds the job already due by
        then adds nothing: one query, no lock, and the job sends every queued
        acknowledgement when it runs. The customer hears within a minute or so;
        recording a batch does not wait for the e-mails."""
        if not any(t.acknowledgement_state == "pending" for t in self):
            return
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "complaint_management.ir_cron_complaint_acknowledge",
            raise_if_not_found=False,
        )
        if not cron_id:
            return  # the job was deleted: the acknowledgements wait in the queue
        self.env.cr.execute(
            SQL(
                """SELECT cron.lastcall,
                          (SELECT min(call_at) FROM ir_cron_trigger
                            WHERE cron_id = cron.id)
                     FROM ir_cron cron
                    WHERE cron.id = %s""",
                cron_id,
            )
        )
        last_run, next_trigger = self.env.cr.fetchone()
        at = fields.Datetime.now().replace(microsecond=0)
        if last_run:
            at = max(at, last_run + ACKNOWLEDGEMENT_WAKE_INTERVAL)
        if next_trigger is None or next_trigger > at:
            self.env["ir.cron"].sudo().browse(cron_id)._trigger(at)

    # Scheduled action: the acknowledgement queue
    @api.model
    def _cron_send_acknowledgements(self, batch_size=20):
        """Send the queued acknowledgements (rules §4, seeds 001/004);
        triggered when complaints are recorded, and run regularly in case a
        trigger was lost.

        Each batch takes its complaints with ``FOR UPDATE SKIP LOCKED``: a
        complaint someone is changing right now is left for the next batch or
        run, never waited for nor fought over, and two runs never take the same
        complaint, so each customer is written to once. Run by the scheduler, each
        batch is committed on its own (the mails with the state that says they
        were sent) and the run goes on while the scheduler gives it time; called
        otherwise, one batch is sent in the caller's transaction."""
        in_cron = bool(self.env.context.get("cron_id"))
        cron = self.env.ref("complaint_management.ir_cron_complaint_acknowledge")
        if in_cron:
            # a fresh snapshot: the rows are locked as they are now
            self.env["ir.cron"]._commit_progress()
        retries = 3
        while True:
            pending = self._acknowledgement_take(batch_size)
            if pending is None:
                # a complaint changed since this transaction began: afresh
                if not in_cron or not retries:
                    cron._trigger()
                    return
                retries -= 1
                self.env["ir.cron"]._commit_progress()
                continue
            if not pending:
                break
            pending._acknowledgement_send_batch()
            if not in_cron:
                if len(pending) == batch_size:
                    cron._trigger()
                return
            if not self.env["ir.cron"]._commit_progress(len(pending)):
                cron._trigger()  # out of time: go on at once in a new run
                return
        self._acknowledgement_retry_skipped(cron)

    @api.model
    def _acknowledgement_take(self, limit):
        """Lock and return up to ``limit`` complaints whose acknowledgement is
        queued, skipping those another transaction holds; ``None`` when one of them
        was changed since this transaction's snapshot (under Odoo's repeatable
        read isolation it cannot be locked in this transaction)."""
        # what this transaction already sent, as the database must see it
        self.flush_model(["acknowledgement_state"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """SELECT id FROM helpdesk_ticket
                            WHERE acknowledgement_state = 'pending'
                            ORDER BY id LIMIT %s
                              FOR NO KEY UPDATE SKIP LOCKED""",
                        limit,
                    ),
                    log_exceptions=False,
                )
                ids = [row[0] for row in self.env.cr.fetchall()]
        except SerializationFailure:
            return None
        pending = self.sudo().browse(ids)
        # as the database holds them now, not as an earlier read left them
        pending.invalidate_recordset()
        return pending

    def _acknowledgement_send_batch(self):
        """Send the acknowledgements of these complaints, taken from the queue, and
        take them off it: sent, or dropped when there is nothing to send any more
        (the team turned it off, the customer has no address)."""
        sent = self._send_acknowledgement()
        flow = self._protected_context()
        (flow & sent).write({"acknowledgement_state": "sent"})
        (flow - sent).write({"acknowledgement_state": False})

    @api.model
    def _acknowledgement_retry_skipped(self, cron):
        """Run ``cron`` again in a minute when acknowledgements are still queued:
        complaints being changed when the run reached them."""
        if self.sudo().search_count(
            [("acknowledgement_state", "=", "pending")], limit=1
        ):
            cron._trigger(fields.Datetime.now() + timedelta(minutes=1))

    def _send_acknowledgement(self):
        """Tell the customer that the complaint is being handled (rules §4,
        seeds 001/004), unless the team turned it off since; returns the
        complaints whose customer was written to.

        The e-mails of a batch are rendered and queued together (the composer's
        mass mode, keeping a copy in each complaint's chatter that names the
        customer), not posted one by one: the customer is the only recipient, the
        followers are not notified of an acknowledgement."""
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement",
            raise_if_not_found=False,
        )
        tickets = self.filtered(
            lambda t: t.team_id.complaint_acknowledge and t.partner_id.email
        )
        if not template or not tickets:
            return self.browse()
        composer = tickets._acknowledgement_composer(template)
        mails, _messages = composer._action_send_mail()
        if mails:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        self._acknowledgement_name_recipients(mails)
        return tickets

    def _acknowledgement_composer(self, template):
        """The mass-mail composer that renders ``template`` for these complaints
        and queues the e-mails, keeping a copy in each chatter."""
        return (
            self.env["mail.compose.message"]
            .with_context(
                default_composition_mode="mass_mail",
                default_model=self._name,
                default_res_ids=self.ids,
                default_template_id=template.id,
            )
            .create(
                {
                    "auto_delete_keep_log": True,
                    # queued, not sent from inside this transaction: the job holds
                    # the complaints' rows until it commits, and an SMTP exchange
                    # per mail would hold them (and the officers editing them)
                    # for seconds; the mail queue sends them at once instead
                    "force_send": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_comment"
                    ),
                }
            )
        )

    @api.model
    def _acknowledgement_name_recipients(self, mails):
        """Name each mail's recipients on the copy kept in the chatter, one write
        per group of mails to the same recipients."""
        for recipients, batch in mails.grouped("recipient_ids").items():
            if recipients:
                batch.mail_message_id.write(
                    {"partner_ids": [Command.link(p.id) for p in recipients]}
                )
