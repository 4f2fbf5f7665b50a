from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class ResCompany(models.Model):
    """The company's complaint settings, one section per capability (Settings >
    Complaints edits them through ``res.config.settings``):

    - intake and grading: when a complaint repeats earlier ones, how many similar
      complaints it shows, and the priority each grade gives it (rules §4.9:
      complaints are taken in order of severity; data a company tunes, the
      seed's order as default);
    - deadlines and follow-up: the deadline settings that are not per policy
      (rules §4.1, §8.1), and when a customer's call-back reopens a complaint;
    - remedies: where the credit notes of remedies go, how far back the
      approver sees the customer's history, and over how many days remedies
      without a verified receipt add up (rules §7.1);
    - 8D: when the effectiveness checks of an approved 8D fall;
    - chargebacks: what the supplier is charged back and answers (rules §7.6-§7.10);
    - portal: what customers may send through the portal (rules §2.5, §8.2);
    - reports (rules §7.12, §8.4): where delivered quantities come from for PPM,
      and who receives the monthly workbooks.
    """

    _inherit = "res.company"

    # Intake and grading
    complaint_repeat_window_days = fields.Integer(
        string="Repeat Window (days)",
        default=90,
        help="A complaint repeats earlier ones of the same product and defect received "
        "within this many days before it (rules §3).",
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
    complaint_repeat_match = fields.Selection(
        [
            ("either", "Same product or same defect type"),
            ("product", "Same product"),
            ("defect", "Same defect type"),
            ("both", "Same product and same defect type"),
        ],
        string="Repeat Means",
        default="either",
        required=True,
        help="What a complaint shares with an earlier one to repeat it (rules "
        "§17.2): the same product or problem recurring, by default either.",
    )
    complaint_similar_limit = fields.Integer(
        string="Similar Complaints Shown",
        default=10,
        help="How many earlier complaints of the same product, defect type or "
        "customer a complaint shows, typical cases first (rules §8).",
    )
    complaint_priority_serious = fields.Selection(
        PRIORITIES, string="Priority of Serious Complaints", default="3"
    )
    complaint_priority_general = fields.Selection(
        PRIORITIES, string="Priority of General Complaints", default="2"
    )
    complaint_priority_occasional = fields.Selection(
        PRIORITIES, string="Priority of Occasional Complaints", default="1"
    )
    complaint_priority_major = fields.Selection(
        PRIORITIES,
        string="Priority of Major Complaints",
        default="3",
        help="A major complaint gets this priority whatever its grade.",
    )

    # Deadlines and follow-up
    complaint_sla_hours_per_day = fields.Float(
        string="Working Hours per Day (Deadlines)",
        default=8.0,
        help="A deadline in working days counts this many hours a day when the "
        "working calendar does not say.",
    )
    complaint_unhappy_threshold = fields.Selection(
        [("1", "Very unhappy"), ("2", "Unhappy"), ("3", "Neutral")],
        string="Reopen At Satisfaction",
        default="2",
        help="A call-back at or below this satisfaction reopens the complaint.",
    )
    complaint_reopen_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Reopen Complaints In",
        domain=[("closed", "=", False)],
        help="The stage an unhappy customer's call-back reopens a complaint in. "
        "Empty: the team's first open stage after 'New'.",
    )
    complaint_answer_reminder_days = fields.Integer(
        string="Remind Before the Answer Date (days)",
        default=1,
        help="The handler's reminder to call the customer back falls this many "
        "days before the date agreed for our answer (0: on the day itself; rules "
        "§15.2).",
    )

    # The three changes (rules §16.2)
    complaint_meeting_location = fields.Char(
        string="Meeting Place",
        default=lambda self: self.env._("Reception room"),
        help="Where an unhappy customer is received by a more senior manager "
        "(change the place), unless the officer names another place.",
    )
    complaint_meeting_days = fields.Integer(
        string="Meeting After (days)",
        default=1,
        help="The meeting with a more senior manager is proposed this many days "
        "ahead (change the time), unless the officer chooses another time.",
    )
    complaint_meeting_hour = fields.Float(
        string="Meeting Time of Day",
        default=10.0,
        help="The hour (in the officer's time zone) the meeting is proposed at.",
    )
    complaint_meeting_hours = fields.Float(
        string="Meeting Duration (hours)",
        default=1.0,
        help="How long the meeting with the customer is planned for.",
    )

    # Remedies (rules §7.1-§7.5)
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
    complaint_receipt_period_days = fields.Integer(
        string="Unverified Receipts Period (days)",
        default=30,
        help="Remedies without a verified receipt (a posted invoice or a "
        "point-of-sale order) are approved at the level of their total on the "
        "complaint: the remedies requested within this many days count together.",
    )

    # 8D
    complaint_8d_check_days = fields.Char(
        string="8D Effectiveness Checks (days)",
        default="30, 60, 90",
        help="After an 8D is approved, check for recurrences this many days later: "
        "numbers separated by commas.",
    )
    complaint_8d_team_group_id = fields.Many2one(
        "res.groups",
        string="8D Teams Formed By",
        default=lambda self: self.env.ref(
            "complaint_management.group_complaint_manager", raise_if_not_found=False
        ),
        ondelete="set null",
        help="Who starts an 8D and names its team (rules §17.5): an 8D anyone else "
        "starts is a proposal this group confirms. Empty: whoever writes 8D reports.",
    )

    # Chargebacks (rules §7.6-§7.10)
    complaint_chargeback_finance_limit = fields.Monetary(
        string="Chargeback Finance Approval Above",
        currency_field="currency_id",
        compute="_compute_complaint_chargeback_finance_limit",
        inverse="_inverse_complaint_chargeback_finance_limit",
        help="A chargeback above this amount (company currency) is approved by a "
        "finance manager after the QA manager. The default, 2000, is the highest "
        "level of rules §7 (above it, the group's vice-president approves).",
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

    # Outreach (rules §22.1)
    complaint_outreach_days = fields.Integer(
        string="Outreach Period (days)",
        default=180,
        help="An outreach from a complaint lists the customers who bought its product "
        "within this many days before the complaint.",
    )

    # Portal
    complaint_portal_attachment_mb = fields.Float(
        string="Portal Attachment Limit (MB)",
        default=10.0,
        help="The largest file a customer may attach to a complaint filed in the "
        "portal, in megabytes.",
    )
    complaint_portal_check_purchase = fields.Boolean(
        string="Portal: Only Products Bought",
        default=True,
        help="When the customer has posted invoices, a complaint filed in the portal "
        "must be about a product on one of them.",
    )

    # Reports
    complaint_delivered_source = fields.Selection(
        [
            ("invoice", "Posted customer invoices"),
            ("import", "Imported delivered quantities"),
        ],
        string="Delivered Quantities From",
        default="invoice",
        required=True,
        help="PPM and the trend alarms divide by the quantities really delivered "
        "(rules §21.1): the posted customer invoice lines (credit notes subtract) "
        "when the company invoices in Odoo, else the quantities per product and "
        "month imported from a spreadsheet (Complaints > Reporting > Delivered "
        "Quantities).",
    )
    complaint_report_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_complaint_report_partner_rel",
        "company_id",
        "partner_id",
        string="Monthly Workbooks To",
        help="Who receives the month's complaint workbooks on the first working day "
        "of the next month (rules §7: the store manager).",
    )
    complaint_report_last_month = fields.Date(
        string="Workbooks Last Sent For",
        readonly=True,
        copy=False,
        help="The first day of the last month whose workbooks were mailed: the "
        "scheduled action sends each month once.",
    )

    # Branches (rules §20.1)
    complaint_major_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Major-Complaint Team",
        domain="[('complaint_team', '=', True), ('company_id', 'in', [id, False])]",
        help="The head office's team that receives the major complaints of its "
        "branches: a branch's major complaint is forwarded to it at once (the "
        "branch keeps reading it). Empty: the branches keep their major complaints.",
    )

    # Trend alarms
    complaint_trend_period = fields.Selection(
        [("week", "Week"), ("month", "Month")],
        string="Trend Period",
        default="month",
        required=True,
        help="The trend alarms count complaints per week or per month (rules "
        "§21.2). Imported delivered quantities are monthly: with them, weeks are "
        "watched on counts.",
    )
    complaint_trend_base_periods = fields.Integer(
        string="Trend Base (periods)",
        default=12,
        help="The periods just before the one watched that set its centre line "
        "and control limits (rules §21.3).",
    )
    complaint_trend_sigma = fields.Float(
        string="Control Limits (sigma)",
        default=3.0,
        help="How many standard deviations above the centre line the upper "
        "control limit lies (rules §21.3).",
    )
    complaint_trend_rule_limit = fields.Boolean(
        string="Alarm Beyond the Limit",
        default=True,
        help="Raise an alarm when a period lies above its upper control limit.",
    )
    complaint_trend_run_periods = fields.Integer(
        string="Alarm on a Rising Run (periods)",
        default=6,
        help="Raise an alarm when the rate rose in each of this many periods in "
        "a row; 0 turns the rule off (rules §21.4).",
    )
    complaint_trend_min_count = fields.Integer(
        string="Alarm From (complaints)",
        default=3,
        help="A period with fewer complaints of the product raises no alarm, "
        "whatever its rate: a single complaint of a quiet product is no trend.",
    )
    complaint_trend_user_id = fields.Many2one(
        "res.users",
        string="Trend Alarms To",
        domain=[("share", "=", False)],
        help="The QA manager who receives the trend alarms; empty: the first "
        "quality manager of the company.",
    )

    # Store counter (rules §19)
    complaint_front_desk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Front Desk",
        check_company=True,
        help="The store's one counter for complaints (rules §19.4): a complaint "
        "recorded by a department's staff outside this team is handed to it.",
    )
    complaint_department_arrival_minutes = fields.Integer(
        string="Department Arrival Limit (minutes)",
        default=30,
        help="How long a department called to the counter has to confirm the "
        "problem and sign the register; past it the front desk decides alone "
        "(rules §19.1).",
    )
    complaint_duty_manager_id = fields.Many2one(
        "res.users",
        string="Duty or Store Manager",
        domain=[("share", "=", False)],
        help="Told at once of a major complaint at the counter when the team names "
        "no duty manager (rules §19.2).",
    )

    # Computes
    def _compute_complaint_chargeback_finance_limit(self):
        """The limit is read from the finance tier's domain (its one source)."""
        TierDefinition = self.env["tier.definition"]
        for company in self:
            tier = TierDefinition._complaint_chargeback_finance_tier(company)
            company.complaint_chargeback_finance_limit = (
                tier._complaint_amount_limit() if tier else 0.0
            )

    def _inverse_complaint_chargeback_finance_limit(self):
        """Editing the limit rewrites the domain of the company's finance tier.
        Where several companies share the seed's tier, the company gets a tier of
        its own first, so that its limit is not the other companies' (rules §7.7)."""
        TierDefinition = self.env["tier.definition"]
        several = self.sudo().search_count([], limit=2) > 1
        for company in self:
            tier = TierDefinition._complaint_chargeback_finance_tier(company)
            if not tier:
                continue
            limit = company.complaint_chargeback_finance_limit
            if not tier.company_id and several:
                if tier._complaint_amount_limit() == limit:
                    continue
                tier = tier._complaint_own_copy(company)
            tier._complaint_set_amount_limit(limit)

    # Constraints
    @api.constrains("complaint_answer_reminder_days")
    def _check_complaint_answer_reminder_days(self):
        for company in self:
            if not 0 <= company.complaint_answer_reminder_days <= 365:
                raise ValidationError(
                    self.env._(
                        "The reminder of an agreed answer date of %(company)s falls "
                        "between 0 and 365 days before it, e.g. 1.",
                        company=company.name,
                    )
                )

    @api.constrains("complaint_department_arrival_minutes")
    def _check_complaint_department_arrival_minutes(self):
        """A department gets at least a minute and at most a day (rules §19.1)."""
        for company in self:
            if not 1 <= company.complaint_department_arrival_minutes <= 1440:
                raise ValidationError(
                    self.env._(
                        "The department arrival limit of %(company)s must be "
                        "between 1 and 1440 minutes.",
                        company=company.name,
                    )
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

    @api.constrains(
        "complaint_trend_base_periods",
        "complaint_trend_sigma",
        "complaint_trend_run_periods",
        "complaint_trend_min_count",
    )
    def _check_complaint_trend(self):
        """The trend settings make a chart (rules §21.3): a base of 2 to 60
        periods, a sigma level above zero, a run no longer than the base."""
        for company in self:
            if not 2 <= company.complaint_trend_base_periods <= 60:
                raise ValidationError(
                    self.env._(
                        "The trend base of %(company)s must hold 2 to 60 periods, "
                        "e.g. 12 months.",
                        company=company.name,
                    )
                )
            if not 0 < company.complaint_trend_sigma <= 10:
                raise ValidationError(
                    self.env._(
                        "The control limits of %(company)s must lie above zero and "
                        "at most 10 sigma from the centre line, e.g. 3.",
                        company=company.name,
                    )
                )
            if not (
                0
                <= company.complaint_trend_run_periods
                <= company.complaint_trend_base_periods
            ):
                raise ValidationError(
                    self.env._(
                        "The rising run of %(company)s must be 0 (off) to the number "
                        "of base periods, e.g. 6.",
                        company=company.name,
                    )
                )
            if company.complaint_trend_min_count < 1:
                raise ValidationError(
                    self.env._(
                        "Trend alarms of %(company)s need at least one complaint in "
                        "the period.",
                        company=company.name,
                    )
                )

    @api.constrains("complaint_outreach_days")
    def _check_complaint_outreach_days(self):
        for company in self:
            if not 1 <= company.complaint_outreach_days <= 3660:
                raise ValidationError(
                    self.env._(
                        "The outreach period of %(company)s must be between 1 and "
                        "3660 days, e.g. 180.",
                        company=company.name,
                    )
                )

    @api.constrains("complaint_receipt_period_days")
    def _check_complaint_receipt_period_days(self):
        for company in self:
            if company.complaint_receipt_period_days < 1:
                raise ValidationError(
                    self.env._(
                        "The period over which %(company)s adds up remedies without "
                        "a verified receipt must be at least one day, e.g. 30.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "complaint_meeting_days", "complaint_meeting_hour", "complaint_meeting_hours"
    )
    def _check_complaint_meeting(self):
        for company in self:
            if not 0 <= company.complaint_meeting_hour < 24:
                raise ValidationError(
                    self.env._(
                        "The meeting with an unhappy customer is proposed at an hour "
                        "from 00:00 to 23:59."
                    )
                )
            if not 0 <= company.complaint_meeting_days <= 365:
                raise ValidationError(
                    self.env._(
                        "The meeting with an unhappy customer is proposed between 0 "
                        "and 365 days ahead."
                    )
                )
            if not 0 < company.complaint_meeting_hours <= 24:
                raise ValidationError(
                    self.env._(
                        "A meeting with the customer lasts more than 0 and at most "
                        "24 hours."
                    )
                )

    @api.constrains("complaint_sla_hours_per_day")
    def _check_complaint_sla_hours_per_day(self):
        for company in self:
            if not 0 < company.complaint_sla_hours_per_day <= 24:
                raise ValidationError(
                    self.env._(
                        "Working hours per day must be between 0 and 24 for "
                        "%(company)s, e.g. 8.",
                        company=company.name,
                    )
                )

    @api.constrains("complaint_8d_check_days")
    def _check_complaint_8d_check_days(self):
        for company in self:
            company._complaint_8d_check_days()

    @api.constrains("complaint_portal_attachment_mb")
    def _check_complaint_portal_attachment_mb(self):
        for company in self:
            if company.complaint_portal_attachment_mb <= 0:
                raise ValidationError(
                    self.env._(
                        "The portal attachment limit of %(company)s must be positive: "
                        "enter a size in megabytes.",
                        company=company.name,
                    )
                )

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies.filtered("parent_id")._complaint_branch_sequence()
        return companies

    # Business methods: remedies
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

    # Business methods: 8D
    @api.model
    def _complaint_init_8d_team_group(self):
        """Give the companies without one the QA managers as the group that forms
        8D teams (rules §17.5): at installation, the companies existed before the
        group did."""
        group = self.env.ref(
            "complaint_management.group_complaint_manager", raise_if_not_found=False
        )
        if group:
            self.sudo().with_context(active_test=False).search(
                [("complaint_8d_team_group_id", "=", False)]
            ).complaint_8d_team_group_id = group

    def _complaint_8d_check_days(self):
        """The effectiveness-check intervals, in days, sorted (rules §6.8)."""
        self.ensure_one()
        try:
            days = sorted(
                {
                    int(part)
                    for part in (self.complaint_8d_check_days or "").split(",")
                    if part.strip()
                }
            )
        except ValueError:
            days = [0]
        if any(day <= 0 for day in days):
            raise ValidationError(
                self.env._(
                    "Write the 8D effectiveness checks as whole numbers of days "
                    "separated by commas, e.g. '30, 60, 90'."
                )
            )
        return days

    # Business methods: chargebacks
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

    # Business methods: branches
    def _complaint_branch_sequence(self):
        """Give each of these branches its own complaint numbering (rules §20.1):
        a sequence of its own, shaped as the shared one, that the complaints of
        the branch draw from (``helpdesk.ticket._complaint_sequence`` prefers the
        company's own sequence). Its prefix names the branch: edit it to your
        pattern."""
        shared = self.env.ref(
            "complaint_management.seq_complaint_number", raise_if_not_found=False
        )
        Sequence = self.env["ir.sequence"].sudo()
        have = set(
            Sequence.search(
                [
                    ("code", "=", "helpdesk.ticket.complaint"),
                    ("company_id", "in", self.ids),
                ]
            ).company_id.ids
        )
        Sequence.create(
            [
                {
                    "name": self.env._(
                        "Complaint Number (%(branch)s)", branch=branch.name
                    ),
                    "code": "helpdesk.ticket.complaint",
                    "prefix": f"CC-B{branch.id}/%(year)s/",
                    "padding": shared.padding if shared else 5,
                    "use_date_range": shared.use_date_range if shared else True,
                    "company_id": branch.id,
                }
                for branch in self
                if branch.id not in have
            ]
        )

    @api.model
    def _complaint_branch_sequence_all(self):
        """Give every existing branch its own complaint numbering (at install and
        update: the branches created before the addon)."""
        self.sudo().search([("parent_id", "!=", False)])._complaint_branch_sequence()

    def _complaint_major_team(self):
        """The team that receives this branch's major complaints: that of the
        nearest head office above it that names one (rules §20.1); empty for a
        company that is no branch."""
        self.ensure_one()
        for company in reversed(self.sudo().parent_ids - self.sudo()):
            if company.complaint_major_team_id:
                return company.complaint_major_team_id
        return self.env["helpdesk.ticket.team"]

    # Business methods: reports
    def _complaint_first_working_day(self, month):
        """The first working day of ``month`` on the company's working calendar,
        public holidays included (a holiday on the 1st moves it to the next
        working day); the 1st when the company has no calendar."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return month
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(month, time.min))
        end = start + relativedelta(days=31)
        intervals = calendar._work_intervals_batch(start, end)[False]
        for interval_start, _stop, _meta in intervals:
            return interval_start.astimezone(tz).date()
        return month

    def _complaint_workbooks_due(self, today):
        """The companies whose last month's workbooks are due ``today``: it is
        the first working day of the month or later, and that month was not sent
        yet. Returns {company: month}."""
        month = today.replace(day=1)
        previous = month - relativedelta(months=1)
        return {
            company: previous
            for company in self
            if company.complaint_report_partner_ids
            and (
                not company.complaint_report_last_month
                or company.complaint_report_last_month < previous
            )
            and today >= company._complaint_first_working_day(month)
        }

    @api.model
    def _cron_send_complaint_workbooks(self):
        """Mail last month's workbooks (rules §7.12: returns and exchanges
        summary, special-case and quality-related returns, the register) to each
        company's recipients, on the first working day of the month (the cron
        runs daily; a company is sent each month once, in each recipient's
        language)."""
        today = fields.Date.context_today(self)
        companies = self.search([("complaint_report_partner_ids", "!=", False)])
        for company, month in companies._complaint_workbooks_due(today).items():
            company._complaint_send_workbooks(month)
            company.complaint_report_last_month = month
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(1)

    def _complaint_send_workbooks(self, month):
        """Render the four workbooks of ``month`` once per language of the
        recipients and mail them."""
        self.ensure_one()
        from ..wizards.complaint_report_wizard import WORKBOOKS

        template = self.env.ref(
            "complaint_management.mail_template_complaint_workbooks",
            raise_if_not_found=False,
        )
        data = {
            "month": fields.Date.to_string(month),
            "company_id": self.id,
            "team_id": False,
        }
        partners = self.complaint_report_partner_ids
        for lang, recipients in partners.grouped(
            lambda p: p.lang or self.partner_id.lang or "en_US"
        ).items():
            Report = self.env["ir.actions.report"].with_context(lang=lang)
            attachments = self.env["ir.attachment"]
            for xmlid in WORKBOOKS:
                report = Report._get_report(xmlid)
                content, _kind = Report._render(xmlid, [], data=data)
                attachments |= attachments.create(
                    {
                        "name": "{} {}.xlsx".format(
                            report.with_context(lang=lang).name, month.strftime("%Y-%m")
                        ),
                        "raw": content,
                        "res_model": "res.company",
                        "res_id": self.id,
                        "mimetype": "application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet",
                    }
                )
            if template:
                template.with_context(
                    lang=lang, complaint_month=month.strftime("%Y-%m")
                ).send_mail(
                    self.id,
                    email_values={
                        "recipient_ids": [(6, 0, recipients.ids)],
                        "attachment_ids": [(6, 0, attachments.ids)],
                    },
                )
