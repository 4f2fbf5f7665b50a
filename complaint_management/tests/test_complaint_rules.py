from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon

# The fields each rule model requires besides its criteria.
RULE_MODELS = {
    "complaint.grading.rule": {"condition": "line_stopped", "severity": "serious"},
    "complaint.sla.policy": {"milestone": "response", "duration": 1.0},
    "complaint.8d.requirement": {"responsibility": False},
    "complaint.goodwill.policy": {"remedy_type": "refund", "amount_limit": 10.0},
    "complaint.escalation.rule": {"action": "notify_manager"},
}


@tagged("post_install", "-at_install")
class TestComplaintRules(ComplaintCommon):
    """The five rule models share complaint.rule.mixin: one meaning per criterion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_b = cls.env["helpdesk.ticket.team"].create(
            {"name": "Second Desk", "complaint_team": True}
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Key account"})
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Beta Tools", "is_company": True, "category_id": cls.tag.ids}
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.customer.id}
        )

    def _complaints(self):
        """Four complaints that differ in team, customer, product, defect, grade."""
        return (
            self._complaint(
                partner_id=self.buyer.id,
                product_id=self.product.id,
                defect_type_id=self.defect_function.id,
                stopped_customer_line=True,
            ),
            self._complaint(
                team_id=self.team_b.id,
                partner_id=self.other_customer.id,
                product_id=self.product_other.id,
                defect_type_id=self.defect_scratch.id,
                stopped_customer_line=True,
            ),
            self._complaint(
                partner_id=self.other_customer.id,
                product_id=self.product.id,
                defect_type_id=self.defect_foreign.id,
                stopped_customer_line=True,
            ),
            self._complaint(stopped_customer_line=True),
        )

    def _matched(self, model, criteria, tickets):
        rule = self.env[model].create(
            {"name": "criteria", **RULE_MODELS[model], **criteria}
        )
        matches = rule._match(tickets)
        return [bool(matches[ticket.id]) for ticket in tickets]

    def test_01_same_meaning_on_every_rule_model(self):
        """Team, customer (with its contacts), customer tag, product, defect family,
        defect type, grade and major mean the same on all five rule models; an empty
        criterion matches every complaint."""
        acme, beta_b, beta_major, bare = complaints = self._complaints()
        tickets = acme | beta_b | beta_major | bare
        self.assertEqual(
            [c.complaint_severity for c in complaints],
            ["serious", "serious", "serious", "serious"],
        )
        cases = [
            ({}, [True, True, True, True]),
            ({"team_ids": [(6, 0, self.team_b.ids)]}, [False, True, False, False]),
            ({"partner_ids": [(6, 0, self.customer.ids)]}, [True, False, False, False]),
            (
                {"partner_category_ids": [(6, 0, self.tag.ids)]},
                [False, True, True, False],
            ),
            ({"product_ids": [(6, 0, self.product.ids)]}, [True, False, True, False]),
            ({"defect_family": "function"}, [True, False, False, False]),
            (
                {"defect_type_ids": [(6, 0, self.defect_foreign.ids)]},
                [False, False, True, False],
            ),
            ({"major_only": True}, [False, False, True, False]),
            (
                {
                    "team_ids": [(6, 0, self.team.ids)],
                    "product_ids": [(6, 0, self.product.ids)],
                },
                [True, False, True, False],
            ),
        ]
        for model in RULE_MODELS:
            for criteria, expected in cases:
                with self.subTest(model=model, criteria=criteria):
                    self.assertEqual(self._matched(model, criteria, tickets), expected)

    def test_02_grade_criterion(self):
        """The grade criterion reads the complaint's grade on the models that have
        one (grading rules give the grade, so they have none)."""
        serious = self._complaint(defect_type_id=self.defect_function.id)
        general = self._complaint(defect_type_id=self.defect_scratch.id)
        tickets = serious | general
        for model, field in (
            ("complaint.sla.policy", "severity"),
            ("complaint.8d.requirement", "severity"),
            ("complaint.goodwill.policy", "complaint_severity"),
            ("complaint.escalation.rule", "severity"),
        ):
            with self.subTest(model=model):
                self.assertEqual(
                    self._matched(model, {field: "general"}, tickets), [False, True]
                )

    def test_03_company_criterion(self):
        """A rule of another company does not apply; a shared one applies."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        complaint = self._complaint(stopped_customer_line=True)
        for model in RULE_MODELS:
            with self.subTest(model=model):
                self.assertEqual(
                    self._matched(model, {"company_id": other_company.id}, complaint),
                    [False],
                )
                self.assertEqual(
                    self._matched(model, {"company_id": False}, complaint), [True]
                )

    def test_04_match_is_batch_safe(self):
        """Matching many rules against many complaints reads each once: the query
        count does not depend on the number of pairs."""
        tickets = self.env["helpdesk.ticket"].concat(*self._complaints())
        Policy = self.env["complaint.sla.policy"]
        policies = Policy.create(
            [
                {
                    "name": f"p{i}",
                    "milestone": "response",
                    "duration": 1.0,
                    "team_ids": [(6, 0, self.team.ids)],
                    "partner_category_ids": [(6, 0, self.tag.ids)],
                }
                for i in range(20)
            ]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            matches = policies.browse(policies.ids)._match(tickets.browse(tickets.ids))
        self.assertEqual(len(matches[tickets[2].id]), 20)
        self.assertFalse(matches[tickets[0].id])

    def test_05_escalation_ladder_follows_the_criteria(self):
        """An escalation step limited to a team is not on the ladder of another
        team's complaints."""
        complaint = self._complaint()
        steps = self.env["complaint.escalation.rule"].search([])
        self.assertTrue(steps._match(complaint)[complaint.id])
        steps.write({"team_ids": [(6, 0, self.team_b.ids)]})
        self.assertFalse(steps._match(complaint)[complaint.id])

    def test_06_policy_change_replans_open_complaints(self):
        """Creating, changing and archiving a deadline policy re-plans the open
        complaints it touches, not the others (issue 10, case 5)."""
        with freeze_time("2026-11-02 09:00:00"):
            ours = self._complaint(complaint_date=datetime(2026, 11, 2, 9, 0))
            theirs = self._complaint(
                team_id=self.team_b.id, complaint_date=datetime(2026, 11, 2, 9, 0)
            )
            policy = self.env["complaint.sla.policy"].create(
                {
                    "name": "Desk: resolution within 48 hours",
                    "milestone": "resolution",
                    "start_event": "received",
                    "duration": 48,
                    "duration_unit": "calendar_hours",
                    "team_ids": [(6, 0, self.team.ids)],
                }
            )

            def resolution(complaint):
                return complaint.sla_milestone_ids.filtered(
                    lambda m: m.milestone == "resolution" and m.state != "met"
                )

            self.assertEqual(resolution(ours).deadline, datetime(2026, 11, 4, 9, 0))
            self.assertEqual(resolution(ours).policy_id, policy)
            self.assertEqual(resolution(theirs).deadline, datetime(2026, 11, 9, 9, 0))
            policy.duration = 24
            self.assertEqual(resolution(ours).deadline, datetime(2026, 11, 3, 9, 0))
            policy.active = False
            self.assertEqual(resolution(ours).deadline, datetime(2026, 11, 9, 9, 0))

    def test_08_planning_policy_is_archived_not_deleted(self):
        """A deadline policy that planned milestones cannot be deleted (it would
        erase their history): the message says to archive it, and nothing
        changes; an unused policy is deleted."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._complaint(complaint_date=datetime(2026, 11, 2, 9, 0))
        milestone = complaint.sla_milestone_ids[:1]
        policy = milestone.policy_id
        self.assertTrue(policy)
        with self.assertRaisesRegex(UserError, "archive it instead"):
            policy.unlink()
        self.assertTrue(policy.exists())
        self.assertEqual(milestone.policy_id, policy)
        unused = self.env["complaint.sla.policy"].create(
            {
                "name": "Unused",
                "milestone": "response",
                "duration": 1.0,
                "active": False,
            }
        )
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_07_escalation_ladder_is_the_complaints_own(self):
        """A missed deadline climbs only the escalation steps whose criteria match
        its complaint: steps limited to another team are not on its ladder."""
        Ticket = self.env["helpdesk.ticket"]
        steps = self.env["complaint.escalation.rule"].search([])
        steps.write({"team_ids": [(6, 0, self.team_b.ids)]})
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._complaint(complaint_date=datetime(2026, 11, 2, 9, 0))
        resolution = complaint.sla_milestone_ids.filtered(
            lambda m: m.milestone == "resolution"
        )
        with freeze_time("2026-11-20 09:00:00"):
            Ticket._cron_escalate()
            self.assertEqual(resolution.state, "breached")
            self.assertEqual(resolution.escalation_level, 0)
            steps.write({"team_ids": [(6, 0, self.team.ids)]})
            Ticket._cron_escalate()
            self.assertEqual(resolution.escalation_level, 1)
