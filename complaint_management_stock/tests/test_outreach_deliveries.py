# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestOutreachDeliveries(ComplaintCommon):
    """With Inventory, an outreach lists the customers the company delivered the
    product to in the period, the complaint's lot only when the product is
    tracked by lot (rules §22.1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.tracked = cls.env["product.product"].create(
            {"name": "Tracked caliper", "is_storable": True, "tracking": "lot"}
        )
        Partner = cls.env["res.partner"]
        cls.buyer_lot = Partner.create({"name": "Lot 42 Buyer"})
        cls.buyer_other_lot = Partner.create({"name": "Lot 43 Buyer"})
        cls.buyer_before = Partner.create({"name": "Early Buyer"})
        cls.buyer_contact = Partner.create(
            {"name": "Lot 42 Buyer, Ann", "parent_id": cls.buyer_lot.id}
        )
        cls._deliver(cls.buyer_lot, "L-42", 6, "2026-10-05")
        cls._deliver(cls.buyer_contact, "L-42", 4, "2026-10-12")
        cls._deliver(cls.buyer_other_lot, "L-43", 3, "2026-10-06")
        cls._deliver(cls.buyer_before, "L-42", 2, "2025-01-06")

    @classmethod
    def _deliver(cls, partner, lot_name, qty, date):
        lot = cls.env["stock.lot"].search(
            [("name", "=", lot_name), ("product_id", "=", cls.tracked.id)]
        ) or cls.env["stock.lot"].create(
            {"name": lot_name, "product_id": cls.tracked.id}
        )
        stock = cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(
            cls.tracked, stock, qty, lot_id=lot
        )
        picking_type = cls.warehouse.out_type_id
        customers = cls.env.ref("stock.stock_location_customers")
        with freeze_time(date):
            picking = cls.env["stock.picking"].create(
                {
                    "partner_id": partner.id,
                    "picking_type_id": picking_type.id,
                    "location_id": stock.id,
                    "location_dest_id": customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": cls.tracked.id,
                                "product_uom_qty": qty,
                                "location_id": stock.id,
                                "location_dest_id": customers.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()
            picking.move_ids.picked = True
            picking.button_validate()
        assert picking.state == "done", picking.state
        return picking

    def _outreach(self, lot_number):
        vals = dict(self._complete_intake(), product_id=self.tracked.id)
        vals.update(lot_number=lot_number, complaint_date=datetime(2026, 11, 2, 9, 0))
        complaint = self._complaint(**vals)
        action = complaint.with_user(self.engineer).action_open_outreach_wizard()
        wizard = (
            self.env["complaint.outreach.wizard"]
            .with_user(self.engineer)
            .with_context(**action["context"])
            .create({})
        )
        result = wizard.action_confirm()
        return self.env["complaint.outreach"].browse(result["res_id"])

    def test_01_lot_delivered_in_period(self):
        """The complaint's lot: the customers it was delivered to in the period,
        contacts added up under their company; not another lot, not earlier."""
        outreach = self._outreach("L-42")
        self.assertEqual(outreach.source, "deliveries")
        got = {
            line.partner_id: (line.quantity, str(line.last_date))
            for line in outreach.line_ids
        }
        self.assertEqual(got, {self.buyer_lot: (10.0, "2026-10-12")})

    def test_02_every_lot_when_none_named(self):
        """No lot on the complaint: every customer of the product in the period."""
        outreach = self._outreach(False)
        self.assertEqual(
            outreach.line_ids.partner_id, self.buyer_lot | self.buyer_other_lot
        )
