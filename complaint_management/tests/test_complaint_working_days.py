from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintSlaCommon


@tagged("post_install", "-at_install")
class TestComplaintWorkingDays(ComplaintSlaCommon):
    """Working days to response, containment and closure are counted for many
    complaints at once (issue 14: batch-safe), as Odoo counts them one by one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Friday 6 November 2026 is a public holiday on the desk's calendar
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 11, 6, 0, 0),
                "date_to": datetime(2026, 11, 6, 23, 59),
            }
        )

    def test_01_same_days_as_counted_one_by_one(self):
        """Spans within a day, over a lunch break, a weekend and the holiday give
        the working days ``get_work_duration_data`` gives for each."""
        spans = [
            (datetime(2026, 11, 2, 9, 0), datetime(2026, 11, 2, 11, 0)),
            (datetime(2026, 11, 2, 11, 30), datetime(2026, 11, 2, 14, 0)),
            (datetime(2026, 11, 2, 9, 0), datetime(2026, 11, 3, 10, 0)),
            (datetime(2026, 11, 5, 16, 0), datetime(2026, 11, 9, 9, 0)),
            (datetime(2026, 11, 1, 7, 0), datetime(2026, 11, 30, 18, 0)),
            (datetime(2026, 11, 7, 10, 0), datetime(2026, 11, 8, 10, 0)),
        ]
        expected = [
            self.calendar.get_work_duration_data(start, end)["days"]
            for start, end in spans
        ]
        self.assertEqual(self.calendar._complaint_work_days(spans), expected)
        self.assertEqual(expected[3], 0.25, "Thu 16-17, Fri holiday, Mon 8-9")

    def test_02_cost_does_not_grow_with_the_complaints(self):
        """Counting the figures of 40 answered complaints costs the queries of 4
        (Mon 9:00 to the next Mon 10:00 over the Friday holiday: 4.125 days)."""

        def answered(count):
            with freeze_time("2026-11-02 09:00:00"):
                tickets = self.env["helpdesk.ticket"].create(
                    [
                        dict(
                            self._complete_intake(),
                            name=f"Answered {n}",
                            description="<p>x</p>",
                            team_id=self.team.id,
                            complaint_date=datetime(2026, 11, 2, 9, 0),
                        )
                        for n in range(count)
                    ]
                )
            with freeze_time("2026-11-09 10:00:00"):
                tickets._record_event("qa_responded")
            return tickets

        def cost(tickets):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            tickets._compute_working_days()
            return self.cr.sql_log_count - before

        few, many = answered(4), answered(40)
        self.assertEqual(set(many.mapped("response_days")), {4.125})
        self.assertEqual(cost(many), cost(few))
