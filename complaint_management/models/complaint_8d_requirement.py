from odoo import api, fields, models

from .complaint_defect_type import DEFECT_FAMILIES, SEVERITIES
from .helpdesk_ticket import RESPONSIBILITIES


class Complaint8DRequirement(models.Model):
    """A D0 rule: which complaints need a full 8D report (rules §5, §6).

    A complaint needs an 8D when at least one active rule holds for it. A rule holds
    when every criterion it sets holds; an empty criterion holds for every complaint.
    The shipped rule asks an 8D for every complaint for which the company is
    responsible, unless the customer requires its own format (rules §17.1, 000
    第四篇 4.1, 5.2.2); companies add rules by severity, defect family or
    type, team, product, customer or customer tag (e.g. a customer whose contract
    asks an 8D for every complaint): the criteria of ``complaint.rule.mixin``, plus
    the responsibility. Creating, changing or archiving a rule re-evaluates the open
    complaints it can touch.
    """

    _name = "complaint.8d.requirement"
    _inherit = ["complaint.rule.mixin"]
    _description = "8D Requirement Rule"
    _order = "sequence, id"
    _rule_reevaluates = True

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
    unless_customer_format = fields.Boolean(
        string="Unless Customer's Own Format",
        default=True,
        help="The rule does not hold for a complaint answered in the customer's own "
        "format (rules §17.1).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

    @api.model
    def _rules_for(self, company):
        """Active rules that apply to ``company`` (shared rules have no company)."""
        return self.sudo().search([("company_id", "in", [False, company.id])])

    def _rule_match_extra(self, ticket):
        """The responsibility and customer's-format criteria, of 8D rules only."""
        if self.unless_customer_format and ticket.customer_format:
            return False
        return not self.responsibility or ticket.responsibility == self.responsibility

    def _holds_for(self, ticket):
        """Whether every criterion of this rule holds for ``ticket``."""
        self.ensure_one()
        return self._applies_to(ticket)

    @api.model
    def _rule_reevaluate(self, tickets):
        """Re-evaluate '8D required' on open complaints: closed ones keep the
        decision they were closed with."""
        tickets._complaint_recompute(["eight_d_required", "eight_d_required_reason"])
