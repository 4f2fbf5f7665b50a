"""Steps to 19.0.1.3.0 for the figures' definitions (docs/rules.md §24).

1. Working days to closure are measured to the closing, for closed complaints only
   (§24.3): the stored figure of every complaint that has one, or that is closed,
   is computed again.
2. A chargeback has recovered something only once the entry settling it is posted
   (§24.2): the recovered amounts of the settled chargebacks are computed again.

The deadlines past due count as missed at once (§24.1) and PPM has a team
(§24.4) in the analysis views themselves: nothing stored changes for them.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Ticket = env["helpdesk.ticket"].with_context(active_test=False)
    tickets = Ticket.search(
        [
            ("is_complaint", "=", True),
            "|",
            ("closure_days", "!=", 0),
            ("closed_date", "!=", False),
        ]
    )
    env.add_to_compute(Ticket._fields["closure_days"], tickets)
    Chargeback = env["complaint.chargeback"].with_context(active_test=False)
    chargebacks = Chargeback.search([("state", "=", "settled")])
    for fname in ("recovered_amount", "recovered_amount_company"):
        env.add_to_compute(Chargeback._fields[fname], chargebacks)
    env.flush_all()
