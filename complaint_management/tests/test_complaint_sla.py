from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintSlaCommon

# 2026-11-20 is a Friday; 2026-11-23 a Monday.
FRIDAY_AFTERNOON = "2026-11-20 15:00:00"


@tagged("post_install", "-at_install")
class TestComplaintSla(ComplaintSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (tested by the 8D tests).
        cls._close_without_8d()

    def _holiday(self, day):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": f"{day} 00:00:00",
                "date_to": f"{day} 23:59:59",
            }
        )

    @freeze_time(FRIDAY_AFTERNOON)
    def test_01_friday_afternoon_over_weekend(self):
        """Received Friday 15:00, QA's two working days end Tuesday 15:00."""
        complaint = self._handed_over()
        response = self._milestone(complaint, "response")
        self.assertEqual(response.deadline, datetime(2026, 11, 24, 15, 0))
        self.assertEqual(response.state, "running")
        # The 24-hour containment of every grade comes first (rules §17.3; a
        # general complaint used to have none, its response deadline came next).
        self.assertEqual(
            complaint.sla_next_deadline,
            self._milestone(complaint, "containment").deadline,
        )

    @freeze_time(FRIDAY_AFTERNOON)
    def test_02_friday_afternoon_over_weekend_and_holiday(self):
        """A public holiday on Monday moves the same deadline to Wednesday 15:00."""
        self._holiday("2026-11-23")
        complaint = self._handed_over()
        self.assertEqual(
            self._milestone(complaint, "response").deadline,
            datetime(2026, 11, 25, 15, 0),
        )

    @freeze_time(FRIDAY_AFTERNOON)
    def test_03_serious_and_general_deadlines(self):
        """A serious complaint must be contained within 24 hours, and so must a
        general one by default (rules §17.3: the same limits, formerly none);
        both are solved within a week."""
        serious = self._handed_over(defect_type_id=self.defect_function.id)
        general = self._handed_over(defect_type_id=self.defect_scratch.id)
        self.assertEqual(
            self._milestone(serious, "containment").deadline,
            datetime(2026, 11, 21, 15, 0),
        )
        self.assertEqual(
            self._milestone(general, "containment").deadline,
            datetime(2026, 11, 21, 15, 0),
        )
        for complaint in serious | general:
            self.assertEqual(
                self._milestone(complaint, "resolution").deadline,
                datetime(2026, 11, 27, 15, 0),
            )

    @freeze_time(FRIDAY_AFTERNOON)
    def test_03b_a_policy_applies_from_its_date(self):
        """A policy given a start applies to the complaints received from then
        on: an older complaint gets no deadline it could not have met, a newer one
        does (rules §4.8)."""
        policy = self.env.ref("complaint_management.sla_policy_containment_general")
        policy.date_from = datetime(2026, 11, 20, 12, 0)
        older = self._handed_over(
            defect_type_id=self.defect_scratch.id,
            complaint_date=datetime(2026, 11, 19, 9, 0),
        )
        newer = self._handed_over(defect_type_id=self.defect_scratch.id)
        self.assertFalse(self._milestone(older, "containment"))
        self.assertEqual(
            self._milestone(newer, "containment").deadline,
            datetime(2026, 11, 21, 15, 0),
        )

    @freeze_time(FRIDAY_AFTERNOON)
    def test_04_replanned_on_severity_change(self):
        """Grading a complaint serious plans its containment and moves a deadline
        that depends on the grade, saying so in the chatter."""
        self.env["complaint.sla.policy"].create(
            {
                "name": "Serious: analysis within 3 working days",
                "milestone": "analysis",
                "start_event": "feedback",
                "severity": "serious",
                "duration": 3,
                "duration_unit": "working_days",
            }
        )
        complaint = self._handed_over(defect_type_id=self.defect_scratch.id)
        analysis = self._milestone(complaint, "analysis")
        self.assertEqual(analysis.deadline, datetime(2026, 12, 1, 15, 0))  # 7 days
        complaint.stopped_customer_line = True
        self.assertEqual(complaint.complaint_severity, "serious")
        self.assertEqual(analysis.deadline, datetime(2026, 11, 25, 15, 0))  # 3 days
        self.assertTrue(self._milestone(complaint, "containment"))
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: "re-planned" in str(m.body))
        )

    def test_05_replanned_on_customer_feedback(self):
        """New customer feedback restarts the analysis' seven working days."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over()
            analysis = self._milestone(complaint, "analysis")
            self.assertEqual(analysis.deadline, datetime(2026, 11, 11, 9, 0))
        with freeze_time("2026-11-05 10:00:00"):
            complaint.action_customer_feedback()
            self.assertEqual(analysis.deadline, datetime(2026, 11, 16, 10, 0))

    def test_05b_customer_email_is_new_feedback(self):
        """An e-mail from the customer restarts the analysis clock."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over()
        with freeze_time("2026-11-05 10:00:00"):
            complaint.message_post(
                body="Here are the photos you asked for",
                author_id=self.customer.id,
                message_type="email",
            )
            self.assertEqual(complaint.sla_feedback_date, datetime(2026, 11, 5, 10, 0))
            self.assertEqual(
                self._milestone(complaint, "analysis").deadline,
                datetime(2026, 11, 16, 10, 0),
            )

    def test_06_pause_moves_deadline_by_paused_working_time(self):
        """Two working days of pause move the deadline by two working days."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over()
            response = self._milestone(complaint, "response")
            self.assertEqual(response.deadline, datetime(2026, 11, 4, 9, 0))
            action = complaint.action_pause_sla()
            form = Form(self.env[action["res_model"]].with_context(**action["context"]))
            form.reason = "Salt-spray test of the returned samples"
            form.sales_agreed_user_id = self.officer
            form.sales_agreed_date = "2026-11-02 08:30:00"
            form.customer_informed_date = "2026-11-02"
            form.save()
            self.assertTrue(complaint.sla_paused)
            self.assertEqual(response.state, "paused")
        with freeze_time("2026-11-04 09:00:00"):
            complaint.action_resume_sla()
            self.assertEqual(response.state, "running")
            self.assertAlmostEqual(response.paused_hours, 16.0)
            self.assertEqual(response.deadline, datetime(2026, 11, 6, 9, 0))
            self.assertFalse(complaint.sla_paused)
            self.assertAlmostEqual(complaint.pause_ids.paused_hours, 16.0)

    def test_07_breach_and_each_escalation_step_once(self):
        """A missed deadline is marked once, then the ladder is climbed one step at
        a time: team leader, senior handler, department head, never twice."""
        Ticket = self.env["helpdesk.ticket"]
        escalation = self.env.ref("complaint_management.mail_act_complaint_escalation")

        def escalations(complaint):
            return complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == escalation
            )

        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
        response = self._milestone(complaint, "response")
        with freeze_time("2026-11-04 09:30:00"):
            Ticket._cron_escalate()
            self.assertEqual(response.state, "breached")
            self.assertEqual(response.escalation_level, 1)
            self.assertEqual(escalations(complaint).user_id, self.leader)
            Ticket._cron_escalate()
            self.assertEqual(len(escalations(complaint)), 1)
            self.assertEqual(complaint.user_id, self.engineer)
        with freeze_time("2026-11-04 18:00:00"):
            Ticket._cron_escalate()
            self.assertEqual(complaint.user_id, self.senior)
            self.assertEqual(response.escalation_level, 2)
            Ticket._cron_escalate()
            self.assertEqual(response.escalation_level, 2)
        with freeze_time("2026-11-05 10:00:00"):
            Ticket._cron_escalate()
            self.assertEqual(
                escalations(complaint).user_id, self.leader | self.qa_manager
            )
            Ticket._cron_escalate()
            Ticket._cron_escalate()
            self.assertEqual(len(escalations(complaint)), 2)
            self.assertEqual(response.escalation_level, 3)
        logged = complaint.message_ids.filtered(lambda m: "Escalated" in str(m.body))
        self.assertEqual(len(logged), 3)
        self.assertEqual(
            len(complaint.message_ids.filtered(lambda m: "missed" in str(m.body))), 1
        )
        self.assertTrue(complaint.sla_breached)

    def test_08_one_reminder_for_the_next_deadline(self):
        """The complaint's one reminder is for its next deadline (rules §23.1):
        QA's response met first leaves it on the containment, still due first."""
        ref = self.env.ref
        containment_type = ref("complaint_management.mail_act_complaint_containment")
        response_type = ref("complaint_management.mail_act_complaint_response")
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
            activity = complaint.activity_ids
            self.assertEqual(activity.activity_type_id, containment_type)
            self.assertEqual(activity.user_id, self.engineer)
            self.assertEqual(str(activity.date_deadline), "2026-11-03")
            complaint.with_user(self.engineer).action_qa_accept()
            self.assertNotIn(response_type, complaint.activity_ids.activity_type_id)
            self.assertEqual(complaint.activity_ids, activity)
            self.assertEqual(str(activity.date_deadline), "2026-11-03")
            response = self._milestone(complaint, "response")
            self.assertEqual(response.state, "met")
            self.assertEqual(response.reached_date, datetime(2026, 11, 2, 9, 0))

    def test_09_unhappy_callback_reopens_for_revision(self):
        """Resolving plans the call-back; an unhappy customer reopens the complaint
        with the handler's superior in charge (三換)."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
            complaint.write({"responsibility": "company", "stage_id": done.id})
            self.assertEqual(complaint.resolved_date, datetime(2026, 11, 2, 9, 0))
            self.assertEqual(self._milestone(complaint, "resolution").state, "met")
            follow_up = self._milestone(complaint, "follow_up")
            self.assertEqual(follow_up.deadline, datetime(2026, 11, 9, 9, 0))
        with freeze_time("2026-11-05 11:00:00"):
            action = complaint.action_record_callback()
            form = Form(self.env[action["res_model"]].with_context(**action["context"]))
            form.satisfaction = "1"
            form.comment = "Still leaking"
            form.save().action_confirm()
            self.assertEqual(complaint.satisfaction, "1")
            self.assertEqual(follow_up.state, "met")
            self.assertFalse(complaint.closed)
            self.assertEqual(complaint.revision_count, 1)
            self.assertEqual(complaint.user_id, self.senior)
            self.assertFalse(complaint.resolved_date)
            resolution = self._milestone(complaint, "resolution")
            self.assertIn("met", resolution.mapped("state"))
            self.assertIn("running", resolution.mapped("state"))
            revision = self.env.ref("complaint_management.mail_act_complaint_revision")
            self.assertIn(revision, complaint.activity_ids.activity_type_id)

    def test_10_happy_callback_closes_the_loop(self):
        """A satisfied customer leaves the complaint closed."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        complaint = self._handed_over()
        complaint.write({"responsibility": "company", "stage_id": done.id})
        complaint._record_callback("5", "All good")
        self.assertTrue(complaint.closed)
        self.assertEqual(self._milestone(complaint, "follow_up").state, "met")

    def test_10b_history_is_not_planned(self):
        """What is history is decided by the data, not by a context key: a
        complaint recorded already closed is resolved at once and gets no deadline;
        one recorded open long after it was received (an import of old cases still
        being handled) is planned from its own dates and reads breached, as it is;
        a current complaint sent with the import context key is planned all the
        same."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Ticket = self.env["helpdesk.ticket"]
        old = Ticket.create(
            {
                "name": "old",
                "description": "x",
                "team_id": self.team.id,
                "complaint_date": "2024-01-02 09:00:00",
            }
        )
        self.assertTrue(old.sla_milestone_ids)
        self.assertEqual(old.sla_status, "breached")
        current = Ticket.with_context(import_file=True).create(
            {
                "name": "current",
                "description": "x",
                "team_id": self.team.id,
                "complaint_date": datetime.now(),
            }
        )
        self.assertTrue(current.sla_milestone_ids)
        closed = self._complaint(
            stage_id=done.id, responsibility="company", complaint_date=datetime.now()
        )
        self.assertTrue(closed.resolved_date)
        self.assertFalse(closed.sla_milestone_ids)

    def test_11_strictest_customer_policy_wins(self):
        """A customer's own, stricter limit replaces the company's default."""
        self.env["complaint.sla.policy"].create(
            {
                "name": "Acme: containment within 4 hours",
                "milestone": "containment",
                "start_event": "received",
                "duration": 4,
                "duration_unit": "calendar_hours",
                "partner_ids": [(6, 0, self.customer.ids)],
            }
        )
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._handed_over(defect_type_id=self.defect_function.id)
            containment = self._milestone(complaint, "containment")
            self.assertEqual(containment.deadline, datetime(2026, 11, 20, 19, 0))
            self.assertEqual(
                containment.policy_id.name, "Acme: containment within 4 hours"
            )

    def test_12_bad_input(self):
        """A pause without a reason, resuming an unpaused clock and a negative
        duration are refused with a clear message."""
        complaint = self._handed_over()
        with self.assertRaisesText(ValidationError, "Say why the clock stops"):
            self.env["complaint.sla.pause"].create(
                {
                    "ticket_id": complaint.id,
                    "reason": "  ",
                    "customer_informed_date": "2026-11-02",
                    "sales_agreed_user_id": self.officer.id,
                    "sales_agreed_date": "2026-11-02 08:30:00",
                }
            )
        self.assertFalse(complaint.pause_ids)
        with self.assertRaisesText(UserError, "not paused"):
            complaint.action_resume_sla()
        with self.assertRaisesText(ValidationError, "must be positive"):
            self.env["complaint.sla.policy"].create(
                {"name": "Broken", "milestone": "response", "duration": -2}
            )
        self.env["complaint.sla.pause"].create(
            {
                "ticket_id": complaint.id,
                "reason": "Test",
                "customer_informed_date": "2026-11-02",
                "sales_agreed_user_id": self.officer.id,
                "sales_agreed_date": "2026-11-02 08:30:00",
            }
        )
        with self.assertRaisesText(UserError, "already paused"):
            self.env["complaint.sla.pause"].create(
                {
                    "ticket_id": complaint.id,
                    "reason": "Again",
                    "customer_informed_date": "2026-11-02",
                    "sales_agreed_user_id": self.officer.id,
                    "sales_agreed_date": "2026-11-02 08:30:00",
                }
            )

    def test_13_status_filters(self):
        """The at-risk and breached filters find the right complaints."""
        Ticket = self.env["helpdesk.ticket"]
        # The response deadline alone: without the 24-hour containment of general
        # complaints (rules §17.3), already breached at these times.
        self.env.ref(
            "complaint_management.sla_policy_containment_general"
        ).active = False
        with freeze_time("2026-11-02 09:00:00"):
            late = self._handed_over()
        with freeze_time("2026-11-04 08:30:00"):
            fresh = self._handed_over()
            self.assertEqual(late.sla_status, "at_risk")
            self.assertEqual(fresh.sla_status, "on_track")
            at_risk = Ticket.search([("sla_status", "=", "at_risk")])
            self.assertIn(late, at_risk)
            self.assertNotIn(fresh, at_risk)
        with freeze_time("2026-11-04 10:00:00"):
            self.env.invalidate_all()
            self.assertEqual(late.sla_status, "breached")
            self.assertIn(late, Ticket.search([("sla_status", "=", "breached")]))

    def test_14_escalation_cost_does_not_grow_per_complaint(self):
        """Marking and escalating breaches costs the same queries for 3 or 12
        complaints: batch reads and writes."""
        Ticket = self.env["helpdesk.ticket"]

        def run(count):
            with freeze_time("2026-11-02 09:00:00"):
                for _ in range(count):
                    self._handed_over(user_id=self.engineer.id)
            with freeze_time("2026-11-04 09:30:00"):
                # counted as assertQueryCount counts: flushes and pre-commit work
                self.env.flush_all()
                self.env.cr.flush()
                before = self.cr.sql_log_count
                Ticket._cron_escalate()
                self.env.flush_all()
                self.env.cr.flush()
                return self.cr.sql_log_count - before

        run(3)  # warms the caches
        small = run(3)
        with freeze_time("2026-11-02 09:00:00"):
            for _ in range(12):
                self._handed_over(user_id=self.engineer.id)
        with freeze_time("2026-11-04 09:30:00"), self.assertQueryCount(small):
            Ticket._cron_escalate()
