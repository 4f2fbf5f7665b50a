from odoo import fields, models
from odoo.tools import SQL

from ..lib import ratios
from .complaint_report_mixin import TICKET_CUSTOMER, TICKET_FIELDS


class ComplaintPpmReport(models.Model):
    """Defective parts per million (PPM) by product, customer and supplier
    (rules §8), against the quantities actually delivered.

    Two kinds of rows share the dimensions (date, company, product, customer,
    supplier): complaints bring their defective quantity; deliveries bring the
    delivered quantity, from the posted customer invoice lines (credit notes
    subtract, quantities in the product's unit) of the companies that invoice in
    Odoo, or from the complaints' shipped quantity for a company that chose so
    (``res.company.complaint_delivered_source``). PPM = defective ÷ delivered ×
    1,000,000 over the group. The supplier of a delivery is the product's first
    vendor; a complaint's is its responsible supplier, else that vendor.
    """

    _name = "complaint.ppm.report"
    _inherit = ["complaint.report.mixin"]
    _description = "Quality Ratios (PPM)"
    _auto = False
    _order = "date desc, id"
    _depends = {
        "helpdesk.ticket": TICKET_FIELDS,
        "res.company": ["complaint_delivered_source"],
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
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    supplier_id = fields.Many2one("res.partner", readonly=True)
    defect_qty = fields.Float(string="Defective Quantity", readonly=True)
    delivered_qty = fields.Float(string="Delivered Quantity", readonly=True)
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
        # A complaint row's ppm is the rule of lib/ratios.py, written in SQL.
        return SQL(
            """
            WITH main_vendor AS (
                SELECT DISTINCT ON (product_tmpl_id) product_tmpl_id, partner_id
                  FROM product_supplierinfo
                 ORDER BY product_tmpl_id, sequence, id
            )
            SELECT t.id * 2 AS id,
                   'complaint' AS source,
                   t.id AS ticket_id,
                   t.complaint_date::date AS date,
                   t.company_id,
                   t.product_id,
                   %(customer)s AS partner_id,
                   COALESCE(t.supplier_id, mv.partner_id) AS supplier_id,
                   t.defect_qty,
                   CASE WHEN company.complaint_delivered_source = 'shipped'
                        THEN t.shipped_qty ELSE 0 END AS delivered_qty,
                   CASE WHEN company.complaint_delivered_source = 'shipped'
                         AND t.shipped_qty > 0
                        THEN t.defect_qty / t.shipped_qty * 1000000 END AS ppm
              FROM helpdesk_ticket t
              JOIN res_company company ON company.id = t.company_id
              LEFT JOIN product_product pp ON pp.id = t.product_id
              LEFT JOIN main_vendor mv ON mv.product_tmpl_id = pp.product_tmpl_id
             WHERE t.is_complaint AND t.active
            UNION ALL
            SELECT aml.id * 2 + 1 AS id,
                   'delivery' AS source,
                   NULL AS ticket_id,
                   move.invoice_date AS date,
                   aml.company_id,
                   aml.product_id,
                   move.commercial_partner_id AS partner_id,
                   mv.partner_id AS supplier_id,
                   0 AS defect_qty,
                   CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                     * aml.quantity * COALESCE(line_uom.factor, 1)
                     / COALESCE(NULLIF(product_uom.factor, 0), 1) AS delivered_qty,
                   NULL AS ppm
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN res_company company ON company.id = aml.company_id
              JOIN product_product pp ON pp.id = aml.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN uom_uom line_uom ON line_uom.id = aml.product_uom_id
              LEFT JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
              LEFT JOIN main_vendor mv ON mv.product_tmpl_id = pp.product_tmpl_id
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
               AND COALESCE(company.complaint_delivered_source, 'invoice') = 'invoice'
            """,
            customer=TICKET_CUSTOMER,
        )
