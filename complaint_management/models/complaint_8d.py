from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date, formatLang, html2plaintext

from .complaint_approval_mixin import ACTIONS
from .complaint_language import by_company_lang, schedule_activity
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
    ("proposed", "Proposed"),
    ("draft", "In Progress"),
    ("to_approve", "Waiting Approval"),
    ("approved", "Approved"),
    ("cancel", "Cancelled"),
]
# D2: the problem described as 5W2H (rules §6, seed 004).
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
# Only the approved report is valid (rules §6): nothing changes until a QA
# manager reopens it.
LOCK_STATES = ("approved",)
# Fields an approved (locked) 8D still lets the system write (besides the
# chatter's own): when it was sent to the customer.
LOCK_FREE_FIELDS = ("sent_date",)
# What the report states about its complaints (rules §10.5): the main
# complaint's customer, product, defect and quantities, the lots of all of them.
# The complaints' while the report is worked on, kept as approved once it is.
FACT_FIELDS = {
    "company_id": "company_id",
    "partner_id": "partner_id",
    "product_id": "product_id",
    "defect_type_id": "defect_type_id",
    "complaint_date": "complaint_date",
    "shipped_qty": "shipped_qty",
    "lot_qty": "lot_qty",
    "defect_qty": "defect_qty",
}
# Set by the application only: the approval engine's (with the state, requester
# and reviews), and the facts, which come from the complaints.
PROTECTED_FIELDS = (
    "approval_date",
    "reopen_reason",
    "reopen_count",
    "sent_date",
    *FACT_FIELDS,
    "lot_number",
    # The earliest of its complaints, computed from them: never written.
    "main_ticket_id",
)


