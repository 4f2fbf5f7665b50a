import base64

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_protected_mixin import locked
from .complaint_workflow_mixin import reference_field

STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("answered", "Answered"),
    ("accepted", "Accepted"),
    ("returned", "Returned"),
    ("closed", "Closed"),
]
# What the supplier answers (rules §6: D3 containment, D4 root cause with the
# escape point, D5/D6 corrective actions).
ANSWER_FIELDS = ("containment", "root_cause", "escape_point", "corrective_action")
ACTIVITY_REVIEW = "complaint_management.mail_act_complaint_capa_review"
# Once sent, a request stays what the supplier received: its supplier, its
# complaints, its 8D, the actions asked and the chargeback it came with.
SENT_STATES = ("sent", "answered", "accepted", "returned", "closed")
SENT_LOCKED_FIELDS = (
    "partner_id",
    "ticket_ids",
    "eight_d_id",
    "action_ids",
    "chargeback_id",
)


class ComplaintCapa(models.Model):
    """A corrective-action request to a supplier (rules §6.5: a
    corrective and preventive action request may be raised against the
    responsible party, a supplier included; §7: the responsible department makes
    the supplier improve).

    It names the supplier, the 8D report and complaints, and the 8D's corrective
    actions that name the supplier; it has its own due date (the company's
    number of days after sending by default). Sent with the chargeback's debit
    note (or alone), answered by the supplier in the portal (containment, root
    cause with escape point, corrective actions, attachments), then accepted or
    returned by the quality engineer, answer by answer; every answer stays.

    Access: officers and auditors read; quality engineers and managers prepare,
    send, accept, return and close. The state changes only through the buttons
    and the portal's ``_portal_submit_answer``.

    Once sent, it stays what the supplier received (rules §10,
    ``complaint.protected.mixin``): its supplier, complaints, 8D, actions and
    chargeback no longer change (``SENT_LOCKED_FIELDS``).
    """

    _name = "complaint.capa"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.workflow.mixin",
        "complaint.chatter.mixin",
    ]
    _description = "Supplier Corrective-Action Request"
    _order = "id desc"
    _check_company_auto = True
    _protected_fields = ("state", "sent_date", "closed_date", "answer_ids")
    # Sent: what the supplier received no longer changes (rules §10.6); its
    # description and due date still may.
    _locks = dict.fromkeys(SENT_STATES, locked(*SENT_LOCKED_FIELDS))
    # A request joins or leaves a chargeback only while the chargeback may
    # change; the chargeback's sending joins its own (behind the marker).
    _lock_parents = {"chargeback_id": "capa_ids"}
    # The portal's answer runs as superuser after the portal's ownership check.
    _protected_allow_superuser = True
    # The one table of the CAPA's moves (complaint.workflow.mixin).
    _transitions = {
        "send": (("draft",), "sent"),
        "answer": (("sent", "returned"), "answered"),
        "accept": (("answered",), "accepted"),
        "return": (("answered",), "returned"),
        "close": (("accepted",), "closed"),
    }
    _workflow_can = {"can_send": "send", "can_review": "accept", "can_close": "close"}
    _sequence_code = "complaint.capa"

    name = reference_field()
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Supplier Contact",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    eight_d_id = fields.Many2one(
        "complaint.8d", string="8D Report", index="btree_not_null", tracking=True
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "complaint_capa_helpdesk_ticket_rel",
        "capa_id",
        "ticket_id",
        string="Complaints",
        domain=[("is_complaint", "=", True)],
        check_company=True,
    )
    action_ids = fields.Many2many(
        "complaint.8d.action",
        "complaint_capa_8d_action_rel",
        "capa_id",
        "action_id",
        string="Corrective Actions",
        domain="[('eight_d_id', '=', eight_d_id), ('action_type', '=', 'corrective')]",
        help="The 8D's corrective actions asked from the supplier.",
    )
    chargeback_id = fields.Many2one(
        "complaint.chargeback",
        index="btree_not_null",
        ondelete="set null",
        help="The chargeback whose debit note carries this request.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Quality Engineer",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
    )
    description = fields.Html(
        string="Request", help="What the supplier is asked to do and answer."
    )
    date_due = fields.Date(
        string="Due",
        tracking=True,
        help="When the supplier's answer is due; set when it is sent unless "
        "entered (the company's number of days after sending).",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False,
        index=True, tracking=True,
    )  # fmt: skip
    sent_date = fields.Datetime(string="Sent On", readonly=True, copy=False)
    closed_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    answer_ids = fields.One2many(
        "complaint.capa.answer", "capa_id", string="Answers", readonly=True
    )
    answer_count = fields.Integer(compute="_compute_answer_count")
    last_answer_id = fields.Many2one(
        "complaint.capa.answer", compute="_compute_answer_count"
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")
    can_send = fields.Boolean(compute="_compute_can_actions")
    can_review = fields.Boolean(compute="_compute_can_actions")
    can_close = fields.Boolean(compute="_compute_can_actions")

    @api.depends("partner_id")
    def _compute_contact_id(self):
        for capa in self:
            contacts = capa.partner_id.child_ids.filtered(
                lambda c: c.email and c.type == "contact"
            )
            capa.contact_id = contacts[:1] or capa.partner_id

    @api.depends("answer_ids")
    def _compute_answer_count(self):
        for capa in self:
            capa.answer_count = len(capa.answer_ids)
            capa.last_answer_id = capa.answer_ids.sorted("id")[-1:]

    @api.depends("date_due", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for capa in self:
            capa.is_overdue = bool(
                capa.date_due
                and capa.state in ("sent", "returned")
                and capa.date_due < today
            )

    @api.constrains("partner_id", "action_ids")
    def _check_actions_supplier(self):
        """The corrective actions requested are the 8D's that name this supplier."""
        for capa in self:
            partner = capa.partner_id.commercial_partner_id
            others = capa.sudo().action_ids.filtered(
                lambda a, p=partner: a.supplier_id.commercial_partner_id != p
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The corrective action '%(action)s' does not name "
                        "%(supplier)s: a corrective-action request lists the "
                        "actions asked from its supplier.",
                        action=others[0].name,
                        supplier=capa.partner_id.display_name,
                    )
                )

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        capas = super().create(vals_list)
        for capa in capas.filtered(lambda c: not c.description and c.action_ids):
            capa.description = capa._default_description()
        return capas

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._("Only draft corrective-action requests can be deleted.")
            )

    # Guard (complaint.workflow.mixin)
    def _refusal_rights(self, action):
        """Only a quality engineer who may change the request moves it (the
        supplier's answer comes through ``_submit_answer``)."""
        if action != "answer" and not (
            self.has_access("write")
            and self.env.user.has_group("complaint_management.group_complaint_engineer")
        ):
            return self.env._(
                "Only a quality engineer handles the corrective-action request "
                "%(capa)s.",
                capa=self.display_name,
            )
        return False

    # Actions
    def action_send(self):
        """Send the request to the supplier's contact."""
        self._check_transition("send")
        self._send()
        return True

    def action_accept_answer(self):
        """Accept the supplier's last answer."""
        self._check_transition("accept")
        self._review("accept")
        return True

    def action_return_answer(self):
        """Return the supplier's last answer to be completed (a comment in the
        chatter says why)."""
        self._check_transition("return")
        self._review("return")
        return True

    def action_close(self):
        """Close the request once its accepted actions are in place."""
        self._check_transition("close")
        self._set_state("close", closed_date=fields.Datetime.now())
        return True

    # Business methods
    def _default_description(self):
        self.ensure_one()
        items = "".join(f"<li>{action.name}</li>" for action in self.action_ids)
        return self.env._(
            "<p>Please answer with your containment, the root cause and its escape "
            "point, and your corrective actions for:</p><ul>%(items)s</ul>",
            items=items,
        )

    def _send(self, notify=True):
        """Mark the requests sent, give them their due date (the company's
        ``complaint_capa_due_days`` after today unless entered) and, with
        ``notify``, mail them to the supplier's contact."""
        today = fields.Date.context_today(self)
        for capa in self:
            capa._set_state(
                "send",
                sent_date=fields.Datetime.now(),
            )
            if not capa.date_due:
                capa.date_due = fields.Date.add(
                    today, days=capa.company_id.complaint_capa_due_days
                )
            if notify:
                template = self.env.ref(
                    "complaint_management.mail_template_complaint_capa"
                )
                capa.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    attachment_ids=[Command.set(capa._report_attachments().ids)],
                )
            else:
                capa.message_post(
                    body=self.env._("Sent to the supplier with its chargeback."),
                    subtype_xmlid="mail.mt_note",
                )

    def _report_attachments(self):
        """The PDFs of these requests, archived on them."""
        report = self.env.ref("complaint_management.action_report_complaint_capa")
        attachments = self.env["ir.attachment"]
        for capa in self:
            content, _type = (
                self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, capa.ids)
            )
            attachments |= (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{capa.name.replace('/', '-')}.pdf",
                        "raw": content,
                        "res_model": capa._name,
                        "res_id": capa.id,
                        "mimetype": "application/pdf",
                    }
                )
            )
        return attachments

    def _review(self, decision):
        """The quality engineer accepts or returns the last answer; the request
        follows (accepted, or returned for a new answer)."""
        for capa in self:
            answer = capa.last_answer_id.sudo()
            answer._protected_context().write(
                {
                    "state": "accepted" if decision == "accept" else "returned",
                    "reviewed_by_id": self.env.uid,
                    "reviewed_date": fields.Datetime.now(),
                }
            )
            capa._set_state(decision)
            capa.activity_feedback([ACTIVITY_REVIEW])
            capa.message_post(
                body=self.env._(
                    "Answer %(answer)s %(decision)s by %(user)s.",
                    answer=answer.name,
                    decision=self.env._("accepted")
                    if decision == "accept"
                    else self.env._("returned to the supplier"),
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_comment",
                partner_ids=capa.contact_id.ids,
            )

    def _portal_submit_answer(self, vals, attachments=None):
        """The supplier's answer from the portal (rules §6).

        The portal calls it with ``sudo()`` after checking that the logged-in
        partner is the request's supplier (or one of its contacts); every other
        rule is enforced here. ``vals`` holds ``containment``, ``root_cause``,
        ``escape_point`` and ``corrective_action`` (all required, other keys
        refused); ``attachments`` is a list of ``{"name": str, "raw": bytes}``
        (or ``"datas"``: base64). The request must be ``sent`` or ``returned``.
        Returns the new ``complaint.capa.answer``; raises a UserError with a
        message for the supplier and writes nothing otherwise.
        """
        self.ensure_one()
        partner = self.env.user.partner_id if self.env.user.share else None
        return self._submit_answer(vals, attachments or [], partner=partner)

    def _submit_answer(self, vals, attachments, partner=None):
        """Record an answer of the supplier (from the portal, or received by mail
        and entered by the quality engineer)."""
        self.ensure_one()
        self._check_transition("answer")
        self._check_answer_vals(vals, attachments)
        files = self._answer_files(attachments)
        answer = self._create_answer(vals, files, partner)
        self.sudo()._set_state("answer")
        self._notify_answered(answer)
        return answer.with_env(self.env)

    def _check_answer_vals(self, vals, attachments):
        """Refuse an answer that is not the form's: only the answer fields, each
        filled in, and a list of attachments."""
        if not isinstance(vals, dict) or not isinstance(attachments, (list, tuple)):
            raise UserError(
                self.env._(
                    "Answer %(capa)s with its form: containment, root cause, escape "
                    "point, corrective actions and attachments.",
                    capa=self.display_name,
                )
            )
        unknown = set(vals) - set(ANSWER_FIELDS)
        if unknown:
            raise UserError(
                self.env._(
                    "An answer to %(capa)s holds only the containment, root cause, "
                    "escape point and corrective actions, not %(fields)s.",
                    capa=self.display_name,
                    fields=", ".join(sorted(unknown)),
                )
            )
        Answer = self.env["complaint.capa.answer"]
        missing = [
            Answer._fields[name]._description_string(self.env)
            for name in ANSWER_FIELDS
            if not isinstance(vals.get(name), str) or not vals[name].strip()
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Complete your answer to %(capa)s: %(fields)s.",
                    capa=self.display_name,
                    fields=", ".join(missing),
                )
            )

    def _answer_files(self, attachments):
        """The answer's files as ``{"name", "raw"}`` (raw bytes, or base64
        ``datas``); an empty or nameless file is refused."""
        files = []
        for attachment in attachments:
            if not isinstance(attachment, dict):
                attachment = {}
            name = attachment.get("name")
            raw = attachment.get("raw")
            if raw is None and attachment.get("datas"):
                try:
                    raw = base64.b64decode(attachment["datas"], validate=True)
                except (ValueError, TypeError):
                    raw = None
            if not isinstance(name, str) or not isinstance(raw, bytes) or not raw:
                raise UserError(
                    self.env._(
                        "An attachment of your answer to %(capa)s is empty or has "
                        "no name: attach the file again.",
                        capa=self.display_name,
                    )
                )
            files.append({"name": name, "raw": raw})
        return files

    def _create_answer(self, vals, files, partner):
        """The answer record with its files (written by the application: the
        caller checked the supplier's or engineer's right)."""
        answer = (
            self.env["complaint.capa.answer"]
            .sudo()
            ._protected_context()
            .create(
                {
                    "capa_id": self.id,
                    **{name: vals[name].strip() for name in ANSWER_FIELDS},
                    "partner_id": partner.id if partner else False,
                    "recorded_by_id": False if partner else self.env.uid,
                }
            )
        )
        if files:
            created = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [dict(f, res_model=answer._name, res_id=answer.id) for f in files]
                )
            )
            answer._protected_context().write(
                {"attachment_ids": [Command.set(created.ids)]}
            )
        return answer

    def _notify_answered(self, answer):
        """The quality engineer is asked to accept or return the answer."""
        self.sudo().activity_schedule(
            ACTIVITY_REVIEW, user_id=(self.user_id or self.env.ref("base.user_root")).id
        )
        self.sudo().message_post(
            body=self.env._(
                "The supplier answered (%(answer)s): accept or return the answer.",
                answer=answer.name,
            ),
            subtype_xmlid="mail.mt_note",
            partner_ids=self.user_id.partner_id.ids,
        )
