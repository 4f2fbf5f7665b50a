from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintGrading(ComplaintCommon):
    def test_01_default_grade_of_defect_type(self):
        """With no rule holding, the defect type's default grade applies (§3)."""
        self.assertEqual(
            self._complaint(defect_type_id=self.defect_scratch.id).complaint_severity,
            "general",
        )
        self.assertEqual(
            self._complaint(defect_type_id=self.defect_short.id).complaint_severity,
            "occasional",
        )
        self.assertEqual(
            self._complaint(defect_type_id=self.defect_label.id).complaint_severity,
            "occasional",
        )
        self.assertFalse(self._complaint().complaint_severity)

    def test_02_formal_report_makes_serious(self):
        """A demanded corrective-action report makes the complaint serious."""
        complaint = self._complaint(defect_type_id=self.defect_scratch.id)
        complaint.requires_formal_report = True
        self.assertEqual(complaint.complaint_severity, "serious")
        self.assertIn("formal corrective-action report", complaint.grading_reason)

    def test_03_line_stop_makes_serious(self):
        """A stopped customer line makes the complaint serious."""
        complaint = self._complaint(
            defect_type_id=self.defect_short.id, stopped_customer_line=True
        )
        self.assertEqual(complaint.complaint_severity, "serious")

    def test_04_functional_defect_makes_serious(self):
        """A functional or assembly defect makes the complaint serious."""
        complaint = self._complaint(defect_type_id=self.defect_function.id)
        self.assertEqual(complaint.complaint_severity, "serious")
        self.assertIn("Functional or assembly defect", complaint.grading_reason)

    def test_05_repeat_makes_serious(self):
        """A repeat of the same product and defect makes the complaint serious."""
        first = self._complaint(
            product_id=self.product.id,
            defect_type_id=self.defect_scratch.id,
            complaint_date="2026-10-01 08:00:00",
        )
        self.assertEqual(first.complaint_severity, "general")
        second = self._complaint(
            product_id=self.product.id, defect_type_id=self.defect_scratch.id
        )
        self.assertTrue(second.is_repeat)
        self.assertEqual(second.complaint_severity, "serious")

    def test_06_rules_are_data(self):
        """Archiving a shipped rule changes the grading: rules are configuration."""
        self.env.ref("complaint_management.grading_rule_line_stopped").active = False
        complaint = self._complaint(
            defect_type_id=self.defect_short.id, stopped_customer_line=True
        )
        self.assertEqual(complaint.complaint_severity, "occasional")
        self.env["complaint.grading.rule"].create(
            {
                "name": "Packaging counts as general here",
                "condition": "defect_family",
                "defect_family": "quantity",
                "severity": "general",
            }
        )
        complaint.invalidate_recordset()
        complaint._compute_severity_computed()
        self.assertEqual(complaint.complaint_severity, "general")

    def test_07_override_needs_reason_and_is_tracked(self):
        """A grade set by hand needs a reason; rules' and hand grade are tracked."""
        complaint = self._tracked_complaint(defect_type_id=self.defect_scratch.id)
        with self.assertRaisesText(ValidationError, "Reason for the Grade"):
            complaint.severity_override = "serious"
        complaint.write(
            {
                "severity_override": "serious",
                "severity_override_reason": "Key account, visible part",
            }
        )
        self.assertEqual(complaint.severity_computed, "general")
        self.assertEqual(complaint.complaint_severity, "serious")
        self._flush_tracking()
        tracked = complaint.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("severity_override", tracked)
        self.assertIn("complaint_severity", tracked)
        self.assertIn("severity_override_reason", tracked)
        complaint.write({"severity_override": False})
        self.assertEqual(complaint.complaint_severity, "general")

    def test_08_grade_follows_the_facts(self):
        """Changing the defect type re-grades the complaint and tracks it."""
        complaint = self._tracked_complaint(defect_type_id=self.defect_short.id)
        complaint.defect_type_id = self.defect_function
        self.assertEqual(complaint.complaint_severity, "serious")
        self._flush_tracking()
        values = complaint.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "complaint_severity"
        )
        self.assertTrue(values)

    def test_09_rule_changes_regrade_open_complaints(self):
        """Creating, changing and archiving a grading rule re-grades the open
        complaints it touches, not closed ones, and keeps a grade set by hand
        (issue 10, case 5)."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        open_one = self._complaint(defect_type_id=self.defect_short.id)
        closed = self._complaint(
            defect_type_id=self.defect_short.id,
            responsibility="company",
            stage_id=done.id,
        )
        by_hand = self._complaint(
            defect_type_id=self.defect_short.id,
            severity_override="occasional",
            severity_override_reason="Agreed with the customer",
        )
        self.assertEqual(open_one.complaint_severity, "occasional")
        rule = self.env["complaint.grading.rule"].create(
            {
                "name": "Quantity counts as general here",
                "condition": "defect_family",
                "defect_family": "quantity",
                "severity": "general",
            }
        )
        self.assertEqual(open_one.complaint_severity, "general")
        self.assertEqual(closed.complaint_severity, "occasional")
        self.assertEqual(by_hand.complaint_severity, "occasional")
        self.assertEqual(by_hand.severity_computed, "general")
        rule.severity = "serious"
        self.assertEqual(open_one.complaint_severity, "serious")
        self.assertEqual(closed.complaint_severity, "occasional")
        rule.active = False
        self.assertEqual(open_one.complaint_severity, "occasional")
        self.assertEqual(by_hand.complaint_severity, "occasional")
        self.assertEqual(closed.complaint_severity, "occasional")

    def test_10_rule_criteria_narrow_a_rule(self):
        """A grading rule with a customer applies to that customer's complaints
        only (the criteria of complaint.rule.mixin)."""
        other = self.env["res.partner"].create({"name": "Other", "is_company": True})
        self.env["complaint.grading.rule"].create(
            {
                "name": "Acme: every scratch is serious",
                "condition": "defect_family",
                "defect_family": "appearance",
                "partner_ids": [(6, 0, self.customer.ids)],
                "severity": "serious",
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customer.id}
        )
        acme = self._complaint(
            defect_type_id=self.defect_scratch.id, partner_id=contact.id
        )
        theirs = self._complaint(
            defect_type_id=self.defect_scratch.id, partner_id=other.id
        )
        self.assertEqual(acme.complaint_severity, "serious")
        self.assertEqual(theirs.complaint_severity, "general")

    def test_11_regrading_cost_does_not_grow_with_the_complaints(self):
        """Re-grading the open complaints a rule change touches costs the same
        number of queries for 5 or 50 of them (batch-safe; the deadline planning
        that follows a new grade is measured with creation)."""
        Ticket = self.env["helpdesk.ticket"]
        Rule = self.env["complaint.grading.rule"]

        def cost(size, family, severity):
            Ticket.create(
                [
                    {
                        "name": f"{family} {i}",
                        "description": "x",
                        "team_id": self.team.id,
                        "defect_type_id": self.defect_label.id,
                    }
                    for i in range(size)
                ]
            )
            rule = Rule.create(
                {
                    "name": "Labels",
                    "condition": "defect_family",
                    "defect_family": family,
                    "team_ids": [(6, 0, self.team.ids)],
                    "severity": severity,
                }
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with patch.object(type(Ticket), "_sla_sync", lambda tickets: None):
                rule.write({"severity": "serious"})
                self.env.flush_all()
                queries = self.cr.sql_log_count - before
                rule.active = False
            return queries

        small = cost(5, "labelling", "general")
        large = cost(50, "labelling", "general")
        self.assertLessEqual(large, small + 2, (small, large))
        self.assertEqual(
            set(
                Ticket.search([("team_id", "=", self.team.id)]).mapped(
                    "complaint_severity"
                )
            ),
            {self.defect_label.default_severity},
        )
