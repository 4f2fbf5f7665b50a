from odoo import fields, models


class ComplaintTrendAlarmDismiss(models.TransientModel):
    """Dismiss a trend alarm, saying why (rules §21.5: a reason is required; the
    alarm keeps it, with who decided and when)."""

    _name = "complaint.trend.alarm.dismiss"
    _description = "Dismiss a Trend Alarm"

    alarm_id = fields.Many2one(
        "complaint.trend.alarm", string="Trend Alarm", required=True
    )
    reason = fields.Text(
        required=True, help="Why the alarm calls for no complaint (kept with it)."
    )

    def action_confirm(self):
        self.ensure_one()
        self.alarm_id._dismiss(self.reason)
        return {"type": "ir.actions.act_window_close"}
