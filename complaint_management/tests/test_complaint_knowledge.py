from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintKnowledge(ComplaintCommon):
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
