from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import ComplaintSlaCommon, load_chinese


@tagged("post_install", "-at_install")
class TestComplaintLanguage(ComplaintSlaCommon):
    """A Chinese company (its partner reads zh_CN) whose people read zh_CN or zh_TW:
    what the scheduled jobs and automatic steps write is in the company's language,
    activities in their reader's, mail to a customer in the customer's (issue 15)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.env.company.partner_id.lang = "zh_CN"
        cls.engineer.lang = "zh_CN"
        cls.leader.lang = "zh_TW"
        cls.qa_manager.lang = "zh_TW"
        cls.executive.lang = "zh_CN"

    def _notes(self, complaint):
        return [html2plaintext(m.body) for m in complaint.message_ids]

    def _activity(self, complaint, xmlid):
        activity_type = self.env.ref(f"complaint_management.{xmlid}")
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )

    def test_01_escalation_writes_chinese(self):
        """The escalation job, run in English, writes the missed deadline and the
        escalation in the company's Chinese, and the leader's activity reads in the
        leader's Traditional Chinese; the complaint's one reminder reads in its
        assignee's Chinese whichever deadline it moved to, and the last deadline
        reached is logged in Chinese."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
        # one reminder, for the first deadline: the containment (rules §23.1)
        reminder = self._activity(complaint, "mail_act_complaint_containment")
        self.assertEqual(reminder.user_id, self.engineer)
        self.assertEqual(
            reminder.with_context(lang="zh_CN").display_name, "投诉：围堵计划"
        )
        with freeze_time("2026-11-04 09:30:00"):
            self.env["helpdesk.ticket"].with_context(lang="en_US")._cron_escalate()
        notes = self._notes(complaint)
        # every grade is contained within a day (rules §17.3): both are missed
        self.assertIn("期限已逾期：围堵, QA 响应。", notes)
        self.assertIn(f"已升级（通知团队负责人）给 {self.leader.name}。", notes)
        self.assertFalse([n for n in notes if "Deadline" in n or "Escalated" in n])
        escalation = self._activity(complaint, "mail_act_complaint_escalation")
        escalation.invalidate_recordset(["display_name"])
        self.assertEqual(escalation.user_id, self.leader)
        self.assertFalse(escalation.summary, "no English copy of the type's summary")
        self.assertEqual(
            escalation.with_context(lang="zh_TW").display_name, "客訴：已升級給您"
        )
        with freeze_time("2026-11-04 10:00:00"):
            complaint.with_context(lang="en_US")._record_event("containment")
        # moved to QA's response, the next deadline, and read in Chinese
        reminder.invalidate_recordset(["display_name"])
        self.assertEqual(
            reminder.with_context(lang="zh_CN").display_name, "投诉：QA 响应"
        )
        with freeze_time("2026-11-04 10:30:00"):
            complaint.with_context(lang="en_US").sla_milestone_ids.filtered(
                "is_open"
            )._meet(datetime(2026, 11, 4, 10, 30))
        self.assertFalse(reminder.active)
        self.assertTrue(any("期限已达成。" in n for n in self._notes(complaint)))

    def test_02_acknowledgement_in_the_customer_language(self):
        """The acknowledgements of one batch go out each in its customer's language
        (subject and body), whatever the language the job runs in."""
        self.team.complaint_acknowledge = True
        taiwanese = self.customer.copy({"lang": "zh_TW", "email": "qa@tw.example.com"})
        self.customer.lang = "zh_CN"
        complaint = self._complaint(partner_id=self.customer.id)
        complaint_tw = self._complaint(partner_id=taiwanese.id)
        self.env["helpdesk.ticket"].with_context(
            lang="en_US"
        )._cron_send_acknowledgements()
        for ticket, subject, body in (
            (complaint, "我们已收到您的投诉", "投诉"),
            (complaint_tw, "我們已收到您的客訴", "客訴"),
        ):
            message = ticket.message_ids.filtered(
                lambda m, t=ticket: t.complaint_number in (m.subject or "")
            )
            self.assertEqual(message.subject, f"{subject} {ticket.complaint_number}")
            self.assertIn(body, html2plaintext(message.body))
            self.assertNotIn("complaint", html2plaintext(message.body).lower())
            mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
            self.assertEqual(mail.subject, message.subject)

    def test_03_major_complaint_notice_and_activities(self):
        """A major complaint is announced in the company's language and each
        manager's activity reads in that manager's language."""
        complaint = self._complaint(defect_type_id=self.defect_foreign.id)
        self.assertTrue(complaint.is_major)
        self.assertIn(
            f"重大投诉：{complaint.display_name} 需要管理层立即关注。",
            self._notes(complaint),
        )
        activities = self._activity(complaint, "mail_act_complaint_major")
        self.assertEqual(activities.user_id, self.qa_manager | self.executive)
        self.assertFalse(any(activities.mapped("summary")))
        for activity in activities:
            activity.invalidate_recordset(["display_name"])
            self.assertEqual(
                activity.with_context(lang=activity.user_id.lang).display_name,
                {"zh_CN": "重大投诉", "zh_TW": "重大客訴"}[activity.user_id.lang],
            )
