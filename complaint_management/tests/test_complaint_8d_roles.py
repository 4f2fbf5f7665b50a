from odoo import fields
from odoo.tests import tagged

from . import test_complaint_8d
from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaint8DRoles(ComplaintCommon):
    """The roles D1 requires are data (domain.md §5, §6)."""

    # How a quality engineer completes an 8D, as in the 8D tests.
    _our_complaint = test_complaint_8d.TestComplaint8D._our_complaint
    _new_8d = test_complaint_8d.TestComplaint8D._new_8d
    _fill = test_complaint_8d.TestComplaint8D._fill
    _corrective = test_complaint_8d.TestComplaint8D._corrective

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["complaint.8d"]
        ref = cls.env.ref
        cls.role_production = ref("complaint_management.complaint_8d_role_production")
        cls.role_sales = ref("complaint_management.complaint_8d_role_sales")

    def test_01_required_roles_are_data(self):
        """Requiring production makes D1 of an open 8D incomplete at once, naming
        the role; no longer requiring sales lets a team without sales complete."""
        report = self._fill(self._new_8d())
        self.assertTrue(report.d1_complete)
        self.role_production.required = True
        self.env.flush_all()
        self.assertFalse(report.d1_complete)
        self.assertIn("Production", report.missing_summary)
        report.with_user(self.engineer).member_ids = [
            fields.Command.create({"user_id": self.engineer.id, "role": "production"})
        ]
        self.assertTrue(report.d1_complete)
        report.member_ids.filtered(lambda m: m.role == "sales").with_user(
            self.engineer
        ).unlink()
        self.assertFalse(report.d1_complete)
        self.role_sales.required = False
        self.env.flush_all()
        self.assertTrue(report.d1_complete)
        self.assertEqual(report.progress, 100)
