from odoo import api, fields, models
from odoo.fields import Domain

from .complaint_defect_type import SEVERITIES
from .complaint_remedy import REMEDY_TYPES


class ComplaintGoodwillPolicy(models.Model):
    """Small remedies the front line may grant without approval.

    rules §7 sets who approves money by amount; a company may decide that
    below some amount, for some remedy types and complaint grades, approval costs
    more than it protects. Each policy waives the approval of the remedies of its
    type (and grade, when set) whose receipt total in company currency (the
    remedy and the others pending or approved on the same receipt) is below its
    limit. None is active by default: every remedy is approved until a quality
    manager decides otherwise. Explanations always go to the QA manager
    (rules §5), so no policy covers them.
    """

    _name = "complaint.goodwill.policy"
    _inherit = ["complaint.rule.mixin"]
    _description = "Complaint Goodwill Policy"
    _order = "sequence, id"
    _rule_grade_field = "complaint_severity"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The company's currency, or the current company's for shared policies.",
    )
    remedy_type = fields.Selection(
        [item for item in REMEDY_TYPES if item[0] != "explanation"],
        string="Remedy",
        required=True,
    )
    complaint_severity = fields.Selection(
        SEVERITIES,
        string="Grade",
        help="Only for complaints of this grade; empty for every grade.",
    )
    amount_limit = fields.Monetary(
        string="Below",
        required=True,
        help="Remedies whose amount in company currency is below this limit need no "
        "approval.",
    )
    note = fields.Text()

    _amount_limit_positive = models.Constraint(
        "CHECK(amount_limit > 0)",
        "The limit of a goodwill policy must be above zero.",
    )

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        for policy in self:
            policy.currency_id = (policy.company_id or self.env.company).currency_id

    @api.model
    def _find_for(self, remedy):
        """The first active policy that waives the approval of ``remedy``, if any."""
        company = remedy.company_id or self.env.company
        domain = (
            Domain("remedy_type", "=", remedy.remedy_type)
            & Domain("company_id", "in", [False, company.id])
            & Domain("amount_limit", ">", remedy.receipt_total_company)
        )
        ticket = remedy.ticket_id
        return self.search(domain)._match(ticket)[ticket.id][:1] if ticket else self
