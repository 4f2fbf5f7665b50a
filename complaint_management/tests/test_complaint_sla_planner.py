from datetime import datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..lib import sla_planner
from ..lib.sla_planner import Offer, Open

T0 = datetime(2026, 11, 23, 9, 0)


def offer(milestone, policy_id, days, replaces=False):
    return Offer(milestone, policy_id, T0, T0 + timedelta(days=days), replaces)


@tagged("post_install", "-at_install")
class TestComplaintSlaPlanner(BaseCase):
    """The deadline planner's rules, without a database."""

    def test_01_strictest_general_limit_wins(self):
        """Without a replacing customer policy, the earliest deadline governs."""
        chosen = sla_planner.governing_offers(
            [offer("resolution", 1, 7), offer("resolution", 2, 3)]
        )
        self.assertEqual(chosen["resolution"].policy_id, 2)

    def test_02_replacing_customer_policy_governs_even_when_looser(self):
        """A customer's replacing policy governs its milestone; other milestones
        keep the general limits."""
        chosen = sla_planner.governing_offers(
            [
                offer("resolution", 1, 7),
                offer("resolution", 2, 60, replaces=True),
                offer("analysis", 3, 9),
            ]
        )
        self.assertEqual(chosen["resolution"].policy_id, 2)
        self.assertEqual(chosen["analysis"].policy_id, 3)

    def test_03_tightening_customer_policy_only_shortens(self):
        """A tightening policy is one more candidate: it wins only when stricter."""
        looser = sla_planner.governing_offers(
            [offer("resolution", 1, 7), offer("resolution", 2, 30)]
        )
        self.assertEqual(looser["resolution"].policy_id, 1)

    def test_04_changes_create_update_end(self):
        """Missing milestones are created, moved ones updated, unwanted ones
        ended."""
        wanted = {
            "response": offer("response", 1, 2),
            "analysis": offer("analysis", 2, 9),
        }
        open_ones = [
            Open(10, "response", 1, T0, T0 + timedelta(days=1), "running"),
            Open(11, "containment", 5, T0, T0 + timedelta(days=1), "breached"),
        ]
        create, update, end = sla_planner.plan_changes(open_ones, wanted)
        self.assertEqual([o.milestone for o in create], ["analysis"])
        self.assertEqual([(m.id, o.policy_id) for m, o in update], [(10, 1)])
        self.assertEqual([m.id for m in end], [11])

    def test_05_closed_complaint_keeps_only_after_closure_milestones(self):
        """Closing ends the handling milestones; the call-back goes on."""
        wanted = {
            "resolution": offer("resolution", 1, 7),
            "follow_up": offer("follow_up", 2, 7),
        }
        open_ones = [Open(10, "resolution", 1, T0, T0 + timedelta(days=7), "running")]
        create, update, end = sla_planner.plan_changes(open_ones, wanted, closed=True)
        self.assertEqual([o.milestone for o in create], ["follow_up"])
        self.assertFalse(update)
        self.assertEqual([m.id for m in end], [10])

    def test_06_reached_late_is_breached(self):
        """Reached after the deadline: breached; on time: met; already breached:
        breached, even with an event dated before the deadline."""
        deadline = T0 + timedelta(days=1)
        self.assertEqual(sla_planner.reached_state(deadline, T0), "met")
        self.assertEqual(
            sla_planner.reached_state(deadline, deadline + timedelta(days=3)),
            "breached",
        )
        self.assertEqual(
            sla_planner.reached_state(deadline, T0, "breached"), "breached"
        )

    def test_07_ended_keeps_a_breach(self):
        """Ending a milestone keeps a breach; before its deadline it was not
        needed."""
        deadline = T0 + timedelta(days=1)
        self.assertEqual(sla_planner.ended_state("running", deadline, T0), "not_needed")
        self.assertEqual(
            sla_planner.ended_state("running", deadline, T0 + timedelta(days=2)),
            "breached",
        )
        self.assertEqual(sla_planner.ended_state("breached", deadline, T0), "breached")

    def test_08_compliance_is_met_on_time_over_due(self):
        """Compliance counts met and breached milestones only."""
        self.assertIsNone(sla_planner.compliance(["running", "not_needed"]))
        self.assertEqual(
            sla_planner.compliance(["met", "breached", "running", "met", "not_needed"]),
            100.0 * 2 / 3,
        )
