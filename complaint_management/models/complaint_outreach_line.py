from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_protected_mixin import is_engine, locked

OUTREACH_LINE_STATES = [
    ("to_tell", "To Tell"),
    ("mailed", "Told by Mail"),
    ("call_scheduled", "Call Scheduled"),
    ("answered", "Answered"),
]


class ComplaintOutreachLine(models.Model):
    """One customer of an outreach: what they bought, and who told them when
    and what they answered (rules §22.1).

    The history is the application's: a client writes only the customer's
    answer, once; the application records who recorded it and when (and, for a
    customer who was called, that the call told them)."""

    _name = "complaint.outreach.line"
    _inherit = ["complaint.protected.mixin"]
    _description = "Complaint Outreach Customer"
    _order = "outreach_id, partner_id"
    _protected_fields = (
        "outreach_id",
        "partner_id",
        "quantity",
        "last_date",
        "state",
        "told_by_id",
        "told_date",
        "answered_by_id",
        "answered_date",
        "mail_id",
    )
    _locks = {"answered": locked("answer")}

    outreach_id = fields.Many2one(
        "complaint.outreach", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="outreach_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(related="outreach_id.product_id", store=True)
    ticket_id = fields.Many2one(related="outreach_id.ticket_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    lang = fields.Selection(related="partner_id.lang", string="Language")
    quantity = fields.Float(
        string="Quantity Bought", digits="Product Unit", readonly=True
    )
    last_date = fields.Date(string="Last Bought On", readonly=True)
    state = fields.Selection(
        OUTREACH_LINE_STATES, default="to_tell", required=True, readonly=True
    )
    told_by_id = fields.Many2one("res.users", readonly=True)
    told_date = fields.Datetime(string="Told On", readonly=True)
    answer = fields.Text()
    answered_by_id = fields.Many2one(
        "res.users", string="Answer Recorded By", readonly=True
    )
    answered_date = fields.Datetime(string="Answered On", readonly=True)
    mail_id = fields.Many2one("mail.mail", string="Notice", readonly=True)
    told_count = fields.Integer(
        string="# Told", compute="_compute_report_counts", store=True
    )
    answered_count = fields.Integer(
        string="# Answered", compute="_compute_report_counts", store=True
    )

    @api.depends("told_date", "state")
    def _compute_report_counts(self):
        for line in self:
            line.told_count = 1 if line.told_date else 0
            line.answered_count = 1 if line.state == "answered" else 0

    # CRUD
    def write(self, vals):
        """A client records the customer's answer, once (rules §22.1); the
        application records who recorded it and when. The rest of the history
        is the application's (``_protected_fields``), and an answered line keeps
        its answer (``_locks``)."""
        client_answer = "answer" in vals and not is_engine(self.env)
        if client_answer and not (vals["answer"] or "").strip():
            raise UserError(self.env._("Write what the customer answered."))
        res = super().write(vals)
        if client_answer:
            self._record_answer()
        return res

    # Business methods
    def _record_answer(self):
        """Who recorded the customer's answer, and when; a customer who was
        called (or called us) was told by that conversation."""
        now = fields.Datetime.now()
        for line in self:
            values = {
                "state": "answered",
                "answered_by_id": self.env.uid,
                "answered_date": now,
            }
            if not line.told_date:
                values.update(told_by_id=self.env.uid, told_date=now)
            line._protected_context().write(values)

    def _send_notice(self, template):
        """Mail ``template`` to each customer, in their language (the template
        renders per customer), and record who told them and when."""
        now = fields.Datetime.now()
        mails = template.send_mail_batch(self.ids)
        mail_of = {mail.res_id: mail.id for mail in mails}
        for line in self:
            line._protected_context().sudo().write(
                {
                    "state": "mailed",
                    "told_by_id": self.env.uid,
                    "told_date": now,
                    "mail_id": mail_of.get(line.id),
                }
            )
