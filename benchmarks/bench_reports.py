"""Benchmark: the complaint register and the dashboard over many complaints.

Run through `BENCH_ONLY=reports make bench` (tools/bench.sh feeds this file to
`odoo-bin shell` on the benchmark database), or by hand:

    .venv/bin/python /opt/odoo/odoo-bin shell -c .odoo.conf -d <database> \\
        --no-http --log-level=warn < benchmarks/bench_reports.py

It fills the database (inside a transaction it rolls back at the end) with
BENCH_REPORT_SIZES complaints (default 10000,50000), each with a remedy and two
deadlines, copied in SQL from one complaint recorded through the ORM, and prints:

* the register workbook (`report.complaint_management.complaint_register_xlsx`) over
  all of them: seconds and peak Python memory (tracemalloc, measured the same way on
  both sides), against the floor: a bare xlsxwriter loop (constant_memory) writing
  the same rows and the same columns (display names, labels, local times, the
  deadlines missed, 8Ds, remedies and chargebacks, the totals row) read by one SQL
  query through a server-side cursor; the ratio (target <= 2 in time, memory flat as
  rows grow: compare the peaks at the two sizes);
* the main group-by of the Complaints dashboard (Odoo's Dashboards app): its pivot of
  the company's complaints per month, requested as the spreadsheet requests it
  (`formatted_read_grouping_sets` on `complaint.report`), against the equivalent SQL
  `GROUP BY` over the same rows, months in the same time zone (target <= 3); and the
  time of all the dashboard's pivot requests.

It asserts nothing. `register_rows(env, size)` and `dashboard_rows(env)` return the
figures as rows (metric, value, baseline, ratio, target) for the benchmark table of
issue 14: import this file with importlib and call them with an environment.
"""

import io
import json
import os
import time
import tracemalloc

import xlsxwriter

from odoo import fields

TEAM_NAME = "Benchmark reports desk"
DATE_FROM, DATE_TO = "2025-12-01", "2026-11-30"
REGISTER = "report.complaint_management.complaint_register_xlsx"


def _team(env):
    """The benchmark team and its template complaint (with a remedy and its
    deadlines), recorded through the ORM once."""
    Team = env["helpdesk.ticket.team"]
    team = Team.search([("name", "=", TEAM_NAME)], limit=1)
    if team:
        return team
    team = Team.create(
        {"name": TEAM_NAME, "complaint_team": True, "complaint_acknowledge": False}
    )
    customer = env["res.partner"].create({"name": "Bench reports customer"})
    product = env["product.product"].create(
        {"name": "Bench part", "default_code": "BR-1"}
    )
    ticket = env["helpdesk.ticket"].create(
        {
            "name": "Bench template",
            "description": "<p>x</p>",
            "team_id": team.id,
            "partner_id": customer.id,
            "product_id": product.id,
            "defect_type_id": env.ref("complaint_management.defect_type_scratch").id,
            "complaint_date": "2025-12-01 09:00:00",
            "shipped_qty": 1000,
            "lot_qty": 500,
            "defect_qty": 20,
            "responsibility": "company",
        }
    )
    env["complaint.remedy"]._protected_context().create(
        {
            "ticket_id": ticket.id,
            "remedy_type": "refund",
            "amount": 50.0,
            "state": "done",
        }
    )
    env.flush_all()
    return team


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        [table],
    )
    return [row[0] for row in cr.fetchall() if row[0] != "id"]


