from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

from ..lib import ratios
from .complaint_chargeback import CLAIMED_STATES
from .complaint_groups import CHARGEBACK_COST_GROUPS
from .complaint_remedy import MONEY_REMEDIES

OPEN_CAPA_STATES = ("draft", "sent", "answered", "returned", "accepted")
SUPPLIER_GROUPS = (
    "complaint_management.group_complaint_officer,"
    "complaint_management.group_complaint_auditor,"
    "complaint_management.group_complaint_finance"
)


class ResPartner(models.Model):
    """A partner's complaint history, and a supplier's record for purchasing.

    As a customer: what it complained about and was given
    (``_complaint_history``), shown to the approver of a remedy.

    As a supplier (rules §7.6, §7.10: the supplier bears what its quality cost and is
    made to improve): its open complaints, what was charged back and recovered,
    its open corrective-action requests, and its quality score over a period
    (complaints, defective quantity, recovered share). The form scores the
    company's last ``complaint_supplier_score_months`` months (Settings);
    ``_supplier_quality(date_from, date_to)`` scores any other period for
    reports. Computed for all the partners shown at once, with one grouped query
    per figure; read as superuser within the user's companies (counts and totals
    only). The claimed and recovered money is a cost figure: complaint officers
    see the supplier's counts, not the amounts (rules §11.2).
    """

    _inherit = "res.partner"

    supplier_complaint_open_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_supplier_quality",
        groups=SUPPLIER_GROUPS,
    )
    supplier_chargeback_count = fields.Integer(
        string="Chargebacks",
        compute="_compute_supplier_quality",
        groups=SUPPLIER_GROUPS,
    )
    supplier_currency_id = fields.Many2one(
        "res.currency", compute="_compute_supplier_quality", groups=SUPPLIER_GROUPS
    )
    supplier_claimed_amount = fields.Monetary(
        string="Charged Back",
        currency_field="supplier_currency_id",
        compute="_compute_supplier_quality",
        groups=CHARGEBACK_COST_GROUPS,
        help="Chargebacks sent, answered or settled, in company currency.",
    )
    supplier_recovered_amount = fields.Monetary(
        string="Recovered",
        currency_field="supplier_currency_id",
        compute="_compute_supplier_quality",
        groups=CHARGEBACK_COST_GROUPS,
        help="The accepted amounts of settled chargebacks, in company currency.",
    )
    supplier_capa_open_count = fields.Integer(
        string="Open Corrective-Action Requests",
        compute="_compute_supplier_quality",
        groups=SUPPLIER_GROUPS,
    )
    supplier_score_date_from = fields.Date(
        string="Score From", compute="_compute_supplier_quality", groups=SUPPLIER_GROUPS
    )
    supplier_score_date_to = fields.Date(
        string="Score To", compute="_compute_supplier_quality", groups=SUPPLIER_GROUPS
    )
    supplier_score_complaints = fields.Integer(
        string="Complaints in Period",
        compute="_compute_supplier_quality",
        groups=SUPPLIER_GROUPS,
    )
    supplier_score_defect_qty = fields.Float(
        string="Defective Quantity in Period",
        digits="Product Unit",
        compute="_compute_supplier_quality",
        groups=SUPPLIER_GROUPS,
    )
    supplier_score_recovered_share = fields.Float(
        string="Recovered Share (%)",
        digits=(16, 1),
        compute="_compute_supplier_quality",
        groups=SUPPLIER_GROUPS,
        help="Recovered by settled chargebacks over what was charged back, for the "
        "chargebacks of the period.",
    )

    @api.depends_context("company")
    def _compute_supplier_quality(self):
        company = self.env.company
        date_to = fields.Date.context_today(self)
        date_from = date_to - relativedelta(
            months=company.complaint_supplier_score_months
        )
        figures = self._supplier_quality(date_from, date_to)
        for partner in self:
            for name, value in figures[partner].items():
                partner[name] = value

    def _supplier_quality(self, date_from, date_to):
        """{partner: {field name: value}} of the supplier figures, the score over
        ``date_from``-``date_to`` (dates, both included), for these partners in
        a fixed number of grouped queries."""
        company = self.env.company
        commercial = self.commercial_partner_id
        companies = Domain("company_id", "in", self.env.companies.ids)
        Ticket = self.env["helpdesk.ticket"].sudo()
        Chargeback = self.env["complaint.chargeback"].sudo()
        Capa = self.env["complaint.capa"].sudo()
        tickets = (
            Domain("is_complaint", "=", True)
            & Domain("supplier_id.commercial_partner_id", "in", commercial.ids)
            & companies
        )
        open_complaints = dict(
            Ticket._read_group(
                tickets & Domain("closed", "=", False),
                ["supplier_id.commercial_partner_id"],
                ["__count"],
            )
        )
        period = Domain("complaint_date", ">=", date_from) & Domain(
            "complaint_date", "<", date_to + relativedelta(days=1)
        )
        in_period = {
            partner: (count, qty)
            for partner, count, qty in Ticket._read_group(
                tickets & period,
                ["supplier_id.commercial_partner_id"],
                ["__count", "defect_qty:sum"],
            )
        }
        chargebacks = Domain("partner_id.commercial_partner_id", "in", commercial.ids)
        chargebacks &= companies & Domain("state", "in", CLAIMED_STATES)
        claimed = {
            partner: (count, amount, recovered)
            for partner, count, amount, recovered in Chargeback._read_group(
                chargebacks,
                ["partner_id.commercial_partner_id"],
                ["__count", "amount_total_company:sum", "recovered_amount_company:sum"],
            )
        }
        claimed_period = {
            partner: (amount, recovered)
            for partner, amount, recovered in Chargeback._read_group(
                chargebacks
                & Domain("date", ">=", date_from)
                & Domain("date", "<=", date_to),
                ["partner_id.commercial_partner_id"],
                ["amount_total_company:sum", "recovered_amount_company:sum"],
            )
        }
        capas = dict(
            Capa._read_group(
                Domain("partner_id.commercial_partner_id", "in", commercial.ids)
                & companies
                & Domain("state", "in", OPEN_CAPA_STATES),
                ["partner_id.commercial_partner_id"],
                ["__count"],
            )
        )
        result = {}
        for partner in self:
            key = partner.commercial_partner_id
            count, amount, recovered = claimed.get(key, (0, 0.0, 0.0))
            amount_period, recovered_period = claimed_period.get(key, (0.0, 0.0))
            complaints, defect_qty = in_period.get(key, (0, 0.0))
            result[partner] = {
                "supplier_complaint_open_count": open_complaints.get(key, 0),
                "supplier_chargeback_count": count,
                "supplier_currency_id": company.currency_id,
                "supplier_claimed_amount": amount,
                "supplier_recovered_amount": recovered,
                "supplier_capa_open_count": capas.get(key, 0),
                "supplier_score_date_from": date_from,
                "supplier_score_date_to": date_to,
                "supplier_score_complaints": complaints,
                "supplier_score_defect_qty": defect_qty,
                "supplier_score_recovered_share": (
                    ratios.ratio(recovered_period, amount_period, ratios.PERCENT) or 0.0
                ),
            }
        return result

    # Actions
    @api.readonly
    def action_view_supplier_complaints(self):
        self.ensure_one()
        return self.env["helpdesk.ticket"]._complaint_list_action(
            self.env._("Complaints of %(supplier)s", supplier=self.name),
            [
                ("is_complaint", "=", True),
                ("supplier_id", "child_of", self.commercial_partner_id.id),
            ],
        )

    @api.readonly
    def action_view_supplier_chargebacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_chargeback_action"
        )
        action.update(
            domain=[("partner_id", "child_of", self.commercial_partner_id.id)],
            context={"default_partner_id": self.commercial_partner_id.id},
        )
        return action

    @api.readonly
    def action_view_supplier_capas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_capa_action"
        )
        action.update(
            domain=[("partner_id", "child_of", self.commercial_partner_id.id)],
            context={"default_partner_id": self.commercial_partner_id.id},
        )
        return action

    # Business methods
    def _complaint_history(self, since, excluded_remedy=None, company=None):
        """What this customer complained about and was given since ``since``:
        ``{"complaints": count, "remedies": count other than cancelled,
        "refunded": money approved in company currency}``, ``excluded_remedy`` left
        out (the remedy being decided).

        Read as superuser on purpose: an approver must see the whole history of the
        customer, whichever teams handled it, to notice abuse (rules §7.5). Only
        counts and a total are shown, and only of ``company`` when given: nothing
        crosses companies (rules §11.4).
        """
        if not self:
            return {"complaints": 0, "remedies": 0, "refunded": 0.0}
        self.ensure_one()
        complaints = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count(
                [
                    ("is_complaint", "=", True),
                    ("commercial_partner_id", "=", self.id),
                    ("complaint_date", ">=", since),
                    *([("company_id", "=", company.id)] if company else []),
                ]
            )
        )
        Remedy = self.env["complaint.remedy"].sudo()
        others = [
            ("partner_id", "=", self.id),
            ("date", ">=", since),
            ("id", "!=", excluded_remedy.id if excluded_remedy else False),
            *([("company_id", "=", company.id)] if company else []),
        ]
        remedies = Remedy.search_count([*others, ("state", "!=", "cancel")])
        [[refunded]] = Remedy._read_group(
            [
                *others,
                ("remedy_type", "in", MONEY_REMEDIES),
                ("state", "in", ("approved", "done")),
            ],
            aggregates=["amount_company:sum"],
        )
        return {"complaints": complaints, "remedies": remedies, "refunded": refunded}
