"""Samples become records (rules §18): each complaint that was flagged with a
sample (kept by pre-samples.py) gets one received sample holding its return route;
the flag is computed from the samples since, and the old columns are dropped so
that no fact is stored twice."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

OLD_COLUMNS = ("sample_return_required", "sample_return_route")


def migrate(cr, version):
    cr.execute("SELECT to_regclass('complaint_migration_sample_flag')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        SELECT ticket_id, sample_return_required, sample_return_route, write_date
          FROM complaint_migration_sample_flag
         WHERE ticket_id NOT IN (SELECT ticket_id FROM complaint_sample)
         ORDER BY ticket_id
        """
    )
    rows = cr.fetchall()
    env = api.Environment(cr, SUPERUSER_ID, {})
    Sample = env["complaint.sample"]._protected_context()
    if rows:
        samples = Sample.create(
            [
                {
                    "ticket_id": ticket_id,
                    "received_qty": 1.0,
                    "return_route": route if required else False,
                    "description": "Recorded before samples were records.",
                }
                for ticket_id, required, route, _date in rows
            ]
        )
        for sample, (_id, _required, _route, date) in zip(samples, rows, strict=True):
            sample.write(
                {
                    "state": "received",
                    "received_date": date,
                    "requested_date": date,
                    "received_by_id": False,
                    "requested_by_id": False,
                }
            )
    env.flush_all()
    cr.execute("DROP TABLE complaint_migration_sample_flag")
    for column in OLD_COLUMNS:
        cr.execute(
            SQL(
                "ALTER TABLE helpdesk_ticket DROP COLUMN IF EXISTS %s",
                SQL.identifier(column),
            )
        )
