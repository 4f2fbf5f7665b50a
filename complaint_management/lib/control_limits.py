"""Statistical control limits of the trend alarms: plain functions, no ORM
(rules §21.3, §21.4).

A product's complaints are watched period by period against a base: the
``base`` periods just before the period evaluated. Two charts, as Shewhart's:

- p-chart, when deliveries are known: the rate is complaints ÷ delivered, the
  centre line p̄ = Σ complaints ÷ Σ delivered over the base (the ratio of the
  sums, as lib/ratios.py), and the limits of a period delivering n units are
  p̄ ± k·√(p̄(1 − p̄) ÷ n): the fewer units, the wider;
- c-chart, on counts otherwise: the centre line c̄ is the mean count of the
  base periods and the limits are c̄ ± k·√c̄.

k is the sigma level (3 by default); a lower limit below zero is zero. Two
rules make a signal: a point beyond the upper limit (``beyond``), and a run of
rising periods (``rising``: the value rose over the one before in each of the
last ``run`` periods). A falling rate is good news and raises nothing.

Rates are per unit here; callers scale them (per million for the charts, the
scale of PPM). Tested without a database in
tests/test_complaint_control_limits_lib.py.
"""

import math
from collections import namedtuple
from datetime import timedelta

from dateutil.relativedelta import relativedelta

# The lengths of a period (``res.company.complaint_trend_period``).
STEPS = {"week": relativedelta(weeks=1), "month": relativedelta(months=1)}

# The figures of one evaluated period: the chart ("p" or "c"), the value
# plotted (rate per unit, or count), the centre line and the limits.
Limits = namedtuple("Limits", "chart value centre upper lower")


def p_chart(base, count, delivered, sigma=3.0):
    """The p-chart figures of a period with ``count`` complaints out of
    ``delivered`` units, against ``base``: (count, delivered) pairs of the base
    periods. None when the base or the period delivered nothing (no rate)."""
    base_count = sum(c for c, _n in base)
    base_delivered = sum(n for _c, n in base)
    if base_delivered <= 0 or delivered <= 0:
        return None
    centre = base_count / base_delivered
    spread = sigma * math.sqrt(max(centre * (1.0 - centre), 0.0) / delivered)
    return Limits(
        "p", count / delivered, centre, centre + spread, max(centre - spread, 0.0)
    )


def c_chart(base, count, sigma=3.0):
    """The c-chart figures of a period with ``count`` complaints, against
    ``base``: the counts of the base periods. None without a base period."""
    if not base:
        return None
    centre = sum(base) / len(base)
    spread = sigma * math.sqrt(centre)
    return Limits("c", float(count), centre, centre + spread, max(centre - spread, 0.0))


def beyond(limits):
    """Whether the point lies above its upper limit."""
    return limits is not None and limits.value > limits.upper


def rising(values, run):
    """Whether each of the last ``run`` values rose over the one before (so
    ``run`` + 1 values, the last being the period evaluated). False when there
    are fewer values, one of them is unknown (None), or ``run`` is below 1
    (the rule is off)."""
    if run < 1 or len(values) < run + 1:
        return False
    tail = values[-(run + 1) :]
    if any(value is None for value in tail):
        return False
    return all(later > earlier for earlier, later in zip(tail, tail[1:], strict=False))


def period_start(day, granularity):
    """The first day of the period (a Monday's week, or a month) holding
    ``day``."""
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def periods(day, count, granularity):
    """The first days of the ``count`` periods ending with the one holding
    ``day``, oldest first."""
    last = period_start(day, granularity)
    step = STEPS[granularity]
    return [last - step * back for back in range(count - 1, -1, -1)]
