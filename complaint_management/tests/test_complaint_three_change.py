from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .access_matrix import AccessMatrixMixin, JsonRpcMixin
from .common import ComplaintSlaCommon


class ThreeChangeCommon(ComplaintSlaCommon):
    """The Complaint Desk's ladders: on a missed deadline the leader is told, the
    senior handler takes over, the department head (the QA manager) is told; on
    an unhappy customer (the shipped dissatisfaction steps) the senior handler
    takes over, then the department head."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.lang = "en_US"
        cls._close_without_8d()

    def _unhappy(self, complaint, user=None, **values):
        """Record through the officer's wizard that the customer is still unhappy."""
        action = complaint.with_user(user or self.officer).action_customer_unhappy()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user or self.officer)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save()


@tagged("post_install", "-at_install")
class TestComplaintThreeChanges(ThreeChangeCommon):
    """The three changes (三換, rules §16.2): the customer still unhappy at any
    point changes the person (the next step of the ladder), the place and the
    time (a calendar meeting with a more senior manager), each step one record."""

    def test_01_unhappy_mid_case_changes_person_place_and_time(self):
        """Mid-case, the officer records the customer's dissatisfaction: the
        complaint goes to the senior handler, a meeting with the department head
        at the reception room is in the calendar with the customer and the
        manager as attendees, and one step records who, when, where and why."""
        complaint = self._handed_over(user_id=self.officer.id)
        wizard = self._unhappy(
            complaint,
            reason="Waited two weeks for an answer",
            change_place=True,
            change_time=True,
            location="Head office, meeting room 2",
            meeting_start=datetime(2026, 12, 10, 9, 0),
        )
        self.assertEqual(wizard.new_user_id, self.senior)
        self.assertEqual(wizard.manager_id, self.qa_manager, "the step above")
        wizard.action_confirm()
        self.assertEqual(complaint.user_id, self.senior)
        change = complaint.three_change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.trigger, "officer")
        self.assertEqual(change.user_id, self.officer)
        self.assertEqual(change.reason, "Waited two weeks for an answer")
        self.assertTrue(change.change_person and change.change_place)
        self.assertTrue(change.change_time)
        self.assertEqual(change.previous_user_id, self.officer)
        self.assertEqual(change.new_user_id, self.senior)
        self.assertEqual(change.manager_id, self.qa_manager)
        self.assertEqual(change.location, "Head office, meeting room 2")
        event = change.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.start, datetime(2026, 12, 10, 9, 0))
        self.assertEqual(event.location, "Head office, meeting room 2")
        self.assertIn(self.customer, event.partner_ids)
        self.assertIn(self.qa_manager.partner_id, event.partner_ids)
        self.assertEqual(event.user_id, self.qa_manager)
        self.assertEqual(
            (event.res_model, event.res_id), (complaint._name, complaint.id)
        )
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: (
                    "Waited two weeks" in str(m.body)
                    and "meeting room 2" in str(m.body)
                )
            )
        )
        revision = self.env.ref("complaint_management.mail_act_complaint_revision")
        self.assertEqual(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == revision
            ).user_id,
            self.senior,
        )

    def test_02_each_time_one_step_up(self):
        """Unhappy again, the complaint climbs to the next step (the department
        head) and stays on the top step; there, a change of person alone is
        refused with what to do."""
        complaint = self._handed_over(user_id=self.officer.id)
        self._unhappy(complaint, reason="Too slow").action_confirm()
        self.assertEqual(complaint.user_id, self.senior)
        self._unhappy(complaint, reason="Still no answer").action_confirm()
        self.assertEqual(complaint.user_id, self.qa_manager)
        self.assertEqual(len(complaint.three_change_ids), 2)
        wizard = self._unhappy(complaint, reason="Again")
        with self.assertRaisesText(UserError, "top of its escalation ladder"):
            wizard.action_confirm()
        wizard = self._unhappy(
            complaint, reason="Again", change_person=False, change_time=True
        )
        wizard.action_confirm()
        last = complaint.three_change_ids.sorted("id")[-1]
        self.assertFalse(last.change_person)
        self.assertTrue(last.calendar_event_id)
        self.assertEqual(
            last.location, self.env.company.complaint_meeting_location, "default"
        )

    def test_03_reason_required(self):
        """Without a reason the wizard refuses, and nothing changes."""
        complaint = self._handed_over(user_id=self.officer.id)
        wizard = self._unhappy(complaint, reason="   ", change_time=True)
        with self.assertRaisesText(UserError, "unhappy about"):
            wizard.action_confirm()
        self.assertFalse(complaint.three_change_ids)
        self.assertEqual(complaint.user_id, self.officer)
        self.assertFalse(
            self.env["calendar.event"].search(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )

    def test_04_low_satisfaction_answer_takes_the_step(self):
        """A low satisfaction answer at the call-back takes the step: the
        complaint goes to the next person of the ladder, recorded with the
        customer's answer as reason."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        complaint = self._handed_over(user_id=self.engineer.id)
        complaint.write({"responsibility": "company", "stage_id": done.id})
        action = complaint.action_record_callback()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.satisfaction = "1"
        form.comment = "Still leaking"
        form.save().action_confirm()
        self.assertEqual(complaint.user_id, self.senior)
        change = complaint.three_change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.trigger, "satisfaction")
        self.assertIn("Still leaking", change.reason)
        self.assertEqual(change.previous_user_id, self.engineer)
        self.assertEqual(change.new_user_id, self.senior)

    def test_05_a_breach_records_the_change_of_person(self):
        """The missed deadline's ladder hands the complaint over as before and
        records the change of person; the dissatisfaction steps are not taken
        on a breach."""
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
        with freeze_time("2026-11-04 09:30:00"):
            Ticket._cron_escalate()
        self.assertFalse(complaint.three_change_ids, "the leader is only told")
        with freeze_time("2026-11-04 18:00:00"):
            Ticket._cron_escalate()
        self.assertEqual(complaint.user_id, self.senior)
        change = complaint.three_change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.trigger, "breach")
        self.assertEqual(change.rule_id.trigger, "breach")
        self.assertEqual(change.new_user_id, self.senior)

    def test_06_outcome_recorded(self):
        """The meeting's outcome is recorded on the step and in the chatter;
        the trigger of a ladder step is data, shipped for both ladders."""
        complaint = self._handed_over(user_id=self.officer.id)
        self._unhappy(complaint, reason="Angry", change_place=True).action_confirm()
        change = complaint.three_change_ids
        action = change.with_user(self.officer).action_record_outcome()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.officer)
            .with_context(**action["context"])
        )
        form.outcome_state = "satisfied"
        form.outcome = "Replacement agreed with the quality manager"
        form.save().action_confirm()
        self.assertEqual(change.outcome_state, "satisfied")
        self.assertEqual(change.outcome_user_id, self.officer)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "Replacement agreed" in str(m.body)
            )
        )
        unhappy = self.env.ref("complaint_management.escalation_rule_unhappy_senior")
        self.assertEqual(unhappy.trigger, "dissatisfaction")
        breach = self.env.ref("complaint_management.escalation_rule_reassign")
        self.assertEqual(breach.trigger, "breach")

    def test_07_history_written_by_the_application_only(self):
        """Nobody edits or deletes a step through the ORM as a user, nor creates
        one, nor attaches one to the complaint; a closed complaint takes no
        step (it is reopened first)."""
        complaint = self._handed_over(user_id=self.officer.id)
        self._unhappy(complaint, reason="Angry").action_confirm()
        change = complaint.three_change_ids
        for user in (self.officer, self.qa_manager):
            with self.assertRaises(UserError):
                change.with_user(user).write({"reason": "Nothing happened"})
            with self.assertRaises(AccessError):
                change.with_user(user).unlink()
            with self.assertRaises(UserError):
                self.env["complaint.three.change"].with_user(user).create(
                    {"ticket_id": complaint.id, "trigger": "officer", "reason": "x"}
                )
        with self.assertRaises(UserError):
            complaint.with_user(self.qa_manager).write(
                {"three_change_ids": [(0, 0, {"trigger": "officer", "reason": "x"})]}
            )
        self.assertEqual(change.reason, "Angry")
        complaint.write({"responsibility": "company", "stage_id": self.done.id})
        with self.assertRaisesText(UserError, "reopen it"):
            complaint.with_user(self.officer).action_customer_unhappy()


@tagged("post_install", "-at_install")
class TestComplaintThreeChangesRpc(JsonRpcMixin, AccessMatrixMixin, HttpCase):
    """Over JSON-RPC, as a web client or a script calls: a portal user and an
    auditor can neither create nor alter the steps of the three changes, even
    with the marker's key forged in the context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()
        cls.complaint = cls.fixtures["complaint"]
        cls.complaint._three_change_take(
            "officer",
            "Angry",
            change_person=False,
            meeting={"manager": cls.users["manager"], "location": "Office"},
        )
        cls.change = cls.complaint.three_change_ids.filtered(
            lambda c: c.reason == "Angry"
        )
        cls.count = len(cls.complaint.three_change_ids)

    def _refused(self, reply):
        self.assertIn("error", reply, reply)

    def _call_kw(self, model, method, args, kwargs=None):
        # the refusals are logged by the server: expected here
        with mute_logger("odoo.http"):
            return super()._call_kw(model, method, args, kwargs)

    def test_01_portal_and_auditor_refused(self):
        """Create, write, unlink, attaching through the complaint and the engine
        method are all refused; the step stays as it was."""
        forged = {"context": {"complaint_edit": True}}
        for role in ("portal_a", "auditor"):
            self._login(self.users[role])
            self._refused(
                self._call_kw(
                    "complaint.three.change",
                    "create",
                    [{"ticket_id": self.complaint.id, "trigger": "officer",
                      "reason": "forged"}],
                    forged,
                )
            )  # fmt: skip
            self._refused(
                self._call_kw(
                    "complaint.three.change",
                    "write",
                    [self.change.ids, {"reason": "forged"}],
                    forged,
                )
            )
            self._refused(
                self._call_kw("complaint.three.change", "unlink", [self.change.ids])
            )
            self._refused(
                self._call_kw(
                    "helpdesk.ticket",
                    "write",
                    [
                        self.complaint.ids,
                        {"three_change_ids": [(1, self.change.id, {"reason": "x"})]},
                    ],
                    forged,
                )
            )
            self._refused(
                self._call_kw(
                    "helpdesk.ticket",
                    "_three_change_take",
                    [self.complaint.ids, "officer", "forged"],
                )
            )
            self._refused(
                self._call_kw(
                    "helpdesk.ticket", "action_customer_unhappy", [self.complaint.ids]
                )
            )
        self.change.invalidate_recordset()
        self.assertEqual(self.change.reason, "Angry")
        self.complaint.invalidate_recordset()
        self.assertEqual(len(self.complaint.three_change_ids), self.count)

    def test_02_auditor_reads(self):
        """The auditor reads the steps (read-only history); the portal user does
        not."""
        self._login(self.users["auditor"])
        reply = self._call_kw(
            "complaint.three.change", "read", [self.change.ids, ["reason"]]
        )
        self.assertEqual(reply["result"][0]["reason"], "Angry")
        self._login(self.users["portal_a"])
        self._refused(
            self._call_kw(
                "complaint.three.change", "read", [self.change.ids, ["reason"]]
            )
        )


@tagged("post_install", "-at_install")
class TestComplaintThreeChangeTour(HttpCase):
    def test_01_officer_records_dissatisfaction_and_meeting(self):
        """In the browser, the officer records that the customer of a demo
        complaint is still unhappy and schedules the meeting with the quality
        manager in the reception room: the step and the calendar meeting are
        kept, the customer and the manager invited."""
        complaint = self.env.ref("complaint_management.ticket_kettle_packaging_demo")
        self.start_tour(
            f"/odoo/helpdesk.ticket/{complaint.id}",
            "complaint_three_change_tour",
            login="complaint_officer",
        )
        change = complaint.three_change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.location, "Reception room, first floor")
        self.assertEqual(
            change.user_id,
            self.env.ref("complaint_management.user_complaint_officer_demo"),
        )
        manager = self.env.ref("complaint_management.user_complaint_manager_demo")
        event = change.calendar_event_id
        self.assertIn(manager.partner_id, event.partner_ids)
        self.assertIn(complaint.partner_id, event.partner_ids)
        self.assertEqual(event.location, "Reception room, first floor")
