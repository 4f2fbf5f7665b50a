from odoo import fields, models


class ComplaintRemedyLine(models.Model):
    """A product and quantity a remedy concerns: what is refunded, replaced or
    repaired. Like the rest of what a remedy promises, the lines change only while
    the remedy is a draft."""

    _name = "complaint.remedy.line"
    _inherit = ["complaint.document.line.mixin", "complaint.number.mixin"]
    _description = "Complaint Remedy Product"
    _order = "remedy_id, sequence, id"
    _line_document_field = "remedy_id"
    _number_fields = ("quantity",)

    remedy_id = fields.Many2one(
        "complaint.remedy",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", required=True)
    quantity = fields.Float(digits="Product Unit", default=1.0, required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    note = fields.Char()

    _quantity_positive = models.Constraint(
        "CHECK(quantity > 0)",
        "The quantity of a product of a remedy must be above zero.",
    )
