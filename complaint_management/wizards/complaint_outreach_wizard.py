from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintOutreachWizard(models.TransientModel):
    """Start an outreach to the customers of a product (rules §22.1): a product,
    a lot where known, and a period; from a complaint (its defaults,
    ``_defaults_from_complaint``) or from any other source that gives them
    (``_open_action`` takes the defaults)."""

    _name = "complaint.outreach.wizard"
    _description = "Start an Outreach to Customers"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    lot_number = fields.Char(string="Lot / Batch")
    date_from = fields.Date(string="Bought From", required=True)
    date_to = fields.Date(string="Bought Until", required=True)
    name = fields.Char(string="Outreach")

    @api.model
    def _defaults_from_complaint(self, ticket):
        """The outreach of a complaint: its product and lot, bought within the
        company's outreach period before the complaint (rules §22.1)."""
        if not ticket.product_id:
            raise UserError(
                self.env._(
                    "%(complaint)s names no product: set its product to find who "
                    "else bought it.",
                    complaint=ticket.display_name,
                )
            )
        date_to = fields.Date.to_date(ticket.complaint_date or fields.Date.today())
        days = ticket.company_id.complaint_outreach_days
        return {
            "ticket_id": ticket.id,
            "company_id": ticket.company_id.id,
            "product_id": ticket.product_id.id,
            "lot_number": ticket.lot_number,
            "date_from": fields.Date.to_string(date_to - timedelta(days=days)),
            "date_to": fields.Date.to_string(date_to),
            "name": self.env._(
                "Customers of %(product)s (%(complaint)s)",
                product=ticket.product_id.display_name,
                complaint=ticket.display_name,
            ),
        }

    @api.model
    def _open_action(self, defaults):
        """The wizard's window, filled with ``defaults`` (field: value)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tell the Other Customers"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {f"default_{key}": value for key, value in defaults.items()},
        }

    def action_confirm(self):
        self.ensure_one()
        outreach = self.env["complaint.outreach"].create(
            {
                "name": self.name or self.product_id.display_name,
                "ticket_id": self.ticket_id.id,
                "company_id": self.company_id.id,
                "product_id": self.product_id.id,
                "lot_number": self.lot_number,
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "complaint.outreach",
            "res_id": outreach.id,
            "view_mode": "form",
        }
