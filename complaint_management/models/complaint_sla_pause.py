from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ComplaintSlaPause(models.Model):
    """A time the complaint's clocks stand still (rules §4.6).

    Time spent on tests or on making samples does not count against the limits, but
    the pause must be agreed with sales, told to the customer and written into the
    8D's problem description: so a pause needs a reason, who in sales agreed it
    and when, and the date the customer was told (rules §15.4). Resuming moves
    every paused deadline by the working time paused.
    """

    _name = "complaint.sla.pause"
    _description = "Complaint Deadline Pause"
    _order = "start_date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    reason = fields.Text(required=True, help="What the company waits for.")
    customer_informed_date = fields.Date(
        string="Customer Told On",
        required=True,
        help="When the customer was told that the clock stops.",
    )
    sales_agreed_user_id = fields.Many2one(
        "res.users",
        string="Agreed by (Sales)",
        domain=[("share", "=", False)],
        help="Who in sales agreed that the clock stops (seed 000 4.3.4).",
    )
    sales_agreed_date = fields.Datetime(
        string="Agreed with Sales On",
        help="When sales agreed that the clock stops.",
    )
    start_date = fields.Datetime(required=True, default=fields.Datetime.now)
    end_date = fields.Datetime(readonly=True)
    paused_hours = fields.Float(
        readonly=True, help="Working hours of the team's calendar within the pause."
    )
    user_id = fields.Many2one(
        "res.users", string="Paused By", default=lambda self: self.env.user
    )
    active_pause = fields.Boolean(compute="_compute_active_pause", store=True)

    @api.depends("end_date")
    def _compute_active_pause(self):
        for pause in self:
            pause.active_pause = not pause.end_date

    @api.constrains("reason")
    def _check_reason(self):
        for pause in self:
            if not (pause.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why the clock stops (the test or sample the company "
                        "waits for)."
                    )
                )

    @api.constrains("ticket_id", "sales_agreed_user_id", "sales_agreed_date")
    def _check_sales_agreement(self):
        """A pause is agreed with sales before the clock stops (rules §15.4): it
        names who in sales agreed, and when (not in the future)."""
        now = fields.Datetime.now()
        for pause in self:
            if not (pause.sales_agreed_user_id and pause.sales_agreed_date):
                raise ValidationError(
                    self.env._(
                        "Agree the pause of %(complaint)s with sales first: say who "
                        "in sales agreed it and when.",
                        complaint=pause.ticket_id.display_name,
                    )
                )
            if pause.sales_agreed_date > now:
                raise ValidationError(
                    self.env._(
                        "Sales cannot have agreed the pause of %(complaint)s in the "
                        "future: enter when they agreed it.",
                        complaint=pause.ticket_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        pauses = super().create(vals_list)
        for pause in pauses:
            ticket = pause.ticket_id
            if len(ticket.pause_ids.filtered("active_pause")) > 1:
                raise UserError(
                    self.env._(
                        "The clock of %(complaint)s is already paused: resume it "
                        "before pausing again.",
                        complaint=ticket.display_name,
                    )
                )
            ticket._sla_on_pause(pause)
        return pauses

    def action_resume(self):
        """Resume the complaint's clocks (a button on the pause and the complaint)."""
        for pause in self:
            if not pause.active_pause:
                raise UserError(
                    self.env._(
                        "The clock of %(complaint)s is not paused: there is nothing "
                        "to resume.",
                        complaint=pause.ticket_id.display_name,
                    )
                )
            now = fields.Datetime.now()
            calendar = pause.ticket_id._sla_calendar()
            hours = calendar.get_work_hours_count(
                pause.start_date, max(now, pause.start_date), compute_leaves=True
            )
            pause.write({"end_date": now, "paused_hours": hours})
            pause.ticket_id._sla_on_resume(pause)
        return True
