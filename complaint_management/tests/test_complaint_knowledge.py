from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintKnowledge(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (tested by the 8D tests).
        cls._close_without_8d()

    def test_01_only_closed_complaints_become_typical(self):
        """A complaint becomes a typical case only once closed."""
        complaint = self._complaint(responsibility="company")
        with self.assertRaisesText(ValidationError, "close"):
            complaint.is_typical_case = True
        complaint.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        complaint.write({"is_typical_case": True, "lessons_learned": "<p>Check X</p>"})
        self.assertTrue(complaint.is_typical_case)

    def test_02_similar_complaints_typical_first(self):
        """A new complaint shows earlier ones of the same product, defect or customer,
        typical cases first."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        plain = self._complaint(
            product_id=self.product.id, complaint_date="2026-10-20 09:00:00"
        )
        typical = self._complaint(
            product_id=self.product_other.id,
            defect_type_id=self.defect_short.id,
            complaint_date="2026-09-01 09:00:00",
            responsibility="company",
            stage_id=done.id,
        )
        typical.is_typical_case = True
        unrelated = self._complaint(
            product_id=self.product_sibling.id, complaint_date="2026-10-21 09:00:00"
        )
        new = self._complaint(
            product_id=self.product.id, defect_type_id=self.defect_short.id
        )
        self.assertEqual(new.similar_ticket_ids[0], typical)
        self.assertIn(plain, new.similar_ticket_ids)
        self.assertNotIn(unrelated, new.similar_ticket_ids)
        self.assertNotIn(new, new.similar_ticket_ids)
        self.assertEqual(new.similar_ticket_count, len(new.similar_ticket_ids))
        action = new.action_view_similar()
        self.assertEqual(
            self.env["helpdesk.ticket"].search(action["domain"]), new.similar_ticket_ids
        )

    def test_03_similar_limit_is_a_setting(self):
        """The number of similar complaints shown is the company's setting, and a
        batch of complaints gets its similar cases in one query."""
        earlier = self.env["helpdesk.ticket"]
        for day in range(1, 6):
            earlier |= self._complaint(
                product_id=self.product.id, complaint_date=f"2026-10-0{day} 09:00:00"
            )
        first = self._complaint(product_id=self.product.id, partner_id=self.customer.id)
        second = self._complaint(
            product_id=self.product_other.id, partner_id=self.customer.id
        )
        # the 5 earlier ones (same product) and `second` (same customer)
        self.assertEqual(len(first.similar_ticket_ids), 6)
        self.env.company.complaint_similar_limit = 2
        both = first | second
        both.invalidate_recordset(["similar_ticket_ids", "similar_ticket_count"])
        with self.assertQueryCount(3):
            both._compute_similar_ticket_ids()
        self.assertEqual(first.similar_ticket_count, 2)
        self.assertEqual(len(first.similar_ticket_ids), 2)
        self.assertIn(first, second.similar_ticket_ids)
        self.assertNotIn(earlier[0], first.similar_ticket_ids)
