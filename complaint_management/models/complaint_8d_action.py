from odoo import api, fields, models
from odoo.exceptions import ValidationError

ACTION_TYPES = [
    ("containment", "Containment (D3)"),
    ("corrective", "Corrective (D5/D6)"),
    ("preventive", "Preventive (D7)"),
]
CONTAINMENT_KINDS = [
    ("recall", "Recall"),
    ("reinspect", "Return to warehouse and re-inspect"),
    ("stop_production", "Stop production"),
    ("quarantine", "Quarantine / seal"),
    ("change_process", "Change process flow"),
    ("change_inspection", "Change inspection instructions"),
    ("send_engineer", "Send an engineer to the customer"),
    ("clear_line", "Clear the line"),
    ("other", "Other"),
]
STOCK_LOCATIONS = [
    ("customer", "At the customer"),
    ("transit", "In transit"),
    ("warehouse", "Finished goods"),
    ("wip", "Semi-finished goods"),
    ("line", "On the line"),
    ("supplier", "At the supplier"),
]


class Complaint8DAction(models.Model):
    """An action of an 8D: containment (D3), corrective (D5/D6) or preventive (D7)
    (rules §6).

    Containment actions protect the customer now, for stock on the line,
    semi-finished and finished goods (recall, re-inspect, stop, quarantine, change
    the process or inspection instructions, send an engineer), and record the
    quantities checked and found bad. Corrective actions remove a root cause; each
    has an owner, a due date and an implementation date, and is verified on the
    three criteria of rules §6: it improves the existing problem, creates no new
    problem and ensures the error does not recur. An action may be requested from a
    supplier (a supplier corrective-action request, rules §6.5): the
    supplier is then named, and the costs can be charged back to it.
    """

    _name = "complaint.8d.action"
    _inherit = [
        "complaint.8d.line.mixin",
        "complaint.protected.mixin",
        "complaint.number.mixin",
    ]
    _description = "8D Action"
    _order = "eight_d_id, action_type, sequence, id"
    # Computed from the implementation and verification dates and criteria: a
    # finding, never a value a client writes.
    _protected_fields = ("state",)
    _protected_allow_superuser = True
    # Containment quantities are finite numbers (complaint.number.mixin)
    _number_fields = ("qty_checked", "qty_bad")

    action_type = fields.Selection(
        ACTION_TYPES, string="Type", required=True, default="corrective", index=True
    )
    name = fields.Char(string="Action", required=True)
    company_id = fields.Many2one(related="eight_d_id.company_id", store=True)
    complaint_date = fields.Datetime(related="eight_d_id.complaint_date")
    # Containment (D3)
    containment_kind = fields.Selection(CONTAINMENT_KINDS, string="Containment")
    location = fields.Selection(STOCK_LOCATIONS, string="Where")
    qty_checked = fields.Float(string="Checked", digits="Product Unit")
    qty_bad = fields.Float(string="Found Bad", digits="Product Unit")
    # Corrective and preventive (D5-D7)
    cause_id = fields.Many2one(
        "complaint.8d.cause",
        string="Root Cause",
        domain="[('eight_d_id', '=', eight_d_id)]",
        ondelete="set null",
        index="btree_not_null",
        help="The root cause this action removes.",
    )
    source_action_id = fields.Many2one(
        "complaint.8d.action",
        string="Makes Permanent",
        domain="[('eight_d_id', '=', eight_d_id), ('action_type', '=', 'containment')]",
        ondelete="set null",
        help="The containment action this corrective action makes permanent.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        help="The supplier asked to carry out this action (supplier corrective-action "
        "request): the costs it caused can be charged back to it.",
    )
    supplier_reference = fields.Char(
        string="Supplier Request",
        help="The number of the request sent to the supplier.",
    )
    # Follow-up
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        index=True,
    )
    date_due = fields.Date(string="Due", required=True)
    date_done = fields.Date(string="Implemented On")
    # Verification: the three criteria of rules §6 (000 第四篇 5.4)
    criterion_improves = fields.Boolean(
        string="Improves the Problem", help="It improves the existing problem."
    )
    criterion_no_new_problem = fields.Boolean(
        string="No New Problem", help="It creates no new problem."
    )
    criterion_no_recurrence = fields.Boolean(
        string="Prevents Recurrence", help="It ensures the error does not recur."
    )
    date_verified = fields.Date(string="Verified On")
    verified_by_id = fields.Many2one(
        "res.users",
        compute="_compute_verified_by_id",
        store=True,
        readonly=False,
    )
    verification = fields.Text(string="Verification Evidence")
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Implemented"),
            ("verified", "Verified"),
            ("failed", "Not Effective"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        help="Not effective: verified, but not on all three criteria.",
    )

    @api.depends("date_verified")
    def _compute_verified_by_id(self):
        for action in self:
            action.verified_by_id = action.date_verified and (
                action.verified_by_id or self.env.user
            )

    @api.depends(
        "date_done",
        "date_verified",
        "criterion_improves",
        "criterion_no_new_problem",
        "criterion_no_recurrence",
    )
    def _compute_state(self):
        for action in self:
            criteria = (
                action.criterion_improves
                and action.criterion_no_new_problem
                and action.criterion_no_recurrence
            )
            if action.date_verified:
                action.state = "verified" if criteria else "failed"
            elif action.date_done:
                action.state = "done"
            else:
                action.state = "planned"

    # Constraints
    @api.constrains("date_due", "date_done", "date_verified")
    def _check_dates(self):
        """An action is due and done after the complaint, and verified only once
        implemented, not before (rules §6: verify the effect of what was done)."""
        for action in self:
            complained = fields.Date.to_date(action.eight_d_id.complaint_date)
            for name in ("date_due", "date_done"):
                if complained and action[name] and action[name] < complained:
                    raise ValidationError(
                        self.env._(
                            "%(field)s (%(date)s) of the action '%(action)s' is before "
                            "the complaint (%(complained)s): choose a later date.",
                            field=action._fields[name]._description_string(self.env),
                            date=action[name],
                            action=action.name,
                            complained=complained,
                        )
                    )
            if action.date_verified and not action.date_done:
                raise ValidationError(
                    self.env._(
                        "The action '%(action)s' is not implemented yet: record when "
                        "it was implemented before verifying it.",
                        action=action.name,
                    )
                )
            if action.date_verified and action.date_verified < action.date_done:
                raise ValidationError(
                    self.env._(
                        "The action '%(action)s' is verified on %(verified)s, before "
                        "it was implemented on %(done)s: verification follows "
                        "implementation.",
                        action=action.name,
                        verified=action.date_verified,
                        done=action.date_done,
                    )
                )

    @api.constrains("qty_checked", "qty_bad")
    def _check_quantities(self):
        for action in self:
            if action.qty_checked < 0 or action.qty_bad < 0:
                raise ValidationError(
                    self.env._(
                        "The quantities of the action '%(action)s' cannot be negative.",
                        action=action.name,
                    )
                )
            if action.qty_bad > action.qty_checked:
                raise ValidationError(
                    self.env._(
                        "The action '%(action)s' found %(bad)s bad among %(checked)s "
                        "checked: the quantity found bad cannot exceed the quantity "
                        "checked.",
                        action=action.name,
                        bad=action.qty_bad,
                        checked=action.qty_checked,
                    )
                )
