from odoo import fields, models

from .complaint_groups import CHARGEBACK_COST_GROUPS


class ComplaintChargebackLine(models.Model):
    """The costs of a settled chargeback stay as they were with it
    (``complaint.record.lock.mixin``); what each cost is worth is hidden from
    complaint officers."""

    _name = "complaint.chargeback.line"
    _inherit = ["complaint.chargeback.line", "complaint.record.lock.mixin"]

    unit_cost = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)
    amount = fields.Monetary(groups=CHARGEBACK_COST_GROUPS)

    def _record_lock_filter(self):
        return self.filtered(lambda line: line.chargeback_id.state == "settled")

    def _record_lock_state_label(self):
        return self.env._(
            "a cost of the settled chargeback %(chargeback)s",
            chargeback=self.chargeback_id.display_name,
        )
