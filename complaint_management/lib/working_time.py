"""Working time cut to spans: plain functions, no ORM (rules §4, §8).

``resource.calendar._complaint_work_days`` reads a calendar's working intervals
once for many spans (from a complaint's receipt to one of its events), asks these
functions which part of those intervals falls in each span, and lets the calendar
count the working days of each part (public holidays are already left out of the
intervals it reads). Tested without a database in
tests/test_complaint_working_time_lib.py.

An *interval* is a ``(begin, stop, meta)`` triple as ``resource.calendar`` gives
them (``meta`` is carried along untouched); a *span* is a ``(start, end)`` pair.
Begins, stops, starts and ends are values of one comparable kind (the calendar
uses aware datetimes).
"""

from bisect import bisect_left, bisect_right


def bounds(spans):
    """The ``(start, end)`` that covers every span of ``spans`` (not empty):
    the working time to read once for all of them."""
    return min(start for start, _end in spans), max(end for _start, end in spans)


def clip_spans(intervals, spans):
    """For each span of ``spans``, in order, the list of ``intervals`` that
    overlap it, cut to it.

    ``intervals`` are sorted and disjoint, so the ones that may overlap a span
    are found by bisection: the cost grows with the overlapping intervals, not
    with all of them. An interval that only touches a span (its stop is the
    span's start, or its begin the span's end) is not part of it; a span of no
    length (or reversed) has none."""
    starts = [interval[0] for interval in intervals]
    clipped = []
    for start, end in spans:
        first = max(bisect_right(starts, start) - 1, 0)
        last = bisect_left(starts, end)
        clipped.append(
            [
                (max(begin, start), min(stop, end), meta)
                for begin, stop, meta in intervals[first:last]
                if min(stop, end) > max(begin, start)
            ]
        )
    return clipped