def fill(env, size):
    """Bring the benchmark team to ``size`` complaints, each with a remedy and two
    deadlines (one met, one met or missed), copied in SQL from the template."""
    cr = env.cr
    team = _team(env)
    cr.execute(
        "SELECT min(id), count(*) FROM helpdesk_ticket WHERE team_id = %s", [team.id]
    )
    template, have = cr.fetchone()
    missing = size - have
    if missing <= 0:
        return team
    defects = env["complaint.defect.type"].search([])
    products = env["product.product"].search([], limit=20)
    overrides = {
        "complaint_number": "'BENCH-' || lpad((%(have)s + g)::text, 7, '0')",
        "number": "'BENCH-' || lpad((%(have)s + g)::text, 7, '0')",
        "name": "'Bench complaint ' || (%(have)s + g)",
        "complaint_date": "timestamp '2025-12-01 08:00' + (((%(have)s + g) * 7919)"
        " %% 524000) * interval '1 minute'",
        "defect_type_id": "(%(defects)s::int[])[1 + g %% %(ndefects)s]",
        "defect_family": "(%(families)s::varchar[])[1 + g %% %(ndefects)s]",
        "product_id": "(%(products)s::int[])[1 + g %% %(nproducts)s]",
        "defect_qty": "1 + (g * 31) %% 50",
        "sla_due_count": "2",
        "sla_on_time_count": "CASE WHEN g %% 4 = 0 THEN 1 ELSE 2 END",
        "response_days": "(g %% 9) / 2.0",
        "closure_days": "3 + (g %% 11)",
        "satisfaction": "(1 + g %% 5)::varchar",
        "satisfaction_score": "1 + g %% 5",
    }
    columns = _columns(cr, "helpdesk_ticket")
    select = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    params = {
        "have": have,
        "defects": defects.ids,
        "families": [d.family or "other" for d in defects],
        "ndefects": len(defects),
        "products": products.ids,
        "nproducts": len(products),
        "template": template,
        "missing": missing,
    }
    cr.execute(
        f"""INSERT INTO helpdesk_ticket ({", ".join(f'"{c}"' for c in columns)})
            SELECT {select} FROM helpdesk_ticket t, generate_series(1, %(missing)s) g
             WHERE t.id = %(template)s RETURNING id""",
        params,
    )
    new_ids = [row[0] for row in cr.fetchall()]
    remedy_columns = _columns(cr, "complaint_remedy")
    remedy_overrides = {
        "ticket_id": "n.id",
        "name": "'BR-' || n.id",
        "receipt_key": "'ticket-' || n.id",
        "amount": "10 + n.id %% 90",
        "amount_company": "10 + n.id %% 90",
    }
    insert = ", ".join(f'"{c}"' for c in remedy_columns)
    select = ", ".join(remedy_overrides.get(c, f'r."{c}"') for c in remedy_columns)
    cr.execute(
        f"""INSERT INTO complaint_remedy ({insert})
            SELECT {select}
              FROM complaint_remedy r, unnest(%(ids)s::int[]) AS n(id)
             WHERE r.ticket_id = %(template)s""",
        {"ids": new_ids, "template": template},
    )
    cr.execute(
        """INSERT INTO complaint_sla_milestone
                (ticket_id, milestone, start_date, deadline, reached_date, state,
                 met_late, is_open, company_id, paused_hours, escalation_level)
           SELECT n.id, m.milestone, t.complaint_date,
                  t.complaint_date + interval '2 days',
                  t.complaint_date + CASE WHEN m.late THEN interval '3 days'
                                          ELSE interval '1 day' END,
                  CASE WHEN m.late THEN 'breached' ELSE 'met' END,
                  m.late, FALSE, t.company_id, 0, 0
             FROM unnest(%(ids)s::int[]) AS n(id)
             JOIN helpdesk_ticket t ON t.id = n.id
            CROSS JOIN LATERAL (
                  VALUES ('response', n.id %% 4 = 0), ('containment', FALSE)
                 ) AS m(milestone, late)""",
        {"ids": new_ids},
    )
    cr.execute("ANALYZE helpdesk_ticket")
    cr.execute("ANALYZE complaint_remedy")
    cr.execute("ANALYZE complaint_sla_milestone")
    env.invalidate_all()
    return team


def _measure(function):
    """(seconds, peak MB of Python memory) of ``function()``: time without
    tracemalloc (best of two), then the peak with it."""
    seconds = []
    for _ in range(2):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(seconds), peak / 1e6


def _register(env, team):
    data = {
        "date_from": DATE_FROM,
        "date_to": DATE_TO,
        "company_id": team.company_id.id or env.company.id,
        "team_id": team.id,
    }

    def run():
        env.invalidate_all()
        content, _kind = env[REGISTER].create_xlsx_report([], data)
        return content

    return run


