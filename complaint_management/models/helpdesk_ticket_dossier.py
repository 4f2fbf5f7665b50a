import hashlib
import json
from collections import defaultdict

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

# The complaint's own facts a seal covers (rules §22.3): the intake, the grade and
# why, responsibility and the events up to closure. What legitimately follows
# closure (the call-back, satisfaction, the effectiveness check, the knowledge
# base, the audit team) is in the dossier but not in the seal.
SEALED_TICKET_FIELDS = (
    "complaint_number",
    "name",
    "description",
    "company_id",
    "team_id",
    "partner_id",
    "product_id",
    "lot_number",
    "shipped_date",
    "shipped_qty",
    "lot_qty",
    "defect_qty",
    "detection_stage",
    "defect_type_id",
    "requires_formal_report",
    "stopped_customer_line",
    "severity_computed",
    "grading_reason",
    "severity_override",
    "severity_override_reason",
    "complaint_severity",
    "is_major",
    "is_repeat",
    "responsibility",
    "supplier_id",
    "complaint_date",
    "handed_over_date",
    "qa_response_date",
    "sla_feedback_date",
    "containment_date",
    "root_cause_date",
    "resolved_date",
)
# The milestones that run after closure: in the dossier, not in the seal.
UNSEALED_MILESTONES = ("follow_up", "effectiveness")
SEALED_MILESTONE_FIELDS = (
    "milestone",
    "start_date",
    "deadline",
    "reached_date",
    "state",
    "breach_date",
    "escalation_level",
)
SEALED_PAUSE_FIELDS = (
    "reason",
    "customer_informed_date",
    "start_date",
    "end_date",
    "user_id",
)
# What was approved, not where the document went next (a remedy paid, a
# chargeback settled after the complaint closed).
SEALED_DOCUMENT_FIELDS = {
    "complaint.remedy": ("remedy_type", "amount", "currency_id", "approved_date"),
    "complaint.8d": ("name", "approval_date", "closure_summary"),
    "complaint.chargeback": ("name", "partner_id", "amount_total", "approved_date"),
}
SEALED_REVIEW_FIELDS = ("sequence", "status", "done_by", "reviewed_date", "comment")
TRACKING_COLUMNS = (
    "old_value_integer",
    "old_value_float",
    "old_value_char",
    "old_value_text",
    "old_value_datetime",
    "new_value_integer",
    "new_value_float",
    "new_value_char",
    "new_value_text",
    "new_value_datetime",
)


def canonical(value):
    """A field value as the seal writes it: ids for records, ISO text for dates,
    rounded text for numbers (the same value always reads the same)."""
    if isinstance(value, models.BaseModel):
        return value.ids
    if isinstance(value, float):
        return f"{value:.6f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if value is not None else False


