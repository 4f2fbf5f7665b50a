from odoo import Command
from odoo.tests import new_test_user

from .common import ComplaintCommon


class BranchCommon(ComplaintCommon):
    """A head office with two branches (child companies): each branch's counter
    team and officer, the head office's desk, its major-complaint team with a
    department head, an executive and an audit team, a quality manager and a
    call centre that work for the head office and its branches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.head = Company.create({"name": "Head Office"})
        cls.branch_a = Company.create({"name": "Branch A", "parent_id": cls.head.id})
        cls.branch_b = Company.create({"name": "Branch B", "parent_id": cls.head.id})
        everywhere = cls.head | cls.branch_a | cls.branch_b
        cls.officer_a = cls._company_user("b_officer_a", "officer", cls.branch_a)
        cls.officer_b = cls._company_user("b_officer_b", "officer", cls.branch_b)
        cls.officer_ho = cls._company_user("b_officer_ho", "officer", everywhere)
        cls.head_of_dept = cls._company_user("b_head", "manager", everywhere)
        cls.manager_ho = cls._company_user("b_manager", "manager", everywhere)
        cls.exec_ho = cls._company_user("b_exec", "approver_vp", everywhere)
        cls.auditor_ho = cls._company_user("b_audit", "engineer", everywhere)
        cls.call_centre = cls._company_user("b_call", "call_centre", everywhere)
        Team = cls.env["helpdesk.ticket.team"]
        common = {"complaint_team": True, "complaint_acknowledge": False}
        cls.team_a = Team.create(
            dict(
                common,
                name="Counter A",
                company_id=cls.branch_a.id,
                user_ids=[Command.set(cls.officer_a.ids)],
            )
        )
        cls.team_b = Team.create(
            dict(
                common,
                name="Counter B",
                company_id=cls.branch_b.id,
                user_ids=[Command.set(cls.officer_b.ids)],
            )
        )
        cls.team_ho = Team.create(
            dict(
                common,
                name="Head Office Desk",
                company_id=cls.head.id,
                user_ids=[Command.set(cls.officer_ho.ids)],
            )
        )
        cls.team_major = Team.create(
            dict(
                common,
                name="Major Complaints",
                company_id=cls.head.id,
                major_manager_id=cls.head_of_dept.id,
                major_executive_id=cls.exec_ho.id,
                audit_user_ids=[Command.set(cls.auditor_ho.ids)],
                user_ids=[Command.set((cls.officer_ho | cls.head_of_dept).ids)],
            )
        )
        cls.head.complaint_major_team_id = cls.team_major

    @classmethod
    def _company_user(cls, login, role, companies):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,complaint_management.group_complaint_{role}",
            email=f"{login}@example.com",
            company_id=companies[:1].id,
            company_ids=[Command.set(companies.ids)],
        )

    def _branch_complaint(self, user, team, **values):
        """A complaint recorded by ``user`` at ``team``."""
        vals = {
            **self._complete_intake(),
            "name": "Broken plate",
            "description": "<p>Chipped plate</p>",
            "team_id": team.id,
        }
        vals.update(values)
        ticket = self.env["helpdesk.ticket"].with_user(user).create(vals)
        return ticket.with_env(self.env)

    def _major(self, user=None, team=None, **values):
        """A major complaint (a foreign object) recorded at a branch."""
        return self._branch_complaint(
            user or self.officer_a,
            team or self.team_a,
            defect_type_id=self.defect_foreign.id,
            **values,
        )
