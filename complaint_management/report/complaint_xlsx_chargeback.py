from odoo import models

from ..models.complaint_chargeback import CLAIMED_STATES


class ComplaintXlsxBase(models.AbstractModel):
    """The chargebacks of each complaint in the workbooks: claimed from the
    supplier or carrier once sent, recovered once settled by a posted vendor
    credit note or deduction (rules §24.2), in company currency;
    a chargeback answering several complaints counts on the first of them, as
    in the cost of poor quality."""

    _inherit = "report.complaint_management.complaint_xlsx_base"

    def _ticket_rows_extra(self, batch):
        extra = super()._ticket_rows_extra(batch)
        chargebacks = (
            self.env["complaint.chargeback"]
            .sudo()
            .search_fetch(
                [("ticket_ids", "in", batch.ids), ("state", "in", CLAIMED_STATES)],
                ["ticket_ids", "amount_total_company", "recovered_amount_company"],
            )
        )
        in_batch = set(batch.ids)
        for chargeback in chargebacks:
            first = min(chargeback.ticket_ids.ids)
            if first not in in_batch:
                continue
            row = extra.setdefault(first, {})
            row["chargeback_claimed"] = (
                row.get("chargeback_claimed", 0.0) + chargeback.amount_total_company
            )
            row["chargeback_recovered"] = (
                row.get("chargeback_recovered", 0.0)
                + chargeback.recovered_amount_company
            )
        return extra

    def _cost_columns(self):
        return [*super()._cost_columns(), *self._chargeback_columns()]

    def _chargeback_columns(self):
        return [
            self._column(
                "chargeback_claimed",
                "currency",
                14,
                self.env._("Claimed from Suppliers"),
            ),
            self._column(
                "chargeback_recovered", "currency", 14, self.env._("Recovered")
            ),
        ]
