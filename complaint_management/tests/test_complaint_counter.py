from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .counter_common import CALLED_AT, CounterCommon


@tagged("post_install", "-at_install")
class TestComplaintCounter(CounterCommon):
    """The department called to the counter (rules §19.1, §19.2, §19.4)."""

    def _called(self, **values):
        complaint = self._counter_complaint(**values)
        with freeze_time(CALLED_AT):
            complaint.action_call_department()
        return complaint

    def test_01_call_tells_the_leader_with_the_company_limit(self):
        """Calling the department gives its team leader an activity and a limit
        of the company's 30 minutes."""
        complaint = self._called()
        self.assertEqual(complaint.department_state, "called")
        self.assertEqual(complaint.department_leader_id, self.leader)
        self.assertEqual(complaint.department_called_by_id, self.officer)
        self.assertEqual(
            complaint.department_deadline, CALLED_AT + timedelta(minutes=30)
        )
        activity = complaint.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref(
                    "complaint_management.mail_act_complaint_department_call"
                )
            )
        )
        self.assertEqual(activity.user_id, self.leader)
        self.assertIn(self.leader.partner_id, complaint.message_partner_ids)

    def test_02_limit_is_company_data(self):
        """The arrival limit is the company's setting."""
        self.env.company.complaint_department_arrival_minutes = 10
        complaint = self._called()
        self.assertEqual(
            complaint.department_deadline, CALLED_AT + timedelta(minutes=10)
        )
        with self.assertRaisesText(ValidationError, "between 1 and 1440"):
            self.env.company.complaint_department_arrival_minutes = 0

    def test_03_confirmed_in_time(self):
        """The team leader confirms within the limit and signs: the outcome is
        the department's, arrived in time, and it stays as signed."""
        complaint = self._called()
        with freeze_time(CALLED_AT + timedelta(minutes=20)):
            self._confirm_as(self.leader, complaint)
        self.assertEqual(complaint.department_state, "confirmed")
        self.assertEqual(complaint.department_arrival, "in_time")
        self.assertEqual(complaint.department_finding, "confirmed")
        self.assertEqual(complaint.department_signed_by_id, self.leader)
        self.assertTrue(complaint.department_signature)
        self.assertFalse(
            complaint.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id.res_model == "helpdesk.ticket"
                    and a.user_id == self.leader
                )
            )
        )
        with self.assertRaisesText(ValidationError, "stays as signed"):
            complaint.with_user(self.leader).write({"department_finding": "denied"})
        with self.assertRaisesText(ValidationError, "stays as signed"):
            complaint.write({"front_desk_decision": "Refund"})

    def test_04_only_the_leader_confirms(self):
        """Another member of the department, or the front desk, cannot sign for
        the team leader."""
        complaint = self._called()
        with freeze_time(CALLED_AT + timedelta(minutes=5)):
            for user in (self.staff, self.officer):
                with self.assertRaisesText(UserError, "Only the team leader"):
                    self._confirm_as(user, complaint)
        self.assertEqual(complaint.department_state, "called")

    def test_05_late_the_front_desk_decides(self):
        """Past the limit the department's confirmation is refused; the front
        desk decides, and the department cannot change the outcome."""
        complaint = self._called()
        with freeze_time(CALLED_AT + timedelta(minutes=10)):
            self.assertFalse(complaint.can_front_desk_decide)
            with self.assertRaisesText(UserError, "has until"):
                complaint.action_front_desk_decide_late()
        with freeze_time(CALLED_AT + timedelta(minutes=31)):
            complaint.invalidate_recordset(["can_department_confirm"])
            self.assertFalse(complaint.with_user(self.leader).can_department_confirm)
            with self.assertRaisesText(UserError, "had until"):
                self._confirm_as(self.leader, complaint)
            with self.assertRaisesText(UserError, "decision"):
                complaint.action_front_desk_decide_late()
            complaint.front_desk_decision = "Refund and a voucher."
            complaint.action_front_desk_decide_late()
        self.assertEqual(complaint.department_state, "front_desk")
        self.assertEqual(complaint.department_arrival, "late")
        self.assertEqual(complaint.front_desk_decided_by_id, self.officer)
        with freeze_time(CALLED_AT + timedelta(minutes=40)):
            with self.assertRaisesText(UserError, "cannot change that outcome"):
                self._confirm_as(self.leader, complaint)
            with self.assertRaisesText(ValidationError, "cannot change that outcome"):
                complaint.with_user(self.leader).write({"department_finding": "denied"})
            with self.assertRaisesText(ValidationError, "cannot change that outcome"):
                complaint.with_user(self.leader).write(
                    {"front_desk_decision": "No refund"}
                )

    def test_06_major_case_to_the_duty_manager(self):
        """A major case at the counter is reported at once to the duty manager,
        once."""
        complaint = self._called(defect_type_id=self.defect_foreign.id, is_major=True)
        self.assertTrue(complaint.is_major)
        self.assertTrue(complaint.duty_manager_notified_date)
        self.assertIn(self.duty_manager.partner_id, complaint.message_partner_ids)
        major = self.env.ref("complaint_management.mail_act_complaint_major")
        self.assertEqual(
            len(
                complaint.activity_ids.filtered(
                    lambda a: (
                        a.activity_type_id == major and a.user_id == self.duty_manager
                    )
                )
            ),
            1,
        )
        with freeze_time(CALLED_AT + timedelta(minutes=5)):
            self._confirm_as(self.leader, complaint)
        self.assertEqual(
            len(
                complaint.activity_ids.filtered(
                    lambda a: (
                        a.activity_type_id == major and a.user_id == self.duty_manager
                    )
                )
            ),
            1,
        )

    def test_07_reported_per_department(self):
        """Per department: arrived in time, late, never."""
        in_time, late, never = self._called(), self._called(), self._called()
        with freeze_time(CALLED_AT + timedelta(minutes=5)):
            self._confirm_as(self.leader, in_time)
        with freeze_time(CALLED_AT + timedelta(minutes=45)):
            for complaint in late | never:
                complaint.front_desk_decision = "Refund"
            late.action_front_desk_decide_late()
            never.action_front_desk_decide_never()
        groups = self.env["helpdesk.ticket"]._read_group(
            [("department_team_id", "=", self.department.id)],
            ["department_arrival"],
            ["__count"],
        )
        self.assertEqual(dict(groups), {"in_time": 1, "late": 1, "never": 1})

    def test_08_counter_fields_are_the_applications(self):
        """Nobody creates or writes the counter's own fields; the department
        called stays."""
        with self.assertRaisesText(ValidationError, "counter's own steps"):
            self._complaint(department_state="confirmed")
        complaint = self._counter_complaint()
        with self.assertRaisesText(ValidationError, "counter's own steps"):
            complaint.write({"department_arrival": "in_time"})
        complaint.action_call_department()
        other = self.env["helpdesk.ticket.team"].create(
            {"name": "Bakery", "complaint_department": True, "user_id": self.staff.id}
        )
        with self.assertRaisesText(ValidationError, "already called"):
            complaint.department_team_id = other

    def test_09_department_staff_complaint_goes_to_the_front_desk(self):
        """A complaint recorded by a department's staff lands at the front desk,
        its recorder kept; the front desk's own stay where they are."""
        Ticket = self.env["helpdesk.ticket"]
        complaint = Ticket.with_user(self.staff).create(
            {
                "name": "Mouldy bread",
                "description": "<p>Mould</p>",
                "team_id": self.department.id,
                "is_complaint": True,
            }
        )
        complaint = complaint.sudo()
        self.assertEqual(complaint.team_id, self.team)
        self.assertTrue(complaint.is_complaint)
        self.assertTrue(complaint.complaint_number)
        self.assertEqual(complaint.receiver_id, self.staff)
        self.assertEqual(complaint.counter_origin_team_id, self.department)
        self.assertEqual(complaint.department_team_id, self.department)
        self.assertIn(
            "handed to the front desk", "".join(complaint.message_ids.mapped("body"))
        )
        own = Ticket.with_user(self.officer).create(
            {"name": "Rude guard", "description": "<p>x</p>", "team_id": self.team.id}
        )
        self.assertEqual(own.team_id, self.team)
        self.assertFalse(own.counter_origin_team_id)
        # without a front desk configured, nothing moves
        self.env.company.complaint_front_desk_team_id = False
        stays = Ticket.with_user(self.staff).create(
            {
                "name": "Dented can",
                "description": "<p>x</p>",
                "team_id": self.department.id,
                "is_complaint": True,
            }
        )
        self.assertEqual(stays.sudo().team_id, self.department)


