from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_groups import COMPLAINT_READER_GROUPS


class HelpdeskTicket(models.Model):
    """A complaint's 8D reports (rules §6): whether one is required (D0), the
    reports that serve it, and the rule that it closes only with an approved one."""

    _inherit = "helpdesk.ticket"

    eight_d_ids = fields.Many2many(
        "complaint.8d",
        "complaint_8d_helpdesk_ticket_rel",
        "ticket_id",
        "eight_d_id",
        string="8D Reports",
        copy=False,
        groups=COMPLAINT_READER_GROUPS,
    )
    eight_d_count = fields.Integer(
        string="8D Report Count",
        compute="_compute_eight_d_count",
        groups=COMPLAINT_READER_GROUPS,
    )
    eight_d_requested = fields.Boolean(
        string="8D Requested",
        tracking=True,
        copy=False,
        help="Ask a full 8D report for this complaint although no 8D rule requires it.",
    )
    eight_d_required = fields.Boolean(
        string="8D Required",
        compute="_compute_eight_d_required",
        store=True,
        index=True,
        tracking=True,
        help="The complaint cannot be closed without an approved 8D report.",
    )
    eight_d_required_reason = fields.Char(
        string="8D Required By", compute="_compute_eight_d_required", store=True
    )
    eight_d_approved = fields.Boolean(
        string="Approved 8D",
        compute="_compute_eight_d_count",
        groups=COMPLAINT_READER_GROUPS,
    )
    # The customer's own format instead of an 8D (rules §17.1)
    customer_format = fields.Boolean(
        string="Customer's Own Format",
        tracking=True,
        copy=False,
        help="The customer requires its own problem-solving format instead of an "
        "8D: attach the customer's filled-in form to a customer-format report, "
        "which the QA manager approves before the complaint closes.",
    )
    customer_report_ids = fields.One2many(
        "complaint.customer.report",
        "ticket_id",
        string="Customer-Format Reports",
        copy=False,
        groups=COMPLAINT_READER_GROUPS,
    )
    customer_report_approved = fields.Boolean(
        string="Approved Customer-Format Report",
        compute="_compute_customer_report_approved",
        groups=COMPLAINT_READER_GROUPS,
    )

    @api.depends("eight_d_ids.state")
    def _compute_eight_d_count(self):
        for ticket in self:
            reports = ticket.eight_d_ids.filtered(lambda r: r.state != "cancel")
            ticket.eight_d_count = len(reports)
            ticket.eight_d_approved = "approved" in reports.mapped("state")

    @api.depends("customer_report_ids.state")
    def _compute_customer_report_approved(self):
        for ticket in self:
            ticket.customer_report_approved = "approved" in (
                ticket.customer_report_ids.mapped("state")
            )

    @api.depends(
        "is_complaint",
        "eight_d_requested",
        "customer_format",
        "complaint_severity",
        "defect_type_id",
        "responsibility",
        "partner_id",
        "team_id",
        "product_id",
        "is_major",
        "company_id",
    )
    def _compute_eight_d_required(self):
        """D0: a complaint requires an 8D when one of the company's 8D rules holds
        for it, or when someone asked for one (rules §5.2, §6); by default every
        complaint the company is responsible for, unless the customer's own
        format was chosen (§17.1). The rules are matched for the whole batch at
        once (``complaint.rule.mixin``)."""
        Rule = self.env["complaint.8d.requirement"]
        complaints = self.filtered("is_complaint")
        matches = {}
        by_company = complaints.grouped(lambda t: t.company_id or self.env.company)
        for company, tickets in by_company.items():
            matches.update(Rule._rules_for(company)._match(tickets))
        for ticket in self:
            reasons = []
            if ticket.is_complaint:
                reasons = matches[ticket.id].mapped("name")
                if ticket.eight_d_requested:
                    reasons.append(self.env._("requested"))
            ticket.eight_d_required = bool(reasons)
            ticket.eight_d_required_reason = "; ".join(reasons)

    # Actions
    def action_view_8d(self):
        """Open the complaint's 8D reports; start one when there is none yet."""
        self.ensure_one()
        reports = self.eight_d_ids.filtered(lambda r: r.state != "cancel")
        if not reports:
            return self.action_create_8d()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_8d_action"
        )
        if len(reports) == 1:
            action.update({"res_id": reports.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", reports.ids)]
        return action

    def action_view_customer_report(self):
        """Open the complaint's customer-format report; start one when there is
        none in use yet (rules §17.1)."""
        self.ensure_one()
        reports = self.customer_report_ids.filtered(lambda r: r.state != "cancel")
        if not reports:
            reports = self.env["complaint.customer.report"].create(
                {"ticket_id": self.id}
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_customer_report_action"
        )
        if len(reports) == 1:
            action.update({"res_id": reports.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", reports.ids)]
        return action

    def action_create_8d(self):
        """Start the 8D report of this complaint and open it."""
        self.ensure_one()
        report = self.env["complaint.8d"].create({"ticket_ids": [(4, self.id)]})
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_8d_action"
        )
        action.update({"res_id": report.id, "views": [(False, "form")]})
        return action

    # Business methods
    def _eight_d_check_can_close(self):
        """A complaint that requires an 8D closes only once an 8D report serving it
        is approved: only an approved 8D is valid (rules §6, 000 第四篇 5.5).
        A complaint answered in the customer's own format closes only once its
        customer-format report, with the customer's form, is approved by the QA
        manager (rules §17.1). Called by ``_check_can_close``."""
        for ticket in self:
            if ticket.customer_format and not ticket.customer_report_approved:
                raise UserError(
                    self.env._(
                        "%(complaint)s is answered in the customer's own format: "
                        "it can be closed once the QA manager has approved its "
                        "customer-format report with the customer's form attached.",
                        complaint=ticket.display_name,
                    )
                )
            if ticket.eight_d_required and not ticket.eight_d_approved:
                raise UserError(
                    self.env._(
                        "%(complaint)s requires an 8D report (%(reason)s): it can be "
                        "closed once the QA manager has approved its 8D.",
                        complaint=ticket.display_name,
                        reason=ticket.eight_d_required_reason,
                    )
                )
