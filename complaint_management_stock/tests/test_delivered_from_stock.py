# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestDeliveredFromStock(BaseCommon):
    """A company whose delivered quantities come from its deliveries (rules
    §21.1): done moves to customers count, returns subtract, moves not done
    and internal moves do not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.complaint_delivered_source = "stock"
        cls.product = cls.env["product.product"].create(
            {"name": "Valve", "is_storable": True}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Garage Ltd"})
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def _move(self, source, dest, quantity, done=True, when="2026-11-10 10:00:00"):
        move = self.env["stock.move"].create(
            {
                "product_id": self.product.id,
                "product_uom_qty": quantity,
                "product_uom": self.product.uom_id.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "partner_id": self.customer.id,
                "company_id": self.company.id,
            }
        )
        if done:
            move._action_confirm()
            move.quantity = quantity
            move.picked = True
            move._action_done()
            move.date = datetime.fromisoformat(when)
        return move

    def test_01_deliveries_less_returns(self):
        """300 delivered and 40 returned in November: 260; a move not done and
        an internal one count nothing; PPM divides by it."""
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.stock, 1000
        )
        self._move(self.stock, self.customers, 300)
        self._move(self.customers, self.stock, 40)
        self._move(self.stock, self.customers, 999, done=False)
        self._move(self.stock, self.stock, 5)
        delivered = self.env["complaint.delivery"]._delivered_quantities(
            self.product, date(2026, 11, 1), date(2026, 11, 30), "month"
        )
        self.assertEqual(
            delivered, {(self.company.id, self.product.id, date(2026, 11, 1)): 260.0}
        )
        [(quantity,)] = self.env["complaint.ppm.report"]._read_group(
            [("product_id", "=", self.product.id)], [], ["delivered_qty:sum"]
        )
        self.assertEqual(quantity, 260.0)
