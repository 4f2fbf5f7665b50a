from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    complaint_chargeback_id = fields.Many2one(
        "complaint.chargeback",
        string="Chargeback",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The supplier chargeback this line settles.",
    )
