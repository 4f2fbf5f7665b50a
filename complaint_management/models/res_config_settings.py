from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Settings > Complaints: the company's complaint settings (``res.company``),
    in the same sections."""

    _inherit = "res.config.settings"

    # Intake and grading
    complaint_repeat_window_days = fields.Integer(
        related="company_id.complaint_repeat_window_days", readonly=False
    )
    complaint_repeat_scope = fields.Selection(
        related="company_id.complaint_repeat_scope", readonly=False
    )
    complaint_repeat_match = fields.Selection(
        related="company_id.complaint_repeat_match", readonly=False
    )
    complaint_similar_limit = fields.Integer(
        related="company_id.complaint_similar_limit", readonly=False
    )
    complaint_priority_serious = fields.Selection(
        related="company_id.complaint_priority_serious", readonly=False
    )
    complaint_priority_general = fields.Selection(
        related="company_id.complaint_priority_general", readonly=False
    )
    complaint_priority_occasional = fields.Selection(
        related="company_id.complaint_priority_occasional", readonly=False
    )
    complaint_priority_major = fields.Selection(
        related="company_id.complaint_priority_major", readonly=False
    )

    # Deadlines and follow-up
    complaint_sla_hours_per_day = fields.Float(
        related="company_id.complaint_sla_hours_per_day", readonly=False
    )
    complaint_unhappy_threshold = fields.Selection(
        related="company_id.complaint_unhappy_threshold", readonly=False
    )
    complaint_reopen_stage_id = fields.Many2one(
        related="company_id.complaint_reopen_stage_id", readonly=False
    )
    complaint_answer_reminder_days = fields.Integer(
        related="company_id.complaint_answer_reminder_days", readonly=False
    )

    # The three changes
    complaint_meeting_location = fields.Char(
        related="company_id.complaint_meeting_location", readonly=False
    )
    complaint_meeting_days = fields.Integer(
        related="company_id.complaint_meeting_days", readonly=False
    )
    complaint_meeting_hour = fields.Float(
        related="company_id.complaint_meeting_hour", readonly=False
    )
    complaint_meeting_hours = fields.Float(
        related="company_id.complaint_meeting_hours", readonly=False
    )

    # Remedies
    complaint_remedy_journal_id = fields.Many2one(
        related="company_id.complaint_remedy_journal_id", readonly=False
    )
    complaint_remedy_account_id = fields.Many2one(
        related="company_id.complaint_remedy_account_id", readonly=False
    )
    complaint_history_months = fields.Integer(
        related="company_id.complaint_history_months", readonly=False
    )
    complaint_receipt_period_days = fields.Integer(
        related="company_id.complaint_receipt_period_days", readonly=False
    )

    # 8D
    complaint_8d_check_days = fields.Char(
        related="company_id.complaint_8d_check_days", readonly=False
    )
    complaint_8d_team_group_id = fields.Many2one(
        related="company_id.complaint_8d_team_group_id", readonly=False
    )

    # Chargebacks
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
    complaint_outreach_days = fields.Integer(
        related="company_id.complaint_outreach_days", readonly=False
    )

    # Portal
    complaint_portal_attachment_mb = fields.Float(
        related="company_id.complaint_portal_attachment_mb", readonly=False
    )
    complaint_portal_check_purchase = fields.Boolean(
        related="company_id.complaint_portal_check_purchase", readonly=False
    )

    # Reports
    complaint_delivered_source = fields.Selection(
        related="company_id.complaint_delivered_source", readonly=False
    )
    complaint_report_partner_ids = fields.Many2many(
        related="company_id.complaint_report_partner_ids", readonly=False
    )

    # Branches
    complaint_major_team_id = fields.Many2one(
        related="company_id.complaint_major_team_id", readonly=False
    )

    # Trend alarms
    complaint_trend_period = fields.Selection(
        related="company_id.complaint_trend_period", readonly=False
    )
    complaint_trend_base_periods = fields.Integer(
        related="company_id.complaint_trend_base_periods", readonly=False
    )
    complaint_trend_sigma = fields.Float(
        related="company_id.complaint_trend_sigma", readonly=False
    )
    complaint_trend_rule_limit = fields.Boolean(
        related="company_id.complaint_trend_rule_limit", readonly=False
    )
    complaint_trend_run_periods = fields.Integer(
        related="company_id.complaint_trend_run_periods", readonly=False
    )
    complaint_trend_min_count = fields.Integer(
        related="company_id.complaint_trend_min_count", readonly=False
    )
    complaint_trend_user_id = fields.Many2one(
        related="company_id.complaint_trend_user_id", readonly=False
    )

    # Store counter
    complaint_front_desk_team_id = fields.Many2one(
        related="company_id.complaint_front_desk_team_id", readonly=False
    )
    complaint_department_arrival_minutes = fields.Integer(
        related="company_id.complaint_department_arrival_minutes", readonly=False
    )
    complaint_duty_manager_id = fields.Many2one(
        related="company_id.complaint_duty_manager_id", readonly=False
    )
