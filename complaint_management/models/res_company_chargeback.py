from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Chargebacks (domain.md §7)
    complaint_chargeback_finance_limit = fields.Monetary(
        string="Chargeback Finance Approval Above",
        currency_field="currency_id",
        default=2000.0,
        help="A chargeback above this amount (company currency) is approved by a "
        "finance manager after the QA manager. The default, 2000, is the highest "
        "level of domain.md §7 (above it, the group's vice-president approves).",
    )
    complaint_chargeback_journal_id = fields.Many2one(
        "account.journal",
        string="Chargeback Credit Note Journal",
        domain="[('type', '=', 'purchase'), ('company_id', '=', id)]",
        help="The purchase journal of the vendor credit notes of settled "
        "chargebacks; empty for the company's first purchase journal.",
    )
    complaint_chargeback_answer_days = fields.Integer(
        string="Supplier Answer (days)",
        default=14,
        help="The quality engineer is reminded to chase the supplier's answer this "
        "many days after the debit note is sent.",
    )
    complaint_capa_due_days = fields.Integer(
        string="Corrective-Action Answer Due (days)",
        default=14,
        help="A corrective-action request is due this many days after it is sent "
        "(unless a due date is entered).",
    )
    complaint_supplier_score_months = fields.Integer(
        string="Supplier Score Period (months)",
        default=12,
        help="The supplier form scores the complaints and chargebacks of this many "
        "last months.",
    )

    def _complaint_chargeback_journal(self):
        """The purchase journal of chargeback credit notes: the chosen one, else
        the company's first."""
        self.ensure_one()
        return self.complaint_chargeback_journal_id or self.env[
            "account.journal"
        ].search(
            [
                *self.env["account.journal"]._check_company_domain(self),
                ("type", "=", "purchase"),
            ],
            limit=1,
        )
