"""The ratios managers read: plain functions, no ORM (rules §4, §8.4).

One rule for all of them: a ratio is numerator × scale ÷ denominator, and there
is no figure (``None``) when the denominator is zero: nothing delivered, nothing
due, nothing paid. Over a group of rows (a report's line, a dashboard's period,
a spreadsheet's totals) it is the ratio of the sums, never the average of the
rows' ratios.

- PPM: defective ÷ delivered × 1,000,000 (``complaint.ppm.report``);
- defect rate: defective ÷ lot size × 100 (the complaint, ``complaint.report``;
  × 1 in spreadsheets, whose cells are formatted as percentages);
- deadline compliance: milestones met on time ÷ milestones due × 100
  (``sla_planner.compliance``, ``complaint.report``,
  ``complaint.milestone.report``, the dashboard);
- recovered share: recovered ÷ paid × 100 (``complaint.cost.report``, the
  supplier's score).

The analysis views compute it in SQL over each group (``SUM_RATIO_SQL``, which
``complaint.report.mixin`` selects for its ``_ratio_measures``); Python callers
call ``ratio``, and show 0 where the figure is missing when their field needs a
number. Tested without a database in tests/test_complaint_ratios_lib.py.
"""

# The scales of the ratios above.
FRACTION = 1.0
PERCENT = 100.0
PPM = 1000000.0

# The rule over a group in SQL, with the numerator's column, the scale and the
# denominator's column as parameters: NULL when the denominator sums to zero.
SUM_RATIO_SQL = "SUM(%s) * %s / NULLIF(SUM(%s), 0)"


def ratio(numerator, denominator, scale=FRACTION):
    """``numerator`` × ``scale`` ÷ ``denominator``; None when the denominator
    is zero (or missing)."""
    if not denominator:
        return None
    return numerator * scale / denominator
