from bisect import bisect_left, bisect_right

from odoo import models
from odoo.tools.date_utils import localized


class ResourceCalendar(models.Model):
    """Working time counted for many complaints at once (rules §4, §8)."""

    _inherit = "resource.calendar"

    def _complaint_work_days(self, spans):
        """The working days of each ``(start, end)`` of ``spans`` (naive UTC
        datetimes), as ``get_work_duration_data`` counts them one by one (public
        holidays excluded), with the calendar's working intervals read once for
        all of them: the cost does not grow with the number of spans."""
        self.ensure_one()
        if not spans:
            return []
        spans = [(localized(start), localized(end)) for start, end in spans]
        items = list(
            self._work_intervals_batch(
                min(start for start, _end in spans), max(end for _start, end in spans)
            )[False]
        )
        starts = [item[0] for item in items]
        days = []
        for start, end in spans:
            # the intervals are sorted and disjoint: those that overlap the span
            first = max(bisect_right(starts, start) - 1, 0)
            last = bisect_left(starts, end)
            clipped = [
                (max(begin, start), min(stop, end), meta)
                for begin, stop, meta in items[first:last]
                if min(stop, end) > max(begin, start)
            ]
            days.append(self._get_attendance_intervals_days_data(clipped)["days"])
        return days
