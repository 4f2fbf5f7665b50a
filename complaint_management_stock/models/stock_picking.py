from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _complaint_validate(self):
        """Validate a picking the complaint process made: every move done in
        full (the parts are in hand), no backorder, no wizard."""
        self.action_confirm()
        for move in self.move_ids:
            move.quantity = move.product_uom_qty
        self.move_ids.picked = True
        self.with_context(
            skip_sanity_check=True, cancel_backorder=True, skip_backorder=True
        )._action_done()
