from odoo import api, fields, models

PROPOSAL_SOURCES = [
    ("remedy", "Refunds, credits, replacements and repairs given to the customer"),
    ("compensation", "Compensation paid to the customer"),
    ("containment_checked", "8D containment: pieces checked (sorting, rework)"),
    ("containment_bad", "8D containment: pieces found bad (scrap)"),
    ("manual", "Entered by hand"),
]


class ComplaintChargebackCostType(models.Model):
    """What a supplier or carrier is charged for (rules §7: the losses of
    returns and exchanges caused by product quality, compensation included, are
    borne by the supplier).

    A configurable catalogue: each cost type says which costs it proposes by itself
    (the customer's remedies, the 8D's containment quantities, or none), a default
    unit cost for the costs counted in pieces, and the expense account the vendor
    credit note credits (per company; empty for the purchase journal's default
    account).
    """

    _name = "complaint.chargeback.cost.type"
    _description = "Chargeback Cost Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    proposal_source = fields.Selection(
        PROPOSAL_SOURCES,
        string="Proposed From",
        required=True,
        default="manual",
        help="Which costs a chargeback proposes with this type by itself.",
    )
    default_unit_cost = fields.Float(
        digits="Product Price",
        help="In company currency: the cost of one piece for the costs counted in "
        "pieces (e.g. sorting one piece). Scrapped goods use the product's cost "
        "when it has one.",
    )
    account_id = fields.Many2one(
        "account.account",
        string="Expense Account",
        company_dependent=True,
        help="The account of the vendor credit note lines of this cost; empty for "
        "the purchase journal's default account.",
    )
    description = fields.Text(translate=True)

    _code_uniq = models.Constraint(
        "UNIQUE(code)", "The code of a chargeback cost type must be unique."
    )

    @api.model
    def _for_source(self, source):
        """The first active cost type proposed from ``source``."""
        return self.search([("proposal_source", "=", source)], limit=1)

    def _account_for(self, company):
        """The expense account of this cost type in ``company``: its own, else the
        company's chargeback journal's default account."""
        self.ensure_one()
        account = self.with_company(company).account_id
        return account or company._complaint_chargeback_journal().default_account_id
