from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class ComplaintCommon(BaseCommon):
    """One user per complaint role, a complaint team and a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._new_user("t_officer", "group_complaint_officer")
        cls.engineer = cls._new_user("t_engineer", "group_complaint_engineer")
        cls.qa_manager = cls._new_user("t_qa_manager", "group_complaint_manager")
        cls.internal_user = new_test_user(
            cls.env, login="t_internal", groups="base.group_user"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaint Desk",
                "complaint_team": True,
                "user_ids": [(6, 0, (cls.officer | cls.engineer | cls.qa_manager).ids)],
            }
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create({"name": "IT Support"})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Acme Motors",
                "email": "quality@acme.example.com",
                "is_company": True,
            }
        )

    @classmethod
    def _new_user(cls, login, group):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,complaint_management.{group}",
            email=f"{login}@example.com",
        )
