from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_protected_mixin import free_only, locked
from .complaint_workflow_mixin import reference_field

STATES = [
    ("requested", "Requested"),
    ("received", "Received"),
    ("returned", "Returned to Customer"),
    ("scrapped", "Scrapped"),
    ("cancel", "Cancelled"),
]
KINDS = [
    ("sample", "Sample"),
    ("returned_goods", "Returned Goods"),
]
# Done with: what happened to the parts stays as it was recorded.
FINAL_STATES = ("returned", "scrapped", "cancel")
# The facts the application records, each with its date and who (rules §18.2).
PROTECTED_FIELDS = (
    "requested_date",
    "requested_by_id",
    "received_date",
    "received_by_id",
    "label_printed_date",
    "label_printed_by_id",
    "returned_date",
    "returned_by_id",
    "scrapped_date",
    "scrapped_by_id",
)


class ComplaintSample(models.Model):
    """Parts of a complaint in the company's hands: a sample asked from the
    customer, or the goods the customer returns (rules §18).

    QA asks the customer for parts (when, by whom, how many), receives them
    (when, by whom, how many), labels them with the complaint number and a
    barcode, tests them (``complaint.sample.test``: a test agreed with sales and
    told to the customer stops the complaint's clocks while it runs), then sends
    them back by the agreed route or scraps them. A complaint may have several.

    Access: complaint officers request and receive the samples of their teams'
    complaints; quality engineers and managers test, return and scrap them;
    finance and auditors read. The state and the dated facts change only through
    the buttons (``complaint.workflow.mixin``); once returned, scrapped or
    cancelled, a sample stays as it was (``complaint.protected.mixin``) and
    nobody deletes a sample once received.
    """

    _name = "complaint.sample"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.workflow.mixin",
        "complaint.number.mixin",
        "complaint.chatter.mixin",
    ]
    _description = "Complaint Sample"
    _order = "id desc"
    _check_company_auto = True
    _protected_fields = ("state", *PROTECTED_FIELDS)
    # Returned, scrapped or cancelled: the record of what happened to the parts.
    _locks = {
        "received": locked("ticket_id", "kind", "requested_qty", "received_qty"),
        **dict.fromkeys(FINAL_STATES, free_only()),
    }
    # A sample joins a complaint only while the complaint may change (a closed
    # one is reopened first).
    _lock_parents = {"ticket_id": "sample_ids"}
    _undeletable_states = ("received", "returned", "scrapped")
    _number_fields = ("requested_qty", "received_qty")
    # The one table of the sample's moves (complaint.workflow.mixin).
    _transitions = {
        "receive": (("requested",), "received"),
        "return": (("received",), "returned"),
        "scrap": (("received",), "scrapped"),
        "cancel": (("requested",), "cancel"),
    }
    _workflow_can = {
        "can_receive": "receive",
        "can_return": "return",
        "can_scrap": "scrap",
        "can_cancel": "cancel",
    }
    _can_depends = ("test_ids.state", "received_qty", "return_route", "scrap_reason")
    _sequence_code = "complaint.sample"

    name = reference_field()
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain=[("is_complaint", "=", True)],
        tracking=True,
    )
    complaint_number = fields.Char(related="ticket_id.complaint_number")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Customer", store=True
    )
    kind = fields.Selection(
        KINDS,
        required=True,
        default="sample",
        tracking=True,
        help="A sample asked for the analysis, or goods the customer returns "
        "(they follow the returns procedure).",
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
    )
    description = fields.Text(help="What parts, and what to look for.")
    state = fields.Selection(
        STATES, default="requested", required=True, readonly=True, copy=False,
        index=True, tracking=True,
    )  # fmt: skip
    # Requested from the customer
    requested_qty = fields.Float(
        string="Quantity Requested", digits="Product Unit", default=1.0
    )
    requested_date = fields.Datetime(string="Requested On", readonly=True, copy=False)
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # Received
    received_qty = fields.Float(string="Quantity Received", digits="Product Unit")
    received_date = fields.Datetime(string="Received On", readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # Labelled (rules §18.2: the complaint number on the parts)
    barcode = fields.Char(compute="_compute_barcode")
    label_printed_date = fields.Datetime(
        string="Label Printed On", readonly=True, copy=False
    )
    label_printed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # Tested
    test_ids = fields.One2many("complaint.sample.test", "sample_id", string="Tests")
    test_running = fields.Boolean(compute="_compute_test_running")
    # Returned or scrapped
    return_route = fields.Char(
        string="Agreed Return Route",
        help="How the parts go back to the customer, as agreed with them.",
    )
    return_reference = fields.Char(
        string="Shipment Reference", help="The carrier's tracking number, a note..."
    )
    returned_date = fields.Datetime(string="Returned On", readonly=True, copy=False)
    returned_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    scrap_reason = fields.Text(string="Why Scrapped")
    scrapped_date = fields.Datetime(string="Scrapped On", readonly=True, copy=False)
    scrapped_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    can_receive = fields.Boolean(compute="_compute_can_actions")
    can_return = fields.Boolean(compute="_compute_can_actions")
    can_scrap = fields.Boolean(compute="_compute_can_actions")
    can_cancel = fields.Boolean(compute="_compute_can_actions")

    @api.depends("ticket_id")
    def _compute_product_id(self):
        for sample in self:
            if not sample.product_id:
                sample.product_id = sample.ticket_id.product_id

    @api.depends("name", "ticket_id.complaint_number")
    def _compute_barcode(self):
        for sample in self:
            sample.barcode = sample.name if sample.name != "/" else False

    @api.depends("test_ids.state")
    def _compute_test_running(self):
        for sample in self:
            sample.test_running = "running" in sample.test_ids.mapped("state")

    @api.constrains("requested_qty", "received_qty")
    def _check_quantities(self):
        for sample in self:
            if sample.requested_qty < 0 or sample.received_qty < 0:
                raise ValidationError(
                    self.env._(
                        "%(sample)s: a quantity of parts cannot be negative.",
                        sample=sample.display_name,
                    )
                )

    # CRUD
    @api.model
    def _complete_create_vals(self, vals_list):
        """Who asked the customer and when: the user who records the request,
        now (rules §18.1)."""
        vals_list = super()._complete_create_vals(vals_list)
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.setdefault("requested_date", now)
            vals.setdefault("requested_by_id", self.env.uid)
        return vals_list

    # Guard (complaint.workflow.mixin)
    def _refusal(self, action, rights=True):
        """Receiving needs the quantity received; returning needs the agreed
        route, scrapping a reason, and neither while a test runs (rules §18.2,
        §18.4)."""
        refusal = super()._refusal(action, rights=rights)
        if refusal:
            return refusal
        if action == "receive" and self.received_qty <= 0:
            return self.env._(
                "Enter how many parts of %(sample)s arrived before receiving it.",
                sample=self.display_name,
            )
        if action == "return" and not (self.return_route or "").strip():
            return self.env._(
                "Enter the return route agreed with the customer before returning "
                "%(sample)s.",
                sample=self.display_name,
            )
        if action == "scrap" and not (self.scrap_reason or "").strip():
            return self.env._(
                "Say why %(sample)s is scrapped instead of returned.",
                sample=self.display_name,
            )
        if action in ("return", "scrap") and self.test_running:
            return self.env._(
                "A test of %(sample)s is still running: end it first.",
                sample=self.display_name,
            )
        return False

    def _refusal_rights(self, action):
        """Whoever may change the sample receives or cancels it; returning and
        scrapping are quality's (rules §18.1)."""
        if not self.has_access("write"):
            return self.env._(
                "You may not change the sample %(sample)s.", sample=self.display_name
            )
        if action in ("return", "scrap") and not self.env.user.has_group(
            "complaint_management.group_complaint_engineer"
        ):
            return self.env._(
                "Only quality returns or scraps the sample %(sample)s.",
                sample=self.display_name,
            )
        return False

    def _action_label(self, action, infinitive=False):
        if action == "receive":
            return self.env._("receive") if infinitive else self.env._("received")
        if action == "scrap":
            return self.env._("scrap") if infinitive else self.env._("scrapped")
        return super()._action_label(action, infinitive=infinitive)

    # Actions
    def action_receive(self):
        """The parts arrived: record when and who."""
        self._check_transition("receive")
        self._set_state(
            "receive",
            received_date=fields.Datetime.now(),
            received_by_id=self.env.uid,
        )
        self._after_receive()
        return True

    def action_return(self):
        """The parts went back to the customer by the agreed route."""
        self._check_transition("return")
        self._set_state(
            "return", returned_date=fields.Datetime.now(), returned_by_id=self.env.uid
        )
        self._after_return()
        return True

    def action_scrap(self):
        """The parts are scrapped (with the customer's agreement)."""
        self._check_transition("scrap")
        self._set_state(
            "scrap", scrapped_date=fields.Datetime.now(), scrapped_by_id=self.env.uid
        )
        self._after_scrap()
        return True

    def action_cancel(self):
        """The customer sends no parts after all."""
        self._check_transition("cancel")
        self._set_state("cancel")
        return True

    def action_print_label(self):
        """Print the label (complaint number and barcode) and record who printed
        it and when (rules §18.2)."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "received":
            raise UserError(
                self.env._(
                    "Label %(sample)s once its parts have arrived.",
                    sample=self.display_name,
                )
            )
        self._protected_context().write(
            {
                "label_printed_date": fields.Datetime.now(),
                "label_printed_by_id": self.env.uid,
            }
        )
        return self.env.ref(
            "complaint_management.action_report_complaint_sample_label"
        ).report_action(self)

    # Business methods: extension points (the stock bridge)
    def _after_receive(self):
        """What follows the receipt of the parts; extend (a receipt picking)."""

    def _after_return(self):
        """What follows the return of the parts; extend (a return picking)."""

    def _after_scrap(self):
        """What follows the scrapping of the parts; extend (a scrap order)."""
