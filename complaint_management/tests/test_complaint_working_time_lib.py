from datetime import datetime

from odoo.tests import BaseCase, tagged

from ..lib import working_time


def at(day, hour):
    """A time of November 2026 (the 23rd is a Monday)."""
    return datetime(2026, 11, day, hour)


# A working week: 8:00-12:00 and 13:00-17:00, Monday 23 to Wednesday 25.
WEEK = [
    (at(day, begin), at(day, stop), f"{day}:{begin}")
    for day in (23, 24, 25)
    for begin, stop in ((8, 12), (13, 17))
]


@tagged("post_install", "-at_install")
class TestComplaintWorkingTimeLib(BaseCase):
    """Working intervals cut to spans, without a database."""

    def test_01_span_inside_one_interval_is_cut_on_both_sides(self):
        """A span within a morning keeps that morning, cut to the span."""
        [clipped] = working_time.clip_spans(WEEK, [(at(23, 9), at(23, 11))])
        self.assertEqual(clipped, [(at(23, 9), at(23, 11), "23:8")])

    def test_02_span_overlapping_several_intervals(self):
        """A span from mid-morning to mid-afternoon keeps the end of the
        morning and the start of the afternoon, the lunch break left out."""
        [clipped] = working_time.clip_spans(WEEK, [(at(23, 10), at(23, 15))])
        self.assertEqual(
            clipped,
            [(at(23, 10), at(23, 12), "23:8"), (at(23, 13), at(23, 15), "23:13")],
        )

    def test_03_multi_day_span_keeps_whole_intervals_between(self):
        """A span over three days keeps the days between whole, and cuts the
        first and last."""
        [clipped] = working_time.clip_spans(WEEK, [(at(23, 14), at(25, 9))])
        self.assertEqual(
            clipped,
            [
                (at(23, 14), at(23, 17), "23:13"),
                (at(24, 8), at(24, 12), "24:8"),
                (at(24, 13), at(24, 17), "24:13"),
                (at(25, 8), at(25, 9), "25:8"),
            ],
        )

    def test_04_span_covering_everything_keeps_every_interval(self):
        """A span around the whole week keeps every interval as it is."""
        [clipped] = working_time.clip_spans(WEEK, [(at(20, 0), at(28, 0))])
        self.assertEqual(clipped, WEEK)

    def test_05_adjacent_spans_touch_but_do_not_overlap(self):
        """An interval that only touches a span is not part of it: a span
        that ends when work starts, or starts when it stops, has none; a span
        over the lunch break has none either."""
        self.assertEqual(
            working_time.clip_spans(
                WEEK,
                [
                    (at(23, 6), at(23, 8)),
                    (at(25, 17), at(25, 20)),
                    (at(23, 12), at(23, 13)),
                ],
            ),
            [[], [], []],
        )

    def test_06_spans_before_or_after_all_intervals(self):
        """Spans before the first interval or after the last have none."""
        self.assertEqual(
            working_time.clip_spans(
                WEEK, [(at(1, 8), at(2, 17)), (at(27, 8), at(30, 17))]
            ),
            [[], []],
        )

    def test_07_empty_spans_and_no_intervals(self):
        """A span of no length (or reversed) has no working time; no spans
        give no answers; no intervals give an empty list per span."""
        self.assertEqual(
            working_time.clip_spans(
                WEEK, [(at(23, 9), at(23, 9)), (at(23, 11), at(23, 9))]
            ),
            [[], []],
        )
        self.assertEqual(working_time.clip_spans(WEEK, []), [])
        self.assertEqual(working_time.clip_spans([], [(at(23, 8), at(23, 17))]), [[]])

    def test_08_each_span_is_answered_in_order(self):
        """Many spans, overlapping each other and unsorted, each get their own
        answer, in the order they were given."""
        spans = [
            (at(24, 16), at(25, 9)),
            (at(23, 11), at(23, 14)),
            (at(1, 0), at(2, 0)),
        ]
        self.assertEqual(
            working_time.clip_spans(WEEK, spans),
            [
                [(at(24, 16), at(24, 17), "24:13"), (at(25, 8), at(25, 9), "25:8")],
                [(at(23, 11), at(23, 12), "23:8"), (at(23, 13), at(23, 14), "23:13")],
                [],
            ],
        )

    def test_09_bounds_cover_every_span(self):
        """The working time to read once runs from the earliest start to the
        latest end."""
        spans = [(at(24, 16), at(25, 9)), (at(23, 11), at(23, 14))]
        self.assertEqual(working_time.bounds(spans), (at(23, 11), at(25, 9)))
