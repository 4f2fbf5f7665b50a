from odoo import fields, models

from .complaint_groups import CHARGEBACK_COST_GROUPS


class ComplaintChargeback(models.Model):
    """A settled chargeback stays as it was (issue 13, ``complaint.record.lock.mixin``,
    the one lock of records that are final): the supplier paid, so nobody deletes
    it and nothing it says changes (only the chatter; the approval engine, e.g. a
    cancellation that reverses the settlement, writes as the application). Its
    amounts are costs: hidden from complaint officers."""

    _name = "complaint.chargeback"
    _inherit = ["complaint.chargeback", "complaint.record.lock.mixin"]

    _record_lock_states = ("settled",)
    _record_lock_free_fields = ()

    amount_total = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    amount_total_company = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    accepted_amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    recovered_amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    recovered_amount_company = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)

    def _record_lock_hint(self):
        return self.env._("If more is owed, claim it with a new chargeback.")
