from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ResCompany(models.Model):
    """The company's report settings (domain.md §7, §8): where delivered
    quantities come from for PPM, and who receives the monthly workbooks."""

    _inherit = "res.company"

    complaint_delivered_source = fields.Selection(
        [
            ("invoice", "Posted customer invoices"),
            ("shipped", "Shipped quantity of the complaints"),
        ],
        string="Delivered Quantities From",
        default="invoice",
        required=True,
        help="PPM divides defective parts by the quantities delivered: the posted "
        "customer invoice lines (credit notes subtract) when the company invoices "
        "in Odoo, else the shipped quantity recorded on each complaint.",
    )
    complaint_report_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_complaint_report_partner_rel",
        "company_id",
        "partner_id",
        string="Monthly Workbooks To",
        help="Who receives the month's complaint workbooks on the first working day "
        "of the next month (domain.md §7: the store manager).",
    )
    complaint_report_last_month = fields.Date(
        string="Workbooks Last Sent For",
        readonly=True,
        copy=False,
        help="The first day of the last month whose workbooks were mailed: the "
        "scheduled action sends each month once.",
    )

    # Business methods
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
        """Mail last month's workbooks (domain.md §7: returns and exchanges
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
