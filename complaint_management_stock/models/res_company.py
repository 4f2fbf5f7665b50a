# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    """Delivered quantities may come from the deliveries of Odoo's inventory
    (rules §21.1)."""

    _inherit = "res.company"

    complaint_delivered_source = fields.Selection(
        selection_add=[("stock", "Deliveries (inventory)")],
        ondelete={"stock": "set default"},
        help="PPM and the trend alarms divide by the quantities really delivered "
        "(rules §21.1): the posted customer invoice lines (credit notes subtract), "
        "the deliveries of the inventory (done moves to customers, returns "
        "subtract), or the quantities per product and month imported from a "
        "spreadsheet (Complaints > Reporting > Delivered Quantities).",
    )
