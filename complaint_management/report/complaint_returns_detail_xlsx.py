from odoo import models
from odoo.fields import Domain


class ComplaintReturnsDetailXlsx(models.AbstractModel):
    """A detail of the month's returns of one kind (rules §7): the
    complaints a ``complaint.report.category`` of the workbook's code selects,
    one row each, with what was promised and paid."""

    _name = "report.complaint_management.complaint_returns_detail_xlsx"
    _inherit = "report.complaint_management.complaint_xlsx_base"
    _description = "Returns Detail Workbook"
    _category_code = None

    def _sheet_name(self):
        raise NotImplementedError

    def _detail_columns(self):
        c = self._column
        return [
            c("complaint_number", "text", 16),
            c("complaint_date", "datetime", 17),
            c("customer", "text", 28, self.env._("Customer")),
            c("product_id", "text", 28),
            c("name", "text", 30, self.env._("Complaint")),
            c("defect_type_id", "text", 22),
            c("defect_family", "text", 16),
            c("complaint_severity", "text", 12),
            c("is_major", "bool", 8),
            c("responsibility", "text", 14),
            c("supplier_id", "text", 22),
            c("defect_qty", "float", 12),
            *self._cost_columns(),
            c("stage_id", "text", 14),
            c("satisfaction", "text", 14),
        ]

    def _ticket_domain(self, data, objs):
        domain = super()._ticket_domain(data, objs)
        categories = self.env["complaint.report.category"]._for(
            self._category_code, self._company(data, objs)
        )
        # no category of this kind: nothing qualifies (rather than everything)
        return domain & (categories._ticket_domain() if categories else Domain.FALSE)

    def generate_xlsx_report(self, workbook, data, objs):
        self._write_ticket_sheet(
            workbook, data, objs, self._sheet_name(), self._detail_columns()
        )


class ComplaintSpecialReturnsXlsx(models.AbstractModel):
    _name = "report.complaint_management.complaint_special_returns_xlsx"
    _inherit = "report.complaint_management.complaint_returns_detail_xlsx"
    _description = "Special-Case Returns Workbook"
    _category_code = "special"

    def _sheet_name(self):
        return self.env._("Special-Case Returns")


class ComplaintQualityReturnsXlsx(models.AbstractModel):
    _name = "report.complaint_management.complaint_quality_returns_xlsx"
    _inherit = "report.complaint_management.complaint_returns_detail_xlsx"
    _description = "Quality-Related Returns Workbook"
    _category_code = "quality"

    def _sheet_name(self):
        return self.env._("Quality-Related Returns")
