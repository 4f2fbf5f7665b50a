from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_repeat_window_days = fields.Integer(
        related="company_id.complaint_repeat_window_days", readonly=False
    )
    complaint_repeat_scope = fields.Selection(
        related="company_id.complaint_repeat_scope", readonly=False
    )
    complaint_similar_limit = fields.Integer(
        related="company_id.complaint_similar_limit", readonly=False
    )
    complaint_unhappy_threshold = fields.Selection(
        related="company_id.complaint_unhappy_threshold", readonly=False
    )
    complaint_remedy_journal_id = fields.Many2one(
        related="company_id.complaint_remedy_journal_id", readonly=False
    )
    complaint_remedy_account_id = fields.Many2one(
        related="company_id.complaint_remedy_account_id", readonly=False
    )
    complaint_history_months = fields.Integer(
        related="company_id.complaint_history_months", readonly=False
    )
