# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ComplaintPpmReport(models.Model):
    """PPM reads the deliveries too (``complaint.delivery._delivery_lines_sql``):
    their pending changes are written before it is queried."""

    _inherit = "complaint.ppm.report"
    _depends = {
        "stock.move": [
            "state", "company_id", "date", "product_id", "partner_id", "quantity",
            "product_uom", "location_id", "location_dest_id", "picking_id",
        ],
        "stock.picking": ["partner_id"],
    }  # fmt: skip