FLOOR_QUERY = """
    SELECT t.complaint_number,
           %(kinds)s::jsonb->>t.complaint_kind,
           (t.complaint_date AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s,
           t.incident_place,
           COALESCE(customer.name, partner.name, ''),
           COALESCE('[' || pp.default_code || '] ', '')
               || COALESCE(product.name->>%(lang)s, product.name->>'en_US'),
           t.lot_number,
           '[' || defect.code || '] '
               || COALESCE(defect.name->>%(lang)s, defect.name->>'en_US'),
           %(families)s::jsonb->>t.defect_family,
           %(severities)s::jsonb->>t.complaint_severity,
           CASE WHEN t.is_major THEN %(yes)s ELSE %(no)s END,
           CASE WHEN t.is_repeat THEN %(yes)s ELSE %(no)s END,
           %(stages)s::jsonb->>t.detection_stage,
           COALESCE(channel.name->>%(lang)s, channel.name->>'en_US'),
           COALESCE(team.name->>%(lang)s, team.name->>'en_US'),
           handler_partner.name,
           %(responsibilities)s::jsonb->>t.responsibility,
           supplier.name,
           t.shipped_qty, t.lot_qty, t.defect_qty,
           t.defect_qty / NULLIF(t.lot_qty, 0),
           t.sla_due_count + overdue.n, t.sla_on_time_count,
           t.sla_due_count + overdue.n - t.sla_on_time_count,
           t.sla_on_time_count::float / NULLIF(t.sla_due_count + overdue.n, 0),
           (SELECT string_agg(%(milestones)s::jsonb->>m.milestone, ', '
                              ORDER BY m.milestone)
              FROM (SELECT DISTINCT milestone FROM complaint_sla_milestone
                     WHERE ticket_id = t.id
                       AND (state = 'breached'
                            OR (state = 'running' AND is_open
                                AND deadline < %(now)s))) m),
           CASE WHEN t.qa_response_date IS NOT NULL THEN t.response_days END,
           CASE WHEN t.containment_date IS NOT NULL THEN t.containment_days END,
           CASE WHEN stage.closed AND t.closed_date IS NOT NULL
                THEN t.closure_days END,
           (SELECT string_agg(e.name, ', ' ORDER BY e.id)
              FROM complaint_8d_helpdesk_ticket_rel rel
              JOIN complaint_8d e ON e.id = rel.eight_d_id
             WHERE rel.ticket_id = t.id),
           (SELECT string_agg(%(remedies)s::jsonb->>r.remedy_type, ', '
                              ORDER BY r.remedy_type)
              FROM (SELECT DISTINCT remedy_type FROM complaint_remedy
                     WHERE ticket_id = t.id
                       AND state IN ('to_approve', 'approved', 'done')) r),
           t.remedy_amount_promised, t.remedy_amount_paid,
           chargeback.claimed, chargeback.recovered,
           COALESCE(stage.name->>%(lang)s, stage.name->>'en_US'),
           (t.resolved_date AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s,
           %(satisfactions)s::jsonb->>t.satisfaction
      FROM helpdesk_ticket t
      LEFT JOIN res_partner customer
             ON customer.id = COALESCE(t.commercial_partner_id, t.partner_id)
      LEFT JOIN res_partner partner ON partner.id = t.partner_id
      LEFT JOIN product_product pp ON pp.id = t.product_id
      LEFT JOIN product_template product ON product.id = pp.product_tmpl_id
      LEFT JOIN complaint_defect_type defect ON defect.id = t.defect_type_id
      LEFT JOIN helpdesk_ticket_channel channel ON channel.id = t.channel_id
      LEFT JOIN helpdesk_ticket_team team ON team.id = t.team_id
      LEFT JOIN res_users handler ON handler.id = t.user_id
      LEFT JOIN res_partner handler_partner ON handler_partner.id = handler.partner_id
      LEFT JOIN res_partner supplier ON supplier.id = t.supplier_id
      LEFT JOIN helpdesk_ticket_stage stage ON stage.id = t.stage_id
      CROSS JOIN LATERAL (
            SELECT count(*) AS n
              FROM complaint_sla_milestone om
             WHERE om.ticket_id = t.id AND om.state = 'running' AND om.is_open
               AND om.deadline < %(now)s
           ) overdue
      LEFT JOIN LATERAL (
            SELECT sum(c.amount_total_company) AS claimed,
                   sum(c.recovered_amount_company) AS recovered
              FROM complaint_chargeback_helpdesk_ticket_rel rel
              JOIN complaint_chargeback c ON c.id = rel.chargeback_id
             WHERE rel.ticket_id = t.id
               AND c.state IN ('sent', 'accepted', 'partly_accepted', 'disputed',
                               'settled')
               AND t.id = (SELECT min(ticket_id)
                             FROM complaint_chargeback_helpdesk_ticket_rel
                            WHERE chargeback_id = c.id)
           ) chargeback ON TRUE
     WHERE t.team_id = %(team)s AND t.is_complaint AND t.active
       AND t.company_id = %(company)s
       AND t.complaint_date >= %(date_from)s AND t.complaint_date < %(date_to)s
     ORDER BY t.complaint_date, t.id
"""


def _labels(env, model, fname):
    field = env[model]._fields[fname]
    return json.dumps(dict(field._description_selection(env)))


