from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# The monthly workbooks (rules §7) and the register, in mailing order.
WORKBOOKS = (
    "complaint_management.report_complaint_returns_summary_xlsx",
    "complaint_management.report_complaint_special_returns_xlsx",
    "complaint_management.report_complaint_quality_returns_xlsx",
    "complaint_management.report_complaint_register_xlsx",
)


class ComplaintReportWizard(models.TransientModel):
    """Print a monthly complaint workbook (rules §7) for a month, a company
    and optionally a team."""

    _name = "complaint.report.wizard"
    _description = "Monthly Complaint Workbooks"

    month = fields.Date(
        required=True,
        default=lambda self: self._default_month(),
        help="Any day of the month: the workbooks list the complaints received "
        "that month.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        domain="[('complaint_team', '=', True)]",
        help="Empty: every team of the company.",
    )

    @api.model
    def _default_month(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=1)

    def _report_data(self):
        self.ensure_one()
        return {
            "month": fields.Date.to_string(self.month.replace(day=1)),
            "company_id": self.company_id.id,
            "team_id": self.team_id.id,
        }

    def _print(self, xmlid):
        return self.env.ref(xmlid).report_action(None, data=self._report_data())

    # Actions
    def action_print_summary(self):
        return self._print(WORKBOOKS[0])

    def action_print_special(self):
        return self._print(WORKBOOKS[1])

    def action_print_quality(self):
        return self._print(WORKBOOKS[2])

    def action_print_register(self):
        return self._print(WORKBOOKS[3])
