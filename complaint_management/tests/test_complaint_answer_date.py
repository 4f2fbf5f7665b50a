from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .access_matrix import JsonRpcMixin
from .common import ComplaintSlaCommon
from .dashboard_common import dashboard_figures, rows
from .portal_common import ComplaintPortalCommon

# 2026-11-16 is a Monday; 2026-11-20 a Friday.
MONDAY = "2026-11-16 09:00:00"


@tagged("post_install", "-at_install")
class TestComplaintAnswerDate(ComplaintSlaCommon):
    """The date agreed with the customer for our answer (rules §15): a deadline
    with its reminder, kept by our answer solved or not, re-agreed with a
    reason, kept in the history and counted in the reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._close_without_8d()

    def _agree(self, complaint, day, promise="The analysis of the samples", **kw):
        """Agree ``day`` through the wizard, as the officer."""
        action = complaint.with_user(self.officer).action_agree_answer_date()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.officer)
            .with_context(**action["context"])
        )
        form.answer_date = day
        form.promise = promise
        if "reason" in kw:
            form.reason = kw["reason"]
        form.save().action_confirm()
        complaint.invalidate_recordset()
        return complaint.answer_agreement_ids.sorted("id")[-1:]

    def _call_back(self, complaint, comment="Not solved yet: samples at the lab"):
        action = complaint.with_user(self.officer).action_record_callback()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.officer)
            .with_context(**action["context"])
        )
        form.comment = comment
        form.save().action_confirm()

    def _answer_activities(self, complaint):
        answer = self.env.ref("complaint_management.mail_act_complaint_answer")
        return complaint.activity_ids.filtered(lambda a: a.activity_type_id == answer)

    def test_01_agreed_date_falls_due_and_asks_for_the_call_back(self):
        """An agreed Friday is a deadline of the complaint with a reminder to its
        handler the day before; on Friday the unsolved complaint offers the
        call-back, which keeps the date without asking for satisfaction."""
        with freeze_time(MONDAY):
            complaint = self._handed_over(user_id=self.engineer.id)
            # contained and answered by QA: the agreed date is the next deadline,
            # which the complaint's one reminder is for (rules §23.1)
            complaint._record_event("containment")
            complaint._record_event("qa_responded")
            agreement = self._agree(complaint, date(2026, 11, 20))
            self.assertEqual(agreement.state, "agreed")
            self.assertEqual(agreement.user_id, self.officer)
            self.assertEqual(complaint.answer_date, date(2026, 11, 20))
            self.assertEqual(complaint.answer_state, "agreed")
            milestone = self._milestone(complaint, "answer")
            self.assertEqual(agreement.milestone_id, milestone)
            self.assertEqual(milestone.deadline, datetime(2026, 11, 20, 23, 59, 59))
            self.assertEqual(milestone.state, "running")
            [activity] = self._answer_activities(complaint)
            self.assertEqual(activity.user_id, self.engineer)
            self.assertEqual(activity.date_deadline, date(2026, 11, 19))
            self.assertIn("Answer date agreed", complaint.message_ids[0].body)
        with freeze_time("2026-11-20 10:00:00"):
            self.assertFalse(complaint.resolved_date)
            action = complaint.with_user(self.officer).action_record_callback()
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.officer)
                .with_context(**action["context"])
                .create({"comment": "Told them the lab needs two more days"})
            )
            self.assertFalse(wizard.handled)
            wizard.action_confirm()
            self.assertEqual(complaint.callback_date, datetime(2026, 11, 20, 10, 0))
            self.assertEqual(milestone.state, "met")
            self.assertEqual(agreement.state, "kept")
            self.assertEqual(agreement.answered_date, datetime(2026, 11, 20, 10, 0))
            self.assertFalse(self._answer_activities(complaint))
            self.assertFalse(complaint.satisfaction)
            self.assertFalse(complaint.closed)
            self.assertEqual(complaint.revision_count, 0)

    def test_02_unanswered_date_is_missed_and_escalated(self):
        """Nobody calls the customer back on the agreed day: the next morning the
        escalation job marks the date missed, and the team leader is told."""
        Ticket = self.env["helpdesk.ticket"]
        escalation = self.env.ref("complaint_management.mail_act_complaint_escalation")
        with freeze_time(MONDAY):
            complaint = self._handed_over(user_id=self.engineer.id)
            agreement = self._agree(complaint, date(2026, 11, 20))
        with freeze_time("2026-11-20 23:00:00"):
            Ticket._cron_escalate()
            self.assertEqual(agreement.state, "agreed")
        with freeze_time("2026-11-21 08:00:00"):
            Ticket._cron_escalate()
            self.assertEqual(agreement.state, "missed")
            self.assertEqual(complaint.answer_state, "missed")
            self.assertTrue(complaint.sla_breached)
            self.assertTrue(
                any(
                    "Agreed answer date" in message.body
                    for message in complaint.message_ids
                )
            )
            leader = complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == escalation
            )
            self.assertEqual(leader.user_id, self.leader)
            # a call-back after the day still answers the customer, late
            self._call_back(complaint)
            self.assertEqual(agreement.state, "missed")
            self.assertTrue(agreement.milestone_id.met_late)

    def test_03_resolution_before_the_date_keeps_it(self):
        """Solving the complaint before the agreed date is our answer: kept."""
        with freeze_time(MONDAY):
            complaint = self._handed_over()
            agreement = self._agree(complaint, date(2026, 11, 20))
        with freeze_time("2026-11-18 15:00:00"):
            complaint.write({"responsibility": "company", "stage_id": self.done.id})
        self.assertEqual(agreement.state, "kept")
        self.assertEqual(agreement.answered_date, datetime(2026, 11, 18, 15, 0))

    def test_04_new_date_keeps_the_history_and_the_report_counts(self):
        """A second date, agreed after the first passed unanswered, needs a reason
        and keeps the first in the history as missed; the second, answered in
        time, is kept: the analysis and the dashboard count one kept of two. A
        date replaced before it fell due is superseded and not counted."""
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time(MONDAY):
            complaint = self._handed_over(user_id=self.engineer.id)
            other = self._handed_over()
            first = self._agree(complaint, date(2026, 11, 17))
            early = self._agree(other, date(2026, 11, 27))
        with freeze_time("2026-11-18 09:00:00"):
            Ticket._cron_escalate()
            self.assertEqual(first.state, "missed")
            with self.assertRaisesText(UserError, "say why a new date"):
                complaint.with_user(self.officer)._answer_agree(
                    date(2026, 11, 24), "The analysis"
                )
            second = self._agree(
                complaint,
                date(2026, 11, 24),
                reason="The customer sends the samples only on Friday",
            )
            replacing = self._agree(
                other, date(2026, 11, 25), reason="The customer asked for it earlier"
            )
        self.assertEqual(complaint.answer_agreement_ids, first | second)
        self.assertEqual(second.previous_id, first)
        self.assertEqual(first.replaced_by_id, second)
        self.assertEqual(first.answer_date, date(2026, 11, 17))
        self.assertEqual(first.state, "missed")
        self.assertEqual(
            second.new_date_reason, "The customer sends the samples only on Friday"
        )
        self.assertEqual(complaint.answer_date, date(2026, 11, 24))
        self.assertEqual(early.state, "superseded")
        self.assertEqual(replacing.state, "agreed")
        with freeze_time("2026-11-23 11:00:00"):
            self._call_back(complaint)
        self.assertEqual(second.state, "kept")
        self.assertEqual(first.state, "missed")
        self.env.flush_all()
        Report = self.env["complaint.milestone.report"]
        domain = [
            ("milestone", "=", "answer"),
            ("ticket_id", "in", (complaint | other).ids),
        ]
        # read on the day of the call-back: the date agreed for the 25th is not
        # due yet (once past unanswered, it would count as missed: rules §24.1)
        with freeze_time("2026-11-23 11:00:00"):
            [(kept, due, missed)] = Report._read_group(
                domain, [], ["on_time_count:sum", "due_count:sum", "missed_count:sum"]
            )
            self.assertEqual((kept, due, missed), (1, 2, 1))
            # the dashboard's compliance per milestone: answer dates kept ÷ due
            figures = dashboard_figures(
                self.env,
                period=(date(2026, 11, 1), date(2026, 11, 30)),
                team=self.team,
            )
            pivot = "Deadline compliance per milestone"
            self.assertEqual(
                rows(figures, pivot, "milestone", "due_count:sum")["answer"], 2
            )
            self.assertAlmostEqual(
                rows(figures, pivot, "milestone", "compliance:avg")["answer"], 50.0
            )

    def test_05_bad_agreements_are_refused(self):
        """A date already past, no promise, a closed complaint, a reader and a
        plain ticket are refused with a clear message; nothing is recorded."""
        with freeze_time(MONDAY):
            complaint = self._handed_over()
            with self.assertRaisesText(UserError, "today or later"):
                complaint._answer_agree(date(2026, 11, 13), "An answer")
            with self.assertRaisesText(UserError, "what we promised"):
                complaint._answer_agree(date(2026, 11, 20), "   ")
            finance = self._new_user("t_answer_finance", "group_complaint_finance")
            with self.assertRaises(AccessError):
                complaint.with_user(finance)._answer_agree(date(2026, 11, 20), "x")
            plain = self.env["helpdesk.ticket"].create(
                {"name": "Printer", "description": "x", "team_id": self.other_team.id}
            )
            with self.assertRaisesText(UserError, "not a complaint"):
                plain._answer_agree(date(2026, 11, 20), "An answer")
            complaint.write({"responsibility": "company", "stage_id": self.done.id})
            with self.assertRaisesText(UserError, "is closed"):
                complaint.with_user(self.officer).action_agree_answer_date()
        self.assertFalse(complaint.answer_agreement_ids)
        self.assertFalse(self._milestone(complaint, "answer"))

    def test_06_agreements_are_history(self):
        """Nobody writes an agreement's facts or deletes it, not even a QA
        manager; a pause does not move the agreed date."""
        with freeze_time(MONDAY):
            complaint = self._handed_over()
            agreement = self._agree(complaint, date(2026, 11, 20))
            for user in (self.officer, self.qa_manager):
                with self.assertRaisesText(ValidationError, "are history"):
                    agreement.with_user(user).write({"answer_date": "2026-12-20"})
                with self.assertRaises(AccessError):
                    agreement.with_user(user).unlink()
            with self.assertRaisesText(ValidationError, "are history"):
                self.env["complaint.answer.agreement"].with_user(self.officer).create(
                    {
                        "ticket_id": complaint.id,
                        "answer_date": "2026-12-20",
                        "promise": "Forged",
                        "agreed_on": "2026-11-01 08:00:00",
                        "user_id": self.officer.id,
                    }
                )
            with self.assertRaisesText(ValidationError, "history"):
                complaint.with_user(self.officer).write(
                    {"answer_agreement_ids": [Command.clear()]}
                )
            self.env["complaint.sla.pause"].create(
                {
                    "ticket_id": complaint.id,
                    "reason": "Salt-spray test",
                    "customer_informed_date": "2026-11-16",
                    "sales_agreed_user_id": self.officer.id,
                    "sales_agreed_date": "2026-11-16 08:00:00",
                }
            )
            self.assertEqual(agreement.milestone_id.state, "running")
        with freeze_time("2026-11-19 09:00:00"):
            complaint.action_resume_sla()
        self.assertEqual(
            agreement.milestone_id.deadline, datetime(2026, 11, 20, 23, 59, 59)
        )
        self.assertEqual(agreement.answer_date, date(2026, 11, 20))

    def test_07_reminder_days_are_company_data(self):
        """The reminder falls the company's number of days before the date (on
        the day itself with 0); a negative number is refused."""
        self.env.company.complaint_answer_reminder_days = 0
        with freeze_time(MONDAY):
            complaint = self._handed_over()
            # the agreed date is the next deadline (rules §23.1)
            complaint._record_event("containment")
            complaint._record_event("qa_responded")
            self._agree(complaint, date(2026, 11, 20))
        self.assertEqual(
            self._answer_activities(complaint).date_deadline, date(2026, 11, 20)
        )
        with self.assertRaisesText(ValidationError, "between 0 and 365"):
            self.env.company.complaint_answer_reminder_days = -1

    def test_08_pause_needs_the_sales_agreement(self):
        """A pause cannot be saved without who in sales agreed it and when, nor
        with an agreement dated in the future; with both, the clock stops."""
        with freeze_time(MONDAY):
            complaint = self._handed_over()
            Pause = self.env["complaint.sla.pause"].with_user(self.officer)
            vals = {
                "ticket_id": complaint.id,
                "reason": "Salt-spray test of the returned samples",
                "customer_informed_date": "2026-11-16",
            }
            with self.assertRaisesText(ValidationError, "with sales first"):
                Pause.create(vals)
            with self.assertRaisesText(ValidationError, "with sales first"):
                Pause.create(dict(vals, sales_agreed_user_id=self.officer.id))
            with self.assertRaisesText(ValidationError, "in the future"):
                Pause.create(
                    dict(
                        vals,
                        sales_agreed_user_id=self.officer.id,
                        sales_agreed_date="2026-11-17 09:00:00",
                    )
                )
            self.assertFalse(complaint.pause_ids)
            pause = Pause.create(
                dict(
                    vals,
                    sales_agreed_user_id=self.officer.id,
                    sales_agreed_date="2026-11-16 08:30:00",
                )
            )
            self.assertTrue(complaint.sla_paused)
            self.assertEqual(pause.sales_agreed_user_id, self.officer)
            with self.assertRaisesText(ValidationError, "with sales first"):
                pause.write({"sales_agreed_user_id": False})


@tagged("post_install", "-at_install")
class TestComplaintAnswerDateRpc(JsonRpcMixin, ComplaintPortalCommon):
    """Over JSON-RPC and in the portal: the agreement's facts are the
    application's, and the customer sees the agreed date (rules §15)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.answer_day = fields.Date.today() + timedelta(days=10)
        cls.agreement = cls.complaint_a._answer_agree(
            cls.answer_day, "The result of the leak test"
        )

    def test_01_officer_cannot_write_the_facts_over_rpc(self):
        """As an officer of the team, over JSON-RPC, with or without a forged
        context: writing, creating or deleting an agreement, or changing the
        complaint's agreements, is refused, and nothing changes."""
        agreement = self.agreement
        before = agreement.read(["answer_date", "promise", "user_id", "state"])
        self._login(self.officer)
        forged = {"complaint_edit": True, "tracking_disable": True}
        with mute_logger("odoo.http"):
            for context in ({}, forged):
                calls = [
                    ("write", [agreement.ids, {"answer_date": "2030-01-01"}]),
                    ("write", [agreement.ids, {"promise": "Nothing"}]),
                    ("write", [agreement.ids, {"state": "kept"}]),
                    (
                        "create",
                        [
                            {
                                "ticket_id": self.complaint_a.id,
                                "answer_date": "2030-01-01",
                                "promise": "Forged",
                                "agreed_on": "2026-11-01 08:00:00",
                                "user_id": self.officer.id,
                            }
                        ],
                    ),
                    ("unlink", [agreement.ids]),
                ]
                for method, args in calls:
                    reply = self._call_kw(
                        "complaint.answer.agreement",
                        method,
                        args,
                        {"context": context},
                    )
                    self.assertIn("error", reply, (method, args, context))
                reply = self._call_kw(
                    "helpdesk.ticket",
                    "write",
                    [
                        self.complaint_a.ids,
                        {
                            "answer_agreement_ids": [
                                Command.update(agreement.id, {"promise": "x"})
                            ]
                        },
                    ],
                    {"context": context},
                )
                self.assertIn("error", reply, context)
        self.assertEqual(
            reply["error"]["data"]["name"], "odoo.exceptions.ValidationError"
        )
        agreement.invalidate_recordset()
        self.assertEqual(
            agreement.read(["answer_date", "promise", "user_id", "state"]), before
        )
        self.assertEqual(
            self.env["complaint.answer.agreement"].search_count(
                [("ticket_id", "=", self.complaint_a.id)]
            ),
            1,
        )

    def test_02_portal_shows_the_agreed_date(self):
        """The customer's page shows the agreed date and what we promised; a
        complaint with no date agreed says so, never an internal deadline."""
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(f"/my/ticket/{self.complaint_a.id}").text
        self.assertIn("o_complaint_portal_promised", page)
        self.assertIn(self.answer_day.strftime("%m/%d/%Y"), page)
        self.assertIn("The result of the leak test", page)
        self.assertNotIn("o_complaint_portal_promised_none", page)
        self.authenticate("t_portal_b", "t_portal_b")
        page = self.url_open(f"/my/ticket/{self.complaint_b.id}").text
        self.assertIn("o_complaint_portal_promised_none", page)
        self.assertNotIn('class="o_complaint_portal_promised"', page)

    def test_03_acknowledgement_shows_the_agreed_date(self):
        """The acknowledgement tells the agreed date, or that none is agreed."""
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        )
        bodies = template._render_field(
            "body_html", (self.complaint_a | self.complaint_b).ids
        )
        self.assertIn("We agreed with you to answer by", bodies[self.complaint_a.id])
        self.assertIn("no date is agreed yet", bodies[self.complaint_b.id])
        self.assertNotIn("We agreed with you", bodies[self.complaint_b.id])


@tagged("post_install", "-at_install")
class TestComplaintAnswerDateTour(HttpCase):
    def test_01_officer_agrees_customer_sees(self):
        """The officer agrees an answer date on a demo complaint; the customer's
        portal user sees it on the complaint's page."""
        complaint = self.env.ref("complaint_management.ticket_housing_short_demo")
        self.assertFalse(complaint.answer_date)
        self.start_tour(
            "/odoo/complaints",
            "complaint_answer_date_agree_tour",
            login="complaint_officer",
        )
        complaint.invalidate_recordset()
        self.assertGreater(complaint.answer_date, fields.Date.today())
        self.assertEqual(
            complaint.answer_agreement_id.user_id,
            self.env.ref("complaint_management.user_complaint_officer_demo"),
        )
        portal = new_test_user(
            self.env,
            login="t_brightline",
            groups="base.group_portal",
            email="buyer@brightline.example.com",
            name="Brightline Buyer",
        )
        portal.partner_id.parent_id = complaint.partner_id.commercial_partner_id
        complaint.message_subscribe(partner_ids=portal.partner_id.ids)
        self.start_tour(
            f"/my/ticket/{complaint.id}",
            "complaint_answer_date_portal_tour",
            login="t_brightline",
        )
