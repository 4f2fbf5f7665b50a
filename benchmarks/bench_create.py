"""Benchmark: creating complaints against creating plain helpdesk tickets.

Run through `make bench` (tools/bench.sh), which feeds this file to `odoo-bin shell`
on the benchmark database (BENCH_DB), or by hand:

    .venv/bin/python /opt/odoo/odoo-bin shell -c .odoo.conf -d <database> \\
        --no-http --log-level=warn < benchmarks/bench_create.py

It creates batches of BENCH_BATCH (100) complaints with the full intake of domain.md
§2 (over BENCH_PRODUCTS (20) products) from a customer who gets the acknowledgement
e-mail, and as many plain tickets, BENCH_ROUNDS (3) times each, and prints the time
ratio and the queries per record, with the share of each hook of creation (the
deadline planning, `_sla_after_create`, is measured apart too), and then the cost
of sending a batch's acknowledgements (the scheduled action creation triggers). Each
batch starts from the same history (rolled back after it). It asserts nothing;
everything it creates is rolled back.
"""

import os
import time
import traceback
from collections import Counter

env = env  # noqa: F821  (provided by odoo-bin shell)
size = int(os.environ.get("BENCH_BATCH", "100"))
rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
# Complaints spread over this many products: each repeats the earlier ones of its
# product (the repeat relation grows with them; 1 is the worst case).
n_products = int(os.environ.get("BENCH_PRODUCTS", "20"))

Ticket = env["helpdesk.ticket"]
complaint_team = env["helpdesk.ticket.team"].create(
    {"name": "Benchmark complaint desk", "complaint_team": True}
)
plain_team = env["helpdesk.ticket.team"].create({"name": "Benchmark helpdesk"})
customer = env["res.partner"].create(
    {
        "name": "Benchmark customer",
        "email": "quality@bench.example.com",
        "is_company": True,
    }
)
products = env["product.product"].create(
    [
        {"name": f"Benchmark part {n}", "default_code": f"BP-{n}"}
        for n in range(n_products)
    ]
)
defect = env.ref("complaint_management.defect_type_scratch")


def vals_list(team, tag):
    intake = {
        "partner_id": customer.id,
        "defect_type_id": defect.id,
        "shipped_date": "2026-10-01",
        "shipped_qty": 1000,
        "lot_qty": 500,
        "defect_qty": 20,
        "detection_stage": "incoming",
    }
    return [
        {
            "name": f"{tag} {i}",
            "description": "<p>x</p>",
            "team_id": team.id,
            "product_id": products[i % n_products].id,
            **intake,
        }
        for i in range(size)
    ]


HOOKS = ("_sla_after_create", "_send_acknowledgement", "_notify_major")
cr = env.cr
real_execute = cr.execute


def run(team, tag, count=False):
    """Seconds and queries (by hook, when ``count``) of creating one batch, up to
    the commit's pre-commit hooks (tracking). Counting by hook inspects the stack
    of every query: its runs are not timed."""
    hooks = Counter()

    def execute(query, params=None, log_exceptions=True):
        names = {frame.name for frame in traceback.extract_stack(limit=40)}
        hooks[next((h for h in HOOKS if h in names), "rest")] += 1
        return real_execute(query, params, log_exceptions)

    env.flush_all()
    env.invalidate_all()
    cr.execute("SAVEPOINT bench_run")
    queries = cr.sql_log_count
    started = time.perf_counter()
    if count:
        cr.execute = execute
    try:
        Ticket.create(vals_list(team, tag))
        env.flush_all()
        cr.precommit.run()
    finally:
        cr.execute = real_execute
    elapsed, queries = time.perf_counter() - started, cr.sql_log_count - queries
    # Every run starts from the same history: what a run created is rolled back,
    # or the repeats of the earlier runs' complaints would weigh on the later ones.
    cr.execute("ROLLBACK TO SAVEPOINT bench_run")
    cr.precommit.clear()
    env.invalidate_all()
    env.transaction.clear()
    return elapsed, queries, hooks


run(complaint_team, "warm")
run(plain_team, "warm")
seconds = {"plain": [], "complaint": []}
for n in range(rounds):
    seconds["plain"].append(run(plain_team, f"plain {n}")[0])
    seconds["complaint"].append(run(complaint_team, f"complaint {n}")[0])
for kind, team in (("plain", plain_team), ("complaint", complaint_team)):
    _seconds, queries, hooks = run(team, f"{kind} counted", count=True)
    best = min(seconds[kind])
    detail = ", ".join(f"{h} {c / size:.1f}" for h, c in sorted(hooks.items()) if c)
    print(
        f"{kind:9}: {best:.2f} s per {size} ({1000 * best / size:.1f} ms each), "
        f"{queries / size:.1f} queries each ({detail})"
    )
ratio = min(seconds["complaint"]) / min(seconds["plain"])
print(f"time ratio complaint / plain ticket: {ratio:.2f}")

# The acknowledgements are sent after the complaints are recorded, by the scheduled
# action their creation triggers: its cost for one batch, apart.
cr.execute("SAVEPOINT bench_ack")
Ticket.create(vals_list(complaint_team, "acknowledged"))
env.flush_all()
queries = cr.sql_log_count
started = time.perf_counter()
Ticket._cron_send_acknowledgements(batch_size=size)
env.flush_all()
print(
    f"acknowledgements (scheduled action): {time.perf_counter() - started:.2f} s per "
    f"{size}, {(cr.sql_log_count - queries) / size:.1f} queries each"
)
cr.execute("ROLLBACK TO SAVEPOINT bench_ack")
env.invalidate_all()
env.transaction.clear()

# The same without the deadline planning, to tell its share from the rest.
TicketClass = type(Ticket)
for label, hooks in (("deadline planning", ["_sla_after_create"]),):
    saved = {hook: getattr(TicketClass, hook) for hook in hooks}
    for hook in hooks:
        setattr(TicketClass, hook, lambda tickets: None)
    try:
        without = [run(complaint_team, f"{label} {n}")[0] for n in range(rounds)]
        _seconds, queries, _hooks = run(complaint_team, f"{label} counted")
    finally:
        for hook, method in saved.items():
            setattr(TicketClass, hook, method)
    ratio = min(without) / min(seconds["plain"])
    print(
        f"without {label}: {min(without):.2f} s per {size}, "
        f"{queries / size:.1f} queries each, time ratio {ratio:.2f}"
    )
env.cr.rollback()
