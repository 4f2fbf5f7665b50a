from collections import defaultdict

from odoo import api, models

from .complaint_defect_type import SEVERITIES


class HelpdeskTicket(models.Model):
    """What a person reads and quotes on a complaint (issue 13).

    The complaint number is the complaint's name (its display name, hence list,
    form, breadcrumbs, links and mail subjects); a plain ticket keeps the helpdesk
    number. The grade sets the priority, by the company's table (domain.md §4:
    several complaints at once are taken in order of severity; a major one comes
    first), so that the lists, sorted by priority, put the most urgent first.
    """

    _inherit = "helpdesk.ticket"
    _rec_names_search = ["complaint_number", "number", "name"]

    @api.depends("number", "name", "complaint_number")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for ticket in self:
            if ticket.complaint_number:
                ticket.display_name = f"{ticket.complaint_number} - {ticket.name}"
        return res

    def _complaint_priority(self):
        """The priority the grade of this complaint calls for (company table)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if self.is_major and company.complaint_priority_major:
            return company.complaint_priority_major
        if self.complaint_severity in dict(SEVERITIES):
            return company[f"complaint_priority_{self.complaint_severity}"]
        return False

    def _complaint_sync_priority(self):
        """Give these complaints the priority of their grade, one write per
        priority (called by create, write and re-grading)."""
        targets = defaultdict(list)
        for ticket in self:
            if not ticket.is_complaint:
                continue
            priority = ticket._complaint_priority()
            if priority and ticket.priority != priority:
                targets[priority].append(ticket.id)
        for priority, ids in targets.items():
            # The application's own write: also on a closed complaint re-graded.
            self.browse(ids)._protected_context().write({"priority": priority})
