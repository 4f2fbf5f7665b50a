# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL


class ComplaintDelivery(models.Model):
    """Delivered quantities from the inventory (rules §21.1): for a company
    whose source is its deliveries, what left its warehouses for customers
    (done stock moves from an internal location to a customer location, in the
    product's unit) less what customers sent back (done moves the other way),
    dated the day the move was done."""

    _inherit = "complaint.delivery"

    @api.model
    def _delivery_lines_sql(self):
        return SQL(
            """%(lines)s
            UNION ALL
            SELECT sm.id * 4 + 2 AS line_id,
                   sm.company_id,
                   sm.date::date AS date,
                   sm.product_id,
                   COALESCE(partner.commercial_partner_id, partner.id) AS partner_id,
                   CASE WHEN dest.usage = 'customer' THEN 1 ELSE -1 END
                     * sm.quantity * COALESCE(move_uom.factor, 1)
                     / COALESCE(NULLIF(product_uom.factor, 0), 1) AS quantity
              FROM stock_move sm
              JOIN res_company company ON company.id = sm.company_id
              JOIN stock_location src ON src.id = sm.location_id
              JOIN stock_location dest ON dest.id = sm.location_dest_id
              JOIN product_product pp ON pp.id = sm.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN stock_picking picking ON picking.id = sm.picking_id
              LEFT JOIN res_partner partner
                     ON partner.id = COALESCE(picking.partner_id, sm.partner_id)
              LEFT JOIN uom_uom move_uom ON move_uom.id = sm.product_uom
              LEFT JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
             WHERE sm.state = 'done'
               AND company.complaint_delivered_source = 'stock'
               AND ((src.usage = 'internal' AND dest.usage = 'customer')
                    OR (src.usage = 'customer' AND dest.usage = 'internal'))
            """,
            lines=super()._delivery_lines_sql(),
        )

    @api.model
    def _delivery_flush(self):
        super()._delivery_flush()
        self.env["stock.move"].flush_model(
            ["state", "company_id", "date", "product_id", "partner_id", "quantity",
             "product_uom", "location_id", "location_dest_id", "picking_id"]
        )  # fmt: skip
        self.env["stock.picking"].flush_model(["partner_id"])
