from collections import defaultdict

from odoo import api, models
from odoo.tools.misc import format_date, format_datetime

from ..models.helpdesk_ticket import EVENT_FIELDS

# The intake as the dossier shows it (rules §22.2), in the form's order.
INTAKE_FIELDS = (
    "partner_id",
    "product_id",
    "lot_number",
    "shipped_date",
    "shipped_qty",
    "lot_qty",
    "defect_qty",
    "defect_rate",
    "detection_stage",
    "defect_type_id",
    "customer_request",
    "requested_resolution",
    "responsibility",
    "supplier_id",
)
GRADE_FIELDS = (
    "complaint_severity",
    "severity_computed",
    "grading_reason",
    "severity_override",
    "severity_override_reason",
    "requires_formal_report",
    "stopped_customer_line",
    "is_major",
    "is_repeat",
)


class ComplaintDossierReport(models.AbstractModel):
    """The audit dossier of a complaint (rules §22.2): everything an auditor
    reads about it, in the reader's language. The values of a batch of
    complaints are read together: the reviews of their documents and their
    tracked changes in one query each, the rest through the ORM's prefetch."""

    _name = "report.complaint_management.report_complaint_dossier"
    _description = "Complaint Audit Dossier"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["helpdesk.ticket"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "helpdesk.ticket",
            "docs": docs,
            "dossiers": self._dossiers(docs),
        }

    # Formatting
    def _show(self, record, fname):
        """The value of ``record.fname`` as the reader reads it."""
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type in ("one2many", "many2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type == "datetime":
            return format_datetime(self.env, value) if value else ""
        if field.type == "date":
            return format_date(self.env, value) if value else ""
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if field.type == "html":
            return value and record.env["ir.qweb.field.html"].value_to_html(value, {})
        if value is False or value is None:
            return ""
        return value

    def _label(self, record, fname):
        return record._fields[fname]._description_string(self.env)

    def _pairs(self, record, fnames):
        return [
            (self._label(record, fname), self._show(record, fname))
            for fname in fnames
            if fname in record._fields
        ]

    # The dossier
    def _dossiers(self, docs):
        """{complaint id: its dossier's sections}."""
        tickets = docs.with_context(active_test=False)
        reviews = docs._dossier_reviews(
            [tickets.remedy_ids, tickets.eight_d_ids, tickets.chargeback_ids]
        )
        trackings = self._trackings(tickets)
        seals = defaultdict(list)
        if self.env.user.has_group(
            "complaint_management.group_complaint_manager"
        ) or self.env.user.has_group("complaint_management.group_complaint_auditor"):
            for seal in (
                self.env["complaint.seal"]
                .sudo()
                .search([("ticket_id", "in", tickets.ids)], order="sequence")
            ):
                seals[seal.ticket_id.id].append(seal)
        result = {}
        for ticket in tickets:
            changes = trackings.get(ticket.id, [])
            result[ticket.id] = {
                "intake": self._pairs(ticket, INTAKE_FIELDS),
                "grade": self._pairs(ticket, GRADE_FIELDS),
                "events": self._events(ticket, changes),
                "milestones": [
                    {
                        "milestone": self._show(m, "milestone"),
                        "deadline": self._show(m, "deadline"),
                        "reached": self._show(m, "reached_date"),
                        "state": self._show(m, "state"),
                        "breach": self._show(m, "breach_date"),
                        "escalation": m.escalation_level,
                    }
                    for m in ticket.sla_milestone_ids.sorted(
                        lambda m: (m.start_date, m.id)
                    )
                ],
                "pauses": [
                    {
                        "reason": p.reason,
                        "start": self._show(p, "start_date"),
                        "end": self._show(p, "end_date"),
                        "informed": self._show(p, "customer_informed_date"),
                        "user": p.user_id.name or "",
                    }
                    for p in ticket.pause_ids.sorted("start_date")
                ],
                "remedies": [
                    {
                        "name": r.display_name,
                        "type": self._show(r, "remedy_type"),
                        "amount": self._show(r, "amount"),
                        "currency": r.currency_id.name or "",
                        "state": self._show(r, "state"),
                        "reviews": self._reviews(reviews[(r._name, r.id)]),
                    }
                    for r in ticket.remedy_ids.sorted("id")
                ],
                "reports": [
                    {
                        "name": report.name,
                        "state": self._show(report, "state"),
                        "approval": self._show(report, "approval_date"),
                        "causes": ", ".join(report.cause_ids.mapped("name")),
                        "summary": report.closure_summary or "",
                        "reviews": self._reviews(reviews[(report._name, report.id)]),
                    }
                    for report in ticket.eight_d_ids.sorted("id")
                ],
                "chargebacks": [
                    {
                        "name": c.name,
                        "supplier": c.partner_id.display_name,
                        "amount": self._show(c, "amount_total"),
                        "currency": c.currency_id.name or "",
                        "state": self._show(c, "state"),
                        "reviews": self._reviews(reviews[(c._name, c.id)]),
                    }
                    for c in ticket.chargeback_ids.sorted("id")
                ],
                "followup": self._pairs(
                    ticket, ("callback_date", "satisfaction", "satisfaction_comment")
                ),
                "changes": changes,
                "seals": [
                    {
                        "sequence": seal.sequence,
                        "reason": self._show(seal, "reason"),
                        "date": self._show(seal, "sealed_on"),
                        "user": seal.user_id.name or "",
                        "hash": seal.hash,
                    }
                    for seal in seals.get(ticket.id, [])
                ],
            }
        return result

    def _reviews(self, reviews):
        return [
            {
                "tier": review.name or review.sequence,
                "status": self._show(review, "status"),
                "by": review.done_by.name or "",
                "date": self._show(review, "reviewed_date"),
                "comment": review.comment or "",
            }
            for review in reviews
        ]

    def _events(self, ticket, changes):
        """Each event of the complaint: when, and who recorded it (the author of
        the last tracked change of its date; the receiver for the receipt)."""
        recorded_by = {}
        for change in changes:
            recorded_by[change["fname"]] = change["author"]
        events = []
        for event, fname in EVENT_FIELDS.items():
            if not ticket[fname]:
                continue
            who = recorded_by.get(fname)
            if not who and event == "received":
                who = (ticket.receiver_id or ticket.create_uid).name
            events.append(
                {
                    "when": ticket[fname],
                    "event": self._label(ticket, fname),
                    "date": self._show(ticket, fname),
                    "by": who or "",
                }
            )
        return sorted(events, key=lambda e: e["when"])

    def _trackings(self, tickets):
        """{complaint id: [change, ...]}: the tracked changes the reader may
        see (fields they may read), oldest first, in one query."""
        Tracking = self.env["mail.tracking.value"].sudo()
        values = Tracking.search(
            [
                ("mail_message_id.model", "=", "helpdesk.ticket"),
                ("mail_message_id.res_id", "in", tickets.ids),
            ],
            order="id",
        )
        Ticket = self.env["helpdesk.ticket"]
        result = defaultdict(list)
        for value in values:
            fname = value.field_id.name
            field = Ticket._fields.get(fname)
            if field is None or not Ticket._has_field_access(field, "read"):
                continue
            message = value.mail_message_id
            ftype = value.field_id.ttype
            result[message.res_id].append(
                {
                    "fname": fname,
                    "field": field._description_string(self.env),
                    "date": format_datetime(self.env, message.date),
                    "author": message.author_id.name or "",
                    "old": value._format_display_value(ftype, new=False)[0] or "",
                    "new": value._format_display_value(ftype, new=True)[0] or "",
                }
            )
        return result
