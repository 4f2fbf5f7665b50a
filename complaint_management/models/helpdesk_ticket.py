import contextlib
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from ..lib import ratios
from .complaint_defect_type import SEVERITIES, SEVERITY_RANK
from .complaint_language import company_lang, schedule_activity
from .complaint_protected_mixin import free_only

# The relational columns of the similar complaints' list on the complaint form.
SIMILAR_SHOWN_FIELDS = ("partner_id", "product_id", "defect_type_id", "stage_id")

DETECTION_STAGES = [
    ("incoming", "Incoming inspection"),
    ("production", "Production / Assembly"),
    ("end_use", "End use"),
    ("field", "Field / After sales"),
    ("store", "In store / At purchase"),
    ("other", "Other"),
]
RESOLUTIONS = [
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("credit", "Credit"),
    ("compensation", "Compensation"),
    ("report", "Corrective-action report"),
    ("explanation", "Explanation / Apology"),
    ("other", "Other"),
]
# Changes that may change which earlier complaints a complaint repeats.
REPEAT_FIELDS = {"product_id", "defect_type_id", "complaint_date", "company_id"}
REPEAT_FIELDS |= {"is_complaint", "team_id"}
# What a write may change the priority of a complaint by: its grade, what the grade
# is computed from, and the priority itself (the grade's priority is restored).
PRIORITY_FIELDS = {
    "priority",
    "is_complaint",
    "team_id",
    "company_id",
    "partner_id",
    "product_id",
    "defect_type_id",
    "requires_formal_report",
    "stopped_customer_line",
    "severity_override",
    "is_major",
    "complaint_date",
}
# The quantities a stated defect rate stands for in the intake (rules §17.4).
RATE_QTY_FIELDS = ("lot_qty", "defect_qty")
RESPONSIBILITIES = [
    ("undetermined", "Undetermined"),
    ("company", "Our company"),
    ("supplier", "Supplier"),
    ("customer", "Customer"),
    ("carrier", "Carrier"),
    ("service", "Our service (staff or maker)"),
]

# The events of a complaint and the field that holds when each happened: the
# vocabulary shared by the intake (receipt, hand-over), the deadlines
# (helpdesk_ticket_sla.py, which records them with ``_record_event``) and the
# closed-complaint lock below.
EVENT_FIELDS = {
    "received": "complaint_date",
    "handed_to_qa": "handed_over_date",
    "qa_responded": "qa_response_date",
    "customer_feedback": "sla_feedback_date",
    "containment": "containment_date",
    "root_cause": "root_cause_date",
    "resolved": "resolved_date",
    "called_back": "callback_date",
    "effectiveness_verified": "effectiveness_date",
}
# Event dates written only through _record_event (the receipt date is intake
# data, entered with the complaint).
PROTECTED_EVENT_FIELDS = frozenset(
    fname for event, fname in EVENT_FIELDS.items() if event != "received"
)
# The complaint's own code writes the event dates behind the addon's one marker
# (``_protected_context()``: a Python object no RPC client can send, context
# values arrive as JSON; checked by identity, as OCA queue_job protects its job
# fields): they are protected fields of the ticket (``_protected_fields``).

# What a user may still write on a closed complaint: the knowledge base (a
# typical case is chosen among closed complaints, rules §8) and the audit
# team of a major complaint (investigated after the fact, rules §3). The
# event dates (call-back, effectiveness check) stay writable for the complaint's
# own code only: they are protected fields (``_protected_fields``).
CLOSED_FREE_FIELDS = (
    "is_typical_case",
    "lessons_learned",
    "audit_user_ids",
    *sorted(PROTECTED_EVENT_FIELDS),
)


