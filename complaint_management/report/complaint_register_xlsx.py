from odoo import models


class ComplaintRegisterXlsx(models.AbstractModel):
    """The complaint register (rules §2, §4, §7): every complaint of the
    period with its intake, grade, deadlines met or missed, responsibility, 8D
    and remedies, one row each, and the totals."""

    _name = "report.complaint_management.complaint_register_xlsx"
    _inherit = "report.complaint_management.complaint_xlsx_base"
    _description = "Complaint Register Workbook"

    def _register_columns(self):
        c = self._column
        return [
            c("complaint_number", "text", 16),
            c("complaint_date", "datetime", 17),
            c("customer", "text", 28, self.env._("Customer")),
            c("product_id", "text", 28),
            c("lot_number", "text", 14),
            c("defect_type_id", "text", 22),
            c("defect_family", "text", 16),
            c("complaint_severity", "text", 12),
            c("is_major", "bool", 8),
            c("is_repeat", "bool", 8),
            c("detection_stage", "text", 16),
            c("channel_id", "text", 14),
            c("team_id", "text", 18),
            c("user_id", "text", 18),
            c("responsibility", "text", 14),
            c("supplier_id", "text", 22),
            c("shipped_qty", "float", 12),
            c("lot_qty", "float", 12),
            c("defect_qty", "float", 12),
            c(
                "defect_rate",
                "percent",
                10,
                self.env._("Defect Rate"),
                ratio=("defect_qty", "lot_qty"),
            ),
            c("sla_due_count", "int", 10),
            c("sla_on_time_count", "int", 10),
            c("sla_missed_count", "int", 10, self.env._("Deadlines Missed")),
            c(
                "sla_compliance",
                "percent",
                12,
                self.env._("Deadline Compliance"),
                ratio=("sla_on_time_count", "sla_due_count"),
            ),  # fmt: skip
            c("sla_missed", "text", 24, self.env._("Missed Deadlines")),
            c("response_days", "float", 11),
            c("containment_days", "float", 11),
            c("closure_days", "float", 11),
            c("eight_d", "text", 16, self.env._("8D Reports")),
            *self._cost_columns(),
            c("stage_id", "text", 14),
            c("resolved_date", "datetime", 17),
            c("satisfaction", "text", 14),
        ]

    def generate_xlsx_report(self, workbook, data, objs):
        self._write_ticket_sheet(
            workbook,
            data,
            objs,
            self.env._("Complaint Register"),
            self._register_columns(),
        )
