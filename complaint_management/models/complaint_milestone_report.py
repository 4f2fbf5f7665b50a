from odoo import fields, models
from odoo.tools import SQL

from ..lib import ratios
from .complaint_defect_type import DEFECT_FAMILIES, SEVERITIES
from .complaint_report_mixin import TICKET_CUSTOMER, TICKET_FIELDS
from .complaint_sla_policy import DEADLINE_MILESTONES


class ComplaintMilestoneReport(models.Model):
    """Deadline compliance per milestone (rules §4): one row per deadline
    of a complaint that is due, i.e. reached or missed.

    Compliance is met on time ÷ due, from ``complaint.sla.milestone``'s states:
    a milestone reached after its deadline is *breached* (``met_late``) and
    counts as missed, and so does one still running past its deadline, as soon
    as it passed, whether the scheduled job marked it yet or not (rules §24.1).
    Running milestones within their deadline, paused and not-needed ones are
    not due and do not count.
    """

    _name = "complaint.milestone.report"
    _inherit = ["complaint.report.mixin"]
    _description = "Deadline Compliance Analysis"
    _auto = False
    _order = "deadline desc, id desc"
    _depends = {
        "complaint.sla.milestone": [
            "ticket_id", "milestone", "state", "met_late", "deadline", "reached_date",
            "is_open",
        ],
        "helpdesk.ticket": TICKET_FIELDS,
    }  # fmt: skip
    _ratio_measures = {"compliance": ("on_time_count", "due_count", ratios.PERCENT)}

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    milestone = fields.Selection(DEADLINE_MILESTONES, readonly=True)
    state = fields.Selection(
        [("met", "Met on time"), ("breached", "Missed")], readonly=True
    )
    met_late = fields.Boolean(string="Reached Late", readonly=True)
    deadline = fields.Datetime(readonly=True)
    reached_date = fields.Datetime(readonly=True)
    date = fields.Datetime(string="Complained On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    complaint_severity = fields.Selection(SEVERITIES, string="Grade", readonly=True)
    is_major = fields.Boolean(string="Major", readonly=True)
    defect_type_id = fields.Many2one("complaint.defect.type", readonly=True)
    defect_family = fields.Selection(DEFECT_FAMILIES, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    due_count = fields.Integer(string="Due", readonly=True)
    on_time_count = fields.Integer(string="Met on Time", readonly=True)
    missed_count = fields.Integer(string="Missed", readonly=True)
    compliance = fields.Float(
        string="Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Deadlines met on time ÷ deadlines due in the group.",
    )

    @property
    def _table_query(self):
        # an open milestone past its deadline reads missed now (rules §24.1)
        return SQL(
            """
            SELECT m.id AS id,
                   m.ticket_id,
                   m.milestone,
                   CASE WHEN %(overdue)s THEN 'breached' ELSE m.state END AS state,
                   COALESCE(m.met_late, FALSE) AS met_late,
                   m.deadline,
                   m.reached_date,
                   t.complaint_date AS date,
                   t.company_id,
                   t.team_id,
                   t.complaint_severity,
                   t.is_major,
                   t.defect_type_id,
                   t.defect_family,
                   t.product_id,
                   %(customer)s AS partner_id,
                   1 AS due_count,
                   CASE WHEN m.state = 'met' THEN 1 ELSE 0 END AS on_time_count,
                   CASE WHEN m.state = 'met' THEN 0 ELSE 1 END AS missed_count,
                   CASE WHEN m.state = 'met' THEN 100.0 ELSE 0.0 END AS compliance
              FROM complaint_sla_milestone m
              JOIN helpdesk_ticket t ON t.id = m.ticket_id
             WHERE (m.state IN ('met', 'breached') OR %(overdue)s) AND t.active
            """,
            customer=TICKET_CUSTOMER,
            overdue=self.env["complaint.sla.milestone"]._overdue_sql(
                "m", fields.Datetime.now()
            ),
        )
