from odoo import api, fields, models

# The working-day figures of a complaint and the date that ends each: closure
# is measured to the closing, while the complaint is closed (rules §24.3).
WORKING_DAY_FIGURES = {
    "response_days": "qa_response_date",
    "containment_days": "containment_date",
    "closure_days": "closed_date",
}


class HelpdeskTicket(models.Model):
    """The figures managers analyse, kept on the complaint (rules §4, §8).

    Working days from receipt to the first response, to containment and to
    closing (the close date, while the complaint is closed: rules §24.3) are
    counted on the complaint's working calendar (the team's, else
    the company's, holidays included) once, when the event is recorded
    (``_record_event`` writes the event date, which recomputes the stored
    figure), never when a report is read. A satisfaction score (1-5) lets
    reports average the customer's answer.
    """

    _inherit = "helpdesk.ticket"

    response_days = fields.Float(
        string="Working Days to Response",
        compute="_compute_working_days",
        store=True,
        aggregator="avg",
        help="Working days from receipt to QA's first response (rules §4).",
    )
    containment_days = fields.Float(
        string="Working Days to Containment",
        compute="_compute_working_days",
        store=True,
        aggregator="avg",
    )
    closure_days = fields.Float(
        string="Working Days to Closure",
        compute="_compute_working_days",
        store=True,
        aggregator="avg",
        help="Working days from receipt to the complaint's closing (rules §24.3); "
        "empty while it is open.",
    )
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
        help="The customer's satisfaction from 1 (very unhappy) to 5 (very happy).",
    )

    @api.depends("complaint_date", "stage_id.closed", *WORKING_DAY_FIGURES.values())
    def _compute_working_days(self):
        """Working days between receipt and each event, on the calendar deadlines
        count on; empty until the event happened, and closure empty while the
        complaint is open (a reopened complaint's earlier close date does not
        count: rules §24.3). Complaints sharing a calendar are counted together,
        its working time read once (batch-safe)."""
        for calendar, tickets in self.grouped(lambda t: t._sla_calendar()).items():
            spans = {}  # (ticket, figure) -> (receipt, event)
            for ticket in tickets:
                for fname, event_field in WORKING_DAY_FIGURES.items():
                    start, end = ticket.complaint_date, ticket[event_field]
                    if fname == "closure_days" and not ticket.stage_id.closed:
                        end = False
                    if calendar and start and end and end > start:
                        spans[ticket, fname] = (start, end)
                    else:
                        ticket[fname] = 0.0
            days = calendar._complaint_work_days(list(spans.values())) if spans else []
            for (ticket, fname), value in zip(spans, days, strict=True):
                ticket[fname] = value

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for ticket in self:
            ticket.satisfaction_score = int(ticket.satisfaction or 0)
