from odoo import fields, models

# Who reads what a complaint costs the company (issue 13): the quality manager,
# the approvers of money, finance and auditors; not complaint officers.
COST_GROUPS = (
    "complaint_management.group_complaint_manager,"
    "complaint_management.group_complaint_approver_front_desk,"
    "complaint_management.group_complaint_finance,"
    "complaint_management.group_complaint_auditor"
)
# Who reads the amounts claimed from suppliers (domain.md §7): quality engineers
# and managers, who prepare chargebacks, finance, who settles them, and auditors;
# not complaint officers.
CHARGEBACK_COST_GROUPS = (
    "complaint_management.group_complaint_engineer,"
    "complaint_management.group_complaint_finance,"
    "complaint_management.group_complaint_auditor"
)


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
