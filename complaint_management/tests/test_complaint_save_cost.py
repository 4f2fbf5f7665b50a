from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintSlaCommon


@tagged("post_install", "-at_install")
class TestComplaintSaveCost(ComplaintSlaCommon):
    """Saving a complaint costs what its change needs (issue 14): the rules are
    read once per worker, not on every save, yet a changed rule applies at once;
    a value written again re-plans nothing."""

    def _officer_update(self, complaint, **values):
        """An officer's save from the form, as the load run's officers do it."""
        vals = {"lot_number": "LOT-7", "customer_request": "Replace them."}
        vals.update(values)
        complaint.with_user(self.officer).write(vals)
        self.env.flush_all()

    def test_01_a_changed_rule_applies_at_once(self):
        """Rules are cached between saves; adding a customer to a grading rule,
        a tag to it, or archiving it grades the next complaint by the rule as it
        is now."""
        other = self.env["res.partner"].create({"name": "Other", "is_company": True})
        rule = self.env["complaint.grading.rule"].create(
            {
                "name": "Key accounts: every scratch is serious",
                "condition": "defect_family",
                "defect_family": "appearance",
                "partner_ids": [(6, 0, other.ids)],
                "severity": "serious",
            }
        )
        scratch = {"defect_type_id": self.defect_scratch.id}
        first = self._complaint(partner_id=self.customer.id, **scratch)
        self.assertEqual(first.complaint_severity, "general")
        rule.partner_ids = [(4, self.customer.id)]
        second = self._complaint(partner_id=self.customer.id, **scratch)
        self.assertEqual(second.complaint_severity, "serious")
        self.assertEqual(first.complaint_severity, "serious", "open ones re-graded")
        tag = self.env["res.partner.category"].create({"name": "Key account"})
        rule.write(
            {"partner_ids": [(5, 0, 0)], "partner_category_ids": [(6, 0, tag.ids)]}
        )
        third = self._complaint(partner_id=self.customer.id, **scratch)
        self.assertEqual(third.complaint_severity, "general")
        self.customer.category_id = tag
        fourth = self._complaint(partner_id=self.customer.id, **scratch)
        self.assertEqual(fourth.complaint_severity, "serious")
        rule.active = False
        fifth = self._complaint(partner_id=self.customer.id, **scratch)
        self.assertEqual(fifth.complaint_severity, "general")

    def test_01b_merging_customers_a_rule_names(self):
        """Merging a contact a rule names into another (SQL behind the ORM) makes
        the rule apply to the merged customer's next complaint."""
        old = self.env["res.partner"].create({"name": "Acme (old)", "is_company": True})
        self.env["complaint.grading.rule"].create(
            {
                "name": "Acme: every scratch is serious",
                "condition": "defect_family",
                "defect_family": "appearance",
                "partner_ids": [(6, 0, old.ids)],
                "severity": "serious",
            }
        )
        scratch = {"defect_type_id": self.defect_scratch.id}
        before = self._complaint(partner_id=self.customer.id, **scratch)
        self.assertEqual(before.complaint_severity, "general")
        self.env["base.partner.merge.automatic.wizard"].create({})._merge(
            (old | self.customer).ids, self.customer, extra_checks=False
        )
        after = self._complaint(partner_id=self.customer.id, **scratch)
        self.assertEqual(after.complaint_severity, "serious")

    def test_02_a_customer_policy_changed_after_use_governs(self):
        """A deadline policy that becomes a customer's contract ('replaces')
        after complaints were planned governs the next complaint's deadline."""
        with freeze_time("2026-11-23 09:00:00"):  # a Monday
            complaint = self._handed_over()
            general = self._milestone(complaint, "response").deadline
            policy = self.env["complaint.sla.policy"].create(
                {
                    "name": "Acme: QA answers within 500 hours",
                    "milestone": "response",
                    "start_event": "handed_over",
                    "duration": 500,
                    "duration_unit": "calendar_hours",
                    "customer_mode": "replace",
                }
            )
            later = self._handed_over()
            self.assertEqual(
                self._milestone(later, "response").deadline,
                general,
                "a policy for every customer does not replace a stricter limit",
            )
            policy.partner_ids = [(6, 0, self.customer.ids)]
            contract = self._handed_over()
        self.assertEqual(
            self._milestone(contract, "response").deadline,
            datetime(2026, 12, 14, 5, 0),
            "the customer's contract governs: 500 hours after the hand-over",
        )

    def test_03_writing_the_same_facts_keeps_the_plan(self):
        """Writing again the values the deadlines depend on (the customer, the
        defect, 'line stopped') leaves the deadlines as they are and re-plans
        nothing; a changed value re-plans."""
        # The general complaint without the containment of every grade (rules
        # §17.3): re-graded serious, its plan must change.
        self.env.ref(
            "complaint_management.sla_policy_containment_general"
        ).active = False
        complaint = self._handed_over()
        milestones = complaint.sla_milestone_ids
        before = milestones.read(["deadline", "policy_id", "start_date"])
        Ticket = type(self.env["helpdesk.ticket"])
        planned = []
        sla_sync = Ticket._sla_sync

        def recorded(tickets, log=True):
            planned.extend(tickets.ids)
            return sla_sync(tickets, log=log)

        with patch.object(Ticket, "_sla_sync", recorded):
            self._officer_update(
                complaint,
                partner_id=self.customer.id,
                defect_type_id=self.defect_scratch.id,
                stopped_customer_line=False,
            )
            self.assertEqual(planned, [], "nothing changed: nothing to re-plan")
            self.assertEqual(complaint.sla_milestone_ids, milestones)
            self.assertEqual(
                milestones.read(["deadline", "policy_id", "start_date"]), before
            )
            self._officer_update(complaint, stopped_customer_line=True)
            self.assertIn(complaint.id, planned)
        self.assertEqual(complaint.complaint_severity, "serious")
        self.assertNotEqual(
            complaint.sla_milestone_ids.filtered("is_open").read(["deadline"]),
            milestones.filtered("is_open").read(["deadline"]),
            "a serious complaint is planned on the serious limits",
        )

    def test_04_an_officer_update_costs_a_bounded_number_of_queries(self):
        """The officer's everyday save (lot number, what the customer asks) of a
        complaint with deadlines costs no more than a few queries beyond the
        ticket's own, whatever rules and policies there are."""
        complaint = self._handed_over()
        self._officer_update(complaint)  # warm: the rules are read once
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=15):
            self._officer_update(complaint, lot_number="LOT-8")
