import logging
import xmlrpc.client
from datetime import date, datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintSlaCommon

_logger = logging.getLogger(__name__)

# 2026-11-20 is a Friday; 2026-11-23 a Monday.
FRIDAY_AFTERNOON = "2026-11-20 15:00:00"


@tagged("post_install", "-at_install")
class TestComplaintSlaTruth(ComplaintSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (tested by the 8D tests).
        cls._close_without_8d()

    # Issue 10, case 1: a late milestone is a breach, and stays one
    def test_01_containment_three_days_late_is_a_breach(self):
        """Containment done three days after its 24-hour deadline reads breached
        (met late) and counts as a breach in the filters and the compliance."""
        Milestone = self.env["complaint.sla.milestone"]
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._serious()
        containment = self._milestone(complaint, "containment")
        self.assertEqual(containment.deadline, datetime(2026, 11, 21, 15, 0))
        with freeze_time("2026-11-24 15:00:00"):
            complaint.action_containment_done()
        self.assertEqual(containment.state, "breached")
        self.assertTrue(containment.met_late)
        self.assertEqual(containment.reached_date, datetime(2026, 11, 24, 15, 0))
        self.assertFalse(containment.is_open)
        self.assertTrue(complaint.sla_breached)
        self.assertIn(containment, Milestone.search([("state", "=", "breached")]))
        self.assertNotIn(containment, Milestone.search([("state", "=", "met")]))
        self.assertIn(
            complaint,
            self.env["helpdesk.ticket"].search([("sla_breached", "=", True)]),
        )
        self.assertEqual(complaint.sla_compliance, 0.0)
        self.assertEqual(complaint.sla_due_count, 1)
        self.assertEqual(complaint.sla_on_time_count, 0)

    def test_02_a_breach_is_history(self):
        """A milestone marked breached stays breached when its event comes later,
        and a re-grade that no longer asks for it keeps it, no longer escalated."""
        Ticket = self.env["helpdesk.ticket"]
        # A grade without containment: general complaints have one by default
        # since rules §17.3.
        self.env.ref(
            "complaint_management.sla_policy_containment_general"
        ).active = False
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._serious(user_id=self.engineer.id)
        containment = self._milestone(complaint, "containment")
        analysis = self._milestone(complaint, "analysis")
        with freeze_time("2026-11-21 16:00:00"):
            Ticket._cron_escalate()
        self.assertEqual(containment.state, "breached")
        with freeze_time("2026-11-23 09:00:00"):
            complaint.action_root_cause_found()
        self.assertEqual(analysis.state, "met")
        self.assertEqual(complaint.sla_status, "breached")
        # Re-graded general: no containment deadline applies any more.
        with freeze_time("2026-11-23 10:00:00"):
            complaint.defect_type_id = self.defect_scratch
        self.assertEqual(complaint.complaint_severity, "general")
        self.assertTrue(containment.exists())
        self.assertEqual(containment.state, "breached")
        self.assertFalse(containment.is_open)
        self.assertTrue(containment.end_reason)
        level = containment.escalation_level
        with freeze_time("2026-11-26 10:00:00"):
            Ticket._cron_escalate()
        self.assertEqual(containment.escalation_level, level)
        with freeze_time("2026-11-26 11:00:00"):
            complaint.action_containment_done()
        self.assertEqual(containment.state, "breached")
        self.assertTrue(complaint.sla_breached)

    def test_02b_a_breach_stays_when_the_event_is_dated_earlier(self):
        """An event recorded after the breach but dated before the deadline (an 8D
        date entered late) does not turn the breach into met."""
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._serious()
        containment = self._milestone(complaint, "containment")
        with freeze_time("2026-11-21 16:00:00"):
            self.env["helpdesk.ticket"]._cron_escalate()
        self.assertEqual(containment.state, "breached")
        with freeze_time("2026-11-23 09:00:00"):
            complaint._record_event("containment", datetime(2026, 11, 21, 10, 0))
        self.assertEqual(containment.state, "breached")
        self.assertEqual(containment.reached_date, datetime(2026, 11, 21, 10, 0))
        self.assertTrue(complaint.sla_breached)

    # Issue 10, case 2: closing ends the handling
    def test_03_closing_ends_the_handling_milestones(self):
        """Closing meets the resolution and ends the other handling milestones as
        not needed; only the call-back goes on, and four weeks later the closed
        complaint shows no breach and is not escalated."""
        # Closed a day and an hour after receipt: without the 24-hour containment
        # of general complaints (rules §17.3), which that would breach.
        self.env.ref(
            "complaint_management.sla_policy_containment_general"
        ).active = False
        Ticket = self.env["helpdesk.ticket"]
        escalation = self.env.ref("complaint_management.mail_act_complaint_escalation")
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
        with freeze_time("2026-11-03 10:00:00"):
            complaint.write({"responsibility": "company", "stage_id": self.done.id})
        states = {m.milestone: m.state for m in complaint.sla_milestone_ids}
        self.assertEqual(states["resolution"], "met")
        self.assertEqual(states["response"], "not_needed")
        self.assertEqual(states["analysis"], "not_needed")
        self.assertEqual(states["follow_up"], "running")
        self.assertTrue(self._milestone(complaint, "response").end_reason)
        with freeze_time("2026-11-05 10:00:00"):
            complaint._record_callback("5", "Fine now")
        with freeze_time("2026-12-01 10:00:00"):
            Ticket._cron_escalate()
        self.assertFalse(complaint.sla_breached)
        self.assertFalse(complaint.sla_milestone_ids.filtered("is_open"))
        self.assertNotIn(escalation, complaint.activity_ids.activity_type_id)
        self.assertEqual(complaint.sla_compliance, 100.0)

    def test_04_closing_after_a_deadline_keeps_the_breach(self):
        """A handling deadline already passed when the complaint closes is a
        breach, ended at closure and never escalated afterwards."""
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
        with freeze_time("2026-11-05 09:00:00"):
            complaint.write({"responsibility": "company", "stage_id": self.done.id})
        response = self._milestone(complaint, "response")
        self.assertEqual(response.state, "breached")
        self.assertFalse(response.is_open)
        with freeze_time("2026-12-01 10:00:00"):
            Ticket._cron_escalate()
        self.assertFalse(response.escalation_level)

    def test_05_mail_after_closure_replans_nothing(self):
        """A thank-you e-mail after closure is logged but opens no new analysis
        deadline; once reopened, the customer's mail is feedback again."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over()
        with freeze_time("2026-11-03 10:00:00"):
            complaint.write({"responsibility": "company", "stage_id": self.done.id})
        milestones = complaint.sla_milestone_ids
        feedback = complaint.sla_feedback_date
        with freeze_time("2026-11-06 10:00:00"):
            message = complaint.message_post(
                body="Thank you, all good",
                author_id=self.customer.id,
                message_type="email",
            )
        self.assertIn(message, complaint.message_ids)
        self.assertEqual(complaint.sla_feedback_date, feedback)
        self.assertEqual(complaint.sla_milestone_ids, milestones)
        self.assertFalse(
            complaint.sla_milestone_ids.filtered(
                lambda m: m.milestone == "analysis" and m.is_open
            )
        )

    # Issue 10, case 3: one path from events to deadlines
    def test_06_d3_records_containment_with_its_own_date(self):
        """D3 complete records the containment with D3's date, not the click's: a
        D3 done three days late is a breach, and the 8D shows the complaint's
        date."""
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._serious()
            report = self._new_8d(complaint)
        containment = self._milestone(complaint, "containment")
        with freeze_time("2026-11-30 10:00:00"):
            self.env["complaint.8d.action"].with_user(self.engineer).create(
                {
                    "eight_d_id": report.id,
                    "action_type": "containment",
                    "name": "Quarantine the stock",
                    "date_due": "2026-11-21",
                    "date_done": "2026-11-24",
                }
            )
        self.assertEqual(complaint.containment_date.date(), date(2026, 11, 24))
        self.assertEqual(report.containment_date, date(2026, 11, 24))
        self.assertEqual(containment.state, "breached")
        self.assertEqual(containment.reached_date.date(), date(2026, 11, 24))

    def test_06b_complaint_joining_a_contained_8d(self):
        """A complaint added to an 8D whose D3 was complete before it came in is
        contained from its receipt: met, once, and not planned again."""
        with freeze_time("2026-11-02 09:00:00"):
            first = self._serious()
            report = self._new_8d(first)
            self.env["complaint.8d.action"].with_user(self.engineer).create(
                {
                    "eight_d_id": report.id,
                    "action_type": "containment",
                    "name": "Quarantine the stock",
                    "date_due": "2026-11-02",
                    "date_done": "2026-11-02",
                }
            )
        with freeze_time("2026-11-10 09:00:00"):
            second = self._serious()
            report.ticket_ids = [fields.Command.link(second.id)]
            report.action_ids.with_user(self.engineer).write({"name": "Quarantine"})
        containment = self._milestone(second, "containment")
        self.assertEqual(len(containment), 1)
        self.assertEqual(containment.state, "met")
        self.assertEqual(containment.reached_date, containment.start_date)

    def test_07_verified_d4_meets_the_analysis_with_its_date(self):
        """A verified root cause (occurrence and escape point) meets the analysis
        deadline with the D4 date."""
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._serious()
            report = self._new_8d(complaint)
        analysis = self._milestone(complaint, "analysis")
        Cause = self.env["complaint.8d.cause"].with_user(self.engineer)
        with freeze_time("2026-11-27 10:00:00"):
            Cause.create(
                [
                    {
                        "eight_d_id": report.id,
                        "cause_kind": "occurrence",
                        "category": "machine",
                        "name": "Worn seal press die",
                        "is_verified": True,
                        "date_verified": "2026-11-24",
                    },
                    {
                        "eight_d_id": report.id,
                        "cause_kind": "escape",
                        "category": "measurement",
                        "name": "Leak test pressure too low",
                        "escape_point": "End-of-line leak test",
                        "is_verified": True,
                        "date_verified": "2026-11-25",
                    },
                ]
            )
        self.assertEqual(complaint.root_cause_date.date(), date(2026, 11, 25))
        self.assertEqual(report.root_cause_date, date(2026, 11, 25))
        self.assertEqual(analysis.state, "met")
        self.assertEqual(analysis.reached_date.date(), date(2026, 11, 25))

    def test_08_effective_check_meets_the_effectiveness_deadline(self):
        """An effective 30-day check records the effectiveness with the check's
        date, which meets the effectiveness deadline."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._serious()
            report = self._new_8d(complaint)
        with freeze_time("2026-11-03 09:00:00"):
            complaint._record_event("resolved")
        effectiveness = self._milestone(complaint, "effectiveness")
        self.assertEqual(effectiveness.state, "running")
        check = self.env["complaint.8d.check"].create(
            {"eight_d_id": report.id, "day_offset": 30, "date_planned": "2026-12-03"}
        )
        with freeze_time("2026-12-02 11:00:00"):
            check.with_user(self.qa_manager).action_run()
        self.assertEqual(check.state, "effective")
        self.assertEqual(complaint.effectiveness_date.date(), date(2026, 12, 2))
        self.assertEqual(effectiveness.state, "met")

    def test_09_event_dates_refused_outside_the_event_path(self):
        """An officer back-dating the containment over the ORM is refused, as is a
        context key a client could send; the date stays as recorded."""
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._serious()
        as_officer = complaint.with_user(self.officer)
        with self.assertRaisesText(UserError, "Correct an Event Date"):
            as_officer.write({"containment_date": "2026-11-20 16:00:00"})
        with self.assertRaisesText(UserError, "cannot be edited"):
            as_officer.with_context(complaint_event_edit=True).write(
                {"containment_date": "2026-11-20 16:00:00"}
            )
        with self.assertRaisesText(UserError, "cannot be edited"):
            complaint.sudo().write({"root_cause_date": "2026-11-20 16:00:00"})
        self.assertFalse(complaint.containment_date)
        self.assertEqual(self._milestone(complaint, "containment").state, "running")

    def test_10_qa_manager_corrects_an_event_date_with_a_reason(self):
        """A QA manager corrects a wrongly recorded containment date with a reason:
        the milestone is evaluated again and the chatter says who, what and why;
        an officer cannot."""
        with freeze_time(FRIDAY_AFTERNOON):
            complaint = self._serious()
        with freeze_time("2026-11-24 09:00:00"):
            complaint.action_containment_done()
        containment = self._milestone(complaint, "containment")
        self.assertEqual(containment.state, "breached")
        Wizard = self.env["complaint.event.correction.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.officer).create(
                {
                    "ticket_id": complaint.id,
                    "event": "containment",
                    "new_date": "2026-11-21 10:00:00",
                    "reason": "x",
                }
            )
        with freeze_time("2026-11-25 09:00:00"):
            action = complaint.with_user(self.qa_manager).action_correct_event()
            form = Form(
                Wizard.with_user(self.qa_manager).with_context(**action["context"])
            )
            form.event = "containment"
            form.new_date = datetime(2026, 11, 21, 10, 0)
            form.reason = "Sorted on Saturday morning; the button was clicked late."
            form.save().action_confirm()
        self.assertEqual(complaint.containment_date, datetime(2026, 11, 21, 10, 0))
        self.assertEqual(containment.state, "met")
        self.assertFalse(containment.met_late)
        note = complaint.message_ids.filtered(
            lambda m: "Sorted on Saturday morning" in str(m.body)
        )
        self.assertTrue(note)
        self.assertIn(self.qa_manager.name, str(note.body))

    # Issue 10, case 4: a customer's contract governs
    def test_11_automotive_customer_policy_replaces_the_general_limits(self):
        """The shipped automotive profile (root cause in 10 days, closure in 60)
        applies to an automotive customer even where it is looser than the
        general limits."""
        automotive = self.env.ref("complaint_management.partner_category_automotive")
        self.customer.category_id = [fields.Command.link(automotive.id)]
        with freeze_time("2026-11-23 09:00:00"):  # a Monday
            complaint = self._serious()
        resolution = self._milestone(complaint, "resolution")
        analysis = self._milestone(complaint, "analysis")
        self.assertEqual(resolution.deadline, datetime(2027, 1, 22, 9, 0))
        self.assertEqual(
            resolution.policy_id,
            self.env.ref("complaint_management.sla_policy_automotive_resolution"),
        )
        # Seven working days would end on 2026-12-02; the contract says ten days.
        self.assertEqual(analysis.deadline, datetime(2026, 12, 3, 9, 0))

    def test_12_tightening_customer_policy_never_loosens(self):
        """A customer policy that only tightens the limits does not apply when the
        general limit is stricter."""
        self.env["complaint.sla.policy"].create(
            {
                "name": "Acme: resolution within 30 days",
                "milestone": "resolution",
                "duration": 720,
                "duration_unit": "calendar_hours",
                "partner_ids": [fields.Command.link(self.customer.id)],
                "customer_mode": "tighten",
            }
        )
        with freeze_time("2026-11-23 09:00:00"):
            complaint = self._serious()
        self.assertEqual(
            self._milestone(complaint, "resolution").deadline,
            datetime(2026, 11, 30, 9, 0),
        )

    def test_14_unhappy_callback_reopens_in_the_configured_stage(self):
        """The stage an unhappy call-back reopens a complaint in is the company's
        setting; the call-back meets its deadline and the analysis restarts."""
        awaiting = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        self.env.company.complaint_reopen_stage_id = awaiting
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over()
            complaint.write({"responsibility": "company", "stage_id": self.done.id})
        with freeze_time("2026-11-04 09:00:00"):
            complaint._record_callback("1", "Still leaking")
        self.assertEqual(complaint.stage_id, awaiting)
        self.assertEqual(self._milestone(complaint, "follow_up").state, "met")
        self.assertEqual(complaint.sla_feedback_date, datetime(2026, 11, 4, 9, 0))
        analysis = self._milestone(complaint, "analysis").filtered("is_open")
        self.assertEqual(analysis.start_date, datetime(2026, 11, 4, 9, 0))

    # Batch-safe planning
    def _unplanned_batch(self, size):
        """``size`` new complaints (no product: no repeat grading between
        batches) whose deadlines and reminders are removed again, caches
        cleared, ready to be planned."""
        Ticket = self.env["helpdesk.ticket"]
        complaints = Ticket.create(
            [
                {
                    "partner_id": self.customer.id,
                    "name": f"Batch {size}-{index}",
                    "description": "x",
                    "team_id": self.team.id,
                    "user_id": self.engineer.id,
                    "complaint_date": datetime.now(),
                }
                for index in range(size)
            ]
        )
        complaints.sla_milestone_ids.unlink()
        self.env["mail.activity"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", complaints.ids)]
        ).unlink()
        self.env.flush_all()
        self.env.invalidate_all()
        return Ticket.browse(complaints.ids)

    @freeze_time("2026-11-23 09:00:00")
    def test_13_planning_cost_per_complaint_is_constant(self):
        """Planning the deadlines of 1, 10 and 100 new complaints costs about the
        same number of queries in all: the planning is done in memory and written
        in batches, so the cost per complaint falls with the batch."""
        counts = {}
        for size in (1, 1, 10, 100):  # the first run warms the caches
            complaints = self._unplanned_batch(size)
            before = self.cr.sql_log_count
            complaints._sla_after_create()
            self.env.flush_all()
            counts[size] = self.cr.sql_log_count - before
            # analysis and resolution of a general complaint, one reminder each
            # complaint, for the earlier (rules §23.1)
            self.assertEqual(len(complaints.sla_milestone_ids), 2 * size)
            self.assertEqual(len(complaints.activity_ids), size)
        _logger.info(
            "SLA planning queries for 1, 10, 100 complaints: %s, %s, %s",
            counts[1],
            counts[10],
            counts[100],
        )
        self.assertEqual(counts[10], counts[1])
        # A few more at 100 come from the ORM splitting large batches.
        complaints = self._unplanned_batch(100)
        with self.assertQueryCount(counts[1] + 5):
            complaints._sla_after_create()
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestComplaintSlaRpc(HttpCase):
    """Event dates are guarded on the server, whatever an RPC client sends."""

    def test_01_officer_cannot_write_an_event_date_over_rpc(self):
        """An officer writing the containment date over RPC, even with the
        context key the server uses, is refused."""
        officer = new_test_user(
            self.env,
            login="t_rpc_officer",
            groups="base.group_user,complaint_management.group_complaint_officer",
        )
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "RPC desk",
                "complaint_team": True,
                "user_ids": [fields.Command.link(officer.id)],
            }
        )
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Leak",
                "description": "x",
                "team_id": team.id,
                "user_id": officer.id,
            }
        )
        self.assertTrue(complaint.is_complaint)
        db = self.env.cr.dbname
        for context in ({}, {"complaint_event_edit": True}):
            with (
                mute_logger("odoo.http", "odoo.addons.rpc.controllers.xmlrpc"),
                self.assertRaises(xmlrpc.client.Fault) as caught,
            ):
                self.xmlrpc_object.execute_kw(
                    db,
                    officer.id,
                    "t_rpc_officer",
                    "helpdesk.ticket",
                    "write",
                    [[complaint.id], {"containment_date": "2026-11-20 16:00:00"}],
                    {"context": context},
                )
            self.assertIn("cannot be edited", caught.exception.faultString)
        complaint.invalidate_recordset()
        self.assertFalse(complaint.containment_date)
