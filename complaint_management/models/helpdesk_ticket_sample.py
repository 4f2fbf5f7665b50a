from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_groups import COMPLAINT_READER_GROUPS


class HelpdeskTicket(models.Model):
    """The samples and returned goods of a complaint (rules §18).

    The samples are records of their own (``complaint.sample``): asked for,
    received, labelled, tested, returned or scrapped, each with its date and who.
    The complaint only reads them: whether parts arrived (``has_sample``) is
    computed from its samples, never typed a second time.
    """

    _inherit = "helpdesk.ticket"

    sample_ids = fields.One2many(
        "complaint.sample",
        "ticket_id",
        string="Samples",
        groups=COMPLAINT_READER_GROUPS,
    )
    sample_count = fields.Integer(
        compute="_compute_sample_count", groups=COMPLAINT_READER_GROUPS
    )
    has_sample = fields.Boolean(
        string="Sample Received",
        compute="_compute_has_sample",
        store=True,
        help="Parts of this complaint reached the company (its samples say when).",
    )

    @api.depends("sample_ids")
    def _compute_sample_count(self):
        counts = dict(
            self.env["complaint.sample"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.sample_count = counts.get(ticket, 0)

    @api.depends("sample_ids.received_date")
    def _compute_has_sample(self):
        for ticket in self:
            ticket.has_sample = any(ticket.sample_ids.mapped("received_date"))

    # Actions
    @api.readonly
    def action_view_samples(self):
        """The samples of this complaint; a new one is asked for it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_sample_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    # Business methods
    def _sample_check_can_close(self):
        """A complaint does not close while a test of its samples runs: the test
        holds its deadlines (rules §18.3)."""
        running = (
            self.sudo()
            .sample_ids.test_ids.filtered(lambda t: t.state == "running")
            .sample_id
        )
        if running:
            raise UserError(
                self.env._(
                    "A test of the sample %(sample)s of %(complaint)s is still "
                    "running: end it before closing the complaint.",
                    sample=running[0].display_name,
                    complaint=running[0].ticket_id.display_name,
                )
            )