def _floor(env, team):
    """The same rows and the same columns (values, formats, the totals row) read
    by one query through a server-side cursor and written by a bare xlsxwriter
    loop (``constant_memory``): what the register cannot be faster than."""
    Register = env[REGISTER]
    columns = Register._register_columns()
    Ticket = "helpdesk.ticket"
    params = {
        "tz": env.user.tz or "UTC",
        "lang": env.lang or "en_US",
        "yes": env._("Yes"),
        "no": env._("No"),
        "kinds": _labels(env, Ticket, "complaint_kind"),
        "now": fields.Datetime.now(),
        "families": _labels(env, Ticket, "defect_family"),
        "severities": _labels(env, Ticket, "complaint_severity"),
        "stages": _labels(env, Ticket, "detection_stage"),
        "responsibilities": _labels(env, Ticket, "responsibility"),
        "satisfactions": _labels(env, Ticket, "satisfaction"),
        "milestones": _labels(env, "complaint.sla.milestone", "milestone"),
        "remedies": _labels(env, "complaint.remedy", "remedy_type"),
        "team": team.id,
        "company": (team.company_id or env.company).id,
        "date_from": DATE_FROM,
        "date_to": "2026-12-01",
    }
    kinds = [c["kind"] for c in columns]
    summed = [n for n, kind in enumerate(kinds) if kind in ("int", "float", "currency")]

    def run():
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"constant_memory": True})
        formats = Register._formats(book, team.company_id or env.company)
        sheet = book.add_worksheet("Register")
        for col, column in enumerate(columns):
            sheet.set_column(col, col, column["width"])
            sheet.write_string(0, col, column["label"], formats["header"])
        sheet.freeze_panes(1, 0)
        sums = [0.0] * len(columns)
        cursor = env.cr._cnx.cursor(name="bench_reports_floor")
        cursor.itersize = 2000
        cursor.execute(FLOOR_QUERY, params)
        row_index = 0
        while rows := cursor.fetchmany(2000):
            for row in rows:
                row_index += 1
                for col in summed:
                    sums[col] += row[col] or 0.0
                for col, value in enumerate(row):
                    if value is None or value == "":
                        sheet.write_blank(row_index, col, None)
                    elif kinds[col] in ("datetime", "date"):
                        sheet.write_datetime(row_index, col, value, formats[kinds[col]])
                    elif kinds[col] in ("text", "bool"):
                        sheet.write_string(row_index, col, value)
                    else:
                        sheet.write_number(row_index, col, value, formats[kinds[col]])
        cursor.close()
        sheet.autofilter(0, 0, max(row_index, 1), len(columns) - 1)
        sheet.write_string(row_index + 1, 0, "Total", formats["total_label"])
        for col in summed:
            sheet.write_formula(
                row_index + 1, col, "=SUBTOTAL(109,A1:A2)",
                formats[f"total_{kinds[col]}"], sums[col],
            )  # fmt: skip
        book.close()
        return output.getvalue()

    return run


def register_rows(env, size):
    """Rows (metric, value, baseline, ratio, target) for the register over
    ``size`` complaints against the bare xlsxwriter floor."""
    team = fill(env, size)
    seconds, peak = _measure(_register(env, team))
    floor_seconds, floor_peak = _measure(_floor(env, team))
    return [
        (f"register {size} rows (s)", seconds, floor_seconds,
         seconds / floor_seconds, "<= 2"),
        (f"register {size} rows peak memory (MB)", peak, floor_peak,
         peak / floor_peak if floor_peak else 0.0, "flat as rows grow"),
    ]  # fmt: skip


# The main group-by of the Complaints dashboard (its pivot "Complaints per month",
# rows = date:month, with its total) in SQL: one GROUP BY ROLLUP over the same
# complaints, months in the same time zone.
DASHBOARD_SQL = """
    SELECT date_trunc('month', (t.complaint_date AT TIME ZONE 'UTC') AT TIME ZONE %s),
           count(*)
      FROM helpdesk_ticket t
     WHERE t.is_complaint AND t.active AND t.company_id = %s
     GROUP BY ROLLUP (1) ORDER BY 1 NULLS FIRST
"""
MAIN_PIVOT = "Complaints per month"


def dashboard_requests(env, company_ids=(), today=None):
    """``{pivot name: (model, domain, grouping_sets, aggregates)}``: what the
    Complaints dashboard of the Dashboards app asks the server when it opens
    (its default period, the last twelve months; no team; the companies
    ``company_ids`` in its Company filter), one ``formatted_read_grouping_sets``
    per pivot (``complaint_management/lib/spreadsheet_pivots.py``)."""
    from odoo.addons.complaint_management.lib.spreadsheet_pivots import (  # noqa: PLC0415
        last_12_months,
        pivot_request,
    )

    dashboard = env.ref("complaint_management.spreadsheet_dashboard_complaints")
    data = json.loads(dashboard.sudo().spreadsheet_data)
    filters = [
        dict(f, value=list(company_ids) if f["label"] == "Company" else [])
        for f in data["globalFilters"]
    ]
    period = last_12_months(today or fields.Date.context_today(dashboard))
    requests = {}
    for definition in data["pivots"].values():
        model_fields = env[definition["model"]]._fields
        aggregators = {name: field.aggregator for name, field in model_fields.items()}
        requests[definition["name"]] = pivot_request(
            definition, filters, aggregators, period
        )
    return requests


