from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon

FIELDS = [
    "name",
    "description",
    "team_id",
    "partner_id",
    "product_id",
    "defect_type_id",
    "complaint_date",
    "shipped_date",
    "lot_qty",
    "defect_qty",
]


@tagged("post_install", "-at_install")
class TestComplaintImport(ComplaintCommon):
    def _row(self, **values):
        row = {
            "name": "Leak",
            "description": "Leak",
            "team_id": self.team.name,
            "partner_id": self.customer.name,
            "product_id": "CAL-1",
            "defect_type_id": "FUN",
            "complaint_date": "2025-03-14 09:30:00",
            "shipped_date": "2025-03-01",
            "lot_qty": "500",
            "defect_qty": "12",
        }
        row.update(values)
        return [row[f] for f in FIELDS]

    def test_01_history_imports_matching_codes(self):
        """Defect types match by code, products by internal reference."""
        result = self.env["helpdesk.ticket"].load(FIELDS, [self._row()])
        self.assertFalse(result["messages"])
        complaint = self.env["helpdesk.ticket"].browse(result["ids"])
        self.assertEqual(complaint.defect_type_id, self.defect_function)
        self.assertEqual(complaint.product_id, self.product)
        self.assertTrue(complaint.is_complaint)
        self.assertRegex(complaint.complaint_number, r"^CC/2025/")
        self.assertEqual(complaint.complaint_severity, "serious")

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_02_bad_rows_reported_row_by_row(self):
        """An import with bad rows names each row's problem and saves nothing."""
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        rows = [
            self._row(),
            self._row(defect_type_id="NO-SUCH-DEFECT"),
            self._row(lot_qty="10", defect_qty="11"),
        ]
        result = Ticket.load(FIELDS, rows)
        self.assertFalse(result["ids"])
        by_row = {m["rows"]["from"]: m["message"] for m in result["messages"]}
        self.assertIn(1, by_row)
        self.assertIn("NO-SUCH-DEFECT", by_row[1])
        self.assertIn(2, by_row)
        self.assertIn("larger than the lot size", by_row[2])
        self.assertEqual(Ticket.search_count([]), before)

    def test_03_import_template_offered(self):
        """The list offers a downloadable template with the intake columns."""
        templates = self.env["helpdesk.ticket"].get_import_templates()
        self.assertTrue(templates[0]["template"].endswith("complaint_import.xlsx"))
