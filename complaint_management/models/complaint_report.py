from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import ratios
from .complaint_defect_type import DEFECT_FAMILIES, SEVERITIES
from .complaint_report_mixin import TICKET_CUSTOMER, TICKET_FIELDS
from .helpdesk_ticket import RESPONSIBILITIES
from .helpdesk_ticket_sla import SATISFACTION


class ComplaintReport(models.Model):
    """Complaint analysis: one row per complaint with the figures managers read
    (rules §8: classify and summarise cases, analyse their causes).

    A database view over the complaints' stored fields, so every group-by is one
    ``GROUP BY``. Ratios are computed from sums over the group, never averaged
    per complaint: defect rate = defective ÷ lot quantity, deadline compliance =
    milestones met on time ÷ milestones due (``complaint.sla.milestone``: a
    milestone met late is breached and counts as missed, and so does one still
    open past its deadline, at once, before the job marks it: rules §24.1).
    Working days to closure count for closed complaints only, to their closing
    (rules §24.3). Working days and satisfaction average over the complaints
    that reached the event or answered.
    Record rules of the complaints apply through ``_search`` on the ticket.
    """

    _name = "complaint.report"
    _inherit = ["complaint.report.mixin"]
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "complaint_number"
    _order = "date desc, id desc"
    _depends = {
        # rules §19.5: suggestions are reported apart
        "helpdesk.ticket": [*TICKET_FIELDS, "complaint_kind", "department_team_id"],
        "helpdesk.ticket.stage": ["closed"],
        "complaint.sla.milestone": ["ticket_id", "state", "is_open", "deadline"],
    }
    _ratio_measures = {
        "defect_rate": ("defect_qty", "lot_qty", ratios.PERCENT),
        "sla_compliance": ("sla_on_time_count", "sla_due_count", ratios.PERCENT),
    }

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    complaint_number = fields.Char(readonly=True)
    date = fields.Datetime(string="Complained On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    complaint_kind = fields.Selection(
        selection="_complaint_kind_selection", string="Kind", readonly=True
    )
    department_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Department", readonly=True
    )
    complaint_severity = fields.Selection(SEVERITIES, string="Grade", readonly=True)
    is_major = fields.Boolean(string="Major", readonly=True)
    is_repeat = fields.Boolean(string="Repeat", readonly=True)
    defect_type_id = fields.Many2one("complaint.defect.type", readonly=True)
    defect_family = fields.Selection(DEFECT_FAMILIES, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
    responsibility = fields.Selection(RESPONSIBILITIES, readonly=True)
    satisfaction = fields.Selection(SATISFACTION, readonly=True)
    closed = fields.Boolean(readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    lot_qty = fields.Float(string="Lot Size", readonly=True)
    defect_qty = fields.Float(string="Defective Quantity", readonly=True)
    defect_rate = fields.Float(
        string="Defect Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Defective quantity ÷ lot size of the complaints in the group.",
    )
    response_days = fields.Float(
        string="Working Days to Response", readonly=True, aggregator="avg"
    )
    containment_days = fields.Float(
        string="Working Days to Containment", readonly=True, aggregator="avg"
    )
    closure_days = fields.Float(
        string="Working Days to Closure",
        readonly=True,
        aggregator="avg",
        help="Working days from receipt to closing, over the closed complaints.",
    )
    sla_due_count = fields.Integer(
        string="Deadlines Due",
        readonly=True,
        help="Milestones met, breached, or still open past their deadline.",
    )
    sla_on_time_count = fields.Integer(string="Deadlines Met on Time", readonly=True)
    sla_missed_count = fields.Integer(
        string="Deadlines Missed",
        readonly=True,
        help="Milestones breached (reached late included) or still open past their "
        "deadline.",
    )
    sla_compliance = fields.Float(
        string="Deadline Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Milestones met on time ÷ milestones due in the group.",
    )
    satisfaction_score = fields.Float(
        string="Satisfaction (1-5)", readonly=True, aggregator="avg"
    )
    remedy_amount_promised = fields.Float(string="Remedies Promised", readonly=True)
    remedy_amount_paid = fields.Float(string="Remedies Paid", readonly=True)

    @api.model
    def _complaint_kind_selection(self):
        return self.env["helpdesk.ticket"]._fields["complaint_kind"].selection

    @property
    def _table_query(self):
        # A row's defect_rate and sla_compliance: the rule of lib/ratios.py in SQL.
        # The deadlines due and missed: the ticket's (met or breached) and its
        # open ones past their deadline now (rules §24.1).
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.complaint_number,
                   t.complaint_date AS date,
                   t.company_id,
                   t.team_id,
                   t.user_id,
                   t.stage_id,
                   t.channel_id,
                   t.complaint_severity,
                   COALESCE(t.complaint_kind, 'complaint') AS complaint_kind,
                   t.department_team_id,
                   t.is_major,
                   t.is_repeat,
                   t.defect_type_id,
                   t.defect_family,
                   t.product_id,
                   %(customer)s AS partner_id,
                   t.supplier_id,
                   t.responsibility,
                   t.satisfaction,
                   COALESCE(stage.closed, FALSE) AS closed,
                   1 AS nbr,
                   t.lot_qty,
                   t.defect_qty,
                   CASE WHEN t.lot_qty > 0 AND t.defect_qty > 0
                        THEN t.defect_qty / t.lot_qty * 100
                        ELSE NULLIF(t.defect_rate, 0)
                   END AS defect_rate,
                   CASE WHEN t.qa_response_date IS NOT NULL THEN t.response_days
                   END AS response_days,
                   CASE WHEN t.containment_date IS NOT NULL THEN t.containment_days
                   END AS containment_days,
                   CASE WHEN COALESCE(stage.closed, FALSE)
                             AND t.closed_date IS NOT NULL
                        THEN t.closure_days
                   END AS closure_days,
                   t.sla_due_count + COALESCE(overdue.nbr, 0) AS sla_due_count,
                   t.sla_on_time_count,
                   t.sla_due_count + COALESCE(overdue.nbr, 0) - t.sla_on_time_count
                       AS sla_missed_count,
                   CASE WHEN t.sla_due_count + COALESCE(overdue.nbr, 0) > 0
                        THEN t.sla_on_time_count * 100.0
                             / (t.sla_due_count + COALESCE(overdue.nbr, 0))
                   END AS sla_compliance,
                   NULLIF(t.satisfaction_score, 0) AS satisfaction_score,
                   t.remedy_amount_promised,
                   t.remedy_amount_paid
              FROM helpdesk_ticket t
              LEFT JOIN helpdesk_ticket_stage stage ON stage.id = t.stage_id
              LEFT JOIN (
                    SELECT m.ticket_id, count(*) AS nbr
                      FROM complaint_sla_milestone m
                     WHERE %(overdue)s
                     GROUP BY m.ticket_id
                   ) overdue ON overdue.ticket_id = t.id
             WHERE t.is_complaint AND t.active
            """,
            customer=TICKET_CUSTOMER,
            overdue=self.env["complaint.sla.milestone"]._overdue_sql(
                "m", fields.Datetime.now()
            ),
        )
