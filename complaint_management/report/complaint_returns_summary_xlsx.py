from collections import defaultdict

from odoo import models
from odoo.fields import Domain

REFUND, EXCHANGE = "refund", "replacement"


class ComplaintReturnsSummaryXlsx(models.AbstractModel):
    """Customer returns and exchanges, monthly summary (rules §7): per
    defect type, the complaints and defective quantity, the returns (refunds)
    and exchanges (replacements) with their value, the other remedies, and what
    was promised and paid; a second sheet per remedy. Remedies count once
    approved (promised) and once carried out (paid), in company currency. Read
    with a handful of ``_read_group``, whatever the month's size."""

    _name = "report.complaint_management.complaint_returns_summary_xlsx"
    _inherit = "report.complaint_management.complaint_xlsx_base"
    _description = "Returns and Exchanges Summary Workbook"

    def _summary_rows(self, domain):
        Ticket = self.env["helpdesk.ticket"]
        Remedy = self.env["complaint.remedy"].sudo()
        rows = {}
        families = dict(
            Ticket._fields["defect_family"]._description_selection(self.env)
        )
        for defect, count, qty in Ticket._read_group(
            domain, ["defect_type_id"], ["__count", "defect_qty:sum"]
        ):
            rows[defect] = {
                "defect": defect.display_name or self.env._("Not classified"),
                "family": families.get(defect.family, ""),
                "complaints": count,
                "defect_qty": qty,
            }
        # the remedies of the complaints the user reads (record rules, companies):
        # the remedies themselves are read as superuser, for their amounts
        remedy_domain = Domain("ticket_id", "in", Ticket._search(domain)) & Domain(
            "state", "in", ("approved", "done")
        )
        by_type = defaultdict(lambda: defaultdict(float))
        for defect, remedy_type, state, count, amount in Remedy._read_group(
            remedy_domain,
            ["ticket_id.defect_type_id", "remedy_type", "state"],
            ["__count", "amount_company:sum"],
        ):
            row = rows.setdefault(
                defect,
                {
                    "defect": defect.display_name or self.env._("Not classified"),
                    "family": families.get(defect.family, ""),
                    "complaints": 0,
                    "defect_qty": 0.0,
                },
            )
            kind = {REFUND: "refund", EXCHANGE: "exchange"}.get(remedy_type, "other")
            row[f"{kind}_count"] = row.get(f"{kind}_count", 0) + count
            row[f"{kind}_amount"] = row.get(f"{kind}_amount", 0.0) + amount
            row["promised"] = row.get("promised", 0.0) + amount
            if state == "done":
                row["paid"] = row.get("paid", 0.0) + amount
            by_type[remedy_type]["count"] += count
            by_type[remedy_type]["promised"] += amount
            if state == "done":
                by_type[remedy_type]["paid"] += amount
        ordered = sorted(rows.values(), key=lambda r: (-r["complaints"], r["defect"]))
        return ordered, by_type

    def generate_xlsx_report(self, workbook, data, objs):
        formats = self._formats(workbook, self._company(data, objs))
        c = self._column
        rows, by_type = self._summary_rows(self._ticket_domain(data, objs))
        self._write_table(
            workbook,
            formats,
            self.env._("Returns and Exchanges"),
            [
                c("defect", "text", 28, self.env._("Defect Type")),
                c("family", "text", 18, self.env._("Defect Family")),
                c("complaints", "int", 12, self.env._("Complaints")),
                c("defect_qty", "float", 14, self.env._("Defective Quantity")),
                c("refund_count", "int", 10, self.env._("Returns")),
                c("refund_amount", "currency", 14, self.env._("Refunded")),
                c("exchange_count", "int", 10, self.env._("Exchanges")),
                c("exchange_amount", "currency", 14, self.env._("Exchange Value")),
                c("other_count", "int", 10, self.env._("Other Remedies")),
                c("other_amount", "currency", 14, self.env._("Other Remedies Value")),
                c("promised", "currency", 14, self.env._("Promised")),
                c("paid", "currency", 14, self.env._("Paid")),
            ],
            iter(rows),
        )
        labels = dict(
            self.env["complaint.remedy"]
            ._fields["remedy_type"]
            ._description_selection(self.env)
        )
        self._write_table(
            workbook,
            formats,
            self.env._("By Remedy"),
            [
                c("remedy", "text", 24, self.env._("Remedy")),
                c("count", "int", 12, self.env._("Remedies")),
                c("promised", "currency", 14, self.env._("Promised")),
                c("paid", "currency", 14, self.env._("Paid")),
            ],
            iter(
                {"remedy": labels.get(remedy_type, remedy_type), **values}
                for remedy_type, values in sorted(by_type.items())
            ),
        )
