"""Samples become records (rules §18): keep the sample flags and return routes
of the complaints before the flag becomes computed (post-samples.py turns them
into sample records)."""


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'helpdesk_ticket' AND column_name = 'sample_return_route'
        """
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS complaint_migration_sample_flag AS
        SELECT id AS ticket_id, sample_return_required, sample_return_route,
               write_date
          FROM helpdesk_ticket
         WHERE has_sample
        """
    )
