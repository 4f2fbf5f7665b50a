from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from . import test_complaint_8d
from .test_complaint_remedy import ComplaintRemedyCommon


@tagged("post_install", "-at_install")
class TestComplaintApproval(ComplaintRemedyCommon):
    """The approval engine (issue 9): four-eyes, one receipt, values of remedies
    without an amount, 'not our responsibility', the buttons' flags."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qa_manager_2 = cls._new_user("t_qa_manager_2", "group_complaint_manager")
        cls.product.lst_price = 100.0
        cls.tier_8d = cls.env.ref(
            "complaint_management.tier_definition_complaint_8d_qa_manager"
        )

    # How a quality engineer completes an 8D, as in the 8D tests.
    _our_complaint = test_complaint_8d.TestComplaint8D._our_complaint
    _fill = test_complaint_8d.TestComplaint8D._fill
    _corrective = test_complaint_8d.TestComplaint8D._corrective

    # Issue case 3 and four-eyes everywhere
    def test_01_qa_manager_cannot_approve_the_8d_they_wrote(self):
        """A QA manager who wrote and submitted an 8D cannot approve it, even once
        the company drops exclude_requester from the tier; another QA manager
        can."""
        self.assertTrue(self.tier_8d.exclude_requester)
        self.tier_8d.exclude_requester = False
        complaint = self._our_complaint(lot_number="L-1")
        report = (
            self.env["complaint.8d"]
            .with_user(self.qa_manager)
            .create({"ticket_ids": [Command.link(complaint.id)]})
        )
        self._fill(report)
        report.with_user(self.qa_manager).action_request_approval()
        report.invalidate_recordset()
        self.assertTrue(report.with_user(self.qa_manager).can_review)
        self.assertFalse(report.with_user(self.qa_manager).can_approve)
        with self.assertRaisesText(UserError, "You requested or wrote"):
            report.with_user(self.qa_manager).validate_tier()
        with self.assertRaisesText(UserError, "You requested or wrote"):
            report.with_user(self.qa_manager)._validate_tier()
        report.invalidate_recordset()
        self.assertEqual(report.state, "to_approve")
        self.assertEqual(report.review_ids.status, "pending")
        self.assertTrue(report.with_user(self.qa_manager_2).can_approve)
        report.with_user(self.qa_manager_2).validate_tier()
        report.invalidate_recordset()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.qa_manager_2)

    def test_02_requester_refused_when_tiers_are_edited(self):
        """A deputy who requested a remedy cannot approve it even when the tier no
        longer excludes the requester; the refusal writes nothing."""
        self.tier_deputy.exclude_requester = False
        remedy = self._submit(self._remedy(150.0, user=self.deputy), user=self.deputy)
        self.assertIn(self.deputy, remedy.review_ids.reviewer_ids)
        self.assertFalse(remedy.with_user(self.deputy).can_approve)
        with self.assertRaisesText(UserError, "You requested"):
            self._decide(remedy, self.deputy)
        with self.assertRaisesText(UserError, "You requested"):
            remedy.with_user(self.deputy).reject_tier()
        self.assertEqual(remedy.state, "to_approve")
        self.assertEqual(remedy.review_ids.status, "pending")
        self.assertFalse(remedy.review_ids.comment)
        self.assertFalse(remedy.approved_by_id)

    def test_03_shipped_tiers_exclude_the_requester(self):
        """Every shipped tier definition of remedies and 8Ds excludes the
        requester."""
        tiers = self.env["tier.definition"].search(
            [("model", "in", ("complaint.remedy", "complaint.8d"))]
        )
        self.assertEqual(len(tiers), 6)
        self.assertTrue(all(tiers.mapped("exclude_requester")))

    # Issue case 4: one receipt
    def test_04_six_refunds_on_one_receipt(self):
        """Six refunds of 50 on one receipt go to the level of their total: the
        second to the deputy store manager, the fifth and sixth (250, 300) to the
        store manager."""
        expected = [
            self.tier_front_desk,
            self.tier_deputy,
            self.tier_deputy,
            self.tier_deputy,
            self.tier_store,
            self.tier_store,
        ]
        for count, tier in enumerate(expected, start=1):
            remedy = self._submit(self._remedy(50.0, receipt_reference="POS-0042"))
            with self.subTest(count=count):
                self.assertAlmostEqual(remedy.receipt_total_company, 50.0 * count)
                self.assertEqual(self._tier(remedy), tier)

    def test_05_receipt_shared_across_complaints(self):
        """A typed receipt number proves nothing (rules §7.1): unverified remedies
        of one complaint add up whatever numbers they name, those of another
        complaint do not, even under the same number; a rejected remedy does not
        count."""
        first = self._submit(self._remedy(150.0, receipt_reference="pos-7"))
        self._decide(first, self.deputy)
        other = self.complaint.copy()
        second = self._submit(
            self._remedy(100.0, ticket_id=other.id, receipt_reference=" POS-7 ")
        )
        self.assertAlmostEqual(second.receipt_total_company, 100.0)
        self.assertEqual(self._tier(second), self.tier_deputy)
        self._decide(second, self.deputy, approve=False)
        third = self._submit(
            self._remedy(100.0, ticket_id=other.id, receipt_reference="POS-8")
        )
        self.assertAlmostEqual(third.receipt_total_company, 100.0)
        fourth = self._submit(self._remedy(100.0, receipt_reference="POS-8"))
        self.assertAlmostEqual(fourth.receipt_total_company, 250.0)
        self.assertEqual(self._tier(fourth), self.tier_store)

    def test_06_refunds_beyond_the_receipt_refused(self):
        """Refunds and credits on one receipt never exceed what it paid, all its
        remedies counted; a compensation may; the refused remedy is not created."""
        paid = {"receipt_reference": "POS-9", "paid_amount": 100.0}
        self._submit(self._remedy(60.0, **paid))
        Remedy = self.env["complaint.remedy"]
        count = Remedy.search_count([])
        with self.assertRaisesText(ValidationError, "larger than what the customer"):
            self._remedy(50.0, **paid)
        with self.assertRaisesText(ValidationError, "larger than what the customer"):
            self._remedy(41.0, "credit", **paid)
        self.assertEqual(Remedy.search_count([]), count)
        self.assertTrue(self._remedy(40.0, **paid))
        self.assertTrue(self._remedy(80.0, "compensation", **paid))

    def test_07_invoice_is_the_receipt(self):
        """A remedy naming a posted customer invoice takes its amount as paid, and
        the refunds of that invoice count together for the tier and the limit."""
        invoice = self._invoice()
        first = self._submit(
            self._remedy(150.0, user=self.env.user, origin_invoice_id=invoice.id)
        )
        self.assertAlmostEqual(first.paid_amount, 300.0)
        second = self._submit(
            self._remedy(100.0, user=self.env.user, origin_invoice_id=invoice.id)
        )
        self.assertEqual(self._tier(second), self.tier_store)
        with self.assertRaisesText(ValidationError, "larger than what the customer"):
            self._remedy(60.0, user=self.env.user, origin_invoice_id=invoice.id)

    def test_08_goodwill_counts_the_receipt(self):
        """A goodwill policy waives a small refund, but not the next one that takes
        the receipt over its limit."""
        self.env["complaint.goodwill.policy"].create(
            {"name": "Small refunds", "remedy_type": "refund", "amount_limit": 20.0}
        )
        first = self._submit(self._remedy(15.0, receipt_reference="POS-1"))
        self.assertEqual(first.state, "approved")
        second = self._submit(self._remedy(15.0, receipt_reference="POS-1"))
        self.assertEqual(second.state, "to_approve")
        self.assertEqual(self._tier(second), self.tier_front_desk)

    # Issue case 5: remedies without an amount
    def test_09_replacement_valued_at_sales_price(self):
        """A replacement of three products sold at 100, without an amount, is
        worth 300 and goes to the store manager; reports count that value."""
        remedy = self._remedy(
            0.0,
            "replacement",
            line_ids=[Command.create({"product_id": self.product.id, "quantity": 3})],
        )
        self.assertAlmostEqual(remedy.amount_company, 300.0)
        self._submit(remedy)
        self.assertEqual(self._tier(remedy), self.tier_store)
        self._decide(remedy, self.store)
        self.assertAlmostEqual(self.complaint.remedy_amount_promised, 300.0)
        repair = self._remedy(
            0.0,
            "repair",
            line_ids=[Command.create({"product_id": self.product.id, "quantity": 0.5})],
        )
        self.assertEqual(self._tier(self._submit(repair)), self.tier_store)

    # Bad input
    def test_10_bad_input_writes_nothing(self):
        """An amount of zero on a refund, and a refund beyond the receipt, are
        refused with a message saying what to do; nothing is created."""
        Remedy = self.env["complaint.remedy"]
        count = Remedy.search_count([])
        with self.assertRaisesText(ValidationError, "above zero"):
            self._remedy(0.0, "compensation")
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._remedy(-5.0, "replacement")
        with self.assertRaisesText(ValidationError, "lower the refund"):
            self._remedy(120.0, paid_amount=100.0, receipt_reference="POS-3")
        self.assertEqual(Remedy.search_count([]), count)

    # "Not our responsibility" (domain.md §5)
    def test_11_not_ours_closes_after_the_explanation_is_approved(self):
        """A complaint that is the customer's or the carrier's responsibility does
        not close until the QA manager approved the explanation to the customer."""
        done_stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        for responsibility in ("customer", "carrier"):
            with self.subTest(responsibility=responsibility):
                complaint = self.complaint.copy({"responsibility": responsibility})
                with self.assertRaisesText(UserError, "not our responsibility"):
                    complaint.stage_id = done_stage
                explanation = self._remedy(
                    0.0,
                    "explanation",
                    ticket_id=complaint.id,
                    description="<p>The carrier crushed the boxes.</p>",
                )
                self._submit(explanation)
                with self.assertRaisesText(UserError, "wait for approval"):
                    complaint.stage_id = done_stage
                self._decide(explanation, self.qa_manager)
                self.assertEqual(explanation.state, "done")
                complaint.stage_id = done_stage
                self.assertTrue(complaint.closed)

    # Buttons
    def test_12_buttons_show_to_who_may_press_them(self):
        """The can_* flags: the officer requests and withdraws, the deputy (not the
        front desk, not the requester) approves or rejects, nobody approves a
        draft; an officer of another team may do nothing."""
        remedy = self._remedy(150.0)
        flags = ("request", "approve", "reject", "withdraw", "reset", "cancel", "done")

        def can(user):
            record = remedy.with_user(user)
            record.invalidate_recordset()
            return {flag for flag in flags if record[f"can_{flag}"]}

        self.assertEqual(can(self.officer), {"request", "cancel"})
        self._submit(remedy)
        self.assertEqual(can(self.officer), {"withdraw", "cancel"})
        self.assertEqual(can(self.deputy), {"approve", "reject", "cancel"})
        self.assertEqual(can(self.front_desk), {"cancel"})
        self.assertEqual(can(self.qa_manager), {"withdraw", "cancel"})
        outsider = self._new_user("t_outsider_officer", "group_complaint_officer")
        self.assertFalse(
            self.env["complaint.remedy"]
            .with_user(outsider)
            .search_count([("id", "=", remedy.id)])
        )
        self._decide(remedy, self.deputy, approve=False)
        self.assertEqual(can(self.officer), {"reset"})

    def test_13_skip_validation_check_grants_nothing(self):
        """base_tier_validation's skip_validation_check does not open a remedy
        under approval, nor its state."""
        remedy = self._submit(self._remedy(150.0))
        loose = remedy.with_user(self.officer).with_context(
            skip_validation_check=True, skip_check_state_condition=True
        )
        with self.assertRaisesText(ValidationError, "cannot change any more"):
            loose.write({"amount": 10.0})
        with self.assertRaisesText(ValidationError, "cannot be written directly"):
            loose.write({"state": "approved"})
        with self.assertRaises(UserError):
            loose.request_validation()
        with self.assertRaises(UserError):
            loose.restart_validation()
        self.assertEqual(remedy.state, "to_approve")
        self.assertEqual(remedy.review_ids.status, "pending")

    def test_14_receipt_totals_in_one_query(self):
        """The receipt totals of many remedies take one grouped query, however many
        remedies and receipts."""
        remedies = self.env["complaint.remedy"]
        for index in range(9):
            remedies |= self._remedy(10.0, receipt_reference=f"POS-{index % 3}")
        for remedy in remedies[:3]:
            self._submit(remedy)
        self._submit(self._remedy(5.0, receipt_reference="POS-0"))
        remedies.invalidate_recordset()
        remedies.fetch(["receipt_key", "state", "amount_company", "remedy_type"])
        with self.assertQueryCount(1):
            totals = remedies._receipt_totals()
        # POS-0: the pending 10 and 5, and this one.
        self.assertAlmostEqual(totals[remedies[3]], 25.0)
        self.assertAlmostEqual(totals[remedies[0]], 15.0)

    def test_15_comment_wizard_decides_only_its_document(self):
        """The comment wizard of one remedy cannot approve the review of another
        that the approver requested himself."""
        self.tier_deputy.exclude_requester = False
        own = self._submit(
            self._remedy(150.0, user=self.deputy, receipt_reference="POS-A"),
            user=self.deputy,
        )
        # On another complaint: unverified receipts of one complaint add up.
        other = self._submit(
            self._remedy(
                150.0, ticket_id=self.complaint.copy().id, receipt_reference="POS-B"
            )
        )
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.deputy)
            .create(
                {
                    "res_model": other._name,
                    "res_id": other.id,
                    "review_ids": [Command.set(own.review_ids.ids)],
                    "validate_reject": "validate",
                    "comment": "Approving my own through another",
                }
            )
        )
        with self.assertRaises(ValidationError):
            wizard.add_comment()
        own.invalidate_recordset()
        self.assertEqual(own.review_ids.status, "pending")
        self.assertEqual(own.state, "to_approve")
