from odoo import fields, models

from .complaint_groups import COST_GROUPS


class ComplaintRemedy(models.Model):
    """The customer's money history on a remedy is a cost figure (issue 13): the
    approvers read it to notice abuse (domain.md §7), officers do not. The
    remedy's own amount is the offer the officer makes: not hidden."""

    _inherit = "complaint.remedy"

    history_refunded_amount = fields.Monetary(groups=COST_GROUPS)
