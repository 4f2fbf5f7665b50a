"""A complaint has one reminder, for its next deadline (rules §23.1): before
this version each open deadline had its own, three or four per complaint. Each
complaint that has any keeps one, moved to its next deadline (type, day and
assignee), and loses the others; one with no open deadline left has it marked
done or removed as the rule says. The milestones stay as they are."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, split_every

BATCH = 1000


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Milestone = env["complaint.sla.milestone"]
    types = [found.id for found in Milestone._activity_types().values() if found]
    if not types:
        return
    cr.execute(
        SQL(
            """SELECT DISTINCT res_id FROM mail_activity
                WHERE res_model = 'helpdesk.ticket'
                  AND active
                  AND activity_type_id IN %s
                ORDER BY res_id""",
            tuple(types),
        )
    )
    ticket_ids = [row[0] for row in cr.fetchall()]
    for ids in split_every(BATCH, ticket_ids):
        Milestone._reminder_update(env["helpdesk.ticket"].browse(ids))
        env.flush_all()
        env.invalidate_all()
