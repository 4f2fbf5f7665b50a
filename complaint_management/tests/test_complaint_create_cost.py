from unittest.mock import patch

from odoo.tests import tagged

from .common import ComplaintCommon

# Queries per complaint allowed in a batch of 100 with full intake (issue 10), besides
# the deadline planning (`_sla_after_create`), whose batch cost is measured apart.
MAX_QUERIES_PER_COMPLAINT = 15


@tagged("post_install", "-at_install")
class TestComplaintCreateCost(ComplaintCommon):
    """Creating complaints costs the same per complaint whatever the batch size."""

    def _vals(self, size, tag):
        """A batch of complaints with the full intake of domain.md §2, from a customer
        who gets the acknowledgement e-mail."""
        return [
            {
                "name": f"{tag} {i}",
                "description": "<p>Leak at the bleed screw</p>",
                "team_id": self.team.id,
                "complaint_date": "2026-11-02 09:00:00",
                **self._complete_intake(),
            }
            for i in range(size)
        ]

    def _cost(self, size, tag):
        """Queries spent creating ``size`` complaints up to the commit's tracking:
        (all of them, those of the deadline planning)."""
        Ticket = self.env["helpdesk.ticket"]
        planning = {"queries": 0}
        sla_after_create = type(Ticket)._sla_after_create

        def counted(tickets):
            before = self.cr.sql_log_count
            sla_after_create(tickets)
            planning["queries"] += self.cr.sql_log_count - before

        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with patch.object(type(Ticket), "_sla_after_create", counted):
            tickets = Ticket.create(self._vals(size, tag))
            self.env.flush_all()
            self.env.cr.precommit.run()
        self.assertEqual(len(tickets.filtered("complaint_number")), size)
        self.assertEqual(len(tickets.filtered("is_repeat")), size)
        return self.cr.sql_log_count - before, planning["queries"]

    def test_01_cost_per_complaint_does_not_grow_with_the_batch(self):
        """Batches of 1, 10 and 100 complaints cost the same per complaint (or less),
        at most 15 queries each in a batch of 100 besides the deadline planning
        (issue 10, case 6)."""
        self._cost(2, "warm")  # caches, sequences, the template's first render
        cost_1, _planning_1 = self._cost(1, "one")
        cost_10, planning_10 = self._cost(10, "ten")
        cost_100, planning_100 = self._cost(100, "hundred")
        figures = (cost_1, cost_10, cost_100, planning_10, planning_100)
        self.assertLessEqual(cost_10 / 10, cost_1, figures)
        self.assertLessEqual(cost_100 / 100, cost_10 / 10 + 1, figures)
        self.assertLessEqual(
            (cost_100 - planning_100) / 100, MAX_QUERIES_PER_COMPLAINT, figures
        )

    def test_02_batch_query_counts(self):
        """Batches of 1, 10 and 100 complaints run a bounded number of queries each,
        the deadline planning included."""
        self._cost(2, "warm")
        Ticket = self.env["helpdesk.ticket"]
        for size, queries in ((1, 80), (10, 120), (100, 500)):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(__system__=queries):
                Ticket.create(self._vals(size, f"batch {size}"))
                self.env.flush_all()
