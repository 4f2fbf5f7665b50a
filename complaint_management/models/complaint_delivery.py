from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..lib import control_limits

# The sources of delivered quantities (res.company.complaint_delivered_source)
# whose rows ``_delivery_lines_sql`` writes; the stock bridge adds "stock".
GRANULARITIES = ("week", "month")


class ComplaintDelivery(models.Model):
    """Delivered quantities per product and month, for a company that invoices
    outside Odoo (rules §21.1): imported from a spreadsheet through Odoo's
    standard import (an import template is offered), one row per product,
    month and, when known, customer.

    The model is also the one place that answers "how much of a product was
    delivered in a period" (``_delivered_quantities``), for PPM and the trend
    alarms alike, from the source each company chose: its posted customer
    invoices, these imported rows, or its deliveries when Odoo's inventory is
    installed (the stock bridge). The complaints' own shipped quantities count
    only the shipments complained about: they are no denominator.

    Access: quality managers import and correct the rows; engineers, finance and
    auditors read them; rows stay within their company.
    """

    _name = "complaint.delivery"
    _inherit = ["complaint.number.mixin"]
    _description = "Delivered Quantity"
    _order = "month desc, product_id"
    _check_company_auto = True
    _number_fields = ("quantity",)

    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True
    )
    month = fields.Date(
        required=True,
        index=True,
        help="Any day of the month delivered: it is kept as the month's first day.",
    )
    quantity = fields.Float(
        string="Delivered Quantity",
        required=True,
        digits="Product Unit",
        help="Units delivered in the month, in the product's unit; returns are "
        "entered as a negative row.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        check_company=True,
        help="Optional: the customer delivered, for PPM per customer.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # Constraints
    _month_product_partner_unique = models.UniqueIndex(
        "(company_id, product_id, month, COALESCE(partner_id, 0))",
        "A product's delivered quantity is entered once per month and customer: "
        "correct the existing row instead.",
    )

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalise_month(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalise_month(vals)
        return super().write(vals)

    @api.model
    def _normalise_month(self, vals):
        """Keep the month as its first day, whatever day the spreadsheet gave."""
        if vals.get("month"):
            day = fields.Date.to_date(vals["month"])
            vals["month"] = control_limits.period_start(day, "month")

    @api.model
    @api.readonly
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Delivered Quantities"),
                "template": "/complaint_management/static/xls/"
                "complaint_delivery_import_template.xlsx",
            }
        ]

    # Business methods
    @api.model
    def _delivery_lines_sql(self):
        """The delivered quantities of every company, one row per delivery
        (``company_id``, ``date``, ``product_id``, ``partner_id``,
        ``quantity`` in the product's unit, ``line_id`` unique per row), each
        company from the source it chose (rules §21.1): posted customer invoice
        lines (credit notes subtract) or the imported rows. Extend with a
        ``UNION ALL`` of another source (the stock bridge's deliveries)."""
        return SQL(
            """
            SELECT aml.id * 4 AS line_id,
                   aml.company_id,
                   move.invoice_date AS date,
                   aml.product_id,
                   move.commercial_partner_id AS partner_id,
                   CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                     * aml.quantity * COALESCE(line_uom.factor, 1)
                     / COALESCE(NULLIF(product_uom.factor, 0), 1) AS quantity
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN res_company company ON company.id = aml.company_id
              JOIN product_product pp ON pp.id = aml.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN uom_uom line_uom ON line_uom.id = aml.product_uom_id
              LEFT JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
               AND COALESCE(company.complaint_delivered_source, 'invoice') = 'invoice'
            UNION ALL
            SELECT d.id * 4 + 1 AS line_id,
                   d.company_id,
                   d.month AS date,
                   d.product_id,
                   d.partner_id,
                   d.quantity
              FROM complaint_delivery d
              JOIN res_company company ON company.id = d.company_id
             WHERE company.complaint_delivered_source = 'import'
            """
        )

    @api.model
    def _delivery_flush(self):
        """Write pending changes of what ``_delivery_lines_sql`` reads."""
        self.env["account.move.line"].flush_model(
            ["move_id", "company_id", "product_id", "product_uom_id", "quantity",
             "display_type"]
        )  # fmt: skip
        self.env["account.move"].flush_model(
            ["state", "move_type", "invoice_date", "commercial_partner_id"]
        )
        self.env["res.company"].flush_model(["complaint_delivered_source"])
        self.flush_model()

    @api.model
    def _delivered_quantities(self, products, date_from, date_to, granularity="month"):
        """``{(company id, product id, first day of the period): quantity}``:
        what was delivered of ``products`` from ``date_from`` to ``date_to``
        (both included), per period (``week`` or ``month``), each company from
        its own source, in one query (rules §21.1). A period with no delivery is
        absent."""
        if granularity not in GRANULARITIES:
            raise ValidationError(
                self.env._(
                    "Delivered quantities are counted per week or per month, not "
                    "per %(granularity)s.",
                    granularity=granularity,
                )
            )
        if not products:
            return {}
        self._delivery_flush()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT lines.company_id, lines.product_id,
                       date_trunc(%(granularity)s, lines.date)::date,
                       SUM(lines.quantity)
                  FROM (%(lines)s) lines
                 WHERE lines.product_id IN %(products)s
                   AND lines.date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY 1, 2, 3
                """,
                granularity=granularity,
                lines=self._delivery_lines_sql(),
                products=tuple(products.ids),
                date_from=date_from,
                date_to=date_to,
            )
        )
        delivered = defaultdict(float)
        for company_id, product_id, period, quantity in rows:
            delivered[company_id, product_id, period] += quantity or 0.0
        return dict(delivered)
