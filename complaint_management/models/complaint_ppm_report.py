from odoo import fields, models
from odoo.tools import SQL

from ..lib import ratios
from .complaint_report_mixin import TICKET_CUSTOMER, TICKET_FIELDS


class ComplaintPpmReport(models.Model):
    """Defective parts per million (PPM) by product, customer and supplier
    (rules §8), against the quantities actually delivered.

    Two kinds of rows share the dimensions (date, company, product, customer,
    supplier): complaints bring their defective quantity (and their shipped
    quantity, shown but no denominator: it counts only the shipments complained
    about, rules §21.1); deliveries bring the delivered quantity, from the source
    each company chose (``res.company.complaint_delivered_source``: posted
    customer invoices, imported quantities or, with the stock bridge,
    deliveries), the rows of ``complaint.delivery._delivery_lines_sql``, the one
    definition the trend alarms read too. PPM = defective ÷ delivered ×
    1,000,000 over the group. The supplier of a delivery is the product's first
    vendor; a complaint's is its responsible supplier, else that vendor.

    Every row has a team, so that a team filter applies to PPM like to the
    other figures (rules §24.4): a complaint's is its team; a delivery's is the
    team handling the complaints about what it delivered, i.e. the team of the
    latest complaint of its company about the same product from the same
    customer, else about the same product; a delivery nobody complained about
    belongs to no team. Each delivery counts for one team at most, so the
    teams' quantities add up to the company's.
    """

    _name = "complaint.ppm.report"
    _inherit = ["complaint.report.mixin"]
    _description = "Quality Ratios (PPM)"
    _auto = False
    _order = "date desc, id"
    _depends = {
        "helpdesk.ticket": TICKET_FIELDS,
        "res.company": ["complaint_delivered_source"],
        "complaint.delivery": [
            "company_id", "month", "product_id", "partner_id", "quantity",
        ],
        "product.supplierinfo": ["product_tmpl_id", "partner_id", "sequence"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["uom_id"],
        "uom.uom": ["factor"],
        "account.move": ["state", "move_type", "invoice_date", "commercial_partner_id"],
        "account.move.line": [
            "move_id", "company_id", "product_id", "product_uom_id", "quantity",
            "display_type",
        ],
    }  # fmt: skip
    _ratio_measures = {"ppm": ("defect_qty", "delivered_qty", ratios.PPM)}

    source = fields.Selection(
        [("complaint", "Complaint"), ("delivery", "Delivery")], readonly=True
    )
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        readonly=True,
        help="A complaint's team; for a delivery, the team of the latest complaint "
        "about its product from its customer, else about its product.",
    )
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
    defect_qty = fields.Float(string="Defective Quantity", readonly=True)
    delivered_qty = fields.Float(string="Delivered Quantity", readonly=True)
    shipped_qty = fields.Float(
        string="Shipped Quantity (Complaints)",
        readonly=True,
        help="The shipped quantity recorded on the complaints: only the shipments "
        "complained about, so it is shown but never divides PPM.",
    )
    ppm = fields.Float(
        string="PPM",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Defective parts per million delivered: defective ÷ delivered × "
        "1,000,000 over the group.",
    )

    @property
    def _table_query(self):
        # PPM exists over groups only (the rule of lib/ratios.py, by
        # complaint.report.mixin): a row is either defective or delivered.
        return SQL(
            """
            WITH main_vendor AS (
                SELECT DISTINCT ON (product_tmpl_id) product_tmpl_id, partner_id
                  FROM product_supplierinfo
                 ORDER BY product_tmpl_id, sequence, id
            ),
            complaint_team AS (
                SELECT t.company_id, t.product_id, %(customer)s AS partner_id,
                       t.team_id, t.complaint_date, t.id
                  FROM helpdesk_ticket t
                 WHERE t.is_complaint AND t.active
                   AND t.product_id IS NOT NULL AND t.team_id IS NOT NULL
            ),
            customer_team AS (
                SELECT DISTINCT ON (company_id, product_id, partner_id)
                       company_id, product_id, partner_id, team_id
                  FROM complaint_team
                 WHERE partner_id IS NOT NULL
                 ORDER BY company_id, product_id, partner_id,
                          complaint_date DESC NULLS LAST, id DESC
            ),
            product_team AS (
                SELECT DISTINCT ON (company_id, product_id)
                       company_id, product_id, team_id
                  FROM complaint_team
                 ORDER BY company_id, product_id,
                          complaint_date DESC NULLS LAST, id DESC
            )
            SELECT t.id * 2 AS id,
                   'complaint' AS source,
                   t.id AS ticket_id,
                   t.complaint_date::date AS date,
                   t.company_id,
                   t.team_id,
                   t.product_id,
                   %(customer)s AS partner_id,
                   COALESCE(t.supplier_id, mv.partner_id) AS supplier_id,
                   t.defect_qty,
                   0 AS delivered_qty,
                   t.shipped_qty,
                   NULL::float AS ppm
              FROM helpdesk_ticket t
              LEFT JOIN product_product pp ON pp.id = t.product_id
              LEFT JOIN main_vendor mv ON mv.product_tmpl_id = pp.product_tmpl_id
             WHERE t.is_complaint AND t.active
            UNION ALL
            SELECT lines.line_id * 2 + 1 AS id,
                   'delivery' AS source,
                   NULL AS ticket_id,
                   lines.date,
                   lines.company_id,
                   COALESCE(ct.team_id, pt.team_id) AS team_id,
                   lines.product_id,
                   lines.partner_id,
                   mv.partner_id AS supplier_id,
                   0 AS defect_qty,
                   lines.quantity AS delivered_qty,
                   0 AS shipped_qty,
                   NULL AS ppm
              FROM (%(deliveries)s) lines
              JOIN product_product pp ON pp.id = lines.product_id
              LEFT JOIN main_vendor mv ON mv.product_tmpl_id = pp.product_tmpl_id
              LEFT JOIN customer_team ct
                     ON ct.company_id = lines.company_id
                    AND ct.product_id = lines.product_id
                    AND ct.partner_id = lines.partner_id
              LEFT JOIN product_team pt
                     ON pt.company_id = lines.company_id
                    AND pt.product_id = lines.product_id
            """,
            customer=TICKET_CUSTOMER,
            deliveries=self.env["complaint.delivery"]._delivery_lines_sql(),
        )
