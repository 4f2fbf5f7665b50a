from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .chargeback_common import ChargebackCommon


@tagged("post_install", "-at_install")
class TestComplaintSupplierScore(ChargebackCommon):
    """The supplier form's figures (issue 11): open complaints, chargebacks
    claimed and recovered, open corrective-action requests and the quality score
    over a period, for many suppliers in a fixed number of queries."""

    def test_01_figures_and_batch(self):
        """Two suppliers: the first has two complaints, a settled chargeback of
        330 with 99 accepted and an open CAPA; the second one complaint. Their
        figures are computed together in a fixed number of queries, and a period
        chosen before the complaints counts none."""
        second = self._supplier_complaint()
        chargeback = self._sent()
        chargeback.sudo()._portal_answer("partial", accepted_amount=99.0)
        chargeback.with_user(self.finance).action_settle()
        # recovered once accounting posts the credit note (rules §24.2)
        chargeback.credit_note_id.sudo().action_post()
        self._supplier_complaint(supplier=self.other_supplier)
        partners = (self.supplier | self.other_supplier).with_user(self.officer)
        today = fields.Date.context_today(chargeback)
        start = fields.Date.to_date("2026-11-01")
        partners._supplier_quality(start, today)  # caches warmed once
        self.env.flush_all()
        self.env.invalidate_all()
        # Read as superuser (counts and totals only): the queries are the system's.
        with self.assertQueryCount(__system__=7):
            figures = partners._supplier_quality(start, today)
        third = self.env["res.partner"].create({"name": "Dies Co.", "is_company": True})
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=7):
            (partners | third)._supplier_quality(start, today)
        first, other = (figures[partner] for partner in partners)
        self.assertEqual(first["supplier_complaint_open_count"], 2)
        self.assertEqual(first["supplier_score_complaints"], 2)
        self.assertAlmostEqual(first["supplier_score_defect_qty"], 40.0)
        self.assertEqual(first["supplier_chargeback_count"], 1)
        self.assertAlmostEqual(first["supplier_claimed_amount"], 330.0)
        self.assertAlmostEqual(first["supplier_recovered_amount"], 99.0)
        self.assertAlmostEqual(first["supplier_score_recovered_share"], 30.0)
        self.assertEqual(first["supplier_capa_open_count"], 1)
        self.assertEqual(other["supplier_score_complaints"], 1)
        self.assertEqual(other["supplier_chargeback_count"], 0)
        self.assertIn(
            second,
            self.env["helpdesk.ticket"].search(
                [("supplier_id", "=", self.supplier.id)]
            ),
        )
        earlier = partners._supplier_quality(
            fields.Date.to_date("2025-01-01"), fields.Date.to_date("2025-12-31")
        )
        self.assertEqual(earlier[partners[0]]["supplier_score_complaints"], 0)
        self.assertEqual(earlier[partners[0]]["supplier_chargeback_count"], 1)
        # The form's period is the company's last 12 months.
        with freeze_time("2026-12-15"):
            partners.invalidate_recordset()
            self.assertEqual(partners[0].supplier_score_complaints, 2)
            self.assertEqual(
                partners[0].supplier_score_date_from, fields.Date.to_date("2025-12-15")
            )
