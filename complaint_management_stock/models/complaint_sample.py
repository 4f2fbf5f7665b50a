from odoo import fields, models


class ComplaintSample(models.Model):
    """A complaint's parts in the warehouse (rules §18.6).

    With Odoo's inventory, the parts follow the returns procedure: receiving
    them validates a receipt from the customer, returning them validates the
    return of that receipt to the customer, scrapping them validates a scrap;
    each picking is linked on the sample, written by the application only.
    Parts without a product (or a service) have no stock moves.
    """

    _inherit = "complaint.sample"

    receipt_picking_id = fields.Many2one(
        "stock.picking", string="Receipt", readonly=True, copy=False
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Return", readonly=True, copy=False
    )
    stock_scrap_id = fields.Many2one(
        "stock.scrap", string="Scrap Order", readonly=True, copy=False
    )

    # Record protection (complaint.protected.mixin)
    def _get_protected_fields(self):
        return [
            *super()._get_protected_fields(),
            "receipt_picking_id",
            "return_picking_id",
            "stock_scrap_id",
        ]

    # Actions
    def action_view_receipt(self):
        """Open the receipt of the parts."""
        self.ensure_one()
        return self._picking_action(self.receipt_picking_id)

    def action_view_return(self):
        """Open the return of the parts to the customer."""
        self.ensure_one()
        return self._picking_action(self.return_picking_id)

    def _picking_action(self, picking):
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
            "name": picking.display_name,
        }

    # Business methods (complaint_management's extension points)
    def _after_receive(self):
        """Received parts enter the warehouse by a validated receipt from the
        customer."""
        res = super()._after_receive()
        for sample in self.filtered(lambda s: s._stock_product()):
            picking = sample._stock_receipt()
            if picking:
                sample._protected_context().write({"receipt_picking_id": picking.id})
        return res

    def _after_return(self):
        """Returned parts leave by the validated return of their receipt."""
        res = super()._after_return()
        for sample in self.filtered(
            lambda s: s.receipt_picking_id.state == "done" and not s.return_picking_id
        ):
            picking = sample._stock_return()
            sample._protected_context().write({"return_picking_id": picking.id})
        return res

    def _after_scrap(self):
        """Scrapped parts leave the stock by a validated scrap order."""
        res = super()._after_scrap()
        for sample in self.filtered(
            lambda s: s.receipt_picking_id.state == "done" and not s.stock_scrap_id
        ):
            receipt = sample.receipt_picking_id.sudo()
            scrap = (
                self.env["stock.scrap"]
                .sudo()
                .create(
                    {
                        "product_id": sample.product_id.id,
                        "scrap_qty": sample.received_qty,
                        "product_uom_id": sample.product_id.uom_id.id,
                        "location_id": receipt.location_dest_id.id,
                        "picking_id": receipt.id,
                        "company_id": sample.company_id.id,
                        "origin": sample.name,
                    }
                )
            )
            scrap.do_scrap()
            sample._protected_context().write({"stock_scrap_id": scrap.id})
        return res

    def _stock_product(self):
        """Whether the sample's parts are goods the warehouse moves."""
        self.ensure_one()
        return bool(
            self.product_id and self.product_id.type == "consu" and self.received_qty
        )

    def _stock_receipt(self):
        """The validated receipt of the parts from the customer (as superuser:
        complaint users need no inventory rights; the sample's guard ran)."""
        self.ensure_one()
        warehouse = (
            self.env["stock.warehouse"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)], limit=1)
        )
        if not warehouse.in_type_id:
            return self.env["stock.picking"]
        picking_type = warehouse.in_type_id
        partner = self.partner_id or self.ticket_id.partner_id
        source = partner.with_company(
            self.company_id
        ).property_stock_customer or self.env.ref("stock.stock_location_customers")
        destination = picking_type.default_location_dest_id or warehouse.lot_stock_id
        picking = (
            self.env["stock.picking"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "origin": self._stock_origin(),
                    "company_id": self.company_id.id,
                    "move_ids": [
                        fields.Command.create(
                            {
                                "product_id": self.product_id.id,
                                "product_uom_qty": self.received_qty,
                                "product_uom": self.product_id.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "company_id": self.company_id.id,
                            }
                        )
                    ],
                }
            )
        )
        picking._complaint_validate()
        return picking

    def _stock_origin(self):
        """The source document of the sample's pickings: complaint and sample."""
        self.ensure_one()
        return " ".join(filter(None, (self.ticket_id.complaint_number, self.name)))

    def _stock_return(self):
        """The validated return of the receipt to the customer."""
        self.ensure_one()
        receipt = self.receipt_picking_id.sudo()
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=receipt.id, active_model="stock.picking")
            .create({"picking_id": receipt.id})
        )
        for line in wizard.product_return_moves:
            line.quantity = line.move_id.quantity
        picking = wizard._create_return()
        picking._complaint_validate()
        return picking