class HelpdeskTicket(models.Model):
    """A helpdesk ticket that is a customer complaint: its core.

    Access: complaint officers (front desk, sales, call centre) record the complaints
    of their teams and hand them over to QA; quality engineers see every complaint,
    grade, analyse and send incomplete ones back; the quality manager configures the
    process. Intake fields: rules §2; grading: §3; knowledge base: §8.

    What a person reads and quotes on a complaint (rules §11.6): the complaint number
    is the complaint's only number, held in helpdesk_mgmt's ``number`` too (hence
    its display name, list, kanban, form, search, breadcrumbs, links, mails, portal
    and documents); a plain ticket keeps the helpdesk number. The grade sets the
    priority, by the company's table (rules §4: several complaints at once are
    taken in order of severity; a major one comes first), so that the lists, sorted
    by priority, put the most urgent first.

    A closed complaint stays as it was (rules §10, ``complaint.protected.mixin``):
    nobody deletes it and nobody changes what it says; the process still writes
    what follows closure: the call-back and the customer's satisfaction (the
    call-back wizard, the portal's satisfaction answer), the effectiveness check of
    its 8D, the knowledge base, and a reopening, which needs a reason (the
    reopening wizard; an unhappy call-back reopens it too). Plain helpdesk tickets
    are not concerned.

    This file holds the one ``create`` and the one ``write`` of the ticket; each
    capability (deadlines and events, remedies, 8D, chargebacks, portal, mail)
    plugs in through the named hooks they call, in the order written there.
    """

    _name = "helpdesk.ticket"
    _inherit = [
        "helpdesk.ticket",
        "complaint.protected.mixin",
        "complaint.number.mixin",
        "complaint.chatter.mixin",
    ]
    _rec_names_search = ["complaint_number", "number", "name"]
    # Chatter (complaint.chatter.mixin, rules §11.9): helpdesk agents keep their
    # helpdesk; finance and auditors read complaints and write nothing on them.
    _complaint_chatter_groups = (
        "complaint_management.group_complaint_officer",
        "helpdesk_mgmt.group_helpdesk_user_own",
    )

    # Record protection (complaint.protected.mixin): the event dates come
    # through ``_record_event`` only, and the acknowledgement state from the
    # acknowledgement queue; a complaint may be recorded with its history's
    # dates (the import); a closed complaint is locked and never deleted.
    # The number people quote is drawn by the application (rules §11.6): nobody
    # renames a complaint, nor gives a ticket another's number.
    _protected_fields = (
        *sorted(PROTECTED_EVENT_FIELDS),
        "acknowledgement_state",
        "complaint_number",
        "number",
    )
    # The complaint's documents link themselves, from their own side (an 8D
    # started from the complaint, a chargeback naming it...): no client's x2many
    # command on the complaint attaches, detaches or moves one (rules §10.6).
    _protected_links = (
        "eight_d_ids",
        "chargeback_ids",
        "capa_ids",
        "remedy_ids",
        "customer_report_ids",
    )
    _protected_on_create = False
    _lock_field = "closed"
    _locks = {"closed": free_only(*CLOSED_FREE_FIELDS)}
    _undeletable_states = ("closed",)
    # Quantities are finite numbers (complaint.number.mixin)
    _number_fields = ("shipped_qty", "lot_qty", "defect_qty", "stated_defect_rate")

    # Identity
    is_complaint = fields.Boolean(
        string="Is a Complaint",
        compute="_compute_is_complaint",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Complaints get a complaint number, the intake form, grading and "
        "deadlines. Defaults from the team's 'Complaint Team' setting.",
    )
    complaint_number = fields.Char(
        readonly=True, copy=False, index="btree_not_null", tracking=True
    )
    # A ticket that becomes a complaint takes its complaint number as its number
    # (rules §11.6): the chatter keeps the ticket number it had.
    number = fields.Char(tracking=True)
    complaint_date = fields.Datetime(
        string="Complained On",
        default=fields.Datetime.now,
        index=True,
        copy=False,
        help="When the customer complained: the start of every deadline and of the "
        "repeat window.",
    )
    receiver_id = fields.Many2one(
        "res.users",
        string="Received By",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="Who took the complaint: incomplete complaints go back to them.",
    )
    # Intake: customer and product (rules §2)
    partner_phone = fields.Char(string="Phone")
    lot_number = fields.Char(string="Lot / Batch", index="btree_not_null")
    shipped_date = fields.Date(string="Shipment Date")
    shipped_qty = fields.Float(string="Shipped Quantity", digits="Product Unit")
    lot_qty = fields.Float(string="Lot Size", digits="Product Unit")
    defect_qty = fields.Float(string="Defective Quantity", digits="Product Unit")
    stated_defect_rate = fields.Float(
        string="Stated Defect Rate (%)",
        digits=(16, 2),
        help="The defect rate the customer states, when they give no lot size and "
        "defective quantity (rules §17.4): it completes the intake in their place.",
    )
    defect_rate = fields.Float(
        string="Defect Rate (%)",
        compute="_compute_defect_rate",
        store=True,
        digits=(16, 2),
        help="Defective quantity over the lot size, in percent; the rate the "
        "customer stated when the quantities are not known.",
    )
    purchase_date = fields.Date()
    detection_stage = fields.Selection(
        DETECTION_STAGES,
        string="Found At",
        help="Where the customer found the problem.",
    )
    product_usage = fields.Text(
        string="How the Product Was Used",
        help="How the customer used, stored or processed the product.",
    )
    customer_tested = fields.Boolean(
        string="Customer Tested or Processed It",
        help="The customer tested or specially processed the product before finding "
        "the problem.",
    )
    customer_test_conditions = fields.Text(string="Test Conditions")
    customer_assembly_process = fields.Text(string="Customer's Assembly Process")
    customer_request = fields.Text(
        string="Customer's Request", help="What the customer asks for, in their words."
    )
    requested_resolution = fields.Selection(
        RESOLUTIONS,
        string="Wanted Resolution",
        help="How the customer wants it solved.",
    )
    # has_sample: computed from the samples (helpdesk_ticket_sample.py)
    # Grading (rules §3)
    defect_type_id = fields.Many2one("complaint.defect.type", index=True, tracking=True)
    defect_family = fields.Selection(related="defect_type_id.family", store=True)
    requires_formal_report = fields.Boolean(
        string="Formal Report Demanded",
        tracking=True,
        help="The customer demands a formal corrective-action report (8D).",
    )
    stopped_customer_line = fields.Boolean(
        string="Customer's Line Stopped",
        tracking=True,
        help="The problem stopped the customer's line or production, or seriously "
        "affected the customer.",
    )
    severity_computed = fields.Selection(
        SEVERITIES,
        string="Grade by Rules",
        compute="_compute_severity_computed",
        store=True,
        tracking=True,
    )
    grading_reason = fields.Char(compute="_compute_severity_computed", store=True)
    severity_override = fields.Selection(
        SEVERITIES,
        string="Grade Set by Hand",
        tracking=True,
        copy=False,
        help="Overrides the grade of the rules; a reason is required.",
    )
    severity_override_reason = fields.Text(
        string="Reason for the Grade", tracking=True, copy=False
    )
    complaint_severity = fields.Selection(
        SEVERITIES,
        string="Grade",
        compute="_compute_complaint_severity",
        store=True,
        index=True,
        tracking=True,
    )
    # Repeats
    repeat_of_ids = fields.Many2many(
        "helpdesk.ticket",
        "helpdesk_ticket_repeat_rel",
        "ticket_id",
        "earlier_ticket_id",
        string="Repeats",
        compute="_compute_repeat_of_ids",
        store=True,
        help="Earlier complaints of the same product or problem (per the company's "
        "'Repeat Means' setting), within the repeat window.",
    )
    is_repeat = fields.Boolean(compute="_compute_repeat_of_ids", store=True, index=True)
    # Major complaints
    is_major = fields.Boolean(
        string="Major Complaint",
        compute="_compute_is_major",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Major complaints are reported at once to the department head and the "
        "executive in charge, and may be investigated by an audit team.",
    )
    audit_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_ticket_audit_user_rel",
        "ticket_id",
        "user_id",
        string="Audit Team",
        domain=[("share", "=", False)],
    )
    # Responsibility
    responsibility = fields.Selection(
        RESPONSIBILITIES, default="undetermined", tracking=True, index=True
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Responsible Supplier",
        tracking=True,
        index="btree_not_null",
    )
    # Intake completeness and hand-over
    intake_state = fields.Selection(
        [
            ("receiving", "Receiving"),
            ("handed_over", "With QA"),
            ("returned", "Sent Back"),
        ],
        default="receiving",
        tracking=True,
        copy=False,
    )
    intake_complete = fields.Boolean(compute="_compute_intake_complete")
    intake_missing = fields.Char(
        string="Missing Intake", compute="_compute_intake_complete"
    )
    handed_over_date = fields.Datetime(string="Handed Over to QA", copy=False)
    intake_return_reason = fields.Text(string="Sent Back Because", copy=False)
    # Knowledge base (rules §8)
    is_typical_case = fields.Boolean(string="Typical Case", tracking=True, copy=False)
    lessons_learned = fields.Html(copy=False)
    similar_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Similar Complaints",
        compute="_compute_similar_ticket_ids",
    )
    similar_ticket_count = fields.Integer(compute="_compute_similar_ticket_ids")

    _repeat_lookup_idx = models.Index("(product_id, defect_type_id, complaint_date)")
    # Similar complaints (``_compute_similar_ticket_ids``), in the order they are
    # shown, per criterion: a form reads the first few, whatever the history.
    _similar_product_idx = models.Index(
        "(product_id, COALESCE(is_typical_case, FALSE) DESC, complaint_date DESC "
        "NULLS LAST, id DESC) WHERE is_complaint"
    )
    _similar_defect_idx = models.Index(
        "(defect_type_id, COALESCE(is_typical_case, FALSE) DESC, complaint_date DESC "
        "NULLS LAST, id DESC) WHERE is_complaint"
    )
    _similar_partner_idx = models.Index(
        "(commercial_partner_id, COALESCE(is_typical_case, FALSE) DESC, "
        "complaint_date DESC NULLS LAST, id DESC) WHERE is_complaint"
    )

    # Computes
    @api.depends("number", "name", "complaint_number")
    def _compute_display_name(self):
        """A complaint reads as its number and title; a plain ticket as helpdesk_mgmt
        names it."""
        res = super()._compute_display_name()
        for ticket in self:
            if ticket.complaint_number:
                ticket.display_name = f"{ticket.complaint_number} - {ticket.name}"
        return res

    @api.depends("team_id")
    def _compute_is_complaint(self):
        """A ticket is a complaint when its team is a complaint team."""
        for ticket in self:
            ticket.is_complaint = ticket.team_id.complaint_team

    @api.depends("defect_qty", "lot_qty", "stated_defect_rate")
    def _compute_defect_rate(self):
        """The one defect rate every report reads (rules §2.1, §17.4): the
        defective quantity over the lot size when both are known, else the rate
        the customer stated."""
        for ticket in self:
            if ticket.lot_qty > 0 and ticket.defect_qty > 0:
                ticket.defect_rate = ratios.ratio(
                    ticket.defect_qty, ticket.lot_qty, ratios.PERCENT
                )
            else:
                ticket.defect_rate = ticket.stated_defect_rate or (
                    ratios.ratio(ticket.defect_qty, ticket.lot_qty, ratios.PERCENT)
                    or 0.0
                )

    @api.depends(
        "defect_type_id",
        "requires_formal_report",
        "stopped_customer_line",
        "is_repeat",
        "is_major",
        "company_id",
        "team_id",
        "partner_id",
        "product_id",
    )
    def _compute_severity_computed(self):
        """Grade by the rules of rules §3 (complaint.grading.rule data).

        The most severe grade among the rules that hold wins; when none holds, the
        defect type's default grade; with no defect type yet, no grade. The rules
        are matched for the whole batch at once (``complaint.rule.mixin``).
        """
        Rule = self.env["complaint.grading.rule"]
        by_company = self.grouped(lambda t: t.company_id or self.env.company)
        for company, tickets in by_company.items():
            matches = Rule._rules_for(company)._match(tickets)
            for ticket in tickets:
                severity, reasons = False, []
                for rule in matches[ticket.id]:
                    if SEVERITY_RANK[rule.severity] > SEVERITY_RANK[severity]:
                        severity, reasons = rule.severity, [rule.name]
                    elif rule.severity == severity:
                        reasons.append(rule.name)
                if not severity and ticket.defect_type_id:
                    severity = ticket.defect_type_id.default_severity
                    reasons = [
                        self.env._(
                            "default grade of %(defect)s",
                            defect=ticket.defect_type_id.display_name,
                        )
                    ]
                ticket.severity_computed = severity
                ticket.grading_reason = "; ".join(reasons)

    @api.depends("severity_computed", "severity_override")
    def _compute_complaint_severity(self):
        for ticket in self:
            ticket.complaint_severity = (
                ticket.severity_override or ticket.severity_computed
            )

    @api.depends(
        "product_id", "defect_type_id", "complaint_date", "company_id", "is_complaint"
    )
    def _compute_repeat_of_ids(self):
        """A complaint repeats earlier complaints of the same product (or product
        family, per the company's scope) or problem received within the repeat
        window before it (rules §3.3, §17.2, 相同產品或問題連續發生): what counts as
        the same (the product, the defect type, either or both) is the company's
        'Repeat Means' setting.

        One indexed search per company for the whole batch: the cost does not grow
        with the history nor with the batch.
        """
        earlier = self._repeat_lookup()
        commands = []
        for ticket in self:
            found = earlier.get(ticket.id, self.browse())
            commands.append((ticket, [Command.set(found.ids)]))
            ticket.is_repeat = bool(found)
        # One write of the relation for the batch, not one per complaint (real and
        # new records apart, as the ORM wants them).
        field = self._fields["repeat_of_ids"]
        field.write_batch([(t, c) for t, c in commands if t.id])
        field.write_batch([(t, c) for t, c in commands if not t.id])

    @api.model
    def _repeat_key(self, product, scope):
        """What two complaints must share to repeat each other, given the
        company's repeat scope: the variant, the product or its category."""
        if scope == "template":
            return product.product_tmpl_id.id
        if scope == "category":
            return product.categ_id.id
        return product.id

    @api.model
    def _repeat_keys(self, product, defect, scope, match):
        """The keys under which a complaint of ``product`` and ``defect`` is
        compared with others, given the company's repeat scope and what counts
        as the same (``match``, rules §17.2): two complaints repeat each other
        when they share one key. ``("p", product key)``, ``("d", defect type
        id)`` or, for "both", ``("pd", product key, defect type id)``."""
        product_key = product and self._repeat_key(product, scope)
        if match == "both":
            return [("pd", product_key, defect.id)] if product and defect else []
        keys = []
        if match in ("either", "product") and product:
            keys.append(("p", product_key))
        if match in ("either", "defect") and defect:
            keys.append(("d", defect.id))
        return keys

    def _repeat_lookup(self, later=False):
        """For each of these complaints, the complaints it repeats ({id: records}),
        or with ``later`` those that may repeat it (dated within the window after
        it). One search per company for the whole batch (sudo: a repeat is a fact
        of the company's history, whoever records the complaint)."""
        result = {}
        keyed = self.filtered(
            lambda t: t.is_complaint and (t.product_id or t.defect_type_id)
        )
        now = fields.Datetime.now()
        by_company = keyed.grouped(lambda t: t.company_id or self.env.company)
        for company, tickets in by_company.items():
            window = timedelta(days=company.complaint_repeat_window_days)
            scope = company.complaint_repeat_scope
            match = company.complaint_repeat_match
            groups = tickets._repeat_candidates(company, window, later, now)
            for ticket in tickets:
                when = ticket.complaint_date or now
                itself = ticket._origin.id or ticket.id  # also in a form's onchange
                others = {}
                for key in self._repeat_keys(
                    ticket.product_id, ticket.defect_type_id, scope, match
                ):
                    others.update(groups.get(key, {}))
                if later:  # strictly later: those of the same time already know it
                    ids = [
                        other_id
                        for other_id, other_date in others.items()
                        if when < other_date <= when + window
                    ]
                else:
                    ids = [
                        other_id
                        for other_id, other_date in others.items()
                        if when - window <= other_date <= when and other_id != itself
                    ]
                result[ticket.id] = self.browse(sorted(ids))
        return result

    def _repeat_candidates(self, company, window, later, now):
        """The complaints of ``company`` that may repeat these ones or be repeated
        by them (sharing a key of ``_repeat_keys``, dated within ``window``
        before them, or after them with ``later``), read in one search:
        ``{key: {id: complaint date}}``."""
        scope = company.complaint_repeat_scope
        match = company.complaint_repeat_match
        scope_field = {
            "template": "product_id.product_tmpl_id",
            "category": "product_id.categ_id",
        }.get(scope, "product_id")
        dates = [t.complaint_date or now for t in self]
        start, end = min(dates), max(dates)
        if later:
            end += window
        else:
            start -= window
        product_keys = list(
            {self._repeat_key(t.product_id, scope) for t in self if t.product_id}
        )
        defect_ids = self.defect_type_id.ids
        by_product = Domain(scope_field, "in", product_keys)
        by_defect = Domain("defect_type_id", "in", defect_ids)
        same = {
            "both": by_product & by_defect,
            "product": by_product,
            "defect": by_defect,
        }.get(match, by_product | by_defect)
        candidates = self.sudo().search_fetch(
            same
            & Domain(
                [
                    ("is_complaint", "=", True),
                    ("complaint_date", ">=", start),
                    ("complaint_date", "<=", end),
                    ("company_id", "=", company.id),
                ]
            ),
            ["complaint_date", "product_id", "defect_type_id"],
            order="id",  # no flush of the tickets' priority, written afterwards
        )
        groups = {}
        for other in candidates:
            for key in self._repeat_keys(
                other.product_id, other.defect_type_id, scope, match
            ):
                groups.setdefault(key, {})[other.id] = other.complaint_date
        return groups

    def _repeat_refresh_later(self, previous=None):
        """Re-flag the open complaints that repeat these ones, or may now repeat
        them: after an earlier complaint is re-coded, or entered late (imported
        history). ``previous``: the complaints that repeated them before the
        change. Closed complaints keep the flags they were closed with."""
        # sudo: the later complaints may belong to teams the user does not see.
        later = (previous or self.browse()).sudo()
        for found in self._repeat_lookup(later=True).values():
            later |= found.sudo()
        later = (later - self.sudo()).filtered(
            lambda t: t.is_complaint and not t.closed
        )
        if later:
            later._complaint_recompute(["repeat_of_ids", "is_repeat"])

    @api.depends("defect_type_id")
    def _compute_is_major(self):
        """A complaint is major when its defect type is major by default (safety,
        injury, recall: rules §3); a person may also set it by hand. A new defect
        type sets it anew: recoded to a type that is not major, it is not major."""
        for ticket in self:
            ticket.is_major = ticket.defect_type_id.makes_major

    @api.depends_context("lang")
    @api.depends("team_id", "is_complaint", "stated_defect_rate")
    def _compute_intake_complete(self):
        for ticket in self:
            missing = ticket._intake_missing_names()
            ticket.intake_complete = not missing
            ticket.intake_missing = ticket._intake_labels(missing)

    @api.depends("product_id", "defect_type_id", "partner_id")
    def _compute_similar_ticket_ids(self):
        """Earlier complaints of the same product, defect type or customer, typical
        cases first, so the receiver sees how they were solved (rules §8); as
        many as the company's 'Similar Complaints Shown' setting.

        One query for the whole batch, within what the user may read."""
        found = self._similar_lookup(self._similar_rows())
        for index, ticket in enumerate(self):
            similar = self.browse(found.get(index, []))
            # set as superuser: the lookup kept only what the user may read, so
            # the ORM's second check of them, record rule by record rule, would
            # only cost their followers' reads again (rules §14.3)
            ticket.sudo().similar_ticket_ids = similar
            ticket.similar_ticket_count = len(similar)
        if len(self) == 1 and found:
            self._prefetch_similar_shown(self.browse(found.get(0, [])))

    def _similar_rows(self):
        """What the similar complaints of each of these complaints are looked up
        by: one SQL row (index in the batch, id, product, defect type, customer,
        how many) per complaint that has a criterion."""
        rows = []
        for index, ticket in enumerate(self):
            # the customer's company through the customer a form reads anyway,
            # rather than the ticket's columns a form does not show
            customer = ticket.partner_id.commercial_partner_id
            if ticket.is_complaint and (
                ticket.product_id or ticket.defect_type_id or customer
            ):
                company = ticket.company_id or self.env.company
                rows.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s)",
                        index,
                        ticket._origin.id or 0,
                        ticket.product_id.id or 0,
                        ticket.defect_type_id.id or 0,
                        customer.id or 0,
                        company.complaint_similar_limit,
                    )
                )
        return rows

    def _similar_lookup(self, rows):
        """The similar complaints of ``rows`` (``_similar_rows``) the user may
        read, in the order shown, in one query: ``{index: [id]}``."""
        found = {}
        if not rows:
            return found
        self.flush_model(
            [
                "is_complaint",
                "product_id",
                "defect_type_id",
                "commercial_partner_id",
                "is_typical_case",
                "complaint_date",
            ]
        )
        allowed = self._search([("is_complaint", "=", True)])
        # The first ones of each criterion, read in order from its index
        # (``_similar_*_idx``), then the first of those: the cost does not
        # grow with the history (rules §14), as "product OR defect OR
        # customer" over the whole table did.
        branches = SQL(" UNION ").join(
            SQL(
                """(SELECT t.id, COALESCE(t.is_typical_case, FALSE) AS typical,
                          t.complaint_date
                     FROM helpdesk_ticket t
                    WHERE t.is_complaint AND %(column)s = %(value)s
                      AND t.id != b.tid AND t.id IN %(allowed)s
                    ORDER BY COALESCE(t.is_typical_case, FALSE) DESC,
                             t.complaint_date DESC NULLS LAST, t.id DESC
                    LIMIT b.lim)""",
                column=SQL.identifier("t", column),
                value=SQL.identifier("b", key),
                allowed=allowed.subselect(),
            )
            for column, key in (
                ("product_id", "product"),
                ("defect_type_id", "defect"),
                ("commercial_partner_id", "partner"),
            )
        )
        self.env.cr.execute(
            SQL(
                """
            SELECT b.idx, s.id
              FROM (VALUES %(rows)s) AS b(idx, tid, product, defect, partner, lim)
              CROSS JOIN LATERAL (
                SELECT u.id FROM (%(branches)s) u
                 ORDER BY u.typical DESC, u.complaint_date DESC NULLS LAST,
                          u.id DESC
                 LIMIT b.lim
              ) s
            """,
                rows=SQL(", ").join(rows),
                branches=branches,
            )
        )
        for index, similar_id in self.env.cr.fetchall():
            found.setdefault(index, []).append(similar_id)
        return found

    def _prefetch_similar_shown(self, similar):
        """A form shows the similar complaints' customer, product, defect type and
        stage next to the complaint's own: read their names together, one query per
        model instead of two (rules §14; scale benchmark figure 3b). The earlier
        complaints it repeats are read with them, and the followers the record
        rules check before the form shows either list, in one read for both
        (rules §14.3). Only a read ahead: what the user may not read is left to
        the form."""
        # (its ids only: the rows are read below with the others')
        earlier = self._origin.with_context(active_test=False).repeat_of_ids
        shown = self._origin | similar | earlier.with_env(self.env)
        with contextlib.suppress(AccessError):
            # their rows in one read, then the names they show
            shown._fetch_field(self._fields[SIMILAR_SHOWN_FIELDS[0]])
            for name in SIMILAR_SHOWN_FIELDS:
                shown[name].mapped("display_name")
            # as the record rules read them (archived followers included)
            (self._origin | similar | earlier).with_context(active_test=False).mapped(
                "message_partner_ids"
            )

    # Constraints
    @api.constrains("shipped_qty", "lot_qty", "defect_qty", "stated_defect_rate")
    def _check_quantities(self):
        """Quantities are not negative, the defective quantity fits in the lot and
        a stated defect rate is a percentage (rules §17.4)."""
        for ticket in self:
            if not 0 <= ticket.stated_defect_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "The stated defect rate of %(complaint)s must be between 0 "
                        "and 100 %%: enter it as a percentage.",
                        complaint=ticket.display_name,
                    )
                )
            for name in ("shipped_qty", "lot_qty", "defect_qty"):
                if ticket[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(complaint)s cannot be negative: enter the "
                            "quantity as a positive number.",
                            field=ticket._fields[name]._description_string(self.env),
                            complaint=ticket.display_name,
                        )
                    )
            if ticket.lot_qty and ticket.defect_qty > ticket.lot_qty:
                raise ValidationError(
                    self.env._(
                        "The defective quantity (%(defect)s) of %(complaint)s is "
                        "larger than the lot size (%(lot)s): check both quantities.",
                        defect=ticket.defect_qty,
                        lot=ticket.lot_qty,
                        complaint=ticket.display_name,
                    )
                )

    @api.constrains("shipped_date", "purchase_date", "complaint_date")
    def _check_dates(self):
        """Goods are shipped and bought before the customer complains about them."""
        for ticket in self:
            complained = fields.Date.to_date(ticket.complaint_date)
            if not complained:
                continue
            for name in ("shipped_date", "purchase_date"):
                if ticket[name] and ticket[name] > complained:
                    raise ValidationError(
                        self.env._(
                            "%(field)s (%(date)s) of %(complaint)s is after the date "
                            "of the complaint (%(complained)s): correct one of them.",
                            field=ticket._fields[name]._description_string(self.env),
                            date=ticket[name],
                            complaint=ticket.display_name,
                            complained=complained,
                        )
                    )

    @api.constrains("severity_override", "severity_override_reason")
    def _check_severity_override_reason(self):
        """A grade set by hand needs a reason (rules §3)."""
        for ticket in self:
            if (
                ticket.severity_override
                and not (ticket.severity_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why you set the grade of %(complaint)s by hand: fill in "
                        "'Reason for the Grade'.",
                        complaint=ticket.display_name,
                    )
                )

    @api.constrains("responsibility", "supplier_id")
    def _check_supplier(self):
        for ticket in self:
            if ticket.responsibility == "supplier" and not ticket.supplier_id:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s is the supplier's responsibility: choose the "
                        "responsible supplier.",
                        complaint=ticket.display_name,
                    )
                )

    @api.constrains("is_typical_case")
    def _check_typical_case_closed(self):
        for ticket in self:
            if ticket.is_typical_case and not ticket.closed:
                raise ValidationError(
                    self.env._(
                        "Only a closed complaint can become a typical case: close "
                        "%(complaint)s first.",
                        complaint=ticket.display_name,
                    )
                )

    # CRUD: the only create and write of helpdesk.ticket in this addon; each
    # capability plugs in through the named hooks below, in this order.
    @api.model_create_multi
    def create(self, vals_list):
        # Before: the values the application decides, whatever a client sent
        self._counter_vals(vals_list)  # handed to the front desk (counter)
        self._complaint_number_vals(vals_list)  # number (core)
        self._acknowledgement_vals(vals_list)  # acknowledgement queued (mail)
        self._stage_vals(vals_list)  # first stage, once per team (core)
        tickets = super().create(vals_list)
        complaints = tickets.filtered("is_complaint")
        # 1. number (those the values could not tell were complaints)
        complaints._assign_complaint_number()
        # 2. repeats and grading: stored computes, batched by the ORM, settled now
        #    as the history stands when the complaints are recorded (a closed
        #    complaint keeps the flags it was recorded with, whatever comes later)
        complaints.flush_recordset(["repeat_of_ids", "is_repeat", "complaint_severity"])
        # 2b. the grade sets the priority (lists: most urgent first)
        complaints._complaint_sync_priority()
        # 3. repeats: later complaints this one is earlier than (imported history)
        complaints._repeat_refresh_later()
        # 4. deadlines (helpdesk_ticket_sla.py)
        tickets._sla_after_create()
        # 4b. situation checklists (helpdesk_ticket_checklist.py)
        complaints._checklist_sync()
        # 5. major notification, a branch's major complaint forwarded to its head
        #    office's team first (helpdesk_ticket_branch.py)
        complaints.filtered("is_major")._branch_forward_majors()._notify_major()
        # 6. acknowledgement to the customer (helpdesk_ticket_mail.py)
        complaints._acknowledgement_after_create()
        # 7. the store counter (helpdesk_ticket_counter.py)
        complaints._counter_after_create()
        # 8. a complaint recorded closed is sealed (helpdesk_ticket_dossier.py)
        complaints._seal_after_create()
        return tickets

    def write(self, vals):
        # The order of checks and side effects, as it stood when each capability
        # overrode ``write`` in its own file (keep it):
        # checks, before anything is written
        #   a. a stage that checks the intake needs a complete intake (core)
        # the write itself, ``super().write``: helpdesk_mgmt adds the stage and
        #   assignment dates to ``vals``, mail.thread prepares the tracking, then
        #   ``complaint.protected.mixin.write`` (last, on the completed values,
        #   just before the ORM writes) refuses the protected fields (event
        #   dates, acknowledgement state: ``_protected_message``) to clients and,
        #   on a closed complaint, every field but ``CLOSED_FREE_FIELDS``
        # side effects, once written
        #   1. closing (core, remedies, 8D) and hand-over rules
        #   2. number
        #   3. repeats
        #   4. deadlines (sla)
        #   5. major notification
        #   6. the priority of the grade
        stage = "stage_id" in vals and self.env["helpdesk.ticket.stage"].browse(
            vals["stage_id"]
        )
        if stage and stage.complaint_intake_check:
            self.filtered(
                lambda t: t.is_complaint and t.intake_state != "handed_over"
            )._check_intake_complete()
        self._branch_check_write(vals)  # signed findings (helpdesk_ticket_branch.py)
        not_major = self.filtered(lambda t: not t.is_major)
        repeated = self.browse()
        if REPEAT_FIELDS & set(vals):
            repeated = self.sudo().search([("repeat_of_ids", "in", self.ids)])
        before = self._sla_before_write(vals)
        self._counter_before_write(vals)
        self._seal_before_write(vals, stage)
        self._complaint_reference_vals([vals])  # the number people quote (core)
        res = super().write(vals)
        # 1. closing and hand-over rules
        if stage and stage.closed:
            self.filtered("is_complaint")._check_can_close()
        if stage and stage.complaint_intake_check:
            self._mark_handed_over()
        # 2. number
        if "is_complaint" in vals or "team_id" in vals:
            self.filtered(
                lambda t: t.is_complaint and not t.complaint_number
            )._assign_complaint_number()
        # 3. repeats: the complaints that repeat these ones, or may now repeat them
        if REPEAT_FIELDS & set(vals):
            self._repeat_refresh_later(repeated)
        # 4. deadlines
        self._sla_after_write(vals, before)
        # 4b. a closed complaint archives its feedback form (feedback form)
        self._feedback_form_after_write(vals)
        # 4c. situation checklists (helpdesk_ticket_checklist.py)
        self._checklist_after_write(vals)
        # 5. major notification, a branch's major complaint forwarded first
        majors = not_major.filtered(lambda t: t.is_complaint and t.is_major)
        majors._branch_forward_majors()._notify_major()
        # 6. the grade sets the priority (re-grading by other means syncs it too)
        if PRIORITY_FIELDS & set(vals):
            self._complaint_sync_priority()
        # 7. the store counter
        self._counter_after_write(vals)
        # 8. closing seals the dossier (helpdesk_ticket_dossier.py)
        self._seal_after_write(vals)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_named_by_locked_document(self):
        """A complaint that a locked document names (an approved 8D report, a
        chargeback sent or settled, a corrective-action request sent, a remedy
        submitted...) is not deleted: the document stays as it was, its
        complaints included (rules §10.6)."""
        named = self._locked_documents()
        if named:
            document, fname = named[0]
            complaint = self & document[fname]
            raise UserError(
                self.env._(
                    "%(complaint)s cannot be deleted: %(document)s names it and is "
                    "%(state)s, so it stays as it was, its complaints included.",
                    complaint=complaint[:1].display_name,
                    document=document.display_name,
                    state=document._lock_state_label(),
                )
            )

    # Actions
    def action_hand_over_to_qa(self):
        """Hand the complaint over to QA once its intake is complete (rules §2)."""
        self._check_intake_complete()
        for ticket in self:
            stage = ticket.team_id.complaint_qa_stage_id
            if stage and ticket.stage_id != stage:
                ticket.stage_id = stage
        self._mark_handed_over()
        return True

    def action_return_to_receiver(self):
        """Open the wizard in which QA says why the complaint goes back."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Back to Receiver"),
            "res_model": "complaint.intake.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_ids": self.ids},
        }

    @api.readonly
    def action_view_similar(self):
        self.ensure_one()
        return self._complaint_list_action(
            self.env._("Similar Complaints"),
            [("id", "in", self.similar_ticket_ids.ids)],
        )

    @api.readonly
    def action_view_repeats(self):
        self.ensure_one()
        return self._complaint_list_action(
            self.env._("Earlier Complaints Repeated"),
            [("id", "in", self.repeat_of_ids.ids)],
        )

    @api.model
    def _complaint_list_action(self, name, domain):
        """The complaints of ``domain`` in the complaint list, the eight columns a
        person works with, and their form (rules §11.6)."""
        list_view = self.env.ref(
            "complaint_management.helpdesk_ticket_view_list_complaint"
        )
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "views": [(list_view.id, "list"), (False, "form")],
            "domain": domain,
        }

    def action_reopen_complaint(self):
        """Open the wizard in which the user says why a closed complaint reopens
        (who may change the complaint)."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Complaint"),
            "res_model": "complaint.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # Business methods: intake and hand-over
    def _intake_missing_names(self):
        """The names of the intake fields this complaint still lacks, in order.

        Which fields are required is the team's choice; by default the minimum of
        rules §2 (000 第四篇 5.1.1), shipped as the default of the team setting.
        A defect rate the customer states stands for the lot size and the
        defective quantity (rules §17.4: the defect rate, or the lot size and
        defectives). Read from the team's cached intake
        (``_complaint_intake_spec``): no query beyond the complaint's own fields
        (rules §14).
        """
        self.ensure_one()
        if not self.is_complaint:
            return []
        missing = []
        spec = self.env["helpdesk.ticket.team"]._complaint_intake_spec(self.team_id.id)
        rate_stated = self.stated_defect_rate > 0
        for _field_id, name, ttype in spec:
            if name not in self._fields:
                continue  # a custom field removed since the team chose it
            if rate_stated and name in RATE_QTY_FIELDS:
                continue
            value = self[name]
            if ttype in ("float", "integer", "monetary"):
                filled = value > 0
            else:
                filled = bool(value)
            if not filled:
                missing.append(name)
        return missing

    def _intake_missing_fields(self):
        """The intake fields this complaint still lacks (ir.model.fields records)."""
        self.ensure_one()
        names = self._intake_missing_names()
        spec = self.env["helpdesk.ticket.team"]._complaint_intake_spec(self.team_id.id)
        return (
            self.env["ir.model.fields"]
            .sudo()
            .browse(field_id for field_id, name, _ttype in spec if name in names)
        )

    def _intake_labels(self, names):
        """The fields ``names`` as the user reads them (their translated labels)."""
        return ", ".join(
            self._fields[name]._description_string(self.env) for name in names
        )

    def _check_intake_complete(self):
        """Refuse an incomplete complaint, naming exactly what is missing."""
        errors = []
        for ticket in self:
            missing = ticket._intake_missing_names()
            if missing:
                errors.append(
                    self.env._(
                        "%(complaint)s lacks: %(fields)s",
                        complaint=ticket.display_name,
                        fields=ticket._intake_labels(missing),
                    )
                )
        if errors:
            raise UserError(
                self.env._(
                    "The complaint cannot go to QA until its intake is complete.\n"
                    "%(details)s",
                    details="\n".join(errors),
                )
            )
        self._checklist_check_complete()  # helpdesk_ticket_checklist.py

    def _mark_handed_over(self):
        to_mark = self.filtered(
            lambda t: t.is_complaint and t.intake_state != "handed_over"
        )
        if to_mark:
            to_mark.write({"intake_state": "handed_over"})
            to_mark._record_event("handed_to_qa")
            to_mark.activity_unlink(["complaint_management.mail_act_complaint_intake"])

    def _return_to_receiver(self, reason):
        """QA sends an incomplete complaint back to whoever received it, saying why."""
        self.write({"intake_state": "returned", "intake_return_reason": reason})
        # Asking the receiver for more is QA's response (rules §4).
        self.filtered(lambda t: not t.qa_response_date)._record_event("qa_responded")
        for ticket in self:
            schedule_activity(
                ticket,
                "complaint_management.mail_act_complaint_intake",
                ticket.receiver_id or ticket.create_uid,
                note=reason,
            )
            ticket.message_post(
                body=self.env._("Sent back to the receiver: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )

    # Business methods: closing and reopening
    def _check_can_close(self):
        """A complaint closes only once responsibility is settled (rules §5),
        then only as each capability allows: its remedies
        (``_remedy_check_can_close``), then its 8D (``_eight_d_check_can_close``)."""
        for ticket in self:
            if ticket.responsibility in (False, "undetermined"):
                raise UserError(
                    self.env._(
                        "Decide who is responsible for %(complaint)s before closing "
                        "it: set 'Responsibility'.",
                        complaint=ticket.display_name,
                    )
                )
        self._remedy_check_can_close()
        self._eight_d_check_can_close()
        self._sample_check_can_close()

    def _locked_documents(self):
        """``(document, field name)`` for each locked document naming one of
        these complaints: a record of a ``complaint.protected.mixin`` model other
        than the complaint, in a state of its ``_locks``, that names it in a
        stored many2one or many2many field. Found by introspection (as
        superuser: whoever deletes may not read every document), so a new
        document model is covered by its declaration alone."""
        Mixin = self.env.registry["complaint.protected.mixin"]
        found = []
        for name, model in self.env.registry.items():
            if (
                name == self._name
                or not issubclass(model, Mixin)
                or model._abstract
                or model._transient
                or not model._locks
            ):
                continue
            Document = self.env[name].sudo().with_context(active_test=False)
            for fname, field in Document._fields.items():
                if (
                    field.store
                    and field.type in ("many2one", "many2many")
                    and field.comodel_name == self._name
                ):
                    documents = Document.search([(fname, "in", self.ids)])
                    found += [(doc, fname) for doc in documents._lock_filter()]
        return found

    def _lock_key(self):
        """A closed complaint is locked (plain tickets are not)."""
        return "closed" if self.is_complaint and self.closed else False

    def _lock_state_label(self):
        """A locked complaint reads as "closed"."""
        return self.env._("closed")

    @api.model
    def _protected_message(self, names):
        """The refusal of a client's write of event dates (a fact, not a form
        field: no back-dating a containment to meet a deadline; a QA manager
        corrects a wrong date with the correction wizard) or of the
        acknowledgement state (rules §4, §12), of its number (rules §11.6), or
        of its links to its documents (rules §10.6)."""
        links = [name for name in names if name in self._protected_links]
        if links:
            return self.env._(
                "%(fields)s of a complaint are linked by the documents themselves "
                "and cannot be written on the complaint: start an 8D report, a "
                "chargeback, a corrective-action request or a remedy from the "
                "complaint, or add the complaint on the document while it is in "
                "progress. An approved, sent or settled document keeps its "
                "complaints until it is reopened.",
                fields=self._field_labels(links, sort=True),
            )
        if {"complaint_number", "number"}.intersection(names):
            return self.env._(
                "A complaint's number is drawn by the application and is the one "
                "people quote: it cannot be written. Put any other reference in "
                "the description."
            )
        events = PROTECTED_EVENT_FIELDS.intersection(names)
        if not events:
            return self.env._(
                "The acknowledgement to the customer is queued and sent by the "
                "application itself; its state cannot be written."
            )
        return self.env._(
            "%(fields)s cannot be edited: these dates are recorded by the "
            "complaint's actions (and by its 8D). A QA manager corrects a "
            "wrong date with 'Correct an Event Date', giving the reason.",
            fields=self._field_labels(events, sort=True),
        )

    def _lock_hint(self):
        """What to do instead of changing a closed complaint."""
        return self.env._(
            "Record the call-back with its button, or reopen the complaint with a "
            "reason (Reopen) to change it."
        )

    def _reopen_with_reason(self, reason):
        """Reopen closed complaints for a reason the chatter keeps (rules §5,
        §8): back to the reopen stage, the deadlines planned again."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the complaint reopens."))
        self.check_access("write")
        for ticket in self:
            if not (ticket.is_complaint and ticket.closed):
                raise UserError(
                    self.env._(
                        "%(complaint)s is not closed: there is nothing to reopen.",
                        complaint=ticket.display_name,
                    )
                )
            stage = ticket._reopen_stage()
            if not stage:
                raise UserError(
                    self.env._(
                        "No open stage to reopen %(complaint)s in: set the reopen "
                        "stage in the complaint settings.",
                        complaint=ticket.display_name,
                    )
                )
            ticket._protected_context().write({"stage_id": stage.id})
            ticket.message_post(
                body=self.env._(
                    "Reopened by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _stage_vals(self, vals_list):
        """Before a create: the first stage of each team, as helpdesk_mgmt
        chooses it (``_get_applicable_stages``), looked up once per team for the
        batch rather than once per ticket (rules §14.1)."""
        todo = [v for v in vals_list if v.get("team_id") and "stage_id" not in v]
        teams = self.env["helpdesk.ticket.team"].browse({v["team_id"] for v in todo})
        first = {team.id: team._get_applicable_stages()[:1].id for team in teams}
        for vals in todo:
            vals["stage_id"] = first[vals["team_id"]]

    # Business methods: numbering
    @api.model
    def _complaint_number_vals(self, vals_list):
        """Number, before they are created, the complaints the values say are
        complaints (explicitly, or by their team): the sequence is looked up once
        per batch, then one number each, and no write afterwards."""
        for company, company_vals in self._complaint_number_todo(vals_list).items():
            numbers = self._next_complaint_numbers(
                company, [vals.get("complaint_date") for vals in company_vals]
            )
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["complaint_number"] = number
        self._complaint_reference_vals(vals_list)

    @api.model
    def _complaint_reference_vals(self, vals_list):
        """A ticket with a complaint number is known by it alone (rules §11.6): the
        values that carry one give it to helpdesk_mgmt's ``number`` too, which
        then draws no ticket number of its own."""
        for vals in vals_list:
            if vals.get("complaint_number"):
                vals["number"] = vals["complaint_number"]

    @api.model
    def _complaint_number_todo(self, vals_list):
        """The values of ``vals_list`` that are complaints without a number yet,
        by the id of the company whose sequence numbers them."""
        team_ids = {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        teams = self.env["helpdesk.ticket.team"].browse(team_ids)
        todo = {}  # company id -> [vals]
        for vals in vals_list:
            if vals.get("complaint_number"):
                continue
            team = teams.browse(vals.get("team_id"))
            if not vals.get("is_complaint", team.complaint_team):
                continue
            company = (
                team.company_id.id or vals.get("company_id") or self.env.company.id
            )
            todo.setdefault(company, []).append(vals)
        return todo

    @api.model
    def _next_complaint_numbers(self, company_id, complaint_dates):
        """The next complaint numbers of ``company_id``, one per date of
        ``complaint_dates`` and dated by it, in that order, as
        ``ir.sequence.next_by_code`` draws them: the sequence and its date ranges
        are looked up once per batch and the numbers drawn together, one query
        per date range (per year) whatever the size of the batch."""
        sequence = self._complaint_sequence(company_id)
        if not sequence:
            return [False] * len(complaint_dates)
        numbers = [False] * len(complaint_dates)
        for counter, todo in self._complaint_number_counters(
            sequence, complaint_dates
        ).items():
            drawn = self._complaint_draw_numbers(sequence, counter, len(todo))
            range_start = counter.date_from if counter != sequence else None
            for (index, day), number in zip(todo, drawn, strict=True):
                # dated by the complaint, never by a date a client put in its context
                numbers[index] = sequence.with_context(
                    ir_sequence_date=day, ir_sequence_date_range=range_start
                ).get_next_char(number)
        return numbers

    @api.model
    def _complaint_sequence(self, company_id):
        """The complaint sequence of ``company_id`` (its own, else the shared one),
        as superuser once the user's right to read sequences is checked; empty when
        there is none."""
        Sequence = self.env["ir.sequence"].with_company(company_id)
        Sequence.browse().check_access("read")
        sequence = Sequence.search(
            [
                ("code", "=", "helpdesk.ticket.complaint"),
                ("company_id", "in", [company_id, False]),
            ],
            order="company_id",
            limit=1,
        )
        return sequence.sudo()

    @api.model
    def _complaint_number_counters(self, sequence, complaint_dates):
        """Which counter draws the number of each date of ``complaint_dates``:
        ``{counter: [(index, day)]}``, the counter being the sequence itself or
        the date range of the day (created when missing)."""
        ranges = sequence.date_range_ids
        counters = {}  # counter (the sequence or a date range) -> [(index, day)]
        for index, complaint_date in enumerate(complaint_dates):
            day = fields.Date.to_date(complaint_date or fields.Datetime.now())
            counter = sequence
            if sequence.use_date_range:
                counter = ranges.filtered(
                    lambda r, d=day: r.date_from <= d <= r.date_to
                )[:1]
                if not counter:
                    counter = sequence._create_date_range_seq(day)
                    ranges |= counter
            counters.setdefault(counter, []).append((index, day))
        return counters

    @api.model
    def _complaint_draw_numbers(self, sequence, counter, count):
        """Draw ``count`` numbers at once from ``counter``, the sequence itself or
        one of its date ranges, as its implementation would one by one: a
        PostgreSQL sequence (gaps allowed), or the counter row locked and moved on
        by the whole batch (no gaps)."""
        cr = self.env.cr
        if sequence.implementation == "standard":
            name = f"ir_sequence_{sequence.id:03d}"
            if counter != sequence:
                name = f"{name}_{counter.id:03d}"
            cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                    name,
                    count,
                )
            )
            numbers = [row[0] for row in cr.fetchall()]
            if sequence.number_increment < 0:
                numbers.reverse()
            return numbers
        step = sequence.number_increment
        counter.flush_recordset(["number_next"])
        cr.execute(
            SQL(
                "SELECT number_next FROM %s WHERE id = %s FOR UPDATE NOWAIT",
                SQL.identifier(counter._table),
                counter.id,
            )
        )
        first = cr.fetchone()[0]
        cr.execute(
            SQL(
                "UPDATE %s SET number_next = number_next + %s WHERE id = %s",
                SQL.identifier(counter._table),
                step * count,
                counter.id,
            )
        )
        counter.invalidate_recordset(["number_next"])
        return [first + step * i for i in range(count)]

    def _assign_complaint_number(self):
        """Number complaints from the complaint sequence, dated by the complaint:
        the numbers of a company's complaints are drawn together, in one call,
        and written together, at a cost that does not grow with the batch.

        Called by ``create`` and ``write`` themselves (their step "number"), so
        the numbers are set as the ORM sets computed values, then what depends on
        them (the 8D report's name) is told once for the batch: one ``write``
        per complaint would look its 8D reports up one complaint at a time. The
        number is tracked in the chatter as a ``write`` would. The complaint number
        becomes the ticket's ``number`` too: a ticket that turns complaint is known
        by its complaint number from then on (rules §11.6)."""
        todo = self.filtered(lambda t: not t.complaint_number)
        if not todo:
            return
        context = self.env.context
        if not context.get("tracking_disable") and not context.get("mail_notrack"):
            todo._track_prepare(["complaint_number", "number"])
        fnames = ["complaint_number", "number"]
        with self.env.protecting([self._fields[fname] for fname in fnames], todo):
            for company, tickets in todo.grouped("company_id").items():
                numbers = self._next_complaint_numbers(
                    company.id, tickets.mapped("complaint_date")
                )
                for ticket, number in zip(tickets, numbers, strict=True):
                    ticket.complaint_number = number
                    if number:
                        ticket.number = number
        todo.modified(fnames)

    # Business methods: repeats, grading and priority
    def _complaint_recompute(self, fnames):
        """Recompute the stored fields ``fnames`` of these complaints now, with what
        depends on them (grade, 8D requirement...); re-plan the deadlines of those
        whose grade changed (rules §3, §4)."""
        before = {ticket.id: ticket.complaint_severity for ticket in self}
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset(fnames)
        self.modified(fnames)
        regraded = self.filtered(lambda t: t.complaint_severity != before[t.id])
        if regraded:
            regraded._sla_sync()
        self._complaint_sync_priority()

    def _complaint_regrade(self):
        """Grade these complaints again by the current grading rules; a grade set
        by hand stays (it overrides the rules' grade, rules §3)."""
        self._complaint_recompute(["severity_computed", "grading_reason"])

    def _complaint_priority(self):
        """The priority the grade of this complaint calls for (company table)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if self.is_major and company.complaint_priority_major:
            return company.complaint_priority_major
        if self.complaint_severity in dict(SEVERITIES):
            return company[f"complaint_priority_{self.complaint_severity}"]
        return False

    def _complaint_sync_priority(self):
        """Give these complaints the priority of their grade, one write per
        priority (called by create, write and re-grading)."""
        targets = defaultdict(list)
        for ticket in self:
            if not ticket.is_complaint:
                continue
            priority = ticket._complaint_priority()
            if priority and ticket.priority != priority:
                targets[priority].append(ticket.id)
        for priority, ids in targets.items():
            # The application's own write: also on a closed complaint re-graded.
            self.browse(ids)._protected_context().write({"priority": priority})

    # Business methods: major complaints
    def _notify_major(self):
        """Tell the department head and the executive in charge at once and in
        parallel: followers, a notification and an activity each; assign the team's
        audit team (rules §3, seed 002 第四篇). The notification is an
        automatic step, in the company's language; each activity is in its
        assignee's (rules §13)."""
        need_audit = self.filtered(
            lambda t: t.team_id.audit_user_ids and not t.audit_user_ids
        )
        for team, tickets in need_audit.grouped("team_id").items():
            tickets.audit_user_ids = team.audit_user_ids
        to_notify = []  # (complaint, partners)
        to_schedule = {}  # user -> complaints: one batch of activities per user
        to_subscribe = {}  # partners -> complaints: one subscription per group
        for ticket in self:
            team = ticket.team_id
            users = team.major_manager_id | team.major_executive_id
            partners = (users | ticket.audit_user_ids).partner_id
            to_notify.append((ticket, partners))
            if partners:
                group = to_subscribe.get(partners, self.browse())
                to_subscribe[partners] = group | ticket
            for user in users:
                to_schedule[user] = to_schedule.get(user, self.browse()) | ticket
        for partners, tickets in to_subscribe.items():
            tickets.message_subscribe(partner_ids=partners.ids)
        for ticket, partners in to_notify:
            local = ticket.with_context(lang=company_lang(ticket))
            local.message_post(
                body=local.env._(
                    "Major complaint: %(complaint)s needs the attention of management "
                    "now.",
                    complaint=local.display_name,
                ),
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="notification",
            )
        for user, tickets in to_schedule.items():
            schedule_activity(
                tickets, "complaint_management.mail_act_complaint_major", user
            )

    # Import
    @api.model
    @api.readonly
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Complaints"),
                "template": "/complaint_management/static/xls/complaint_import.xlsx",
            }
        ]
