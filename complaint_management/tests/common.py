from contextlib import contextmanager
from datetime import datetime

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class ComplaintCommon(BaseCommon):
    """One user per complaint role, a complaint team, defect types, products and
    customers: the small world every complaint test starts from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._new_user("t_officer", "group_complaint_officer")
        cls.engineer = cls._new_user("t_engineer", "group_complaint_engineer")
        cls.qa_manager = cls._new_user("t_qa_manager", "group_complaint_manager")
        cls.executive = cls._new_user("t_executive", "group_complaint_approver_vp")
        cls.internal_user = new_test_user(
            cls.env, login="t_internal", groups="base.group_user"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaint Desk",
                "complaint_team": True,
                "user_ids": [(6, 0, (cls.officer | cls.engineer | cls.qa_manager).ids)],
                "major_manager_id": cls.qa_manager.id,
                "major_executive_id": cls.executive.id,
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
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Castings Inc.", "is_company": True}
        )
        ref = cls.env.ref
        cls.defect_function = ref("complaint_management.defect_type_function")
        cls.defect_scratch = ref("complaint_management.defect_type_scratch")
        cls.defect_short = ref("complaint_management.defect_type_short_qty")
        cls.defect_label = ref("complaint_management.defect_type_label")
        cls.defect_foreign = ref("complaint_management.defect_type_foreign_object")
        category = cls.env["product.category"].create({"name": "Brakes"})
        cls.product = cls.env["product.product"].create(
            {"name": "Caliper", "default_code": "CAL-1", "categ_id": category.id}
        )
        cls.product_other = cls.env["product.product"].create(
            {"name": "Housing", "default_code": "HSG-1"}
        )
        cls.product_sibling = cls.env["product.product"].create(
            {"name": "Caliper rear", "default_code": "CAL-2", "categ_id": category.id}
        )
        # A repeat is, by default, the same product *or* the same defect type
        # (rules §17.2): most complaints of these tests (one product, a handful of
        # defect types, the demo complaints of the same weeks) would repeat one
        # another and be graded serious. They are graded by their own facts: the
        # same product and defect type; the repeat tests set what they test.
        cls.env.company.complaint_repeat_match = "both"

    @classmethod
    def _close_without_8d(cls):
        """Let complaints of ours close without an 8D report, for tests of
        something else: the shipped rule asks an 8D of every complaint the
        company is responsible for (rules §17.1), tested by the 8D tests."""
        cls.env.ref(
            "complaint_management.complaint_8d_requirement_company"
        ).active = False

    @classmethod
    def _new_user(cls, login, group):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,complaint_management.{group}",
            email=f"{login}@example.com",
        )

    @classmethod
    def _complete_intake(cls):
        """Values that satisfy the default minimum intake of domain.md §2."""
        return {
            "partner_id": cls.customer.id,
            "product_id": cls.product.id,
            "defect_type_id": cls.defect_scratch.id,
            "shipped_date": "2026-10-01",
            "shipped_qty": 1000,
            "lot_qty": 500,
            "defect_qty": 20,
            "detection_stage": "incoming",
        }

    def _complaint(self, **values):
        vals = {
            "name": "Calipers leak",
            "description": "<p>Leak at the bleed screw</p>",
            "team_id": self.team.id,
            "complaint_date": datetime(2026, 11, 2, 9, 0),
        }
        vals.update(values)
        return self.env["helpdesk.ticket"].create(vals)

    def _tracked_complaint(self, **values):
        """A complaint whose later changes are tracked in the chatter, as in
        production (the test environment turns tracking off by default)."""
        complaint = self._complaint(**values).with_context(
            tracking_disable=False, mail_notrack=False
        )
        self._flush_tracking()
        return complaint

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back to a savepoint, so nothing stays written)
        that also checks the message says ``text``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    def _flush_tracking(self):
        """Write the chatter's tracking values now, as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()


class ComplaintSlaCommon(ComplaintCommon):
    """A team working Mon-Fri 8-12 and 13-17 UTC, with a leader and a senior
    handler for the escalation ladder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        attendances = [
            (0, 0, {"name": f"{day} {start}", "dayofweek": str(day),
                    "hour_from": start, "hour_to": end, "day_period": period})
            for day in range(5)
            for start, end, period in ((8, 12, "morning"), (13, 17, "afternoon"))
        ]  # fmt: skip
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Complaint desk hours",
                "tz": "UTC",
                "hours_per_day": 8,
                "attendance_ids": [(5, 0, 0)] + attendances,
            }
        )
        cls.leader = cls._new_user("t_leader", "group_complaint_engineer")
        cls.senior = cls._new_user("t_senior", "group_complaint_engineer")
        cls.team.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "user_id": cls.leader.id,
                "escalation_user_id": cls.senior.id,
                "complaint_acknowledge": False,
            }
        )
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def _milestone(self, complaint, milestone):
        return complaint.sla_milestone_ids.filtered(
            lambda m: m.milestone == milestone
        ).sorted("id")

    def _handed_over(self, **values):
        vals = dict(self._complete_intake(), complaint_date=datetime.now())
        vals.update(values)
        complaint = self._complaint(**vals)
        complaint.action_hand_over_to_qa()
        return complaint

    def _serious(self, **values):
        return self._handed_over(
            defect_type_id=self.defect_function.id, responsibility="company", **values
        )

    def _new_8d(self, complaint):
        return (
            self.env["complaint.8d"]
            .with_user(self.engineer)
            .create({"ticket_ids": [fields.Command.link(complaint.id)]})
        )


CHINESE = ["zh_CN", "zh_TW"]


def load_chinese(env):
    """Activate Simplified and Traditional Chinese with the terms of the complaint
    screens (ours and those of helpdesk_mgmt and helpdesk_product that this addon
    ships in i18n_extra/), as installing the languages does."""
    for lang in CHINESE:
        env["res.lang"]._activate_lang(lang)
    env["ir.module.module"]._load_module_terms(
        ["helpdesk_mgmt", "helpdesk_product", "complaint_management"],
        CHINESE,
        overwrite=True,
    )
