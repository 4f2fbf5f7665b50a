from odoo import models
from odoo.tools import SQL

# A chargeback counts as claimed once sent to the supplier or carrier.
CLAIMED_STATES = ("sent", "accepted", "partly_accepted", "disputed", "settled")


class ComplaintCostReport(models.Model):
    """The chargebacks' part of the cost of poor quality (domain.md §7: losses
    caused by product quality are borne by the supplier): what was claimed from
    suppliers and carriers, once sent, and recovered, once settled, in company
    currency. A chargeback answering several complaints is counted once, on the
    first of them (its grade, defect and team)."""

    _inherit = "complaint.cost.report"
    _depends = {
        "complaint.chargeback": [
            "partner_id", "company_id", "date", "state", "amount_total_company",
            "recovered_amount_company", "ticket_ids",
        ],
    }  # fmt: skip

    def _cost_sources(self):
        return [
            *super()._cost_sources(),
            SQL(
                """
            SELECT cb.id * 4 + 1 AS id,
                   'chargeback' AS source,
                   cb.id AS res_id,
                   first.ticket_id,
                   cb.date,
                   cb.company_id,
                   company.currency_id,
                   t.team_id,
                   t.defect_type_id,
                   t.defect_family,
                   t.product_id,
                   COALESCE(t.commercial_partner_id, t.partner_id) AS partner_id,
                   cb.partner_id AS supplier_id,
                   NULL AS remedy_type,
                   0.0 AS promised,
                   0.0 AS paid,
                   CASE WHEN cb.state IN %(claimed)s
                        THEN cb.amount_total_company ELSE 0 END AS claimed,
                   COALESCE(cb.recovered_amount_company, 0) AS recovered,
                   -COALESCE(cb.recovered_amount_company, 0) AS net_cost,
                   NULL::float AS recovered_share
              FROM complaint_chargeback cb
              JOIN res_company company ON company.id = cb.company_id
              LEFT JOIN LATERAL (
                    SELECT min(rel.ticket_id) AS ticket_id
                      FROM complaint_chargeback_helpdesk_ticket_rel rel
                     WHERE rel.chargeback_id = cb.id
                   ) first ON TRUE
              LEFT JOIN helpdesk_ticket t ON t.id = first.ticket_id
             WHERE cb.state IN %(claimed)s
                """,
                claimed=CLAIMED_STATES,
            ),
        ]
