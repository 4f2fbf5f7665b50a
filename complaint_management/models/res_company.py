from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_repeat_window_days = fields.Integer(
        string="Repeat Window (days)",
        default=90,
        help="A complaint repeats earlier ones of the same product and defect received "
        "within this many days before it (domain.md §3).",
    )
    complaint_repeat_scope = fields.Selection(
        [
            ("product", "Same product variant"),
            ("template", "Same product"),
            ("category", "Same product category"),
        ],
        string="Repeat Scope",
        default="product",
        required=True,
    )
    complaint_similar_limit = fields.Integer(
        string="Similar Complaints Shown",
        default=10,
        help="How many earlier complaints of the same product, defect type or "
        "customer a complaint shows, typical cases first (domain.md §8).",
    )
    complaint_unhappy_threshold = fields.Selection(
        [("1", "Very unhappy"), ("2", "Unhappy"), ("3", "Neutral")],
        string="Reopen At Satisfaction",
        default="2",
        help="A call-back at or below this satisfaction reopens the complaint.",
    )
    # Remedies (domain.md §7)
    complaint_remedy_journal_id = fields.Many2one(
        "account.journal",
        string="Remedy Credit Note Journal",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="The sales journal of the credit notes of approved refunds and credits; "
        "empty for the first sales journal.",
    )
    complaint_remedy_account_id = fields.Many2one(
        "account.account",
        string="Remedy Account",
        domain="[('account_type', 'in', ('income', 'income_other', 'expense'))]",
        help="The account of the credit note lines of remedies (e.g. sales returns "
        "and allowances); empty for the journal's default account.",
    )
    complaint_history_months = fields.Integer(
        string="Customer History (months)",
        default=12,
        help="How far back the remedy form shows the customer's complaints and "
        "remedies to the approver.",
    )

    @api.constrains("complaint_similar_limit")
    def _check_complaint_similar_limit(self):
        for company in self:
            if company.complaint_similar_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The number of similar complaints shown by %(company)s "
                        "cannot be negative: enter 0 to show none.",
                        company=company.name,
                    )
                )

    def _complaint_remedy_journal(self):
        """The sales journal of remedy credit notes: the chosen one, else the
        company's first."""
        self.ensure_one()
        return self.complaint_remedy_journal_id or self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
