from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .access_matrix import JsonRpcMixin
from .test_complaint_remedy import ComplaintRemedyCommon


@tagged("post_install", "-at_install")
class TestComplaintReceipts(ComplaintRemedyCommon):
    """The level of a refund follows one receipt only when the receipt is evidence
    (rules §7.1): typed receipt numbers add up per complaint over a period."""

    def test_01_invented_receipt_numbers_add_up(self):
        """Three refunds of 45 on one complaint, each with an invented receipt
        number, go to the level of their total: 45, then 90 and 135 to the deputy
        store manager, not three times the front-desk manager."""
        expected = [
            (45.0, self.tier_front_desk),
            (90.0, self.tier_deputy),
            (135.0, self.tier_deputy),
        ]
        for number, (total, tier) in enumerate(expected, start=1):
            remedy = self._submit(
                self._remedy(45.0, receipt_reference=f"MADE-UP-{number}")
            )
            with self.subTest(number=number):
                self.assertFalse(remedy.receipt_verified)
                self.assertAlmostEqual(remedy.receipt_total_company, total)
                self.assertEqual(self._tier(remedy), tier)

    def test_02_posted_invoice_is_one_receipt(self):
        """A posted invoice of the customer is evidence: its refunds add up across
        complaints and are not mixed with the complaint's unverified ones."""
        invoice = self._invoice(300.0)
        first = self._submit(
            self._remedy(45.0, origin_invoice_id=invoice.id, user=self.env.user)
        )
        self.assertTrue(first.receipt_verified)
        self.assertEqual(first.approval_key, f"invoice:{invoice.id}")
        self.assertEqual(self._tier(first), self.tier_front_desk)
        typed = self._submit(self._remedy(45.0, receipt_reference="TYPED-1"))
        self.assertAlmostEqual(typed.receipt_total_company, 45.0)
        self.assertEqual(self._tier(typed), self.tier_front_desk)
        other = self.complaint.copy()
        second = self._submit(
            self._remedy(
                45.0,
                ticket_id=other.id,
                origin_invoice_id=invoice.id,
                user=self.env.user,
            )
        )
        self.assertAlmostEqual(second.receipt_total_company, 90.0)
        self.assertEqual(self._tier(second), self.tier_deputy)

    def test_03_invoice_that_proves_nothing(self):
        """A draft invoice, or another customer's posted invoice, is no evidence:
        the refund is approved with the complaint's unverified remedies."""
        self._submit(self._remedy(45.0, receipt_reference="TYPED-1"))
        stranger = self.env["res.partner"].create({"name": "Someone Else"})
        for invoice in (self._invoice(post=False), self._invoice(partner=stranger)):
            remedy = self._remedy(
                10.0, origin_invoice_id=invoice.id, user=self.env.user
            )
            with self.subTest(invoice=invoice.state):
                self.assertFalse(remedy.receipt_verified)
                self.assertEqual(
                    remedy.approval_key,
                    f"complaint:{self.complaint.id}:{self.customer.id}",
                )
        remedy = self._submit(remedy)
        self.assertAlmostEqual(remedy.receipt_total_company, 55.0)
        self.assertEqual(self._tier(remedy), self.tier_deputy)

    def test_04_period_boundary(self):
        """With the default period of 30 days, an unverified refund requested 30
        days after another still counts it; one requested a second later does
        not."""
        self.assertEqual(self.env.company.complaint_receipt_period_days, 30)
        later = self.complaint.copy()
        with freeze_time("2026-11-01 10:00:00"):
            self._submit(self._remedy(45.0, receipt_reference="A-1"))
            self._submit(
                self._remedy(45.0, ticket_id=later.id, receipt_reference="B-1")
            )
        with freeze_time("2026-12-01 10:00:00"):
            inside = self._submit(self._remedy(45.0, receipt_reference="A-2"))
        with freeze_time("2026-12-01 10:00:01"):
            outside = self._submit(
                self._remedy(45.0, ticket_id=later.id, receipt_reference="B-2")
            )
        self.assertAlmostEqual(inside.receipt_total_company, 90.0)
        self.assertEqual(self._tier(inside), self.tier_deputy)
        self.assertAlmostEqual(outside.receipt_total_company, 45.0)
        self.assertEqual(self._tier(outside), self.tier_front_desk)

    def test_05_period_is_the_company_setting(self):
        """The period is the company's (Settings), at least one day; a shorter
        period leaves older unverified refunds out; a verified receipt counts
        whatever the period."""
        settings = self.env["res.config.settings"].create({})
        settings.complaint_receipt_period_days = 7
        settings.execute()
        self.assertEqual(self.env.company.complaint_receipt_period_days, 7)
        with self.assertRaisesText(ValidationError, "at least one day"):
            self.env.company.complaint_receipt_period_days = 0
        invoice = self._invoice(300.0)
        with freeze_time("2026-11-01 10:00:00"):
            self._submit(self._remedy(45.0, receipt_reference="A-1"))
            self._submit(
                self._remedy(45.0, origin_invoice_id=invoice.id, user=self.env.user)
            )
        with freeze_time("2026-11-09 10:00:00"):
            typed = self._submit(self._remedy(45.0, receipt_reference="A-2"))
            proven = self._submit(
                self._remedy(45.0, origin_invoice_id=invoice.id, user=self.env.user)
            )
        self.assertAlmostEqual(typed.receipt_total_company, 45.0)
        self.assertAlmostEqual(proven.receipt_total_company, 90.0)

    def test_06_backdating_counts_nothing(self):
        """The period runs on when the refunds were requested, which the
        application writes: a refund dated weeks earlier still adds up with the
        complaint's recent ones."""
        self._submit(self._remedy(45.0, receipt_reference="A-1"))
        backdated = self._submit(
            self._remedy(
                45.0,
                receipt_reference="A-2",
                date=fields.Date.subtract(fields.Date.today(), days=60),
            )
        )
        self.assertAlmostEqual(backdated.receipt_total_company, 90.0)
        self.assertEqual(self._tier(backdated), self.tier_deputy)

    def test_07_approver_sees_the_customers_refunds(self):
        """Unverified refunds of another complaint do not raise the level, but the
        approver sees them in the customer's history."""
        other = self.complaint.copy()
        first = self._submit(self._remedy(45.0, receipt_reference="X-1"))
        self._decide(first, self.front_desk)
        second = self._submit(
            self._remedy(45.0, ticket_id=other.id, receipt_reference="X-1")
        )
        self.assertAlmostEqual(second.receipt_total_company, 45.0)
        as_approver = second.with_user(self.front_desk)
        self.assertEqual(as_approver.history_remedy_count, 1)
        self.assertAlmostEqual(as_approver.history_refunded_amount, 45.0)

    def test_08_pos_receipts_need_point_of_sale(self):
        """Without Point of Sale installed, a receipt number is never a verified
        receipt (the addon does not depend on it)."""
        if "pos.order" in self.env:
            self.skipTest("Point of Sale is installed")
        remedy = self._remedy(45.0, receipt_reference="Order 00001-001-0001")
        self.assertIsNone(remedy._receipt_pos_order("ORDER 00001-001-0001"))
        self.assertFalse(remedy.receipt_verified)

    def test_09_clients_do_not_choose_the_receipt_group(self):
        """The receipt's key, group and evidence are written by the application
        only: an officer cannot declare a typed number verified."""
        remedy = self._remedy(45.0, receipt_reference="A-1")
        for field, value in (
            ("receipt_verified", True),
            ("approval_key", "invoice:1"),
            ("receipt_key", "invoice:1"),
        ):
            with (
                self.subTest(field=field),
                self.assertRaisesText(ValidationError, "cannot be written"),
            ):
                remedy.with_user(self.officer).write({field: value})
        self.assertFalse(remedy.receipt_verified)


