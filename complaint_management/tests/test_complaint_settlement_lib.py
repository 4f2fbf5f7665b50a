from functools import partial

from odoo.tests import BaseCase, tagged
from odoo.tools.float_utils import float_round

from ..lib import settlement

# The rounding of a currency in cents, as ``res.currency.round`` does it.
CENTS = partial(float_round, precision_rounding=0.01)


@tagged("post_install", "-at_install")
class TestComplaintSettlementLib(BaseCase):
    """The arithmetic of a chargeback's answer and settlement, without a database."""

    def test_01_compare_rounds_both_amounts_first(self):
        """Amounts are compared once rounded, as the currency compares them."""
        self.assertEqual(settlement.compare(10.001, 10.004, CENTS), 0)
        self.assertEqual(settlement.compare(0.006, 0.002, CENTS), 1)
        self.assertEqual(settlement.compare(9.99, 10.0, CENTS), -1)
        self.assertTrue(settlement.is_zero(0.004, CENTS))
        self.assertFalse(settlement.is_zero(0.005, CENTS))

    def test_02_total_is_the_rounded_sum(self):
        """What a chargeback claims is the rounded sum of its costs."""
        self.assertEqual(settlement.total([0.1, 0.2, 100.0], CENTS), 100.3)
        self.assertEqual(settlement.total([], CENTS), 0.0)

    def test_03_accept_takes_the_whole_claim(self):
        """Accepting accepts the claimed amount; another amount is refused."""
        self.assertEqual(
            settlement.answer("accept", 250.0, None, False, CENTS), ("accept", 250.0)
        )
        self.assertEqual(
            settlement.answer("accept", 250.0, 250.001, False, CENTS),
            ("accept", 250.0),
        )
        with self.assertRaises(settlement.AnswerRefused) as caught:
            settlement.answer("accept", 250.0, 200.0, False, CENTS)
        self.assertEqual(caught.exception.reason, settlement.ACCEPT_NOT_WHOLE)

    def test_04_partial_is_above_zero_and_within_the_claim(self):
        """A partial acceptance is rounded, above zero, not above the claim, and
        the whole claim accepted partly is an acceptance."""
        self.assertEqual(
            settlement.answer("partial", 250.0, 100.004, False, CENTS),
            ("partial", 100.0),
        )
        self.assertEqual(
            settlement.answer("partial", 250.0, 250.0, False, CENTS),
            ("accept", 250.0),
        )
        for accepted, reason in (
            (None, settlement.PARTIAL_NOT_POSITIVE),
            (0.004, settlement.PARTIAL_NOT_POSITIVE),
            (-5.0, settlement.PARTIAL_NOT_POSITIVE),
            (250.01, settlement.PARTIAL_ABOVE_CLAIMED),
        ):
            with self.assertRaises(settlement.AnswerRefused) as caught:
                settlement.answer("partial", 250.0, accepted, False, CENTS)
            self.assertEqual(caught.exception.reason, reason)

    def test_05_dispute_accepts_nothing_and_says_why(self):
        """A dispute accepts nothing and needs a comment."""
        self.assertEqual(
            settlement.answer("dispute", 250.0, 0.0, True, CENTS), ("dispute", 0.0)
        )
        with self.assertRaises(settlement.AnswerRefused) as caught:
            settlement.answer("dispute", 250.0, 10.0, True, CENTS)
        self.assertEqual(caught.exception.reason, settlement.DISPUTE_WITH_AMOUNT)
        with self.assertRaises(settlement.AnswerRefused) as caught:
            settlement.answer("dispute", 250.0, None, False, CENTS)
        self.assertEqual(caught.exception.reason, settlement.DISPUTE_WITHOUT_COMMENT)

    def test_07_shares_add_up_to_the_accepted_amount(self):
        """The accepted amount is shared in proportion to the costs, the rounding
        rest on the last share, so the shares add up to it exactly."""
        shares = settlement.shares([100.0, 100.0, 100.0], 100.0, 300.0, CENTS)
        self.assertEqual(shares, [33.33, 33.33, 33.34])
        self.assertAlmostEqual(sum(shares), 100.0, places=6)
        self.assertEqual(
            settlement.shares([120.0, 80.0], 200.0, 200.0, CENTS), [120.0, 80.0]
        )
        self.assertEqual(settlement.shares([50.0], 20.0, 50.0, CENTS), [20.0])
        self.assertEqual(settlement.shares([], 20.0, 0.0, CENTS), [])

    def test_08_residual_and_recovered(self):
        """A posted bill carries the deduction only when enough is left to pay;
        only a settled chargeback whose settling entry is posted has recovered
        anything (rules §24.2)."""
        self.assertTrue(settlement.residual_covers(100.0, 100.004, CENTS))
        self.assertFalse(settlement.residual_covers(99.98, 100.0, CENTS))
        self.assertEqual(settlement.recovered(True, True, 80.0), 80.0)
        self.assertEqual(settlement.recovered(True, False, 80.0), 0.0)
        self.assertEqual(settlement.recovered(False, False, 80.0), 0.0)
