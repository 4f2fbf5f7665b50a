from odoo import models

from .helpdesk_ticket import EVENT_FIELDS

FEEDBACK_FORM_REPORT = "complaint_management.action_report_complaint_feedback_form"


class HelpdeskTicket(models.Model):
    """The complaint feedback form (投诉反馈单, rules §18.5): the complaint's
    intake, grading, handling steps with their dates, samples and outcome, printed
    in the customer's language and archived with the complaint when it closes,
    beside its 8D reports."""

    _inherit = "helpdesk.ticket"

    # Actions
    def action_print_feedback_form(self):
        """Print the feedback form (the report's groups decide who may)."""
        self.ensure_one()
        return self.env.ref(FEEDBACK_FORM_REPORT).report_action(self)

    # Business methods
    def _feedback_form_after_write(self, vals):
        """A complaint that closes archives its feedback form. Not while Odoo
        installs or updates modules (the registry is not ready): data files and
        migrations that close complaints would wait on the PDF renderer for each,
        with no web server to serve it the report's styles; the form of such a
        complaint prints whenever asked."""
        if (
            self.env.registry.ready
            and "stage_id" in vals
            and self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        ):
            self._archive_feedback_form()

    def _feedback_form_steps(self):
        """``(label, date)`` of each handling step of this complaint that
        happened, in the order they happened (rules §4: its events)."""
        self.ensure_one()
        steps = [
            (self._fields[fname]._description_string(self.env), self[fname])
            for fname in EVENT_FIELDS.values()
            if self[fname]
        ]
        if self.closed_date:
            steps.append(
                (
                    self._fields["closed_date"]._description_string(self.env),
                    self.closed_date,
                )
            )
        return sorted(steps, key=lambda step: step[1])

    def _archive_feedback_form(self):
        """Archive the feedback form of each closing complaint as an attachment in
        its chatter (rules §18.5; seed 003 档案管理: kept on paper and
        electronically)."""
        Report = self.env["ir.actions.report"].sudo()
        for ticket in self.filtered("is_complaint"):
            content, report_type = Report._render_qweb_pdf(
                FEEDBACK_FORM_REPORT, ticket.ids
            )
            number = ticket.complaint_number or ticket.number or str(ticket.id)
            ticket.sudo().message_post(
                body=self.env._(
                    "Complaint closed: the feedback form as it stands is attached."
                ),
                attachments=[
                    (f"{self.env._('Feedback Form')} {number}.{report_type}", content)
                ],
                subtype_xmlid="mail.mt_note",
            )
