import math
from datetime import date

from odoo.tests import BaseCase, tagged

from ..lib import control_limits


@tagged("post_install", "-at_install")
class TestComplaintControlLimitsLib(BaseCase):
    """The control limits of the trend alarms (rules §21.3, §21.4), without a
    database, on figures computed by hand."""

    def test_01_c_chart(self):
        """c-chart: base counts 1, 2, 0, 1 give c̄ = 1, limits 1 ± 3·√1 = 4 and
        0 (a negative lower limit is zero); 5 complaints lie beyond, 4 do not."""
        limits = control_limits.c_chart([1, 2, 0, 1], 5)
        self.assertEqual(limits.chart, "c")
        self.assertEqual((limits.value, limits.centre), (5.0, 1.0))
        self.assertAlmostEqual(limits.upper, 4.0)
        self.assertEqual(limits.lower, 0.0)
        self.assertTrue(control_limits.beyond(limits))
        self.assertFalse(control_limits.beyond(control_limits.c_chart([1, 2, 0, 1], 4)))
        # c̄ = 16, 2 sigma: 16 ± 2·4 = 24 and 8
        limits = control_limits.c_chart([16, 16], 20, sigma=2.0)
        self.assertEqual((limits.upper, limits.lower), (24.0, 8.0))
        self.assertIsNone(control_limits.c_chart([], 3))

    def test_02_p_chart(self):
        """p-chart: 3 complaints over 30,000 delivered give p̄ = 1e-4; a period
        of 10,000 has σ = √(1e-4 × 0.9999 ÷ 10,000) = 9.9995e-5, so the upper
        limit is 3.99985e-4 (400 per million): 5 complaints (500 per million)
        lie beyond, 3 (300) do not; fewer units widen the limits."""
        base = [(1, 10000), (1, 10000), (1, 10000)]
        limits = control_limits.p_chart(base, 5, 10000)
        self.assertEqual(limits.chart, "p")
        self.assertAlmostEqual(limits.centre, 1e-4)
        self.assertAlmostEqual(limits.upper, 1e-4 + 3 * math.sqrt(1e-4 * 0.9999 / 1e4))
        self.assertAlmostEqual(limits.upper * 1e6, 399.985, places=3)
        self.assertEqual(limits.lower, 0.0)
        self.assertAlmostEqual(limits.value, 5e-4)
        self.assertTrue(control_limits.beyond(limits))
        self.assertFalse(control_limits.beyond(control_limits.p_chart(base, 3, 10000)))
        wider = control_limits.p_chart(base, 1, 2500)
        self.assertGreater(wider.upper, limits.upper)
        # no delivery, no rate: the caller falls back on counts
        self.assertIsNone(control_limits.p_chart(base, 5, 0))
        self.assertIsNone(control_limits.p_chart([(1, 0)], 5, 100))

    def test_03_rising_run(self):
        """A run rises when each of its last ``run`` values rose over the one
        before; an equal value, an unknown one or too short a history breaks
        it; 0 turns the rule off."""
        self.assertTrue(control_limits.rising([5, 1, 2, 3, 4], 3))
        self.assertFalse(control_limits.rising([5, 1, 2, 2, 4], 3))
        self.assertFalse(control_limits.rising([1, 2, 3], 3))
        self.assertFalse(control_limits.rising([1, None, 3, 4, 5], 4))
        self.assertFalse(control_limits.rising([1, 2, 3, 4], 0))

    def test_04_periods(self):
        """Periods start on Mondays or on the first of the month; the window ends
        with the period holding the day."""
        self.assertEqual(
            control_limits.period_start(date(2026, 11, 12), "week"), date(2026, 11, 9)
        )
        self.assertEqual(
            control_limits.periods(date(2026, 2, 10), 3, "month"),
            [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)],
        )
        self.assertEqual(
            control_limits.periods(date(2026, 11, 12), 2, "week"),
            [date(2026, 11, 2), date(2026, 11, 9)],
        )
