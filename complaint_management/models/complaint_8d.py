from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_language import schedule_activity
from .complaint_protected_mixin import free_only

DISCIPLINES = [
    ("d0", "D0 Preparation"),
    ("d1", "D1 Team"),
    ("d2", "D2 Problem Description"),
    ("d3", "D3 Containment"),
    ("d4", "D4 Root Cause"),
    ("d5", "D5 Corrective Actions"),
    ("d6", "D6 Implementation and Validation"),
    ("d7", "D7 Prevention"),
    ("d8", "D8 Closure"),
]
STATES = [
    ("draft", "In Progress"),
    ("to_approve", "Waiting Approval"),
    ("approved", "Approved"),
    ("cancel", "Cancelled"),
]
# D2: the problem described as 5W2H (domain.md §6, seed 004).
PROBLEM_FIELDS = [
    "problem_what",
    "problem_why",
    "problem_when",
    "problem_where",
    "problem_who",
    "problem_how",
    "problem_how_much",
]
# What the completeness of the disciplines depends on (see _discipline_missing).
PROGRESS_DEPENDS = [
    "emergency_response",
    "emergency_not_needed",
    "member_ids.role",
    *PROBLEM_FIELDS,
    "action_ids.action_type",
    "action_ids.date_done",
    "action_ids.state",
    "action_ids.cause_id",
    "cause_ids.cause_kind",
    "cause_ids.is_verified",
    "control_ids.revision",
    "closure_summary",
    "recognition",
]
# Fields an approved (locked) 8D still lets the system write (besides the
# chatter's own): when it was sent to the customer.
LOCK_FREE_FIELDS = ("sent_date",)
# Set by the approval engine only (with the state, requester and reviews).
PROTECTED_FIELDS = (
    "approval_date",
    "reopen_reason",
    "reopen_count",
    "sent_date",
)


