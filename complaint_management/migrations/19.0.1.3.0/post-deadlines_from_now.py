"""The containment deadlines of general and occasional complaints (rules §17.3)
are new in this version: they apply to the complaints received from the update
on (``complaint.sla.policy.date_from``). Loading their data planned them on
every open complaint, counted from its receipt, some already past: those
milestones never existed and go, with their reminders (rules §4.8: a figure
users read stays true)."""

from odoo import SUPERUSER_ID, api, fields

NEW_POLICIES = (
    "complaint_management.sla_policy_containment_general",
    "complaint_management.sla_policy_containment_occasional",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    policies = env["complaint.sla.policy"]
    for xmlid in NEW_POLICIES:
        policies |= env.ref(xmlid, raise_if_not_found=False) or policies
    if not policies:
        return
    now = fields.Datetime.now()
    Milestone = env["complaint.sla.milestone"]
    planned = Milestone.search([("policy_id", "in", policies.ids)])
    tickets = planned.ticket_id
    # from now on; re-plans the open complaints (their milestones are ended)
    policies.write({"date_from": now})
    tickets._sla_sync(log=False)
    planned = planned.exists()
    planned.unlink()
    tickets.sla_milestone_ids._activity_update()
