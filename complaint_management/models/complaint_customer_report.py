from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_protected_mixin import free_only

STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting Approval"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]


class ComplaintCustomerReport(models.Model):
    """The answer to a complaint in the customer's own format, instead of an 8D
    (rules §17.1, 000 第四篇 4.1: 除客户有要求的解决问题的格式,其他均采用8D模式).

    Access: quality engineers attach the customer's filled-in form and request
    its approval; the QA manager approves it through the approval engine
    (``complaint.approval.mixin`` over base_tier_validation, four eyes); the
    complaint closes only once its customer-format report is approved
    (``helpdesk.ticket._eight_d_check_can_close``). Complaint officers read the
    reports of their teams' complaints; finance and auditors read them. An
    approved report stays as it was and is never deleted.
    """

    _name = "complaint.customer.report"
    _description = "Customer-Format Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.approval.mixin",
        "complaint.chatter.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    # Sales (officers, read access) follow the answer sent to their customer.
    _mail_post_access = "read"

    _transitions = {
        "request": (("draft",), "to_approve"),
        "approve": (("to_approve",), "approved"),
        "reject": (("to_approve",), "rejected"),
        "withdraw": (("to_approve",), "draft"),
        "reset": (("rejected", "cancel"), "draft"),
        "cancel": (("draft", "to_approve", "rejected"), "cancel"),
    }
    _approved_date_field = "approved_date"
    _protected_fields = ("approved_date",)
    _locks = {"approved": free_only()}
    _undeletable_states = ("approved",)

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
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
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Customer", store=True
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    form_file = fields.Binary(
        string="Customer's Form",
        attachment=True,
        copy=False,
        help="The customer's own problem-solving form, filled in: what the QA "
        "manager approves and the customer receives.",
    )
    form_filename = fields.Char(string="File Name", copy=False)
    note = fields.Text(
        string="Summary", help="What the form answers: containment, cause, actions."
    )
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)

    # Computes
    @api.depends("ticket_id.complaint_number")
    def _compute_name(self):
        for report in self:
            report.name = report.ticket_id.complaint_number or report.ticket_id.number

    # Approval engine (complaint.approval.mixin)
    def _check_ready_for_approval(self):
        """A customer-format report goes to, and is approved by, the QA manager
        only with the customer's form attached, for a complaint that chose the
        customer's format (rules §17.1)."""
        for report in self:
            if not report.form_file:
                raise UserError(
                    self.env._(
                        "Attach the customer's filled-in form to %(report)s before "
                        "asking the QA manager to approve it.",
                        report=report.display_name,
                    )
                )
            if not report.ticket_id.customer_format:
                raise UserError(
                    self.env._(
                        "%(complaint)s is not answered in the customer's own "
                        "format: tick 'Customer's Own Format' on it, or write its 8D "
                        "report.",
                        complaint=report.ticket_id.display_name,
                    )
                )

    # Record protection (complaint.protected.mixin)
    def _lock_message(self, names):
        return self.env._(
            "%(report)s is approved and locked: %(fields)s cannot change.",
            report=self.display_name,
            fields=self._field_labels(names),
        )
