"""Samples become records (rules §18): each complaint flagged with a sample gets
one received sample holding its return route; the flag is then computed from
the samples, and the old columns are dropped (no fact is stored twice)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'helpdesk_ticket'
           AND column_name IN ('sample_return_required', 'sample_return_route')
        """
    )
    columns = {row[0] for row in cr.fetchall()}
    if "sample_return_route" not in columns:
        return
    cr.execute(
        """
        SELECT id, sample_return_required, sample_return_route, write_date
          FROM helpdesk_ticket
         WHERE has_sample AND id NOT IN (SELECT ticket_id FROM complaint_sample)
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
    for column in sorted(columns):
        cr.execute(f'ALTER TABLE helpdesk_ticket DROP COLUMN "{column}"')
