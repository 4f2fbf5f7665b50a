"""Progress told to the customer (docs/rules.md §16.1).

From 19.0.1.3.0 each team lists the moments of a complaint that e-mail its
customer (``helpdesk.ticket.team.complaint_progress_event_ids``), all of them by
default. A new team gets them from the field's default; the teams that already
exist get none from the ORM (a many2many has no column to fill), so this step gives
every complaint team every moment, as the seeds ask (keep the customer informed).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    events = env["complaint.progress.event"].search([])
    teams = env["helpdesk.ticket.team"].search([("complaint_team", "=", True)])
    teams.write({"complaint_progress_event_ids": [(4, event.id) for event in events]})
