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
    )
