from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval


class ComplaintReportCategory(models.Model):
    """Which complaints a monthly detail workbook lists (rules §7: the
    special-case returns and the quality-related returns sent to the store
    manager every month).

    What makes a return special-case or quality-related differs between
    companies: each category is a filter over complaints that users edit, with
    defaults shipped as data (``data/complaint_report_category_data.xml``).
    """

    _name = "complaint.report.category"
    _description = "Complaint Report Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [("special", "Special-case returns"), ("quality", "Quality-related returns")],
        required=True,
        help="The monthly workbook this category feeds.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Empty: every company. A company's own category replaces the shared "
        "one of the same workbook.",
    )
    domain = fields.Char(
        string="Complaints",
        required=True,
        default="[]",
        help="The complaints of the month this workbook lists.",
    )
    description = fields.Text(help="What the filter means, for the reader.")

    @api.constrains("domain")
    def _check_domain(self):
        Ticket = self.env["helpdesk.ticket"]
        for category in self:
            try:
                Ticket.search_count(category._ticket_domain(), limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The filter of %(category)s is not valid (%(error)s): "
                        "build it with the domain editor.",
                        category=category.name,
                        error=error,
                    )
                ) from error

    def _ticket_domain(self):
        """The complaints any of these categories selects, as a Domain."""
        return Domain.OR(Domain(safe_eval(c.domain or "[]")) for c in self)

    @api.model
    def _for(self, code, company):
        """The categories that feed workbook ``code`` for ``company``: the
        company's own, else the shared ones."""
        categories = self.search(
            [("code", "=", code), ("company_id", "in", (company.id, False))]
        )
        own = categories.filtered("company_id")
        return own or categories
