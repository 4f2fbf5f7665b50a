from odoo import models
from odoo.tools import SQL

from ..lib import ratios

# The complaint fields the analysis views read: flushed before they are queried.
TICKET_FIELDS = [
    "is_complaint", "active", "complaint_number", "complaint_date", "company_id",
    "team_id", "user_id", "stage_id", "channel_id", "complaint_severity", "is_major",
    "is_repeat", "defect_type_id", "defect_family", "product_id", "partner_id",
    "commercial_partner_id", "supplier_id", "responsibility", "satisfaction",
    "lot_qty", "defect_qty", "defect_rate", "shipped_qty", "qa_response_date",
    "containment_date",
    "resolved_date", "closed_date", "response_days", "containment_days", "closure_days",
    "sla_due_count", "sla_on_time_count", "satisfaction_score",
    "remedy_amount_promised", "remedy_amount_paid",
]  # fmt: skip
# The customer of a complaint in every analysis (the ticket aliased ``t``): the
# commercial entity of the person who complained.
TICKET_CUSTOMER = SQL("COALESCE(t.commercial_partner_id, t.partner_id)")


class ComplaintReportMixin(models.AbstractModel):
    """What the analysis views over complaints share: ratio measures computed
    from the group's sums (``_ratio_measures``: field -> (numerator,
    denominator, factor), the rule of ``lib/ratios.py``), and the complaints'
    record rules applied to every row through its ``ticket_id``."""

    _name = "complaint.report.mixin"
    _description = "Complaint Analysis Base"
    _ratio_measures = {}

    def _read_group_select(self, aggregate_spec, query):
        """A ratio measure is SUM(numerator) × factor ÷ SUM(denominator) over the
        group, whatever aggregate the client asks for."""
        fname = aggregate_spec.split(":")[0]
        if fname not in self._ratio_measures:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = self._ratio_measures[fname]
        return SQL(
            ratios.SUM_RATIO_SQL,
            self._field_to_sql(self._table, numerator, query),
            factor,
            self._field_to_sql(self._table, denominator, query),
        )

    def _search(self, domain, *args, **kwargs):
        """Rows of complaints the user may read only (rows of no complaint,
        such as deliveries or chargebacks, follow the menu's groups)."""
        query = super()._search(domain, *args, **kwargs)
        if not self.env.su and not query.is_empty():
            visible = self.env["helpdesk.ticket"]._search([])
            query.add_where(
                SQL(
                    "(%s IS NULL OR %s IN %s)",
                    SQL.identifier(self._table, "ticket_id"),
                    SQL.identifier(self._table, "ticket_id"),
                    visible.subselect(),
                )
            )
        return query
