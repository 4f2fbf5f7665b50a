"""Effectiveness of an approved 8D over time (domain.md §6 D8, §8): the checks
planned after approval, and a recurrence after the fix reopening the report."""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Domain


class Complaint8D(models.Model):
    _inherit = "complaint.8d"

    # Computes
    @api.depends("check_ids.state", "check_ids.date_done")
    def _compute_effectiveness_state(self):
        for report in self:
            checks = report.check_ids.filtered(lambda c: c.state != "cancel")
            done = checks.filtered("date_done").sorted(lambda c: (c.date_done, c.id))
            if done and done[-1].state == "recurrence":
                report.effectiveness_state = "recurred"
            elif checks.filtered(lambda c: c.state == "planned"):
                report.effectiveness_state = "planned"
            elif done:
                report.effectiveness_state = "effective"
            else:
                report.effectiveness_state = False

    # Business methods
    def _schedule_effectiveness_checks(self):
        """After approval, plan a check at each of the company's intervals (default
        30, 60 and 90 days), each an activity of the team leader (domain.md §6 D8:
        QA monitors the effect; §8: track that improvements prevent recurrence)."""
        Check = self.env["complaint.8d.check"]
        for report in self:
            approved_on = fields.Date.context_today(report, report.approval_date)
            days = (report.company_id or self.env.company)._complaint_8d_check_days()
            checks = Check.create(
                [
                    {
                        "eight_d_id": report.id,
                        "day_offset": offset,
                        "date_planned": approved_on + timedelta(days=offset),
                    }
                    for offset in days
                ]
            )
            user = report.leader_id or report.create_uid
            # in the assignee's language (issue 15)
            local = report.with_context(lang=user.lang or self.env.lang)
            for check in checks:
                check.activity_id = local.activity_schedule(
                    "complaint_management.mail_act_complaint_8d_effectiveness",
                    date_deadline=check.date_planned,
                    summary=local.env._(
                        "Effectiveness check at %(days)s days", days=check.day_offset
                    ),
                    user_id=user.id,
                )

    def _recurrence_domain(self):
        """New complaints of the same product (per the company's repeat scope) and
        defect type received after the fix, other than the ones this 8D answers."""
        self.ensure_one()
        if not (self.product_id and self.defect_type_id):
            return None
        company = self.company_id or self.env.company
        since = self.fix_date or fields.Date.to_date(self.approval_date)
        if not since:
            return None
        if company.complaint_repeat_scope == "template":
            product = Domain(
                "product_id.product_tmpl_id", "=", self.product_id.product_tmpl_id.id
            )
        elif company.complaint_repeat_scope == "category":
            product = Domain("product_id.categ_id", "=", self.product_id.categ_id.id)
        else:
            product = Domain("product_id", "=", self.product_id.id)
        return product & Domain(
            [
                ("is_complaint", "=", True),
                ("defect_type_id", "=", self.defect_type_id.id),
                ("complaint_date", ">", datetime.combine(since, time.max)),
                ("id", "not in", self.ticket_ids.ids),
                ("company_id", "=", company.id),
            ]
        )

    def _on_recurrence(self, tickets):
        """A recurrence after the fix means the 8D did not work: reopen it and tell
        the team (domain.md §6 effectiveness criterion 3, §8)."""
        self.ensure_one()
        self.sudo()._reopen(
            self.env._(
                "recurrence after the fix: %(complaints)s",
                complaints=", ".join(
                    t.complaint_number or t.display_name for t in tickets
                ),
            )
        )
