from odoo import models
from odoo.tools.date_utils import localized

from ..lib import working_time


class ResourceCalendar(models.Model):
    """Working time counted for many complaints at once (rules §4, §8)."""

    _inherit = "resource.calendar"

    def _complaint_work_days(self, spans):
        """The working days of each ``(start, end)`` of ``spans`` (naive UTC
        datetimes), as ``get_work_duration_data`` counts them one by one (public
        holidays excluded), with the calendar's working intervals read once for
        all of them: the cost does not grow with the number of spans (the
        cutting is ``lib/working_time.py``)."""
        self.ensure_one()
        if not spans:
            return []
        spans = [(localized(start), localized(end)) for start, end in spans]
        intervals = list(self._work_intervals_batch(*working_time.bounds(spans))[False])
        return [
            self._get_attendance_intervals_days_data(clipped)["days"]
            for clipped in working_time.clip_spans(intervals, spans)
        ]
