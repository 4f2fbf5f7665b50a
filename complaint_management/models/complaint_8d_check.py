from odoo import fields, models
from odoo.exceptions import UserError


class Complaint8DCheck(models.Model):
    """An effectiveness check of an approved 8D (rules §6.8: QA monitors the
    effect; §8: track that improvements really prevent recurrence).

    Checks are planned at approval at the company's intervals (default 30, 60 and 90
    days, kept as text on the company), each with an activity for the team leader.
    Running a check looks for a recurrence, a new complaint of the same product and
    defect type since the fix, and records the result; a recurrence reopens the 8D
    and tells the team. An effective check verifies the effectiveness of the
    complaints the 8D answers that are not verified yet (or whose effectiveness
    deadline still runs): it records their event with the check's date, which meets
    their effectiveness deadline (rules §4, §8).
    """

    _name = "complaint.8d.check"
    _inherit = ["complaint.protected.mixin"]
    _description = "8D Effectiveness Check"
    _order = "eight_d_id, date_planned, id"
    # The finding of a check is recorded by ``_run`` (behind the engine's marker),
    # never written by a client.
    _protected_fields = ("state", "date_done", "user_id", "recurrence_ticket_ids")
    _protected_allow_superuser = True

    eight_d_id = fields.Many2one(
        "complaint.8d",
        string="8D Report",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="eight_d_id.company_id", store=True)
    day_offset = fields.Integer(string="Days After Approval")
    date_planned = fields.Date(string="Planned On", required=True)
    date_done = fields.Date(string="Checked On", readonly=True)
    user_id = fields.Many2one("res.users", string="Checked By", readonly=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("effective", "No Recurrence"),
            ("recurrence", "Recurrence"),
            ("cancel", "Cancelled"),
        ],
        default="planned",
        required=True,
        readonly=True,
        index=True,
    )
    recurrence_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "complaint_8d_check_ticket_rel",
        "check_id",
        "ticket_id",
        string="Recurrences",
        readonly=True,
    )
    note = fields.Text()
    activity_id = fields.Many2one("mail.activity", ondelete="set null", readonly=True)

    # Actions
    def action_run(self):
        """Run the check now and record its result."""
        for check in self:
            if check.state != "planned":
                raise UserError(
                    self.env._(
                        "This effectiveness check of %(report)s was already done.",
                        report=check.eight_d_id.display_name,
                    )
                )
        self._run()
        return True

    # Business methods
    def _run(self):
        """Look for recurrences since the fix, record the result, close the
        activity; a recurrence reopens the 8D (rules §6.8).
        ``action_run`` checked that the checks are planned, the access rules that
        the user may run them: the finding is written behind the engine's marker."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        for check in self._protected_context():
            if check.state != "planned":  # cancelled by a recurrence found just now
                continue
            report = check.eight_d_id
            domain = report._recurrence_domain()
            recurrences = Ticket.search(domain) if domain is not None else Ticket
            if recurrences:
                note = self.env._(
                    "Recurrence: %(complaints)s",
                    complaints=", ".join(
                        t.complaint_number or t.display_name for t in recurrences
                    ),
                )
            else:
                note = self.env._(
                    "No new complaint of %(product)s with %(defect)s since the fix.",
                    product=report.product_id.display_name,
                    defect=report.defect_type_id.display_name,
                )
            check.write(
                {
                    "state": "recurrence" if recurrences else "effective",
                    "date_done": fields.Date.context_today(check),
                    "user_id": self.env.user.id,
                    "recurrence_ticket_ids": [fields.Command.set(recurrences.ids)],
                    "note": "\n".join(filter(None, [check.note, note])),
                }
            )
            if check.activity_id:
                check.activity_id.sudo().action_feedback(feedback=note)
            if recurrences:
                report._on_recurrence(recurrences)
            else:
                unverified = report.ticket_ids.filtered(
                    lambda t: (
                        not t.effectiveness_date
                        or t.sla_milestone_ids.filtered(
                            lambda m: m.milestone == "effectiveness" and m.is_open
                        )
                    )
                )
                if unverified:
                    unverified._record_event("effectiveness_verified", check.date_done)