def dashboard_rows(env, rounds=5):
    """Rows (metric, value, baseline, ratio, target) for the dashboard's main
    group-by (the complaints per month of the company, with their total) as the
    spreadsheet requests it (``formatted_read_grouping_sets`` on
    ``complaint.report``) against the same SQL GROUP BY over the same rows (best
    of ``rounds``); and the time of all the dashboard's requests, one after the
    other."""
    company = env.company
    requests = dashboard_requests(env, company.ids)
    model, domain, sets, aggregates = requests[MAIN_PIVOT]
    Report = env[model]
    # months in the reader's time zone, as the ORM groups them
    tz = env.context.get("tz") or "UTC"
    orm, sql, whole = [], [], []
    for _ in range(rounds + 1):
        env.invalidate_all()
        started = time.perf_counter()
        groups = Report.formatted_read_grouping_sets(domain, sets, aggregates)
        orm.append(time.perf_counter() - started)
        started = time.perf_counter()
        env.cr.execute(DASHBOARD_SQL, [tz, company.id])
        rows = env.cr.fetchall()
        sql.append(time.perf_counter() - started)
        env.invalidate_all()
        started = time.perf_counter()
        for r_model, r_domain, r_sets, r_aggregates in requests.values():
            env[r_model].formatted_read_grouping_sets(r_domain, r_sets, r_aggregates)
        whole.append(time.perf_counter() - started)
    # the same rows on both sides: the total, then the complaints per month
    counts = [g["__count"] for groups_ in groups for g in groups_]
    assert counts == [r[1] for r in rows], (counts, rows)
    best_orm, best_sql = min(orm[1:]), min(sql[1:])
    complaints = rows[0][1] if rows else 0
    return [
        (f"dashboard main group-by, {len(rows) - 1} months, {complaints} "
         "complaints (ms)", best_orm * 1000, best_sql * 1000, best_orm / best_sql,
         "<= 3"),
        (f"dashboard, its {len(requests)} pivots' requests (ms)",
         min(whole[1:]) * 1000, best_orm * 1000, min(whole[1:]) / best_orm,
         "informative"),
    ]  # fmt: skip


def _table_rows(rows, limit):
    """The rows of this script as the scale benchmark's table takes them
    (benchmarks/scale/table.py): ``met`` against ``limit`` for the ratios."""
    result = []
    for metric, value, baseline, ratio, target in rows:
        row = {
            "metric": metric,
            "value": round(value, 2),
            "baseline": round(baseline, 2),
            "ratio": round(ratio, 2),
            "target": target,
        }
        if target.startswith("<="):
            row["met"] = ratio <= limit
        result.append(row)
    return result


def bench_dashboard(env):
    """Figure 5 of ``make bench-scale``: the dashboard's main group-by against SQL."""
    return _table_rows(dashboard_rows(env), 3)


def bench_register(env):
    """Figure 6 of ``make bench-scale``: the register against the bare xlsxwriter
    floor, at each of ``BENCH_REPORT_SIZES`` (memory flat as rows grow)."""
    sizes = [
        int(s) for s in os.environ.get("BENCH_REPORT_SIZES", "10000,50000").split(",")
    ]
    rows = []
    for size in sizes:
        rows += register_rows(env, size)
    return _table_rows(rows, 2)


def main(env):
    sizes = [
        int(s) for s in os.environ.get("BENCH_REPORT_SIZES", "10000,50000").split(",")
    ]
    rows = []
    try:
        for size in sizes:
            rows += register_rows(env, size)
        rows += dashboard_rows(env)
    finally:
        env.cr.rollback()
    print(f"{'metric':48} {'value':>10} {'baseline':>10} {'ratio':>7}  target")
    for metric, value, baseline, ratio, target in rows:
        print(f"{metric:48} {value:10.2f} {baseline:10.2f} {ratio:7.2f}  {target}")
    return rows


if "env" in globals() and __name__ in ("__main__", "builtins"):
    main(env)  # noqa: F821  (provided by odoo-bin shell)
