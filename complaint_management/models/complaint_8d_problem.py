"""D2 of the 8D (domain.md §6, seed 004): the problem described as 5W2H, started
from what the complaint already says, and the timeline of the complaint with its
agreed pauses (§4.3.5)."""

from datetime import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date, formatLang, html2plaintext


class Complaint8D(models.Model):
    _inherit = "complaint.8d"

    # Computes
    # D2 starts from what the complaint already says (domain.md §2); the team
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

    # Business methods
    # Problem description (D2)
    def _fill_problem(self, name):
        """Fill the 5W2H question ``name`` from the main complaint, when empty."""
        for report in self:
            report[name] = (
                report[name] or report._problem_facts(report.main_ticket_id).get(name)
            ) or False

    def _problem_facts(self, ticket):
        """The 5W2H answers the complaint's intake already gives (domain.md §2)."""
        if not ticket:
            return {}
        stage_labels = dict(
            ticket._fields["detection_stage"]._description_selection(self.env)
        )
        what = [ticket.product_id.display_name, ticket.defect_type_id.name, ticket.name]
        why = []
        if ticket.stopped_customer_line:
            why.append(self.env._("The customer's line or production stopped."))
        if ticket.requires_formal_report:
            why.append(
                self.env._("The customer demands a formal corrective-action report.")
            )
        if ticket.customer_request:
            why.append(ticket.customer_request)
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
        if ticket.shipped_qty:
            how_much.append(
                self.env._("%(qty)s shipped", qty=self._format_qty(ticket.shipped_qty))
            )
        return {
            "problem_what": ": ".join(filter(None, what)),
            "problem_why": " ".join(why),
            "problem_when": ", ".join(when),
            "problem_where": stage_labels.get(ticket.detection_stage, ""),
            "problem_who": ticket.partner_id.display_name or "",
            "problem_how": html2plaintext(ticket.description or "").strip(),
            "problem_how_much": ", ".join(how_much),
        }

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
            add(
                pause["date_from"],
                self.env._(
                    "Deadlines paused until %(date_to)s: %(reason)s",
                    date_to=format_date(self.env, pause["date_to"]),
                    reason=pause["reason"],
                ),
            )
        return sorted(events, key=lambda e: e["date"])

    def _timeline_pauses(self):
        """The agreed pauses of the complaints' deadlines (domain.md §4: time spent
        on tests or samples, agreed with sales and told to the customer), as
        [{'date_from': date, 'date_to': date, 'reason': str}]; a pause still
        running ends today.
        """
        today = fields.Date.context_today(self)
        return [
            {
                "date_from": fields.Date.to_date(pause.start_date),
                "date_to": fields.Date.to_date(pause.end_date) or today,
                "reason": pause.reason,
            }
            for pause in self.ticket_ids.sudo().pause_ids.sorted("start_date")
        ]