class HelpdeskTicket(models.Model):
    """The audit dossier of a complaint and its seals (rules §22.2, §22.3): the
    facts an auditor reads in one PDF, their canonical serialisation, and the
    seal recorded when the complaint closes or reopens."""

    _inherit = "helpdesk.ticket"

    seal_ids = fields.One2many(
        "complaint.seal",
        "ticket_id",
        string="Seals",
        groups="complaint_management.group_complaint_manager,"
        "complaint_management.group_complaint_auditor",
    )

    # Actions
    def action_print_dossier(self):
        """Print the audit dossier (the report's groups say who may)."""
        self.ensure_one()
        return self.env.ref(
            "complaint_management.action_report_complaint_dossier"
        ).report_action(self)

    # Hooks of create and write (models/helpdesk_ticket.py)
    def _seal_after_create(self):
        """A complaint recorded closed (imported history) is sealed at once."""
        closed = self.filtered(lambda t: t.is_complaint and t.closed)
        self.env["complaint.seal"]._seal_tickets(closed, "closed")

    def _seal_after_write(self, vals):
        """Closing a complaint seals its dossier (rules §22.3): once per closing,
        whatever later writes of a closed stage say."""
        if "stage_id" not in vals:
            return
        closed = self.filtered(lambda t: t.is_complaint and t.closed)
        if not closed:
            return
        last = closed._seal_last()
        to_seal = closed.filtered(
            lambda t: not last.get(t.id) or last[t.id].reason != "closed"
        )
        self.env["complaint.seal"]._seal_tickets(to_seal, "closed")

    def _seal_before_write(self, vals, stage):
        """Reopening (a closed complaint moved to an open stage, by any path)
        first seals what the complaint said when it reopened, with the tracked
        changes its closing seal covered (rules §22.3): the chain records the
        reopening and the check compares it with the closing seal."""
        if not stage or stage.closed:
            return
        reopened = self.filtered(lambda t: t.is_complaint and t.closed)
        if not reopened:
            return
        last = reopened._seal_last()
        bounds = {tid: seal.tracking_bound for tid, seal in last.items()}
        self.env["complaint.seal"]._seal_tickets(
            reopened.filtered(lambda t: t.id in last), "reopened", bounds
        )

    # Business methods: the dossier's facts
    def _seal_last(self):
        """{complaint id: its last seal}, in one query."""
        seals = (
            self.env["complaint.seal"]
            .sudo()
            .search([("ticket_id", "in", self.ids)], order="sequence")
        )
        return {seal.ticket_id.id: seal for seal in seals}

    def _dossier_reviews(self, documents):
        """{(model, id): tier reviews} of ``documents`` (a list of recordsets),
        read in one query."""
        Review = self.env["tier.review"].sudo()
        domain = []
        for records in documents:
            if records:
                domain.append(
                    [("model", "=", records._name), ("res_id", "in", records.ids)]
                )
        reviews = defaultdict(lambda: Review)
        if not domain:
            return reviews
        found = Review.search(Domain.OR(domain), order="sequence, id")
        for review in found:
            reviews[(review.model, review.res_id)] |= review
        return reviews

    def _dossier_tracking(self, bounds=None):
        """{complaint id: [tracked change, ...]}: the tracked changes of these
        complaints (mail.tracking.value), oldest first, up to each one's bound
        (``bounds``: {complaint id: last tracking id}; none: all), in one query.
        Each change: id, field name, author, date, old and new values."""
        if not self.ids:
            return {}
        columns = SQL(", ").join(
            SQL("v.%s", SQL.identifier(column)) for column in TRACKING_COLUMNS
        )
        self.env["mail.tracking.value"].flush_model()
        self.env["mail.message"].flush_model(["model", "res_id", "author_id", "date"])
        self.env.cr.execute(
            SQL(
                """
                SELECT m.res_id, v.id, f.name, m.author_id, m.date, %s
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                  LEFT JOIN ir_model_fields f ON f.id = v.field_id
                 WHERE m.model = 'helpdesk.ticket' AND m.res_id IN %s
                 ORDER BY v.id
                """,
                columns,
                tuple(self.ids),
            )
        )
        result = defaultdict(list)
        for res_id, vid, fname, author_id, date, *values in self.env.cr.fetchall():
            if bounds is not None and vid > bounds.get(res_id, 0):
                continue
            result[res_id].append(
                {
                    "id": vid,
                    "field": fname,
                    "author_id": author_id,
                    "date": canonical(date),
                    "values": [canonical(value) for value in values],
                }
            )
        return result

    def _dossier_facts(self, bounds=None):
        """{complaint id: facts}: the canonical serialisation of what each
        complaint's seal covers (rules §22.3), read in a fixed number of queries
        whatever the number of complaints: the complaint's own facts
        (``SEALED_TICKET_FIELDS``), its deadlines and pauses, its remedies, 8D
        reports and chargebacks as approved with their reviews, and its tracked
        changes up to ``bounds``."""
        tickets = self.sudo().with_context(active_test=False)
        tracking = self._dossier_tracking(bounds)
        remedies = tickets.remedy_ids
        reports = tickets.eight_d_ids
        chargebacks = tickets.chargeback_ids
        reviews = self._dossier_reviews([remedies, reports, chargebacks])
        tickets.sla_milestone_ids.mapped("milestone")
        tickets.pause_ids.mapped("reason")

        def document(record):
            names = SEALED_DOCUMENT_FIELDS[record._name]
            facts = {"id": record.id}
            facts.update({name: canonical(record[name]) for name in names})
            facts["reviews"] = [
                {name: canonical(review[name]) for name in SEALED_REVIEW_FIELDS}
                for review in reviews[(record._name, record.id)]
            ]
            return facts

        result = {}
        for ticket in tickets:
            facts = {name: canonical(ticket[name]) for name in SEALED_TICKET_FIELDS}
            facts["id"] = ticket.id
            facts["milestones"] = [
                {name: canonical(m[name]) for name in SEALED_MILESTONE_FIELDS}
                for m in ticket.sla_milestone_ids.sorted("id")
                if m.milestone not in UNSEALED_MILESTONES
            ]
            facts["pauses"] = [
                {name: canonical(p[name]) for name in SEALED_PAUSE_FIELDS}
                for p in ticket.pause_ids.sorted("id")
            ]
            facts["remedies"] = [document(r) for r in ticket.remedy_ids.sorted("id")]
            facts["reports"] = [document(r) for r in ticket.eight_d_ids.sorted("id")]
            facts["chargebacks"] = [
                document(c) for c in ticket.chargeback_ids.sorted("id")
            ]
            facts["tracking"] = tracking.get(ticket.id, [])
            result[ticket.id] = facts
        return result

    def _dossier_content(self, bounds=None):
        """{complaint id: (SHA-256 of its canonical facts, tracking bound)}: the
        fingerprint a seal records (rules §22.3)."""
        facts = self._dossier_facts(bounds)
        result = {}
        for ticket_id, values in facts.items():
            text = json.dumps(
                values, sort_keys=True, ensure_ascii=True, separators=(",", ":")
            )
            bound = max((change["id"] for change in values["tracking"]), default=0)
            if bounds is not None and ticket_id in bounds:
                bound = bounds[ticket_id]
            result[ticket_id] = (hashlib.sha256(text.encode()).hexdigest(), bound)
        return result
