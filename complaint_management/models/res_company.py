from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_repeat_window_days = fields.Integer(
        string="Repeat Window (days)",
        default=90,
        help="A complaint repeats earlier ones of the same product and defect received "
        "within this many days before it (domain.md §3).",
    )
    complaint_repeat_scope = fields.Selection(
        [
            ("product", "Same product variant"),
            ("template", "Same product"),
            ("category", "Same product category"),
        ],
        string="Repeat Scope",
        default="product",
        required=True,
    )
    complaint_unhappy_threshold = fields.Selection(
        [("1", "Very unhappy"), ("2", "Unhappy"), ("3", "Neutral")],
        string="Reopen At Satisfaction",
        default="2",
        help="A call-back at or below this satisfaction reopens the complaint.",
    )