class Complaint8D(models.Model):
    """The 8D report of one or several complaints the company is responsible for
    (domain.md §5 'our problem', §6).

    Access: quality engineers write 8D reports and request their approval; the QA
    manager approves them through the approval engine (``complaint.approval.mixin``
    over base_tier_validation: only an approved 8D is valid) and is the only one who
    may reopen an approved one, with a reason; complaint officers (sales) read the
    reports of their teams' complaints and send approved ones to the customer.
    Four-eyes (domain.md §6): the QA manager who approves is none of the report's
    authors, i.e. who requested the approval, who created the report and its team
    leader (D1); the champion, who sponsors the team, may approve. Each discipline
    D0-D8 is complete or not by the explicit rules of the ``_missing_d*`` methods;
    an 8D goes to approval only when all are complete.
    """

    _name = "complaint.8d"
    _description = "8D Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.approval.mixin"]
    _order = "id desc"
    # Sales (officers, read access) send approved reports to the customer.
    _mail_post_access = "read"

    _transitions = {
        "request": (("draft",), "to_approve"),
        "approve": (("to_approve",), "approved"),
        # Refused: back to the team with the QA manager's comment.
        "reject": (("to_approve",), "draft"),
        "withdraw": (("to_approve",), "draft"),
        "reset": (("cancel",), "draft"),
        "cancel": (("draft", "to_approve"), "cancel"),
        # By a QA manager with a reason, or by a recurrence (domain.md §6, §8).
        "reopen": (("approved",), "draft"),
    }
    _protected_fields = PROTECTED_FIELDS
    # Only the approved report is valid (domain.md §6): nothing changes until a QA
    # manager reopens it (sending it still records when), and nobody deletes it.
    _locks = {"approved": free_only(*LOCK_FREE_FIELDS)}
    _undeletable_states = ("approved",)
    _approval_author_fields = ("requested_by_id", "create_uid", "leader_id")
    _approved_date_field = "approval_date"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        index="trigram",
        copy=False,
        help="<complaint number>-<product code> (domain.md §6).",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "complaint_8d_helpdesk_ticket_rel",
        "eight_d_id",
        "ticket_id",
        string="Complaints",
        required=True,
        domain=[("is_complaint", "=", True)],
        tracking=True,
        help="The complaints this 8D answers: a repeat complaint can share the 8D "
        "of the first one.",
    )
    main_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Main Complaint",
        compute="_compute_main_ticket_id",
        store=True,
        index=True,
        help="The earliest of the complaints: it names the report.",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    company_id = fields.Many2one(
        related="main_ticket_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="main_ticket_id.partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    product_id = fields.Many2one(
        related="main_ticket_id.product_id", store=True, index=True
    )
    defect_type_id = fields.Many2one(
        related="main_ticket_id.defect_type_id", store=True, index=True
    )
    complaint_date = fields.Datetime(
        related="main_ticket_id.complaint_date", string="Complained On", store=True
    )
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    # D0 Preparation and emergency response
    required_reason = fields.Char(
        related="main_ticket_id.eight_d_required_reason", string="8D Required By"
    )
    emergency_response = fields.Text(
        help="What was done at once, before the team was formed: e.g. informed the "
        "customer, stopped shipments, sent an engineer.",
    )
    emergency_not_needed = fields.Boolean(
        string="No Emergency Response Needed",
        help="Nothing had to be done before the team was formed.",
    )
    # D1 Team
    member_ids = fields.One2many(
        "complaint.8d.member", "eight_d_id", string="Team", copy=True
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        compute="_compute_leader_champion",
        store=True,
        index=True,
    )
    champion_id = fields.Many2one(
        "res.users", compute="_compute_leader_champion", store=True
    )
    # D2 Problem description (5W2H) and timeline
    problem_what = fields.Text(
        string="What",
        compute="_compute_problem_what",
        store=True,
        readonly=False,
        help="What is the problem: product, defect, symptom.",
    )
    problem_why = fields.Text(
        string="Why",
        compute="_compute_problem_why",
        store=True,
        readonly=False,
        help="Why it is a problem: the requirement not met, the customer's impact.",
    )
    problem_when = fields.Text(
        string="When",
        compute="_compute_problem_when",
        store=True,
        readonly=False,
        help="When it was made, shipped, found and complained about.",
    )
    problem_where = fields.Text(
        string="Where",
        compute="_compute_problem_where",
        store=True,
        readonly=False,
        help="Where it was found: the customer's incoming inspection, assembly line, "
        "field...",
    )
    problem_who = fields.Text(
        string="Who",
        compute="_compute_problem_who",
        store=True,
        readonly=False,
        help="Who found it and who is affected.",
    )
    problem_how = fields.Text(
        string="How",
        compute="_compute_problem_how",
        store=True,
        readonly=False,
        help="How the problem shows and how it was detected.",
    )
    problem_how_much = fields.Text(
        string="How Much",
        compute="_compute_problem_how_much",
        store=True,
        readonly=False,
        help="How many: lot size, defective quantity, defect rate, quantity shipped.",
    )
    pause_note = fields.Text(
        string="Agreed Pauses",
        help="Time spent on tests or on making samples does not count against the "
        "deadlines, once agreed with sales and told to the customer (domain.md §4): "
        "write each pause, its reason and who agreed to it.",
    )
    timeline_html = fields.Html(
        string="Timeline", compute="_compute_timeline_html", sanitize=False
    )
    # Actions: D3 containment, D5/D6 corrective, D7 preventive
    action_ids = fields.One2many(
        "complaint.8d.action", "eight_d_id", string="Actions", copy=True
    )
    containment_action_ids = fields.One2many(
        "complaint.8d.action",
        "eight_d_id",
        string="Containment Actions",
        domain=[("action_type", "=", "containment")],
    )
    corrective_action_ids = fields.One2many(
        "complaint.8d.action",
        "eight_d_id",
        string="Corrective Actions",
        domain=[("action_type", "=", "corrective")],
    )
    preventive_action_ids = fields.One2many(
        "complaint.8d.action",
        "eight_d_id",
        string="Preventive Actions",
        domain=[("action_type", "=", "preventive")],
    )
    qty_checked = fields.Float(
        string="Quantity Checked",
        compute="_compute_containment_quantities",
        digits="Product Unit",
    )
    qty_bad = fields.Float(
        string="Quantity Found Bad",
        compute="_compute_containment_quantities",
        digits="Product Unit",
    )
    # D4 Root causes
    cause_ids = fields.One2many(
        "complaint.8d.cause", "eight_d_id", string="Root Causes", copy=True
    )
    fix_date = fields.Date(
        string="Fixed On",
        compute="_compute_fix_date",
        store=True,
        help="The latest implementation date of the corrective actions: "
        "effectiveness checks look for recurrences after it.",
    )
    supplier_ids = fields.Many2many(
        "res.partner",
        "complaint_8d_supplier_rel",
        "eight_d_id",
        "partner_id",
        string="Suppliers",
        compute="_compute_supplier_ids",
        store=True,
        help="Suppliers with corrective actions in this 8D (domain.md §6 D5/D6): "
        "the costs they caused can be charged back to them.",
    )
    # D7 Prevention
    control_ids = fields.One2many(
        "complaint.8d.control", "eight_d_id", string="Updated Controls", copy=True
    )
    # D8 Closure
    closure_summary = fields.Text(
        help="What was achieved: containment, root cause, permanent fix, and how QA "
        "monitors the effect (domain.md §6 D8).",
    )
    recognition = fields.Text(
        string="Team Recognition", help="How the team's work was recognised."
    )
    customer_feedback = fields.Text(
        string="Feedback to the Customer",
        help="The answer sent to the customer with the approved 8D report.",
    )
    # Progress: each discipline complete or not, by the rules of _missing_d*()
    d0_complete = fields.Boolean(string="D0", compute="_compute_progress", store=True)
    d1_complete = fields.Boolean(string="D1", compute="_compute_progress", store=True)
    d2_complete = fields.Boolean(string="D2", compute="_compute_progress", store=True)
    d3_complete = fields.Boolean(string="D3", compute="_compute_progress", store=True)
    d4_complete = fields.Boolean(string="D4", compute="_compute_progress", store=True)
    d5_complete = fields.Boolean(string="D5", compute="_compute_progress", store=True)
    d6_complete = fields.Boolean(string="D6", compute="_compute_progress", store=True)
    d7_complete = fields.Boolean(string="D7", compute="_compute_progress", store=True)
    d8_complete = fields.Boolean(string="D8", compute="_compute_progress", store=True)
    progress = fields.Integer(
        string="Progress (%)",
        compute="_compute_progress",
        store=True,
        aggregator="avg",
    )
    blocking_discipline = fields.Selection(
        DISCIPLINES,
        string="Blocked At",
        compute="_compute_progress",
        store=True,
        help="The first discipline that is not complete: it blocks the approval.",
    )
    missing_summary = fields.Text(
        string="Still Missing", compute="_compute_missing_summary"
    )
    # Approval
    approval_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    reopen_reason = fields.Text(
        string="Reopened Because", readonly=True, copy=False, tracking=True
    )
    reopen_count = fields.Integer(string="Times Reopened", readonly=True, copy=False)
    sent_date = fields.Datetime(
        string="Sent to Customer On", readonly=True, copy=False, tracking=True
    )
    # Effectiveness over time
    check_ids = fields.One2many(
        "complaint.8d.check", "eight_d_id", string="Effectiveness Checks"
    )
    effectiveness_state = fields.Selection(
        [
            ("planned", "Being Checked"),
            ("effective", "Effective"),
            ("recurred", "Recurred"),
        ],
        string="Effectiveness",
        compute="_compute_effectiveness_state",
        store=True,
        tracking=True,
    )
    # Reporting: days from the complaint (domain.md §4 deadlines)
    days_to_containment = fields.Integer(
        compute="_compute_days", store=True, aggregator="avg"
    )
    days_to_root_cause = fields.Integer(
        compute="_compute_days", store=True, aggregator="avg"
    )
    days_to_approval = fields.Integer(
        compute="_compute_days", store=True, aggregator="avg"
    )

    # Computes
    @api.depends("main_ticket_id.complaint_number", "main_ticket_id.product_id")
    def _compute_name(self):
        """<complaint number>-<product code> (domain.md §6, 000 第四篇 5.5), from the
        main complaint. An approved report keeps the name it was approved under."""
        for report in self:
            if report.state == "approved" and report.name:
                report.name = report.name
                continue
            ticket = report.main_ticket_id
            parts = [ticket.complaint_number or ticket.number or self.env._("New")]
            if ticket.product_id.default_code:
                parts.append(ticket.product_id.default_code)
            report.name = "-".join(parts)

    @api.depends("ticket_ids.complaint_date")
    def _compute_main_ticket_id(self):
        for report in self:
            report.main_ticket_id = report.ticket_ids.sorted(
                lambda t: (t.complaint_date or datetime.max, t.id)
            )[:1]

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for report in self:
            report.ticket_count = len(report.ticket_ids)

    @api.depends("member_ids.role", "member_ids.user_id")
    def _compute_leader_champion(self):
        for report in self:
            members = report.member_ids
            report.leader_id = members.filtered(lambda m: m.role == "leader").user_id[
                :1
            ]
            report.champion_id = members.filtered(
                lambda m: m.role == "champion"
            ).user_id[:1]

    @api.depends("action_ids.qty_checked", "action_ids.qty_bad")
    def _compute_containment_quantities(self):
        for report in self:
            actions = report.action_ids.filtered(
                lambda a: a.action_type == "containment"
            )
            report.qty_checked = sum(actions.mapped("qty_checked"))
            report.qty_bad = sum(actions.mapped("qty_bad"))

    @api.depends("action_ids.action_type", "action_ids.date_done")
    def _compute_fix_date(self):
        for report in self:
            dates = report.action_ids.filtered(
                lambda a: a.action_type == "corrective" and a.date_done
            ).mapped("date_done")
            report.fix_date = max(dates) if dates else False

    @api.depends("action_ids.supplier_id")
    def _compute_supplier_ids(self):
        for report in self:
            report.supplier_ids = report.action_ids.supplier_id

    @api.depends(
        "complaint_date", "containment_date", "root_cause_date", "approval_date"
    )
    def _compute_days(self):
        """Days from the complaint to containment, root cause and approval, the
        measures of how fast the deadlines of domain.md §4 are kept."""
        for report in self:
            start = fields.Date.to_date(report.complaint_date)
            for field, end in (
                ("days_to_containment", report.containment_date),
                ("days_to_root_cause", report.root_cause_date),
                ("days_to_approval", fields.Date.to_date(report.approval_date)),
            ):
                report[field] = (end - start).days if start and end else 0

    # Constraints
    @api.constrains("ticket_ids", "state")
    def _check_tickets(self):
        """An 8D answers complaints of one company, and a complaint has at most one
        8D in use (a cancelled one does not count)."""
        for report in self:
            if not report.ticket_ids:
                raise ValidationError(
                    self.env._("An 8D report answers at least one complaint.")
                )
            not_complaints = report.ticket_ids.filtered(lambda t: not t.is_complaint)
            if not_complaints:
                raise ValidationError(
                    self.env._(
                        "Only complaints have 8D reports: %(tickets)s are not "
                        "complaints.",
                        tickets=", ".join(not_complaints.mapped("display_name")),
                    )
                )
            if len(report.ticket_ids.company_id) > 1:
                raise ValidationError(
                    self.env._(
                        "8D %(report)s mixes complaints of several companies: keep "
                        "the complaints of one company.",
                        report=report.display_name,
                    )
                )
            if report.state == "cancel":
                continue
            others = self.search(
                [
                    ("id", "!=", report.id),
                    ("state", "!=", "cancel"),
                    ("ticket_ids", "in", report.ticket_ids.ids),
                ],
                limit=1,
            )
            if others:
                shared = others.ticket_ids & report.ticket_ids
                raise ValidationError(
                    self.env._(
                        "%(complaints)s already has the 8D %(other)s: add the "
                        "complaint to that report or cancel it first.",
                        complaints=", ".join(shared.mapped("display_name")),
                        other=others.display_name,
                    )
                )

    # CRUD
    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        """Approved reports are the company's record and reports under approval are
        with the QA manager: neither can be deleted."""
        for report in self:
            if report.state in ("to_approve", "approved"):
                raise UserError(
                    self.env._(
                        "8D %(report)s is %(state)s and cannot be deleted: cancel it "
                        "instead once it is back in progress.",
                        report=report.display_name,
                        state=report._state_label(),
                    )
                )

    # Actions
    def action_reopen(self):
        """Open the wizard in which a QA manager says why an approved 8D reopens."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen 8D Report"),
            "res_model": "complaint.8d.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_eight_d_ids": self.ids},
        }

    def action_send_to_customer(self):
        """Mail the approved report to the customer with the feedback (domain.md §6:
        the approved report and the feedback form go to the customer)."""
        self.ensure_one()
        if self.state != "approved":
            raise UserError(
                self.env._(
                    "8D %(report)s is not approved yet: only an approved 8D report "
                    "is valid and can be sent to the customer.",
                    report=self.display_name,
                )
            )
        template = self.env.ref(
            "complaint_management.mail_template_complaint_8d_customer",
            raise_if_not_found=False,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send 8D Report"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.helpdesk_ticket_action_complaint"
        )
        action.update(
            {
                "domain": [("id", "in", self.ticket_ids.ids)],
                "context": {"create": False},
            }
        )
        if len(self.ticket_ids) == 1:
            action.update({"res_id": self.ticket_ids.id, "views": [(False, "form")]})
        return action

    # Approval engine (complaint.approval.mixin)
    def _check_ready_for_approval(self):
        """Only a complete 8D goes to, and is approved by, the QA manager."""
        self._check_complete()

    def _refusal(self, action, rights=True):
        """Only a QA manager reopens an approved 8D (a recurrence does, as the
        system)."""
        refusal = super()._refusal(action, rights=rights)
        if (
            refusal
            or action != "reopen"
            or not rights
            or self.env.su
            or self.env.user.has_group(self._approval_manager_group)
        ):
            return refusal
        return self.env._(
            "8D %(report)s is approved: only a QA manager can reopen it.",
            report=self.display_name,
        )

    # Record protection (complaint.protected.mixin)
    def _lock_message(self, names):
        return self.env._(
            "8D %(report)s is approved and locked: ask a QA manager to reopen "
            "it before changing %(fields)s.",
            report=self.display_name,
            fields=self._field_labels(names),
        )

    def _on_approved(self):
        """Approve complete 8Ds: record who and when, archive the approved PDF with
        the complaints and plan the effectiveness checks (domain.md §6, §8)."""
        self._check_complete()
        res = super()._on_approved()
        self._archive_report()
        self._schedule_effectiveness_checks()
        return res

    def _on_rejected(self):
        """A refused 8D goes back to the team with the QA manager's comment."""
        comment = "; ".join(filter(None, self.review_ids.mapped("comment")))
        self._set_state("reject")
        for report in self:
            report.message_post(
                body=self.env._(
                    "Approval refused by %(user)s%(comment)s. The 8D is back with the "
                    "team.",
                    user=self.env.user.name,
                    comment=f": {comment}" if comment else "",
                ),
                partner_ids=report.member_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    # Business methods
    def _reopen(self, reason):
        """Reopen approved 8Ds, saying why: a QA manager's decision or a recurrence.
        The planned effectiveness checks stop; the team is told."""
        self._check_transition("reopen")
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Say why 8D %(report)s is reopened.",
                    report=", ".join(self.mapped("display_name")),
                )
            )
        for report in self:
            report._set_state(
                "reopen",
                reopen_reason=reason,
                reopen_count=report.reopen_count + 1,
                approval_date=False,
                approved_by_id=False,
            )
        planned = self.check_ids.filtered(lambda c: c.state == "planned")
        planned.activity_id.sudo().unlink()
        planned._protected_context().write({"state": "cancel"})
        for report in self:
            report.message_post(
                body=self.env._("8D reopened: %(reason)s", reason=reason),
                partner_ids=report.member_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            schedule_activity(
                report,
                "complaint_management.mail_act_complaint_8d_reopened",
                report.leader_id or report.create_uid,
                note=reason,
            )

    def _check_editable(self):
        """The disciplines change only while the 8D is in progress."""
        for report in self:
            if report.state == "draft":
                continue
            if report.state == "to_approve":
                todo = self.env._("withdraw it from approval first")
            elif report.state == "approved":
                todo = self.env._("ask a QA manager to reopen it first")
            else:
                todo = self.env._("set it back to in progress first")
            raise UserError(
                self.env._(
                    "8D %(report)s is %(state)s: %(todo)s.",
                    report=report.display_name,
                    state=report._state_label(),
                    todo=todo,
                )
            )

    # Approval: archive
    def _archive_report(self):
        """Archive the approved report as an attachment of each complaint it answers
        (domain.md §6: QA archives the originals; seed 003 complaint archive)."""
        for report in self:
            content, report_type = self.env["ir.actions.report"]._render_qweb_pdf(
                "complaint_management.action_report_complaint_8d", report.ids
            )
            filename = f"{report.name}.{report_type}"
            for ticket in report.ticket_ids.sudo():
                ticket.message_post(
                    body=self.env._(
                        "8D %(report)s approved by %(user)s: the approved report is "
                        "attached.",
                        report=report.display_name,
                        user=self.env.user.name,
                    ),
                    attachments=[(filename, content)],
                    subtype_xmlid="mail.mt_note",
                )

    # Mail
    def _message_post_after_hook(self, message, msg_vals):
        """An approved report mailed to its customer is sent (domain.md §6: the
        approved report goes to the customer): the message says so, not a flag a
        client could set."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            message.message_type == "comment"
            and self.state == "approved"
            and self.partner_id
            and self.partner_id.commercial_partner_id
            & message.partner_ids.commercial_partner_id
        ):
            self._mark_sent()
        return res

    def _mark_sent(self):
        """Note when the report went to the customer, here and on the complaints."""
        # As superuser: sales (officers, read access) send the approved report.
        self.sudo()._approval_write({"sent_date": fields.Datetime.now()})
        for report in self:
            for ticket in report.ticket_ids.sudo():
                ticket.message_post(
                    body=self.env._(
                        "8D %(report)s sent to the customer.",
                        report=report.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name
