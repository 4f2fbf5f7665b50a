from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_language import schedule_activity
from .complaint_protected_mixin import is_engine

OUTREACH_SOURCES = [
    ("invoices", "Posted customer invoices"),
    ("deliveries", "Done deliveries"),
]
# What a client may not change once the outreach exists: its customer list was
# found from them (rules §22.1).
OUTREACH_FIXED_FIELDS = (
    "ticket_id",
    "company_id",
    "product_id",
    "lot_number",
    "date_from",
    "date_to",
    "source",
    "line_ids",
)


class ComplaintOutreach(models.Model):
    """Telling the other customers of a product (rules §22.1).

    When a problem may be widespread, QA lists the customers who bought the same
    product (and lot, where known) in a period, from posted customer invoices,
    or from done deliveries when Inventory is installed (the stock bridge
    overrides ``_outreach_buyers``), and warns them before they complain: a
    notice from an editable template in each customer's language, or an
    activity to call them. Who was told, when, by whom, and what they answered
    is kept per customer (``complaint.outreach.line``) and reported.

    Access: quality engineers and managers create outreaches; auditors read
    them; the customer list and its history are written by the application
    only; each company sees its own; portal users see nothing of it.
    """

    _name = "complaint.outreach"
    _description = "Complaint Outreach to Customers"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.chatter.mixin",
        "complaint.protected.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    # The customer list and where it came from are the application's; the rest
    # of OUTREACH_FIXED_FIELDS is given once, at creation (``write``).
    _protected_fields = ("source",)
    _protected_links = ("line_ids",)

    name = fields.Char(required=True, tracking=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        index=True,
        check_company=True,
        domain=[("is_complaint", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    lot_number = fields.Char(string="Lot / Batch")
    date_from = fields.Date(string="Bought From", required=True)
    date_to = fields.Date(string="Bought Until", required=True)
    source = fields.Selection(OUTREACH_SOURCES, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Notice Template",
        domain=[("model", "=", "complaint.outreach.line")],
        default=lambda self: self.env.ref(
            "complaint_management.mail_template_complaint_outreach",
            raise_if_not_found=False,
        ),
    )
    note = fields.Html(string="What to Tell")
    line_ids = fields.One2many(
        "complaint.outreach.line", "outreach_id", string="Customers", readonly=True
    )
    partner_count = fields.Integer(string="Customers Listed", compute="_compute_counts")
    told_count = fields.Integer(string="Told", compute="_compute_counts")
    answered_count = fields.Integer(string="Answered", compute="_compute_counts")

    @api.depends("line_ids.state")
    def _compute_counts(self):
        for outreach in self:
            lines = outreach.line_ids
            outreach.partner_count = len(lines)
            outreach.told_count = len(lines.filtered("told_date"))
            outreach.answered_count = len(
                lines.filtered(lambda x: x.state == "answered")
            )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for outreach in self:
            if outreach.date_from > outreach.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of %(outreach)s ends before it starts: set "
                        "'Bought From' on or before 'Bought Until'.",
                        outreach=outreach.name,
                    )
                )

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        outreaches = super().create(vals_list)
        outreaches._outreach_fill()
        return outreaches

    def write(self, vals):
        """What the customer list was found from is given once, at creation
        (rules §22.1); the list itself is the application's (the mixin)."""
        if not is_engine(self.env) and set(vals) & set(OUTREACH_FIXED_FIELDS):
            raise ValidationError(self._fixed_message())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_told(self):
        """An outreach that told a customer stays: it is the history of who was
        told when (rules §22.1)."""
        if self.line_ids.filtered("told_date"):
            raise UserError(
                self.env._(
                    "An outreach that told customers is kept as the history of who "
                    "was told when; it cannot be deleted."
                )
            )

    @api.model
    def _fixed_message(self):
        return self.env._(
            "An outreach's customers are found by the application from its product, "
            "lot and period, and keep who was told and when: start a new outreach "
            "for another product, lot or period."
        )

    # Actions
    def action_send_notices(self):
        """Mail the notice to every customer not yet told who has an e-mail
        address, each in their language (rules §22.1)."""
        self.ensure_one()
        self.check_access("write")
        if not self.template_id:
            raise UserError(self.env._("Choose the notice template to send first."))
        lines = self.line_ids.filtered(
            lambda x: x.state in ("to_tell", "call_scheduled") and x.partner_id.email
        )
        if not lines:
            raise UserError(
                self.env._(
                    "No customer left to tell has an e-mail address: schedule calls "
                    "instead."
                )
            )
        lines._send_notice(self.template_id)
        return True

    def action_schedule_calls(self):
        """An activity to call each customer not yet told (rules §22.1)."""
        self.ensure_one()
        self.check_access("write")
        lines = self.line_ids.filtered(lambda x: x.state == "to_tell")
        if not lines:
            raise UserError(
                self.env._("Every customer was told or has a call planned.")
            )
        for line in lines:
            schedule_activity(
                self,
                "complaint_management.mail_act_complaint_outreach_call",
                self.user_id or self.env.user,
                summary=self.env._("Call %(customer)s", customer=line.partner_id.name),
            )
        lines._protected_context().write({"state": "call_scheduled"})
        return True

    @api.readonly
    def action_view_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers Told"),
            "res_model": "complaint.outreach.line",
            "view_mode": "list,pivot",
            "domain": [("outreach_id", "=", self.id)],
        }

    # Business methods
    def _outreach_fill(self):
        """Record the customers who bought each outreach's product in its period
        (rules §22.1): one line per customer, with the quantity bought and the
        last date."""
        Line = self.env["complaint.outreach.line"].sudo()._protected_context()
        vals_list = []
        for outreach in self:
            source, rows = outreach._outreach_buyers()
            outreach._protected_context().write({"source": source})
            vals_list += [
                {
                    "outreach_id": outreach.id,
                    "partner_id": partner_id,
                    "quantity": quantity,
                    "last_date": last_date,
                }
                for partner_id, quantity, last_date in rows
            ]
        Line.create(vals_list)

    def _outreach_buyers(self):
        """``(source, [(customer id, quantity, last date), ...])``: the customers
        (commercial partners) who bought the product in the period, from the
        company's posted customer invoices, in one grouped query. The stock
        bridge reads done deliveries instead (and the lot)."""
        self.ensure_one()
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("move_id.move_type", "=", "out_invoice"),
                    ("parent_state", "=", "posted"),
                    ("display_type", "=", "product"),
                    ("product_id", "=", self.product_id.id),
                    ("invoice_date", ">=", self.date_from),
                    ("invoice_date", "<=", self.date_to),
                    ("partner_id", "!=", False),
                ],
                ["partner_id"],
                ["quantity:sum", "invoice_date:max"],
            )
        )
        rows = [
            (partner.commercial_partner_id.id, quantity, last_date)
            for partner, quantity, last_date in groups
        ]
        return "invoices", self._outreach_merge(rows)

    @api.model
    def _demo_outreach(self, ticket_xmlid, partner_xmlids):
        """Demo data: the partners buy the complaint's product before it (posted
        invoices, where the company has a sales journal), then the outreach of
        the complaint lists them."""
        ticket = self.env.ref(ticket_xmlid)
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", ticket.company_id.id)], limit=1
        )
        day = fields.Date.to_date(ticket.complaint_date)
        if journal:
            moves = self.env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.env.ref(xmlid).id,
                        "journal_id": journal.id,
                        "invoice_date": day - timedelta(days=20 + 15 * index),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": ticket.product_id.id,
                                    "quantity": 500 * (index + 1),
                                    "price_unit": 12.0,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for index, xmlid in enumerate(partner_xmlids)
                ]
            )
            moves.action_post()
        Wizard = self.env["complaint.outreach.wizard"]
        Wizard.create(Wizard._defaults_from_complaint(ticket)).action_confirm()

    @api.model
    def _outreach_merge(self, rows):
        """Rows of the same customer added up (contacts of one company)."""
        merged = {}
        for partner_id, quantity, last_date in rows:
            if partner_id in merged:
                old_qty, old_date = merged[partner_id]
                merged[partner_id] = (old_qty + quantity, max(old_date, last_date))
            else:
                merged[partner_id] = (quantity, last_date)
        return [(pid, qty, date) for pid, (qty, date) in sorted(merged.items())]
