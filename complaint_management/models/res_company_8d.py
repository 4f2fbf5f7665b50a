from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_8d_check_days = fields.Char(
        string="8D Effectiveness Checks (days)",
        default="30, 60, 90",
        help="After an 8D is approved, check for recurrences this many days later: "
        "numbers separated by commas.",
    )

    @api.constrains("complaint_8d_check_days")
    def _check_complaint_8d_check_days(self):
        for company in self:
            company._complaint_8d_check_days()

    def _complaint_8d_check_days(self):
        """The effectiveness-check intervals, in days, sorted (domain.md §8)."""
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
