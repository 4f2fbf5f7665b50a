from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import ratios
from .complaint_chargeback import CLAIMED_STATES
from .complaint_defect_type import DEFECT_FAMILIES
from .complaint_report_mixin import TICKET_CUSTOMER, TICKET_FIELDS

# The complaint's dimensions of a cost row (the ticket aliased ``t``), whatever
# document the cost comes from.
COST_DIMENSIONS = SQL(
    "t.team_id, t.defect_type_id, t.defect_family, t.product_id, %s AS partner_id",
    TICKET_CUSTOMER,
)


class ComplaintCostReport(models.Model):
    """Cost of poor quality (rules §7): what complaints cost and what was
    recovered, by month, supplier and defect family.

    One row per money document, in company currency: a remedy (what the
    customer was promised once approved, and paid once carried out) and, where
    chargebacks exist, a claim against a supplier or carrier (claimed once sent,
    recovered once settled by a posted entry). Recovered share = recovered ÷
    paid over the group. Each kind of document brings its rows through
    ``_cost_sources``: a module adding a kind of cost adds a ``SELECT`` with the
    same columns.

    The chargebacks' part (rules §7: losses caused by product quality are
    borne by the supplier): what was claimed from suppliers and carriers, once
    sent, and recovered, once settled and the vendor credit note (or the bill
    it was deducted from) posted, in company currency (rules §24.2: a draft
    credit note has recovered nothing yet). A chargeback
    answering several complaints is counted once, on the first of them (its
    grade, defect and team).
    """

    _name = "complaint.cost.report"
    _inherit = ["complaint.report.mixin"]
    _description = "Cost of Poor Quality"
    _auto = False
    _order = "date desc, id"
    _depends = {
        "complaint.remedy": [
            "ticket_id", "date", "state", "remedy_type", "amount_company",
        ],
        "complaint.chargeback": [
            "partner_id", "company_id", "date", "state", "amount_total_company",
            "recovered_amount_company", "ticket_ids",
        ],
        "complaint.service.charge": [
            "ticket_id", "state", "amount_company", "approved_date",
            "responsible_partner_id",
        ],
        "helpdesk.ticket": TICKET_FIELDS,
        "res.company": ["currency_id"],
    }  # fmt: skip
    _ratio_measures = {"recovered_share": ("recovered", "paid", ratios.PERCENT)}

    source = fields.Selection(
        [
            ("remedy", "Remedy"),
            ("chargeback", "Chargeback"),
            ("service", "Service Charge"),
        ],
        readonly=True,
    )
    res_id = fields.Integer(string="Document", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    defect_type_id = fields.Many2one("complaint.defect.type", readonly=True)
    defect_family = fields.Selection(DEFECT_FAMILIES, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier / Carrier",
        readonly=True,
        help="Who bears the cost: the complaint's responsible supplier, or the "
        "party a chargeback claims from.",
    )
    remedy_type = fields.Selection(
        selection="_remedy_type_selection", string="Remedy", readonly=True
    )
    promised = fields.Monetary(readonly=True)
    paid = fields.Monetary(readonly=True)
    claimed = fields.Monetary(string="Claimed from Suppliers", readonly=True)
    recovered = fields.Monetary(readonly=True)
    net_cost = fields.Monetary(
        readonly=True, help="Paid to customers less recovered from suppliers."
    )
    recovered_share = fields.Float(
        string="Recovered (%)",
        readonly=True,
        aggregator="avg",
        help="Recovered ÷ paid over the group.",
    )

    @api.model
    def _remedy_type_selection(self):
        return self.env["complaint.remedy"]._fields["remedy_type"].selection

    @property
    def _table_query(self):
        return SQL(" UNION ALL ").join(
            SQL("(%s)", source) for source in self._cost_sources()
        )

    def _cost_sources(self):
        """The ``SELECT`` of each kind of cost document, with the columns of
        this model: remedies, then chargebacks."""
        return [
            self._cost_source_remedies(),
            self._cost_source_chargebacks(),
            self._cost_source_service_charges(),
        ]

    def _cost_source_remedies(self):
        """The remedies' rows: promised once approved, paid once done."""
        return SQL(
            """
            SELECT r.id * 4 AS id,
                   'remedy' AS source,
                   r.id AS res_id,
                   r.ticket_id,
                   r.date,
                   t.company_id,
                   company.currency_id,
                   %(dimensions)s,
                   t.supplier_id,
                   r.remedy_type,
                   CASE WHEN r.state IN ('approved', 'done')
                        THEN r.amount_company ELSE 0 END AS promised,
                   CASE WHEN r.state = 'done'
                        THEN r.amount_company ELSE 0 END AS paid,
                   0.0 AS claimed,
                   0.0 AS recovered,
                   CASE WHEN r.state = 'done'
                        THEN r.amount_company ELSE 0 END AS net_cost,
                   NULL::float AS recovered_share
              FROM complaint_remedy r
              JOIN helpdesk_ticket t ON t.id = r.ticket_id
              JOIN res_company company ON company.id = t.company_id
             WHERE r.state IN ('approved', 'done') AND t.active
            """,
            dimensions=COST_DIMENSIONS,
        )

    def _cost_source_chargebacks(self):
        """The chargebacks' rows: claimed once sent, recovered once settled by
        a posted entry (``recovered_amount_company``, rules §24.2)."""
        return SQL(
            """
            SELECT cb.id * 4 + 1 AS id,
                   'chargeback' AS source,
                   cb.id AS res_id,
                   first.ticket_id,
                   cb.date,
                   cb.company_id,
                   company.currency_id,
                   %(dimensions)s,
                   cb.partner_id AS supplier_id,
                   NULL AS remedy_type,
                   0.0 AS promised,
                   0.0 AS paid,
                   CASE WHEN cb.state IN %(claimed)s
                        THEN cb.amount_total_company ELSE 0 END AS claimed,
                   COALESCE(cb.recovered_amount_company, 0) AS recovered,
                   -COALESCE(cb.recovered_amount_company, 0) AS net_cost,
                   NULL::float AS recovered_share
              FROM complaint_chargeback cb
              JOIN res_company company ON company.id = cb.company_id
              LEFT JOIN LATERAL (
                    SELECT min(rel.ticket_id) AS ticket_id
                      FROM complaint_chargeback_helpdesk_ticket_rel rel
                     WHERE rel.chargeback_id = cb.id
                   ) first ON TRUE
              LEFT JOIN helpdesk_ticket t ON t.id = first.ticket_id
             WHERE cb.state IN %(claimed)s
                """,
            claimed=CLAIMED_STATES,
            dimensions=COST_DIMENSIONS,
        )

    def _cost_source_service_charges(self):
        """The service charges' rows (rules §19.6): what the person or maker
        responsible for a service failure bears, recovered once the store
        manager approved it."""
        return SQL(
            """
            SELECT sc.id * 4 + 2 AS id,
                   'service' AS source,
                   sc.id AS res_id,
                   sc.ticket_id,
                   COALESCE(sc.approved_date, sc.create_date)::date AS date,
                   t.company_id,
                   company.currency_id,
                   %(dimensions)s,
                   sc.responsible_partner_id AS supplier_id,
                   NULL AS remedy_type,
                   0.0 AS promised,
                   0.0 AS paid,
                   0.0 AS claimed,
                   COALESCE(sc.amount_company, 0) AS recovered,
                   -COALESCE(sc.amount_company, 0) AS net_cost,
                   NULL::float AS recovered_share
              FROM complaint_service_charge sc
              JOIN helpdesk_ticket t ON t.id = sc.ticket_id
              JOIN res_company company ON company.id = t.company_id
             WHERE sc.state = 'approved' AND t.active
            """,
            dimensions=COST_DIMENSIONS,
        )
