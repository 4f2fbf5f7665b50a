from odoo.tests import BaseCase, tagged

from ..lib import ratios, sla_planner


@tagged("post_install", "-at_install")
class TestComplaintRatiosLib(BaseCase):
    """The ratios managers read, without a database."""

    def test_01_ratio_is_numerator_times_scale_over_denominator(self):
        """PPM, percentages and fractions are one rule with three scales."""
        self.assertEqual(ratios.ratio(3.0, 1500.0, ratios.PPM), 2000.0)
        self.assertEqual(ratios.ratio(30.0, 1000.0, ratios.PERCENT), 3.0)
        self.assertEqual(ratios.ratio(1, 4), 0.25)
        self.assertEqual(ratios.ratio(1, 4, ratios.FRACTION), 0.25)
        self.assertEqual(ratios.ratio(0.0, 5.0, ratios.PERCENT), 0.0)

    def test_02_no_figure_without_a_denominator(self):
        """Nothing delivered, due or paid gives no figure (None), not zero."""
        for denominator in (0, 0.0, None, False):
            self.assertIsNone(ratios.ratio(3.0, denominator, ratios.PPM))
        self.assertIsNone(ratios.ratio(0, 0))

    def test_03_same_figures_as_the_formulas_it_replaced(self):
        """The rule gives, to the last bit, what the callers computed before
        (``100.0 * a / b``, ``a * 100.0 / b``, ``a / b``)."""
        for numerator, denominator in (
            (1, 3), (2, 3), (7, 9), (0.1, 0.3), (30.0, 1000.0), (1e-9, 7.0),
            (123456.789, 0.001), (5, 7), (-2.5, 3.0), (3, -7.5),
        ):  # fmt: skip
            self.assertEqual(
                ratios.ratio(numerator, denominator, ratios.PERCENT),
                100.0 * numerator / denominator,
            )
            self.assertEqual(
                ratios.ratio(numerator, denominator, ratios.PERCENT),
                numerator * 100.0 / denominator,
            )
            self.assertEqual(
                ratios.ratio(numerator, denominator), numerator / denominator
            )

    def test_04_ratio_of_sums_not_average_of_ratios(self):
        """Over a group the ratio is that of the sums: 1 of 1 and 0 of 3
        deadlines met is 25 %, not the 50 % the rows' ratios average to."""
        rows = [(1, 1), (0, 3)]
        self.assertEqual(
            ratios.ratio(
                sum(n for n, _d in rows), sum(d for _n, d in rows), ratios.PERCENT
            ),
            25.0,
        )

    def test_05_sql_form_of_the_rule(self):
        """The analysis views' form of the rule sums numerator and denominator
        (three parameters: numerator, scale, denominator) and gives NULL when
        the denominator sums to zero."""
        self.assertEqual(ratios.SUM_RATIO_SQL.count("%s"), 3)
        self.assertEqual(
            ratios.SUM_RATIO_SQL % ("n", ratios.PPM, "d"),
            "SUM(n) * 1000000.0 / NULLIF(SUM(d), 0)",
        )

    def test_06_deadline_compliance_follows_the_rule(self):
        """Deadline compliance is met on time ÷ due × 100 over the milestones
        met or breached; none without a due milestone."""
        self.assertEqual(
            sla_planner.compliance(["met", "breached", "running", "met"]),
            ratios.ratio(2, 3, ratios.PERCENT),
        )
        self.assertEqual(sla_planner.compliance(["met", "not_needed"]), 100.0)
        self.assertIsNone(sla_planner.compliance(["running", "paused"]))
        self.assertIsNone(sla_planner.compliance([]))
