"""Benchmark: the trend alarm job over 100,000 complaints (rules §21.2).

Run through `BENCH_ONLY=trend make bench` (tools/bench.sh feeds this file to
`odoo-bin shell` on the benchmark database), or by hand:

    .venv/bin/python /opt/odoo/odoo-bin shell -c .odoo.conf -d <database> \\
        --no-http --log-level=warn < benchmarks/bench_trend_alarms.py

It fills the database (inside a transaction it rolls back at the end) with
BENCH_TREND_SIZE complaints (default 100000) spread over the last 13 months
across BENCH_TREND_PRODUCTS products (default 200) and every defect type, copied
in SQL from one complaint recorded through the ORM, imports a delivered quantity
per product and month for half of the products (p-charts for them, c-charts for
the others), and times the job (`complaint.trend.alarm._raise_trend_alarms`) for
the company: a first run (alarms and chart points written) and a second one
(nothing new), each with its seconds and its number of SQL queries.

It asserts nothing; the query count must not grow with the number of complaints
or of products (one query for the complaints, one for the deliveries).
"""

import os
import time

from dateutil.relativedelta import relativedelta

from odoo import fields

TEAM_NAME = "Benchmark trend desk"


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    return [row[0] for row in cr.fetchall() if row[0] != "id"]


def fill(env, size, nproducts):
    """``size`` complaints over the last 13 months, copied in SQL from one
    template complaint; delivered quantities for half of the products."""
    cr = env.cr
    company = env.company
    team = env["helpdesk.ticket.team"].create(
        {"name": TEAM_NAME, "complaint_team": True, "complaint_acknowledge": False}
    )
    customer = env["res.partner"].create({"name": "Bench trend customer"})
    products = env["product.product"].create(
        [{"name": f"Bench trend part {n}", "default_code": f"BT-{n}"}
         for n in range(nproducts)]
    )  # fmt: skip
    template = env["helpdesk.ticket"].create(
        {
            "name": "Bench template",
            "description": "<p>x</p>",
            "team_id": team.id,
            "partner_id": customer.id,
            "product_id": products[0].id,
            "defect_type_id": env.ref("complaint_management.defect_type_scratch").id,
            "complaint_date": fields.Datetime.now(),
            "shipped_qty": 1000,
            "lot_qty": 500,
            "defect_qty": 20,
            "responsibility": "company",
        }
    )
    env.flush_all()
    defects = env["complaint.defect.type"].search([])
    start = fields.Datetime.now() - relativedelta(months=13)
    minutes = int((fields.Datetime.now() - start).total_seconds() // 60) - 1
    overrides = {
        "complaint_number": "'BENCH-T-' || lpad(g::text, 7, '0')",
        "number": "'BENCH-T-' || lpad(g::text, 7, '0')",
        "name": "'Bench trend complaint ' || g",
        "complaint_date": "%(start)s::timestamp + ((g * 7919) %% %(minutes)s)"
        " * interval '1 minute'",
        "defect_type_id": "(%(defects)s::int[])[1 + g %% %(ndefects)s]",
        "defect_family": "(%(families)s::varchar[])[1 + g %% %(ndefects)s]",
        # a product in ten gets twice its share: the busy ones
        "product_id": "(%(products)s::int[])[1 + ((g * 13) %% (%(nproducts)s + "
        "%(nproducts)s / 10)) %% %(nproducts)s]",
    }
    columns = _columns(cr, "helpdesk_ticket")
    select = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    cr.execute(
        f"""INSERT INTO helpdesk_ticket ({", ".join(f'"{c}"' for c in columns)})
            SELECT {select} FROM helpdesk_ticket t, generate_series(1, %(size)s) g
             WHERE t.id = %(template)s""",
        {
            "start": start,
            "minutes": minutes,
            "defects": defects.ids,
            "families": [d.family or "other" for d in defects],
            "ndefects": len(defects),
            "products": products.ids,
            "nproducts": len(products),
            "template": template.id,
            "size": size - 1,
        },
    )
    first = fields.Date.today().replace(day=1)
    env["complaint.delivery"].create(
        [
            {"company_id": company.id, "product_id": product.id,
             "month": first - relativedelta(months=age), "quantity": 50000}
            for product in products[: nproducts // 2]
            for age in range(14)
        ]
    )  # fmt: skip
    company.complaint_delivered_source = "import"
    env.flush_all()
    cr.execute("ANALYZE helpdesk_ticket")
    return products


def _timed(env, company):
    env.invalidate_all()
    cr = env.cr
    queries = cr.sql_log_count
    began = time.perf_counter()
    alarms = env["complaint.trend.alarm"]._raise_trend_alarms(company)
    env.flush_all()
    return time.perf_counter() - began, cr.sql_log_count - queries, len(alarms)


def main(env):
    size = int(os.environ.get("BENCH_TREND_SIZE", "100000"))
    nproducts = int(os.environ.get("BENCH_TREND_PRODUCTS", "200"))
    company = env.company
    try:
        began = time.perf_counter()
        fill(env, size, nproducts)
        print(f"filled {size} complaints, {nproducts} products in "
              f"{time.perf_counter() - began:.1f} s")  # fmt: skip
        for label in ("first run", "second run"):
            seconds, queries, raised = _timed(env, company)
            print(f"trend alarm job, {label:10} {seconds:8.2f} s {queries:6d} queries "
                  f"{raised:5d} alarms raised")  # fmt: skip
    finally:
        env.cr.rollback()


if "env" in globals() and __name__ in ("__main__", "builtins"):
    main(env)  # noqa: F821  (provided by odoo-bin shell)
