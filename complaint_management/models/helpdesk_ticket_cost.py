from odoo import fields, models

from .complaint_groups import CHARGEBACK_COST_GROUPS, COST_GROUPS

class HelpdeskTicket(models.Model):
    """What a complaint costs the company is hidden from complaint officers
    (issue 13; domain.md §8: information shared with those who need it).

    A cost is what the company pays or loses because of the complaint, summed or
    measured for the company: the remedies promised and paid on the complaint, the
    money given back to the customer over time, the chargebacks claimed from
    suppliers. What the customer is offered (a remedy's type, amount, products and
    the text for the customer) is not a cost: the officer proposes it and tells
    the customer, so it stays theirs to read and write while it is a draft.
    Fields carry ``groups``: the ORM refuses them to others, over RPC too, and
    views drop them.
    """

    _inherit = "helpdesk.ticket"

    remedy_amount_promised = fields.Monetary(groups=COST_GROUPS)
    remedy_amount_paid = fields.Monetary(groups=COST_GROUPS)
