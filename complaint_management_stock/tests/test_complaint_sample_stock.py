from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintSampleStock(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part = cls.env["product.product"].create(
            {"name": "Caliper housing", "type": "consu", "is_storable": True}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )

    def _received(self, **values):
        complaint = self._complaint(**self._complete_intake())
        vals = {
            "ticket_id": complaint.id,
            "product_id": self.part.id,
            "received_qty": 4,
            "return_route": "Courier",
        }
        vals.update(values)
        sample = self.env["complaint.sample"].with_user(self.officer).create(vals)
        sample.with_user(self.officer).action_receive()
        return sample

    def _quantity(self, location):
        return self.part.with_context(location=location.id).qty_available

    def test_01_receipt_follows_the_received_parts(self):
        """Receiving the parts validates a receipt from the customer into the
        warehouse, linked on the sample; a complaint officer needs no inventory
        rights for it."""
        sample = self._received()
        receipt = sample.receipt_picking_id
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(receipt.partner_id, self.customer)
        self.assertEqual(receipt.move_ids.quantity, 4)
        self.assertIn(sample.name, receipt.origin)
        self.assertEqual(self._quantity(self.warehouse.lot_stock_id), 4)
        action = sample.action_view_receipt()
        self.assertEqual(action["res_id"], receipt.id)

    def test_02_return_follows_the_returned_parts(self):
        """Returning the parts validates the return of their receipt to the
        customer (an outgoing picking), linked on the sample."""
        sample = self._received()
        sample.with_user(self.engineer).action_return()
        returned = sample.return_picking_id
        self.assertEqual(returned.state, "done")
        self.assertEqual(returned.return_id, sample.receipt_picking_id)
        self.assertEqual(returned.picking_type_id.code, "outgoing")
        self.assertEqual(returned.move_ids.quantity, 4)
        self.assertEqual(self._quantity(self.warehouse.lot_stock_id), 0)
        self.assertEqual(sample.action_view_return()["res_id"], returned.id)

    def test_03_scrap_follows_the_scrapped_parts(self):
        """Scrapped parts leave the stock by a validated scrap order."""
        sample = self._received(scrap_reason="Destroyed in the test")
        sample.with_user(self.engineer).action_scrap()
        self.assertEqual(sample.stock_scrap_id.state, "done")
        self.assertEqual(self._quantity(self.warehouse.lot_stock_id), 0)

    def test_04_no_stock_for_parts_without_product(self):
        """Parts of a service, or of no product, move no stock."""
        service = self.env["product.product"].create(
            {"name": "Field visit", "type": "service"}
        )
        sample = self._received(product_id=service.id)
        self.assertFalse(sample.receipt_picking_id)
        sample.with_user(self.engineer).action_return()
        self.assertEqual(sample.state, "returned")
        self.assertFalse(sample.return_picking_id)

    def test_05_links_are_the_application_s(self):
        """A client cannot point a sample at another picking."""
        sample = self._received()
        other = sample.receipt_picking_id.sudo().copy()
        with self.assertRaises(ValidationError) as caught:
            sample.with_user(self.qa_manager).write({"receipt_picking_id": other.id})
        self.assertIn("Receipt", str(caught.exception))
