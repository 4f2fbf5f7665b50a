from odoo import api, fields, models

from .complaint_defect_type import DEFECT_FAMILIES, SEVERITIES
from .helpdesk_ticket import RESPONSIBILITIES


class Complaint8DRequirement(models.Model):
    """A D0 rule: which complaints need a full 8D report (domain.md §5, §6).

    A complaint needs an 8D when at least one active rule holds for it. A rule holds
    when every criterion it sets holds; an empty criterion holds for every complaint.
    The shipped rule asks an 8D for every serious complaint for which the company is
    responsible (000 第四篇 5.2.2); companies add rules by severity, defect family or
    customer (e.g. a customer whose contract asks an 8D for every complaint).
    """

    _name = "complaint.8d.requirement"
    _description = "8D Requirement Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    severity = fields.Selection(
        SEVERITIES, help="Only complaints of this grade. Empty: every grade."
    )
    defect_family = fields.Selection(
        DEFECT_FAMILIES,
        help="Only complaints whose defect belongs to this family. Empty: every "
        "family.",
    )
    responsibility = fields.Selection(
        RESPONSIBILITIES,
        default="company",
        help="Only complaints with this responsibility. Empty: any responsibility.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain=[("is_company", "=", True)],
        help="Only complaints of these customers. Empty: every customer.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

    @api.model
    def _rules_for(self, company):
        """Active rules that apply to ``company`` (shared rules have no company)."""
        return self.sudo().search([("company_id", "in", [False, company.id])])

    def _holds_for(self, ticket):
        """Whether every criterion of this rule holds for ``ticket``."""
        self.ensure_one()
        if self.severity and ticket.complaint_severity != self.severity:
            return False
        if self.defect_family and ticket.defect_family != self.defect_family:
            return False
        if self.responsibility and ticket.responsibility != self.responsibility:
            return False
        if self.partner_ids and not (
            ticket.commercial_partner_id & self.partner_ids.commercial_partner_id
        ):
            return False
        return True

    # CRUD: open complaints follow the rules as they change
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self._recompute_open_complaints()
        return rules

    def write(self, vals):
        res = super().write(vals)
        self._recompute_open_complaints()
        return res

    def unlink(self):
        res = super().unlink()
        self._recompute_open_complaints()
        return res

    @api.model
    def _recompute_open_complaints(self):
        """Re-evaluate '8D required' on open complaints: closed ones keep the
        decision they were closed with."""
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search([("is_complaint", "=", True), ("closed", "=", False)])
        )
        if tickets:
            self.env.add_to_compute(tickets._fields["eight_d_required"], tickets)
            self.env.add_to_compute(tickets._fields["eight_d_required_reason"], tickets)
