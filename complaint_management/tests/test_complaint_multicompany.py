from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon

MODELS = (
    "helpdesk.ticket",
    "complaint.remedy",
    "complaint.remedy.line",
    "complaint.8d",
    "complaint.8d.member",
    "complaint.8d.action",
    "complaint.sla.milestone",
    "complaint.sla.pause",
    "complaint.defect.type",
    "complaint.grading.rule",
    "complaint.sla.policy",
    "complaint.escalation.rule",
)


@tagged("post_install", "-at_install")
class TestComplaintMultiCompany(ComplaintCommon):
    """Two companies: the users of each see and change only their own records,
    whatever company a client claims to work in (issue 13: nothing crosses
    companies)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_1 = cls.env.company
        cls.company_2 = cls.env["res.company"].create({"name": "Second Works"})
        cls.worlds = {}
        for index, company in enumerate((cls.company_1, cls.company_2), start=1):
            users = {
                role: new_test_user(
                    cls.env,
                    login=f"mc{index}_{role}",
                    groups=f"base.group_user,complaint_management.{group}",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
                for role, group in (
                    ("officer", "group_complaint_officer"),
                    ("manager", "group_complaint_manager"),
                    ("auditor", "group_complaint_auditor"),
                    ("finance", "group_complaint_finance"),
                )
            }
            team = cls.env["helpdesk.ticket.team"].create(
                {
                    "name": f"Desk {index}",
                    "company_id": company.id,
                    "complaint_team": True,
                    "complaint_acknowledge": False,
                    "user_ids": [Command.set(users["officer"].ids)],
                }
            )
            env = cls.env(
                context=dict(cls.env.context, allowed_company_ids=company.ids)
            )
            complaint = env["helpdesk.ticket"].create(
                {
                    **cls._complete_intake(),
                    "name": f"Complaint of company {index}",
                    "description": "<p>x</p>",
                    "team_id": team.id,
                    "company_id": company.id,
                    "responsibility": "company",
                }
            )
            complaint.action_hand_over_to_qa()
            remedy = env["complaint.remedy"].create(
                {
                    "ticket_id": complaint.id,
                    "remedy_type": "replacement",
                    "amount": 10.0,
                    "line_ids": [Command.create({"product_id": cls.product.id})],
                }
            )
            report = env["complaint.8d"].create(
                {
                    "ticket_ids": [Command.link(complaint.id)],
                    "member_ids": [
                        Command.create(
                            {"user_id": users["manager"].id, "role": "leader"}
                        )
                    ],
                    "action_ids": [
                        Command.create(
                            {
                                "action_type": "containment",
                                "name": "Sort",
                                "date_due": "2026-12-15",
                            }
                        )
                    ],
                }
            )
            pause = env["complaint.sla.pause"].create(
                {
                    "ticket_id": complaint.id,
                    "reason": "Samples",
                    "customer_informed_date": "2026-11-02",
                    "sales_agreed_user_id": users["officer"].id,
                    "sales_agreed_date": "2026-11-02 08:00:00",
                }
            )
            config = {
                "complaint.defect.type": {"code": f"MC{index}", "name": "Local"},
                "complaint.grading.rule": {
                    "name": "Local",
                    "condition": "major",
                    "severity": "serious",
                },
                "complaint.sla.policy": {"name": "Local", "milestone": "response"},
                "complaint.escalation.rule": {
                    "name": "Local",
                    "action": "notify_manager",
                },
            }
            records = {
                "helpdesk.ticket": complaint,
                "complaint.remedy": remedy,
                "complaint.remedy.line": remedy.line_ids,
                "complaint.8d": report,
                "complaint.8d.member": report.member_ids,
                "complaint.8d.action": report.action_ids,
                "complaint.sla.milestone": complaint.sla_milestone_ids,
                "complaint.sla.pause": pause,
            }
            for model, vals in config.items():
                records[model] = env[model].create(dict(vals, company_id=company.id))
            cls.worlds[index] = {"users": users, "records": records}

    def test_01_each_sees_only_its_own(self):
        """Every role of each company finds, among each model's records of both
        companies, only its own company's; reading the other's is refused,
        even when the client claims the other company."""
        for index, other in ((1, 2), (2, 1)):
            users = self.worlds[index]["users"]
            for model in MODELS:
                mine = self.worlds[index]["records"][model]
                theirs = self.worlds[other]["records"][model]
                self.assertTrue(mine and theirs, model)
                for role in ("manager", "auditor"):
                    Model = self.env[model].with_user(users[role])
                    found = Model.search([("id", "in", (mine | theirs).ids)])
                    self.assertEqual(found, mine, f"{model} as {role} of {index}")
                    with self.assertRaises(AccessError):
                        theirs.with_user(users[role]).read(["display_name"])
                    with self.assertRaises(AccessError):
                        theirs.with_user(users[role]).with_context(
                            allowed_company_ids=(self.company_1 | self.company_2).ids
                        ).read(["display_name"])

    def test_02_each_changes_only_its_own(self):
        """A quality manager changes their company's complaint, remedy and 8D,
        never the other company's; nothing of the other changes."""
        manager = self.worlds[1]["users"]["manager"]
        mine = self.worlds[1]["records"]
        theirs = self.worlds[2]["records"]
        mine["helpdesk.ticket"].with_user(manager).write({"lot_number": "L-1"})
        self.assertEqual(mine["helpdesk.ticket"].lot_number, "L-1")
        for model, vals in (
            ("helpdesk.ticket", {"lot_number": "L-2"}),
            ("complaint.remedy", {"receipt_reference": "R-2"}),
            ("complaint.8d", {"emergency_response": "Forged"}),
            ("complaint.grading.rule", {"name": "Forged"}),
        ):
            record = theirs[model]
            before = record.read(list(vals))[0]
            with self.assertRaises(AccessError):
                record.with_user(manager).write(vals)
            record.invalidate_recordset()
            self.assertEqual(record.read(list(vals))[0], before)
        with self.assertRaises(AccessError):
            theirs["complaint.remedy"].with_user(manager).unlink()

    def test_03_history_stays_in_its_company(self):
        """The customer's history an approver reads counts the remedies of the
        remedy's own company only."""
        remedy_1 = self.worlds[1]["records"]["complaint.remedy"]
        remedy_2 = self.worlds[2]["records"]["complaint.remedy"]
        self.assertEqual(remedy_1.history_complaint_count, 1)
        self.assertEqual(remedy_2.history_complaint_count, 1)
        self.assertEqual(remedy_1.history_remedy_count, 0)