@tagged("post_install", "-at_install")
class TestComplaintSuggestion(CounterCommon):
    """A suggestion: recorded, answered and reported without a grade or
    deadlines (rules §19.5)."""

    def test_01_suggestion_has_no_grade_nor_deadlines(self):
        """A suggestion, even about a functional defect, has no grade, is not
        major and plans no deadline; a complaint does."""
        suggestion = self._complaint(
            complaint_kind="suggestion",
            defect_type_id=self.defect_function.id,
            complaint_date=self.env.cr.now(),
        )
        complaint = self._complaint(
            defect_type_id=self.defect_function.id, complaint_date=self.env.cr.now()
        )
        self.assertFalse(suggestion.complaint_severity)
        self.assertFalse(suggestion.severity_computed)
        self.assertFalse(suggestion.is_major)
        self.assertFalse(suggestion.sla_milestone_ids)
        self.assertTrue(suggestion.complaint_number)
        self.assertEqual(complaint.complaint_severity, "serious")
        self.assertTrue(complaint.sla_milestone_ids)

    def test_02_a_complaint_turned_suggestion_drops_its_deadlines(self):
        """Recording a complaint as a suggestion ends its open deadlines; a grade
        set by hand is refused on a suggestion."""
        complaint = self._complaint(
            defect_type_id=self.defect_scratch.id, complaint_date=self.env.cr.now()
        )
        self.assertTrue(complaint.sla_milestone_ids.filtered("is_open"))
        complaint.complaint_kind = "suggestion"
        self.assertFalse(complaint.complaint_severity)
        self.assertFalse(complaint.sla_milestone_ids.filtered("is_open"))
        with self.assertRaisesText(ValidationError, "is a suggestion"):
            complaint.write(
                {"severity_override": "serious", "severity_override_reason": "x"}
            )

    def test_03_reported_as_suggestions(self):
        """The analysis counts suggestions apart, and the register says so."""
        suggestion = self._complaint(
            complaint_kind="suggestion", incident_place="Checkout 4"
        )
        self.env.flush_all()
        rows = self.env["complaint.report"].search([("ticket_id", "=", suggestion.id)])
        self.assertEqual(rows.complaint_kind, "suggestion")
        self.assertFalse(rows.complaint_severity)
        Workbook = self.env["report.complaint_management.complaint_xlsx_base"]
        rows = Workbook._ticket_rows_extra(suggestion)
        self.assertEqual(rows[suggestion.id]["complaint_kind"], "Suggestion")
        self.assertEqual(rows[suggestion.id]["incident_place"], "Checkout 4")
