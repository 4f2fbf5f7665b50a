from odoo import api, fields, models

from .complaint_trend_alarm import CHARTS


class ComplaintTrendPoint(models.Model):
    """A point of a product's control chart (rules §21.6): its complaints in a
    period, the quantity delivered, the value plotted (complaints per million
    delivered on a p-chart, the count on a c-chart), the centre line and the
    control limits, and the alarms raised for that product and period.

    Written by the trend alarm job alone: each run writes again the points of
    its window with the limits it computed (``_trend_replace``); older points
    keep the limits of their time. Read by quality engineers, managers and
    auditors of the company, in the graph view Complaints > Reporting >
    Control Charts.
    """

    _name = "complaint.trend.point"
    _description = "Control Chart Point"
    _order = "period, product_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    product_id = fields.Many2one(
        "product.product", required=True, index=True, readonly=True, check_company=True
    )
    period = fields.Date(required=True, index=True, readonly=True)
    chart = fields.Selection(CHARTS, readonly=True)
    complaint_count = fields.Integer(
        string="Complaints", readonly=True, aggregator="sum"
    )
    delivered_qty = fields.Float(
        string="Delivered Quantity", readonly=True, aggregator="sum"
    )
    value = fields.Float(
        readonly=True, aggregator="max", digits=(16, 2),
        help="The point plotted: complaints per million delivered (p-chart) or "
        "complaints (c-chart).",
    )  # fmt: skip
    centre = fields.Float(
        string="Centre Line", readonly=True, aggregator="max", digits=(16, 2)
    )
    upper = fields.Float(
        string="Upper Control Limit", readonly=True, aggregator="max", digits=(16, 2)
    )
    lower = fields.Float(
        string="Lower Control Limit", readonly=True, aggregator="max", digits=(16, 2)
    )
    alarm_count = fields.Integer(
        string="Alarms",
        readonly=True,
        aggregator="sum",
        help="The trend alarms raised for the product in this period.",
    )

    _point_unique = models.UniqueIndex(
        "(company_id, product_id, period)",
        "A product has one point per period on its control chart.",
    )

    # Business methods
    @api.model
    def _trend_replace(self, company, products, window, vals_list):
        """Replace the points of ``products`` of ``company`` over the periods of
        ``window`` by ``vals_list``, each counting the alarms of its product
        and period (a few queries, whatever the number of products)."""
        Point = self.sudo()
        Point.search(
            [
                ("company_id", "=", company.id),
                ("period", "in", window),
                ("product_id", "in", products.ids),
            ]
        ).unlink()
        if not vals_list:
            return Point
        alarms = (
            self.env["complaint.trend.alarm"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("period", "in", window),
                    ("product_id", "in", products.ids),
                ],
                ["product_id", "period:day"],
                ["__count"],
            )
        )
        counts = {(product.id, period): count for product, period, count in alarms}
        fields_kept = set(self._fields)
        return Point.create(
            [
                {
                    **{k: v for k, v in vals.items() if k in fields_kept},
                    "alarm_count": counts.get((vals["product_id"], vals["period"]), 0),
                }
                for vals in vals_list
            ]
        )
