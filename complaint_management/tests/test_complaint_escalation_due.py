from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Domain
from odoo.tests import tagged

from .common import ComplaintSlaCommon


@tagged("post_install", "-at_install")
class TestComplaintEscalationDue(ComplaintSlaCommon):
    """The escalation job reads the breaches that may have a step due, not every
    breach on record (issue 14, figure 4), and steps edited or added by users
    still apply at the next run (domain.md §5)."""

    def _breached(self, count):
        """``count`` complaints whose response deadline was missed and whose
        first step (tell the team leader, at once) was taken on 2026-11-04 09:30."""
        with freeze_time("2026-11-02 09:00:00"):
            complaints = self.env["helpdesk.ticket"].browse()
            for _ in range(count):
                complaints |= self._handed_over(user_id=self.engineer.id)
        with freeze_time("2026-11-04 09:30:00"):
            self.env["helpdesk.ticket"]._cron_escalate()
        responses = complaints.sla_milestone_ids.filtered(
            lambda m: m.milestone == "response"
        )
        self.assertEqual(set(responses.mapped("escalation_level")), {1})
        return complaints, responses

    def _matched(self):
        """Run the job and return the complaints it matched the steps on."""
        matched = self.env["helpdesk.ticket"]
        rule_class = self.env.registry["complaint.escalation.rule"]
        original = rule_class._match

        def spy(rules, tickets):
            nonlocal matched
            matched |= tickets
            return original(rules, tickets)

        with patch.object(rule_class, "_match", spy):
            self.env["helpdesk.ticket"]._cron_escalate()
        return matched

    def _due(self, milestones):
        """Those of ``milestones`` the job reads now: those with a step due."""
        Milestone = self.env["complaint.sla.milestone"]
        return Milestone.search(
            Domain("id", "in", milestones.ids)
            & Milestone._escalation_due_domain(fields.Datetime.now())
        )

    def test_01_no_step_due_reads_no_breach(self):
        """Breaches whose next step is not due yet, and those whose ladder is
        climbed to the top, are not read nor matched; those with a step due are
        (the demo history's own breaches aside)."""
        complaints, responses = self._breached(4)
        with freeze_time("2026-11-04 11:00:00"):  # the next step is due at 17:30
            self.assertFalse(self._matched() & complaints)
        with freeze_time("2026-11-04 18:00:00"):
            self.assertEqual(self._matched() & complaints, complaints)
            self.assertEqual(set(responses.mapped("escalation_level")), {2})
            self.assertEqual(set(complaints.mapped("user_id")), {self.senior})
        with freeze_time("2026-11-05 10:00:00"):
            self._matched()
            self.assertEqual(set(responses.mapped("escalation_level")), {3})
            # top of the ladder: not read again, however old the breach
            self.assertFalse(self._due(responses))
        with freeze_time("2026-12-05 10:00:00"):
            self.assertFalse(self._due(responses))
            self.env["helpdesk.ticket"]._cron_escalate()
            self.assertEqual(set(responses.mapped("escalation_level")), {3})

    def test_02_edited_or_added_step_applies(self):
        """A step whose delay a user shortens is taken at the next run; a step
        added after the top of the ladder was reached is taken too."""
        complaints, responses = self._breached(2)
        reassign = self.env.ref("complaint_management.escalation_rule_reassign")
        with freeze_time("2026-11-04 11:00:00"):
            self.env["helpdesk.ticket"]._cron_escalate()
            self.assertEqual(set(responses.mapped("escalation_level")), {1})
            reassign.delay_hours = 1
            self.env["helpdesk.ticket"]._cron_escalate()
            self.assertEqual(set(responses.mapped("escalation_level")), {2})
            self.assertEqual(set(complaints.mapped("user_id")), {self.senior})
        with freeze_time("2026-11-05 10:00:00"):
            self.env["helpdesk.ticket"]._cron_escalate()
            self.assertEqual(set(responses.mapped("escalation_level")), {3})
            self.env["complaint.escalation.rule"].create(
                {
                    "sequence": 40,
                    "name": "Tell the team leader again",
                    "action": "notify_manager",
                    "delay_hours": 48,
                    "milestone": "response",
                }
            )
            self.env["helpdesk.ticket"]._cron_escalate()
            self.assertEqual(set(responses.mapped("escalation_level")), {3})
        with freeze_time("2026-11-06 10:00:00"):
            self.env["helpdesk.ticket"]._cron_escalate()
            self.assertEqual(set(responses.mapped("escalation_level")), {4})
