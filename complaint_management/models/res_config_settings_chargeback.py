from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_chargeback_finance_limit = fields.Monetary(
        related="company_id.complaint_chargeback_finance_limit",
        currency_field="currency_id",
        readonly=False,
    )
    complaint_chargeback_journal_id = fields.Many2one(
        related="company_id.complaint_chargeback_journal_id", readonly=False
    )
    complaint_chargeback_answer_days = fields.Integer(
        related="company_id.complaint_chargeback_answer_days", readonly=False
    )
    complaint_capa_due_days = fields.Integer(
        related="company_id.complaint_capa_due_days", readonly=False
    )
    complaint_supplier_score_months = fields.Integer(
        related="company_id.complaint_supplier_score_months", readonly=False
    )
