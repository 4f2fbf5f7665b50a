from datetime import datetime, time, timedelta

from odoo import models
from odoo.tools import SQL


class ComplaintOutreach(models.Model):
    """With Inventory, who bought the product is who received it (rules §22.1):
    the company's done deliveries to customers in the period, and, when the
    product is tracked by lot and the outreach names a lot, that lot only."""

    _inherit = "complaint.outreach"

    def _outreach_buyers(self):
        """``("deliveries", [(customer id, quantity, last date), ...])``: the
        customers (commercial partners of the delivery's partner) of the
        company's done move lines into a customer location, in one grouped
        query."""
        self.ensure_one()
        lot_filter = SQL()
        if self.lot_number and self.product_id.tracking != "none":
            lot_filter = SQL("AND lot.name = %s", self.lot_number)
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min)
        for model in ("stock.move.line", "stock.picking", "stock.lot", "res.partner"):
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id, SUM(line.quantity),
                       MAX(line.date)::date
                  FROM stock_move_line line
                  JOIN stock_picking picking ON picking.id = line.picking_id
                  JOIN res_partner partner ON partner.id = picking.partner_id
                  JOIN stock_location dest ON dest.id = line.location_dest_id
             LEFT JOIN stock_lot lot ON lot.id = line.lot_id
                 WHERE line.state = 'done'
                   AND dest.usage = 'customer'
                   AND line.company_id = %(company)s
                   AND line.product_id = %(product)s
                   AND line.date >= %(start)s AND line.date < %(end)s
                   %(lot)s
              GROUP BY partner.commercial_partner_id
              ORDER BY partner.commercial_partner_id
                """,
                company=self.company_id.id,
                product=self.product_id.id,
                start=start,
                end=end,
                lot=lot_filter,
            )
        )
        return "deliveries", self._outreach_merge(self.env.cr.fetchall())
