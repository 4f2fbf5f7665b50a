from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintNumbering(ComplaintCommon):
    """Complaint numbers drawn for a whole batch at once (issue 14): the cost does
    not grow with the batch, and the numbers are those drawn one by one."""

    def _tickets(self, dates):
        """Plain tickets (not numbered) dated ``dates``, to be numbered."""
        return self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Printer {i}",
                    "description": "x",
                    "team_id": self.other_team.id,
                    "complaint_date": day,
                }
                for i, day in enumerate(dates)
            ]
        )

    def _serial(self, number):
        year, serial = number.split("/")[1:]
        return year, int(serial)

    def _check_consecutive(self):
        """A batch over two years, interleaved, continues each year's count in the
        batch's order, with the year of each complaint in its number."""
        Ticket = self.env["helpdesk.ticket"]
        company = self.env.company.id
        last = dict(
            map(
                self._serial,
                Ticket._next_complaint_numbers(company, ["2025-03-01", "2026-03-01"]),
            )
        )
        dates = ["2026-01-05", "2025-05-01", "2026-02-01", "2025-06-01", "2026-12-31"]
        numbers = [
            self._serial(n) for n in Ticket._next_complaint_numbers(company, dates)
        ]
        self.assertEqual(
            numbers,
            [
                ("2026", last["2026"] + 1),
                ("2025", last["2025"] + 1),
                ("2026", last["2026"] + 2),
                ("2025", last["2025"] + 2),
                ("2026", last["2026"] + 3),
            ],
        )

    def test_01_batch_cost_does_not_grow(self):
        """Numbering 40 complaints costs the queries of numbering 2 (over the same
        two years): one draw per company and year, not one per complaint."""
        dates = ["2025-04-01 09:00:00", "2026-04-01 09:00:00"]
        self._tickets(dates)._assign_complaint_number()  # the years' ranges exist
        small = self._tickets(dates)
        large = self._tickets(dates * 20)
        self.env.flush_all()
        self.env.invalidate_all()
        count0 = self.cr.sql_log_count
        small._assign_complaint_number()
        self.env.flush_all()
        small_count = self.cr.sql_log_count - count0
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            large._assign_complaint_number()
            self.env.flush_all()
        self.assertEqual(len(set(large.mapped("complaint_number"))), 40)
        self.assertEqual(
            sorted({n.split("/")[1] for n in large.mapped("complaint_number")}),
            ["2025", "2026"],
        )

    def test_02_numbers_as_drawn_one_by_one(self):
        """With the gaps-allowed sequence the batch's numbers follow each year's
        last number, in the batch's order."""
        self._check_consecutive()

    def test_03_no_gap_sequence(self):
        """With a no-gap sequence the batch moves each year's counter on by the
        batch at once, and the numbers still follow one another."""
        self.env.ref(
            "complaint_management.seq_complaint_number"
        ).implementation = "no_gap"
        self._check_consecutive()
