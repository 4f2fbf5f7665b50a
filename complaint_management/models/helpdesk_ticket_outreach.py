from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """Outreach from a complaint (rules §22.1): the other customers of its
    product are told before they complain."""

    _inherit = "helpdesk.ticket"

    outreach_ids = fields.One2many(
        "complaint.outreach",
        "ticket_id",
        string="Outreaches",
        groups="complaint_management.group_complaint_engineer,"
        "complaint_management.group_complaint_auditor",
    )
    outreach_count = fields.Integer(
        compute="_compute_outreach_count",
        groups="complaint_management.group_complaint_engineer,"
        "complaint_management.group_complaint_auditor",
    )

    def _compute_outreach_count(self):
        counts = dict(
            self.env["complaint.outreach"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.outreach_count = counts.get(ticket, 0)

    # Actions
    @api.readonly
    def action_open_outreach_wizard(self):
        """Open the outreach wizard on the complaint's product, lot and period."""
        self.ensure_one()
        self.env["complaint.outreach"].check_access("create")
        return self.env["complaint.outreach.wizard"]._open_action(
            self.env["complaint.outreach.wizard"]._defaults_from_complaint(self)
        )

    @api.readonly
    def action_view_outreaches(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Outreaches"),
            "res_model": "complaint.outreach",
            "view_mode": "list,form",
            "domain": [("ticket_id", "=", self.id)],
            "context": {"default_ticket_id": self.id},
        }