class Complaint8D(models.Model):
    """The 8D report of one or several complaints the company is responsible for
    (rules §5.2, §6).

    Access: quality engineers write 8D reports and request their approval; the QA
    manager approves them through the approval engine (``complaint.approval.mixin``
    over base_tier_validation: only an approved 8D is valid) and is the only one who
    may reopen an approved one, with a reason; complaint officers (sales) read the
    reports of their teams' complaints and send approved ones to the customer.
    Four-eyes (rules §6): the QA manager who approves is none of the report's
    authors, i.e. who requested the approval, who created the report and its team
    leader (D1); the champion, who sponsors the team, may approve. Each discipline
    D0-D8 is complete or not by the explicit rules of the ``_missing_d*`` methods;
    an 8D goes to approval only when all are complete.

    An approved 8D stays as it was (rules §10, ``complaint.protected.mixin``;
    rules §6: only the approved report is valid): nobody deletes it, and it
    changes only once a QA manager reopened it with a reason (or a recurrence
    reopened it); sending it to the customer still records when (``_locks``,
    ``LOCK_FREE_FIELDS``).

    What an 8D tells the complaint's deadlines (rules §4, §6): the complaint
    holds the event dates; the 8D records them there with its own dates and shows
    them back (one fact, one place):

    - D3 complete (every containment action implemented) records the complaint's
      *containment* event with D3's date (the latest implementation date), not the
      time of the click;
    - D4 verified (an occurrence cause and an escape point verified) records the
      *root cause* event with the D4 date, which meets the analysis deadline;
    - an effective effectiveness check records the *effectiveness verified* event
      with the check's date (``complaint.8d.check``).

    What the report states about its complaints (``FACT_FIELDS``: the main
    complaint's company, customer, product, defect type, date and quantities,
    and the lots of all of them) is its own (rules §10.5): it follows the
    complaints while the report is worked on, is kept as approved whatever the
    complaints say later, and is taken from them again once reopened
    (``_compute_facts``); nobody writes it by hand (``_protected_fields``).

    ``containment_date`` and ``root_cause_date`` on the 8D are the main
    complaint's dates, computed, never written. No create or write override: the
    8D lines call ``_sync_deadline_events`` when they change.

    Effectiveness over time (rules §6.8, §8): checks are planned after
    approval, and a recurrence after the fix reopens the report.
    """

    _name = "complaint.8d"
    _description = "8D Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.approval.mixin",
        "complaint.chatter.mixin",
    ]
    _order = "id desc"
    # Sales (officers, read access) send approved reports to the customer.
    _mail_post_access = "read"

    _transitions = {
        # The QA manager forms the team and starts the 8D a quality engineer
        # proposed (rules §17.5).
        "start": (("proposed",), "draft"),
        "request": (("draft",), "to_approve"),
        "approve": (("to_approve",), "approved"),
        # Refused: back to the team with the QA manager's comment.
        "reject": (("to_approve",), "draft"),
        "withdraw": (("to_approve",), "draft"),
        "reset": (("cancel",), "proposed"),
        "cancel": (("proposed", "draft", "to_approve"), "cancel"),
        # By a QA manager with a reason, or by a recurrence (rules §6, §8).
        "reopen": (("approved",), "draft"),
    }
    _workflow_can = {f"can_{action}": action for action in (*ACTIONS, "start")}
    # The leader answers for the report: an author with its writers (four eyes).
    _approval_author_fields = ("leader_id",)
    _approved_date_field = "approval_date"
    # Record protection, in one place: what only the application writes, and the
    # approved report that nobody changes (but when it was sent) or deletes.
    _protected_fields = PROTECTED_FIELDS
    _locks = dict.fromkeys(LOCK_STATES, free_only(*LOCK_FREE_FIELDS))
    _undeletable_states = LOCK_STATES

    name = fields.Char(
        compute="_compute_name",
        store=True,
        index="trigram",
        copy=False,
        help="<complaint number>-<product code> (rules §6).",
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
    # The facts the report states (FACT_FIELDS): the complaints' while the report
    # is worked on, kept as they were approved (_compute_facts, rules §10.5).
    company_id = fields.Many2one(
        "res.company", compute="_compute_facts", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_facts",
        store=True,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_facts",
        store=True,
        index=True,
    )
    defect_type_id = fields.Many2one(
        "complaint.defect.type",
        compute="_compute_facts",
        store=True,
        index=True,
    )
    complaint_date = fields.Datetime(
        string="Complained On",
        compute="_compute_facts",
        store=True,
        help="When the customer complained: the start of every deadline and of the "
        "repeat window.",
    )
    lot_number = fields.Char(string="Lot / Batch", compute="_compute_facts", store=True)
    shipped_qty = fields.Float(
        string="Shipped Quantity",
        compute="_compute_facts",
        store=True,
        digits="Product Unit",
    )
    lot_qty = fields.Float(
        string="Lot Size", compute="_compute_facts", store=True, digits="Product Unit"
    )
    defect_qty = fields.Float(
        string="Defective Quantity",
        compute="_compute_facts",
        store=True,
        digits="Product Unit",
    )
    state = fields.Selection(
        STATES,
        default=lambda self: self._default_state(),
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    can_start = fields.Boolean(compute="_compute_can_actions")
    can_name_team = fields.Boolean(
        compute="_compute_can_name_team",
        help="Whether the current user names the team of this 8D (rules §17.5).",
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
        "deadlines, once agreed with sales and told to the customer (rules §4): "
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
        help="Suppliers with corrective actions in this 8D (rules §6.5): "
        "the costs they caused can be charged back to them.",
    )
    # D7 Prevention
    control_ids = fields.One2many(
        "complaint.8d.control", "eight_d_id", string="Updated Controls", copy=True
    )
    # D8 Closure
    closure_summary = fields.Text(
        help="What was achieved: containment, root cause, permanent fix, and how QA "
        "monitors the effect (rules §6.8).",
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
    # Deadline events: the main complaint's dates (rules §4)
    containment_date = fields.Date(
        string="Contained On",
        compute="_compute_event_dates",
        store=True,
        help="When the containment was in place: the main complaint's date, "
        "recorded from D3's completion date (the latest implementation date of "
        "the containment actions).",
    )
    root_cause_date = fields.Date(
        string="Root Cause Verified On",
        compute="_compute_event_dates",
        store=True,
        help="When the root cause was verified: the main complaint's date, recorded "
        "from D4 (the later of the first verification dates of an occurrence "
        "cause and an escape point).",
    )
    # Reporting: days from the complaint (rules §4 deadlines)
    days_to_containment = fields.Integer(
        compute="_compute_days", store=True, aggregator="avg"
    )
    days_to_root_cause = fields.Integer(
        compute="_compute_days", store=True, aggregator="avg"
    )
    days_to_approval = fields.Integer(
        compute="_compute_days", store=True, aggregator="avg"
    )

    # Defaults
    @api.model
    def _default_state(self):
        """An 8D the user may start is started at once; anyone else proposes it
        to the QA manager (rules §17.5)."""
        return "draft" if self._may_name_team() else "proposed"

    # Computes
    @api.depends("company_id")
    @api.depends_context("uid")
    def _compute_can_name_team(self):
        for report in self:
            report.can_name_team = report._may_name_team(report.company_id)

    @api.depends("state", "main_ticket_id.complaint_number", "product_id")
    def _compute_name(self):
        """<complaint number>-<product code> (rules §6, 000 第四篇 5.5), from the
        main complaint and the report's product. An approved report keeps the
        name it was approved under."""
        for report in self:
            if report.state == "approved" and report.name:
                report.name = report.name
                continue
            ticket = report.main_ticket_id
            parts = [ticket.complaint_number or ticket.number or self.env._("New")]
            if report.product_id.default_code:
                parts.append(report.product_id.default_code)
            report.name = "-".join(parts)

    @api.depends(
        "state",
        "ticket_ids.lot_number",
        "ticket_ids.complaint_date",
        *(f"main_ticket_id.{name}" for name in FACT_FIELDS.values()),
    )
    def _compute_facts(self):
        """What the report states about its complaints (rules §6.9, §10.5): the
        main complaint's company, customer, product, defect type, date and
        quantities, and the lots of all its complaints. They follow the
        complaints while the report is worked on; an approved report keeps the
        facts it was approved on, whatever the complaints say later, and takes
        them from the complaints again once it is reopened."""
        for report in self:
            if report.state == "approved":
                for name in (*FACT_FIELDS, "lot_number"):
                    report[name] = report[name]
                continue
            ticket = report.main_ticket_id
            for name, source in FACT_FIELDS.items():
                report[name] = ticket[source]
            report.lot_number = report._fact_lot_numbers()

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

    # D2 starts from what the complaint already says (rules §2); the team
    # completes it, and what someone wrote is never overwritten. One compute per
    # question: a value given for one must not stop the others being filled.
    @api.depends("main_ticket_id")
    def _compute_problem_what(self):
        self._fill_problem("problem_what")

    @api.depends("main_ticket_id")
    def _compute_problem_why(self):
        self._fill_problem("problem_why")

    @api.depends("main_ticket_id")
    def _compute_problem_when(self):
        self._fill_problem("problem_when")

    @api.depends("main_ticket_id")
    def _compute_problem_where(self):
        self._fill_problem("problem_where")

    @api.depends("main_ticket_id")
    def _compute_problem_who(self):
        self._fill_problem("problem_who")

    @api.depends("main_ticket_id")
    def _compute_problem_how(self):
        self._fill_problem("problem_how")

    @api.depends("main_ticket_id")
    def _compute_problem_how_much(self):
        self._fill_problem("problem_how_much")

    @api.depends_context("lang")
    @api.depends(
        "ticket_ids.complaint_date",
        "ticket_ids.shipped_date",
        "ticket_ids.handed_over_date",
        "containment_date",
        "root_cause_date",
        "fix_date",
        "approval_date",
    )
    def _compute_timeline_html(self):
        for report in self:
            items = Markup("").join(
                Markup("<li><strong>%s</strong> %s</li>")
                % (format_date(self.env, event["date"]), event["label"])
                for event in report._timeline_events()
            )
            report.timeline_html = Markup("<ul class='mb-0'>%s</ul>") % items

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

    @api.depends(*PROGRESS_DEPENDS)
    def _compute_progress(self):
        for report in self:
            missing = report._discipline_missing()
            for code, _label in DISCIPLINES:
                report[f"{code}_complete"] = not missing[code]
            complete = [code for code, items in missing.items() if not items]
            report.progress = round(100 * len(complete) / len(DISCIPLINES))
            report.blocking_discipline = next(
                (code for code, items in missing.items() if items), False
            )

    @api.depends_context("lang")
    @api.depends(*PROGRESS_DEPENDS)
    def _compute_missing_summary(self):
        for report in self:
            report.missing_summary = report._missing_text()

    @api.depends("check_ids.state", "check_ids.date_done")
    def _compute_effectiveness_state(self):
        for report in self:
            checks = report.check_ids.filtered(lambda c: c.state != "cancel")
            done = checks.filtered("date_done").sorted(lambda c: (c.date_done, c.id))
            if done and done[-1].state == "recurrence":
                report.effectiveness_state = "recurred"
            elif checks.filtered(lambda c: c.state == "planned"):
                report.effectiveness_state = "planned"
            elif done:
                report.effectiveness_state = "effective"
            else:
                report.effectiveness_state = False

    @api.depends("main_ticket_id.containment_date", "main_ticket_id.root_cause_date")
    def _compute_event_dates(self):
        for report in self:
            ticket = report.main_ticket_id
            report.containment_date = (
                ticket.containment_date.date() if ticket.containment_date else False
            )
            report.root_cause_date = (
                ticket.root_cause_date.date() if ticket.root_cause_date else False
            )

    @api.depends(
        "complaint_date", "containment_date", "root_cause_date", "approval_date"
    )
    def _compute_days(self):
        """Days from the complaint to containment, root cause and approval, the
        measures of how fast the deadlines of rules §4 are kept."""
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
        """Mail the approved report to the customer with the feedback (rules §6:
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

    @api.readonly
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
        system). Only who forms 8D teams (by default the QA manager, rules
        §17.5) starts a proposed 8D, and only once its team fills the roles D1
        requires."""
        refusal = super()._refusal(action, rights=rights)
        if not refusal and action == "start" and rights and not self.env.su:
            if not self._may_name_team(self.company_id):
                return self.env._(
                    "8D %(report)s is proposed: the QA manager forms its team and "
                    "starts it (%(group)s).",
                    report=self.display_name,
                    group=self._team_group(self.company_id).name,
                )
            lacking = self._missing_d1()
            if lacking:
                return self.env._(
                    "8D %(report)s cannot start before its team is named: %(missing)s.",
                    report=self.display_name,
                    missing="; ".join(lacking),
                )
            return False
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

    # Team (rules §17.5): who names it and starts the 8D
    def action_start(self):
        """Confirm the proposed team and start the 8D (the QA manager's)."""
        self._check_transition("start")
        self._set_state("start")
        for report in self:
            report.message_post(
                body=self.env._(
                    "Team confirmed and 8D started by %(user)s.",
                    user=self.env.user.name,
                ),
                partner_ids=report.member_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    @api.model
    def _team_group(self, company=None):
        """The group that forms 8D teams in ``company`` (a company setting, by
        default the QA managers)."""
        return (company or self.env.company).sudo().complaint_8d_team_group_id

    @api.model
    def _may_name_team(self, company=None):
        """Whether the current user starts 8Ds and names their team in
        ``company`` (rules §17.5): a member of the company's team-forming group,
        or anyone when the company sets none."""
        if self.env.su:
            return True
        group = self._team_group(company)
        return not group or group in self.env.user.all_group_ids

    def _check_team_named(self):
        """Once started, the team of an 8D is changed only by who forms teams
        (rules §17.5); while proposed, whoever works on it proposes the team.
        The approved report's lock refuses the rest."""
        for report in self:
            if report.state in ("draft", "to_approve") and not report._may_name_team(
                report.company_id
            ):
                raise UserError(
                    self.env._(
                        "The team of 8D %(report)s was formed by the QA manager: "
                        "ask them (%(group)s) to change it.",
                        report=report.display_name,
                        group=report._team_group(report.company_id).name,
                    )
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
        the complaints and plan the effectiveness checks (rules §6, §8)."""
        self._check_complete()
        res = super()._on_approved()
        self._archive_report()
        self._schedule_effectiveness_checks()
        # the customers hear of it (rules §16.1)
        self.ticket_ids._progress_notify("eight_d_approved")
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

    # Disciplines D0-D8 (rules §5, §6): what each discipline still lacks, the
    # progress they make, and the refusal to go to approval while one is
    # incomplete.
    def _check_complete(self):
        """Refuse to go on while a discipline is incomplete, naming each one and
        what it lacks."""
        for report in self:
            text = report._missing_text()
            if text:
                raise UserError(
                    self.env._(
                        "8D %(report)s cannot go to approval while a discipline is "
                        "incomplete:\n%(missing)s",
                        report=report.display_name,
                        missing=text,
                    )
                )

    def _discipline_missing(self):
        """What each discipline still lacks: {code: [what to do, ...]}; a
        discipline is complete when its list is empty."""
        self.ensure_one()
        return {
            "d0": self._missing_d0(),
            "d1": self._missing_d1(),
            "d2": self._missing_d2(),
            "d3": self._missing_d3(),
            "d4": self._missing_d4(),
            "d5": self._missing_d5(),
            "d6": self._missing_d6(),
            "d7": self._missing_d7(),
            "d8": self._missing_d8(),
        }

    def _missing_text(self):
        """The incomplete disciplines, one line each: 'D4 Root Cause: ...'."""
        self.ensure_one()
        labels = dict(
            self._fields["blocking_discipline"]._description_selection(self.env)
        )
        return "\n".join(
            f"{labels[code]}: {'; '.join(items)}"
            for code, items in self._discipline_missing().items()
            if items
        )

    def _missing_d0(self):
        """D0 is complete when the emergency response is described, or marked as
        not needed."""
        if self.emergency_not_needed or (self.emergency_response or "").strip():
            return []
        return [
            self.env._(
                "describe the emergency response, or tick 'No Emergency Response "
                "Needed'"
            )
        ]

    def _missing_d1(self):
        """D1 is complete when the team has a member in each role that
        ``complaint.8d.role`` requires: by default a leader and a champion, the
        sales representative and a quality engineer (rules §5: the QA manager
        forms a team of sales, QA, and the engineers and managers concerned)."""
        roles = set(self.member_ids.mapped("role"))
        labels = dict(
            self.env["complaint.8d.member"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        lacking = [
            labels[role]
            for role in self.env["complaint.8d.role"]._required_codes()
            if role not in roles
        ]
        if not lacking:
            return []
        return [self.env._("add to the team: %(roles)s", roles=", ".join(lacking))]

    def _missing_d2(self):
        """D2 is complete when all seven 5W2H questions are answered (rules §6,
        seed 004)."""
        unanswered = [
            self._fields[name]._description_string(self.env)
            for name in PROBLEM_FIELDS
            if not (self[name] or "").strip()
        ]
        if not unanswered:
            return []
        return [self.env._("answer %(questions)s", questions=", ".join(unanswered))]

    def _missing_d3(self):
        """D3 is complete when there is at least one containment action and every
        containment action is implemented (rules §6.3)."""
        actions = self.action_ids.filtered(lambda a: a.action_type == "containment")
        if not actions:
            return [self.env._("add at least one containment action")]
        open_actions = actions.filtered(lambda a: not a.date_done)
        if open_actions:
            return [
                self.env._(
                    "record when these containment actions were implemented: "
                    "%(actions)s",
                    actions=", ".join(open_actions.mapped("name")),
                )
            ]
        return []

    def _missing_d4(self):
        """D4 is complete when at least one occurrence cause (why it happened) and
        at least one escape point (why our controls did not detect it) are verified
        (rules §6.4)."""
        missing = []
        verified = self.cause_ids.filtered("is_verified")
        if not verified.filtered(lambda c: c.cause_kind == "occurrence"):
            missing.append(
                self.env._("verify at least one occurrence cause (why it happened)")
            )
        if not verified.filtered(lambda c: c.cause_kind == "escape"):
            missing.append(
                self.env._(
                    "verify at least one escape point (why our controls did not "
                    "detect it)"
                )
            )
        return missing

    def _missing_d5(self):
        """D5 is complete when there is at least one corrective action and every
        verified root cause is addressed by one (rules §6.5)."""
        actions = self.action_ids.filtered(lambda a: a.action_type == "corrective")
        if not actions:
            return [self.env._("plan at least one corrective action")]
        unaddressed = self.cause_ids.filtered("is_verified") - actions.cause_id
        if unaddressed:
            return [
                self.env._(
                    "plan a corrective action for each verified root cause: %(causes)s",
                    causes=", ".join(unaddressed.mapped("display_name")),
                )
            ]
        return []

    def _missing_d6(self):
        """D6 is complete when every corrective action is implemented and verified
        on the three criteria of rules §6: it improves the problem, creates no
        new one and ensures the error does not recur."""
        actions = self.action_ids.filtered(lambda a: a.action_type == "corrective")
        if not actions:
            return [self.env._("implement and verify the corrective actions")]
        unverified = actions.filtered(lambda a: a.state != "verified")
        if unverified:
            return [
                self.env._(
                    "implement and verify on the three criteria: %(actions)s",
                    actions=", ".join(unverified.mapped("name")),
                )
            ]
        return []

    def _missing_d7(self):
        """D7 is complete when the controls updated for later production are named,
        each with its revision reference (IATF 16949 10.2.3, rules §6.7), and
        every preventive action is implemented."""
        missing = []
        if not self.control_ids:
            missing.append(
                self.env._(
                    "name the controls updated (PFMEA, control plan, flow chart, "
                    "work or inspection instructions)"
                )
            )
        no_revision = self.control_ids.filtered(
            lambda c: not (c.revision or "").strip()
        )
        if no_revision:
            missing.append(
                self.env._(
                    "give the revision reference of %(controls)s",
                    controls=", ".join(no_revision.mapped("display_name")),
                )
            )
        open_actions = self.action_ids.filtered(
            lambda a: a.action_type == "preventive" and not a.date_done
        )
        if open_actions:
            missing.append(
                self.env._(
                    "implement the preventive actions %(actions)s",
                    actions=", ".join(open_actions.mapped("name")),
                )
            )
        return missing

    def _missing_d8(self):
        """D8 is complete when the closure is summarised and the team recognised."""
        missing = []
        if not (self.closure_summary or "").strip():
            missing.append(self.env._("summarise the closure"))
        if not (self.recognition or "").strip():
            missing.append(self.env._("recognise the team"))
        return missing

    # D2 problem description (rules §6, seed 004): the problem described as
    # 5W2H, started from what the complaint already says, and the timeline of
    # the complaint with its agreed pauses (§4.3.5).
    def _fill_problem(self, name):
        """Fill the 5W2H question ``name`` from the main complaint, when empty."""
        for report in self:
            report[name] = (
                report[name] or report._problem_facts(report.main_ticket_id).get(name)
            ) or False

    def _problem_facts(self, ticket):
        """The 5W2H answers the complaint's intake already gives (rules §2)."""
        if not ticket:
            return {}
        stage_labels = dict(
            ticket._fields["detection_stage"]._description_selection(self.env)
        )
        what = [ticket.product_id.display_name, ticket.defect_type_id.name, ticket.name]
        return {
            "problem_what": ": ".join(filter(None, what)),
            "problem_why": self._problem_why_facts(ticket),
            "problem_when": self._problem_when_facts(ticket),
            "problem_where": stage_labels.get(ticket.detection_stage, ""),
            "problem_who": ticket.partner_id.display_name or "",
            "problem_how": html2plaintext(ticket.description or "").strip(),
            "problem_how_much": self._problem_how_much_facts(ticket),
        }

    def _problem_why_facts(self, ticket):
        """Why it is a problem, from the complaint: stopped line, formal report
        demanded, the customer's request."""
        why = []
        if ticket.stopped_customer_line:
            why.append(self.env._("The customer's line or production stopped."))
        if ticket.requires_formal_report:
            why.append(
                self.env._("The customer demands a formal corrective-action report.")
            )
        if ticket.customer_request:
            why.append(ticket.customer_request)
        return " ".join(why)

    def _problem_when_facts(self, ticket):
        """When, from the complaint: complained, shipped, lot."""
        when = []
        if ticket.complaint_date:
            when.append(
                self.env._(
                    "Complained on %(date)s",
                    date=format_date(self.env, ticket.complaint_date),
                )
            )
        if ticket.shipped_date:
            when.append(
                self.env._(
                    "shipped on %(date)s",
                    date=format_date(self.env, ticket.shipped_date),
                )
            )
        if ticket.lot_number:
            when.append(self.env._("lot %(lot)s", lot=ticket.lot_number))
        return ", ".join(when)

    def _problem_how_much_facts(self, ticket):
        """How much, from the complaint: defective of the lot, quantity shipped."""
        how_much = []
        if ticket.defect_qty or ticket.lot_qty:
            how_much.append(
                self.env._(
                    "%(defect)s defective of a lot of %(lot)s (%(rate)s %%)",
                    defect=self._format_qty(ticket.defect_qty),
                    lot=self._format_qty(ticket.lot_qty),
                    rate=formatLang(self.env, ticket.defect_rate, digits=2),
                )
            )
        elif ticket.defect_rate:
            how_much.append(
                self.env._(
                    "defect rate stated by the customer: %(rate)s %%",
                    rate=formatLang(self.env, ticket.defect_rate, digits=2),
                )
            )
        if ticket.shipped_qty:
            how_much.append(
                self.env._("%(qty)s shipped", qty=self._format_qty(ticket.shipped_qty))
            )
        return ", ".join(how_much)

    def _fact_lot_numbers(self):
        """The lots of the complaints, oldest complaint first, each once."""
        self.ensure_one()
        tickets = self.ticket_ids.sorted(
            lambda t: (t.complaint_date or datetime.max, t.id)
        )
        lots = dict.fromkeys(filter(None, tickets.mapped("lot_number")))
        return ", ".join(lots) or False

    def _format_qty(self, qty):
        """A quantity as people write it: no decimals when it has none."""
        return formatLang(self.env, qty, digits=0 if qty == int(qty) else 2)

    def _timeline_events(self):
        """D2 timeline: the dated facts of the complaints and of this 8D, with the
        agreed pauses, oldest first: [{'date': date, 'label': str}]."""
        self.ensure_one()
        events = []

        def add(value, label):
            if value:
                if isinstance(value, datetime):
                    value = fields.Date.context_today(self, value)
                events.append({"date": value, "label": label})

        for ticket in self.ticket_ids:
            number = ticket.complaint_number or ticket.display_name
            add(
                ticket.shipped_date,
                self.env._("%(complaint)s shipped", complaint=number),
            )
            add(
                ticket.complaint_date,
                self.env._("%(complaint)s received", complaint=number),
            )
            add(
                ticket.handed_over_date,
                self.env._("%(complaint)s handed over to QA", complaint=number),
            )
        add(self.create_date, self.env._("8D started"))
        add(self.containment_date, self.env._("Containment in place (D3)"))
        add(self.root_cause_date, self.env._("Root cause verified (D4)"))
        add(self.fix_date, self.env._("Corrective actions implemented (D6)"))
        add(self.approval_date, self.env._("Approved by the QA manager"))
        for pause in self._timeline_pauses():
            label = self.env._(
                "Deadlines paused until %(date_to)s: %(reason)s",
                date_to=format_date(self.env, pause["date_to"]),
                reason=pause["reason"],
            )
            if pause.get("sales_agreed_by"):
                label += " " + self.env._(
                    "(agreed with sales by %(user)s)", user=pause["sales_agreed_by"]
                )
            add(pause["date_from"], label)
        return sorted(events, key=lambda e: e["date"])

    def _timeline_pauses(self):
        """The agreed pauses of the complaints' deadlines (rules §4: time spent
        on tests or samples, agreed with sales and told to the customer), as
        [{'date_from': date, 'date_to': date, 'reason': str, 'sales_agreed_by':
        str}]; a pause still running ends today.
        """
        today = fields.Date.context_today(self)
        return [
            {
                "date_from": fields.Date.to_date(pause.start_date),
                "date_to": fields.Date.to_date(pause.end_date) or today,
                "reason": pause.reason,
                "sales_agreed_by": pause.sales_agreed_user_id.name or "",
            }
            for pause in self.ticket_ids.sudo().pause_ids.sorted("start_date")
        ]

    # Deadline events (rules §4, §6): what D3 and D4 tell the complaints
    def _d3_done_date(self):
        """The date D3 became complete: the latest implementation date of the
        containment actions, once every one is implemented; False before."""
        self.ensure_one()
        if self._missing_d3():
            return False
        return max(
            self.action_ids.filtered(lambda a: a.action_type == "containment").mapped(
                "date_done"
            )
        )

    def _d4_verified_date(self):
        """The date the root cause was verified: the later of the first
        verification dates of an occurrence cause and an escape point; False
        before both are verified (rules §6.4)."""
        self.ensure_one()
        firsts = []
        for kind in ("occurrence", "escape"):
            dates = self.cause_ids.filtered(
                lambda c, k=kind: (
                    c.cause_kind == k and c.is_verified and c.date_verified
                )
            ).mapped("date_verified")
            firsts.append(min(dates) if dates else False)
        return all(firsts) and max(firsts)

    def _sync_deadline_events(self):
        """Record on the complaints what D3 and D4 have just established (called
        by the 8D lines when they change)."""
        self._sync_containment()
        self._sync_root_cause()

    def _sync_containment(self):
        """Call _on_containment_complete() for the reports whose D3 is complete
        while a complaint of theirs has no containment date yet."""
        newly_contained = self.filtered(
            lambda r: (
                r.ticket_ids.filtered(lambda t: not t.containment_date)
                and r._d3_done_date()
            )
        )
        if newly_contained:
            newly_contained._on_containment_complete()

    def _on_containment_complete(self):
        """D3 has just become complete: the containment is in place on D3's date,
        which meets the complaints' containment deadline (rules §4: a serious
        complaint's containment plan within 24 hours), and is said in their
        chatter, in the company's language (an automatic step, rules §13)."""
        for report in self:
            day = report._d3_done_date()
            tickets = report.ticket_ids.sudo().filtered(
                lambda t: not t.containment_date
            )
            tickets._record_event("containment", day)
            for group in by_company_lang(tickets):
                for ticket in group:
                    ticket.message_post(
                        body=group.env._(
                            "Containment in place (8D %(report)s, D3 complete on "
                            "%(date)s).",
                            report=report.display_name,
                            date=format_date(group.env, day),
                        ),
                        subtype_xmlid="mail.mt_note",
                    )

    def _sync_root_cause(self):
        """D4 verified records the root cause on the complaints that have none
        since the customer's newest feedback (new information restarts the
        analysis: an older D4 does not answer it)."""
        for report in self:
            day = report._d4_verified_date()
            if not day:
                continue
            tickets = report.ticket_ids.sudo().filtered(
                lambda t, d=day: (
                    not t.root_cause_date
                    and (
                        not t.sla_feedback_date
                        or fields.Date.to_date(t.sla_feedback_date) <= d
                    )
                )
            )
            if tickets:
                tickets._record_event("root_cause", day)

    # Effectiveness over time (rules §6.8, §8): the checks planned after
    # approval, and a recurrence after the fix reopening the report.
    def _schedule_effectiveness_checks(self):
        """After approval, plan a check at each of the company's intervals (default
        30, 60 and 90 days), each an activity of the team leader (rules §6.8:
        QA monitors the effect; §8: track that improvements prevent recurrence)."""
        for report in self:
            checks = report._create_effectiveness_checks()
            report._schedule_check_activities(checks)

    def _create_effectiveness_checks(self):
        """Plan this approved report's checks at the company's intervals."""
        self.ensure_one()
        approved_on = fields.Date.context_today(self, self.approval_date)
        days = (self.company_id or self.env.company)._complaint_8d_check_days()
        return self.env["complaint.8d.check"].create(
            [
                {
                    "eight_d_id": self.id,
                    "day_offset": offset,
                    "date_planned": approved_on + timedelta(days=offset),
                }
                for offset in days
            ]
        )

    def _schedule_check_activities(self, checks):
        """Give the team leader an activity for each planned check."""
        self.ensure_one()
        user = self.leader_id or self.create_uid
        # in the assignee's language (rules §13)
        local = self.with_context(lang=user.lang or self.env.lang)
        for check in checks:
            check.activity_id = local.activity_schedule(
                "complaint_management.mail_act_complaint_8d_effectiveness",
                date_deadline=check.date_planned,
                summary=local.env._(
                    "Effectiveness check at %(days)s days", days=check.day_offset
                ),
                user_id=user.id,
            )

    def _recurrence_domain(self):
        """New complaints of the same product (per the company's repeat scope) and
        defect type received after the fix, other than the ones this 8D answers."""
        self.ensure_one()
        if not (self.product_id and self.defect_type_id):
            return None
        company = self.company_id or self.env.company
        since = self.fix_date or fields.Date.to_date(self.approval_date)
        if not since:
            return None
        if company.complaint_repeat_scope == "template":
            product = Domain(
                "product_id.product_tmpl_id", "=", self.product_id.product_tmpl_id.id
            )
        elif company.complaint_repeat_scope == "category":
            product = Domain("product_id.categ_id", "=", self.product_id.categ_id.id)
        else:
            product = Domain("product_id", "=", self.product_id.id)
        return product & Domain(
            [
                ("is_complaint", "=", True),
                ("defect_type_id", "=", self.defect_type_id.id),
                ("complaint_date", ">", datetime.combine(since, time.max)),
                ("id", "not in", self.ticket_ids.ids),
                ("company_id", "=", company.id),
            ]
        )

    def _on_recurrence(self, tickets):
        """A recurrence after the fix means the 8D did not work: reopen it and tell
        the team (rules §6.8, §8)."""
        self.ensure_one()
        self.sudo()._reopen(
            self.env._(
                "recurrence after the fix: %(complaints)s",
                complaints=", ".join(
                    t.complaint_number or t.display_name for t in tickets
                ),
            )
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
        self._stop_planned_checks()
        self._notify_reopened(reason)

    def _stop_planned_checks(self):
        """Cancel the effectiveness checks still planned, and their activities."""
        planned = self.check_ids.filtered(lambda c: c.state == "planned")
        planned.activity_id.sudo().unlink()
        planned._protected_context().write({"state": "cancel"})

    def _notify_reopened(self, reason):
        """Tell the team why the 8D reopened; give its leader an activity."""
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
            if report.state in ("proposed", "draft"):
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
        (rules §6: QA archives the originals; seed 003 complaint archive)."""
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
        """An approved report mailed to its customer is sent (rules §6: the
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