@tagged("post_install", "-at_install")
class TestComplaintReceiptsRpc(JsonRpcMixin, HttpCase, ComplaintRemedyCommon):
    """Over JSON-RPC, the front-desk manager cannot approve a third refund of 45
    with an invented receipt number (rules §7.1)."""

    def test_01_front_desk_refused_the_third_made_up_receipt(self):
        """Two refunds of 45 with invented numbers are approved; the third (135)
        waits for the deputy store manager: the front-desk manager's approval over
        RPC is refused and writes nothing."""
        self.team.user_ids |= self.front_desk | self.deputy
        for number in (1, 2):
            remedy = self._submit(
                self._remedy(45.0, receipt_reference=f"MADE-UP-{number}")
            )
            approver = self.front_desk if number == 1 else self.deputy
            self._decide(remedy, approver)
            self.assertEqual(remedy.state, "approved")
        third = self._submit(self._remedy(45.0, receipt_reference="MADE-UP-3"))
        self.assertAlmostEqual(third.receipt_total_company, 135.0)
        self._login(self.front_desk)
        with mute_logger("odoo.http"):
            reply = self._call_kw("complaint.remedy", "validate_tier", [third.ids])
        self.assertIn("error", reply)
        self.assertIn("You cannot decide on", reply["error"]["data"]["message"])
        third.invalidate_recordset()
        self.assertEqual(third.state, "to_approve")
        self.assertEqual(third.review_ids.status, "pending")
        self._login(self.deputy)
        reply = self._call_kw("complaint.remedy", "validate_tier", [third.ids])
        self.assertNotIn("error", reply, reply.get("error"))
