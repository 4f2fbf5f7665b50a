"""Benchmark: the escalation job on many open complaints.

Run through `make bench` (tools/bench.sh), which feeds this file to `odoo-bin shell`
on the benchmark database. It prints figures and asserts nothing; everything it
creates is rolled back.

Settings (environment): BENCH_COMPLAINTS (20000), BENCH_BREACHED_SHARE (0.2).
"""

import os
import time
from datetime import timedelta

from odoo import fields

env = env  # noqa: F821  (provided by odoo-bin shell)
total = int(os.environ.get("BENCH_COMPLAINTS", "20000"))
share = float(os.environ.get("BENCH_BREACHED_SHARE", "0.2"))

Ticket = env["helpdesk.ticket"].with_context(
    tracking_disable=True, mail_create_nolog=True, mail_notrack=True
)
team = env["helpdesk.ticket.team"].create({"name": "Benchmark desk"})
policy = env.ref("complaint_management.sla_policy_resolution")
now = fields.Datetime.now()

started = time.perf_counter()
tickets = Ticket.browse()
for offset in range(0, total, 1000):
    size = min(1000, total - offset)
    tickets |= Ticket.create(
        [{"name": f"bench {offset + i}", "description": "x", "team_id": team.id}
         for i in range(size)]
    )  # fmt: skip
env.flush_all()
env.cr.execute(
    "UPDATE helpdesk_ticket SET is_complaint = TRUE WHERE id = ANY(%s)", [tickets.ids]
)
breached = int(total * share)
late, on_time = now - timedelta(hours=1), now + timedelta(days=3)
env["complaint.sla.milestone"].create(
    [
        {
            "ticket_id": ticket.id,
            "policy_id": policy.id,
            "milestone": "resolution",
            "start_date": now - timedelta(days=8),
            "deadline": late if n < breached else on_time,
        }
        for n, ticket in enumerate(tickets)
    ]
)  # fmt: skip
env.flush_all()
env.invalidate_all()
print(f"set-up: {total} open complaints in {time.perf_counter() - started:.1f} s")

queries0 = env.cr.sql_log_count
started = time.perf_counter()
Ticket._cron_escalate()
env.flush_all()
elapsed = time.perf_counter() - started
queries = env.cr.sql_log_count - queries0
print(
    f"escalation job: {total} open complaints, {breached} breached, "
    f"{elapsed:.2f} s, {queries} queries, {total / elapsed:.0f} complaints/s"
)

queries0 = env.cr.sql_log_count
started = time.perf_counter()
Ticket._cron_escalate()
env.flush_all()
elapsed = time.perf_counter() - started
print(
    f"escalation job again (nothing new): {elapsed:.2f} s, "
    f"{env.cr.sql_log_count - queries0} queries"
)
env.cr.rollback()
