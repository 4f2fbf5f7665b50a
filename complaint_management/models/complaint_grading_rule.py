from odoo import api, fields, models

from .complaint_defect_type import DEFECT_FAMILIES, SEVERITIES


class ComplaintGradingRule(models.Model):
    """A rule that grades a complaint when its condition holds (rules §3).

    The shipped rules are the four of 000 第四篇 4.2 that make a complaint serious: the
    customer demands a formal corrective-action report, the customer's line stopped, a
    functional or assembly defect, a repeat. A complaint takes the most severe grade of
    the rules that hold; when none holds, the default grade of its defect type.

    A rule holds when its condition holds and every criterion it sets (team,
    customer, customer tag, product, defect family and type, major: see
    ``complaint.rule.mixin``) matches. Creating, changing or archiving a rule
    re-grades the open complaints it can touch; closed complaints keep the grade they
    were closed with, and a grade set by hand stays.
    """

    _name = "complaint.grading.rule"
    _inherit = ["complaint.rule.mixin"]
    _description = "Complaint Grading Rule"
    _order = "sequence, id"
    # The grade is what a grading rule gives, not one of its criteria.
    _rule_grade_field = False
    _rule_reevaluates = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    condition = fields.Selection(
        [
            ("formal_report", "The customer demands a formal corrective-action report"),
            ("line_stopped", "The customer's line stopped or was seriously affected"),
            ("defect_family", "The defect belongs to a family"),
            ("repeat", "The complaint repeats an earlier one"),
            ("major", "The complaint is major"),
        ],
        required=True,
    )
    defect_family = fields.Selection(
        DEFECT_FAMILIES,
        help="With the condition 'The defect belongs to a family'; with another "
        "condition, only complaints whose defect belongs to this family.",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="serious")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

    _family_needed = models.Constraint(
        "CHECK(condition != 'defect_family' OR defect_family IS NOT NULL)",
        "A rule on the defect family must name the family.",
    )

    @api.model
    def _rules_for(self, company):
        """Active rules that apply to ``company`` (shared rules have no company)."""
        return self.sudo().browse(self._rule_ids_for((company.id,)))

    def _rule_match_extra(self, ticket):
        """Whether this rule's condition holds for ``ticket``."""
        self.ensure_one()
        if self.condition == "formal_report":
            return ticket.requires_formal_report
        if self.condition == "line_stopped":
            return ticket.stopped_customer_line
        if self.condition == "defect_family":
            return ticket.defect_type_id.family == self.defect_family
        if self.condition == "repeat":
            return ticket.is_repeat
        if self.condition == "major":
            return ticket.is_major
        return False

    def _holds_for(self, ticket):
        """Whether this rule holds for ``ticket``: its condition and criteria."""
        self.ensure_one()
        return self._applies_to(ticket)

    @api.model
    def _rule_reevaluate(self, tickets):
        """Re-grade ``tickets`` by the current rules (rules §3)."""
        tickets._complaint_regrade()
