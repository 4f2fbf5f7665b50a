from odoo import api, fields, models

from .complaint_groups import COMPLAINT_READER_GROUPS


class HelpdeskTicket(models.Model):
    """A complaint's chargebacks and corrective-action requests (rules §6, §7):
    what its supplier or carrier was charged and asked to correct."""

    _inherit = "helpdesk.ticket"

    chargeback_ids = fields.Many2many(
        "complaint.chargeback",
        "complaint_chargeback_helpdesk_ticket_rel",
        "ticket_id",
        "chargeback_id",
        string="Chargebacks",
        copy=False,
        readonly=True,
        groups=COMPLAINT_READER_GROUPS,
    )
    chargeback_count = fields.Integer(
        compute="_compute_chargeback_count", groups=COMPLAINT_READER_GROUPS
    )
    capa_ids = fields.Many2many(
        "complaint.capa",
        "complaint_capa_helpdesk_ticket_rel",
        "ticket_id",
        "capa_id",
        string="Corrective-Action Requests",
        copy=False,
        readonly=True,
        groups=COMPLAINT_READER_GROUPS,
    )

    @api.depends("chargeback_ids")
    def _compute_chargeback_count(self):
        for ticket in self:
            ticket.chargeback_count = len(ticket.chargeback_ids)

    @api.readonly
    def action_view_chargebacks(self):
        """The complaint's chargebacks; a new one starts for its responsible
        supplier or carrier."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_chargeback_action"
        )
        action.update(
            domain=[("ticket_ids", "in", self.ids)],
            context={
                "default_ticket_ids": self.ids,
                "default_partner_id": self.supplier_id.commercial_partner_id.id,
                "default_company_id": self.company_id.id,
            },
        )
        return action
