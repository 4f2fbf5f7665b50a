from odoo.tests import tagged

from . import test_complaint_8d as t8d
from .common import load_chinese
from .test_complaint_remedy import ComplaintRemedyCommon

# A phrase of each moment's subject (data/complaint_progress_event_data.xml)
SUBJECTS = {
    "handed_to_qa": "is with our quality team",
    "containment": "the problem is contained",
    "remedy_approved": "a remedy is approved",
    "eight_d_approved": "our 8D report is approved",
    "resolved": "is resolved",
}


@tagged("post_install", "-at_install")
class TestComplaintProgress(ComplaintRemedyCommon):
    """Progress told to the customer (rules §16.1): each moment the team lists
    writes one e-mail to the customer, in their language, kept in the chatter;
    the others write nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._close_without_8d()
        cls.team.complaint_acknowledge = False
        cls.Report = cls.env["complaint.8d"]

    # The 8D tests' helpers (their class is not imported: its tests run once)
    _corrective = t8d.TestComplaint8D._corrective

    def _told(self, complaint, event=None):
        """The e-mails to the customer in the complaint's chatter (of ``event``)."""
        complaint.invalidate_recordset(["message_ids"])
        messages = complaint.message_ids.filtered(
            lambda m: m.subject and complaint.partner_id in m.partner_ids
        )
        if event:
            messages = messages.filtered(lambda m: SUBJECTS[event] in m.subject)
        return messages

    def _new(self, **values):
        return self._complaint(**dict(self._complete_intake(), **values))

    def test_01_each_moment_once_internal_ones_never(self):
        """Handed to QA and containment write one e-mail each, once (recording
        the containment again writes nothing); QA's response, the root cause and
        the customer's feedback are internal: nothing."""
        complaint = self._new()
        self.assertFalse(self._told(complaint))
        complaint.with_user(self.officer).action_hand_over_to_qa()
        self.assertEqual(len(self._told(complaint)), 1)
        self.assertEqual(len(self._told(complaint, "handed_to_qa")), 1)
        complaint.with_user(self.engineer).action_qa_accept()
        complaint.with_user(self.engineer).action_root_cause_found()
        complaint.with_user(self.engineer).action_customer_feedback()
        self.assertEqual(len(self._told(complaint)), 1, "internal events tell nobody")
        complaint.with_user(self.engineer).action_containment_done()
        told = self._told(complaint, "containment")
        self.assertEqual(len(told), 1)
        self.assertIn(complaint.complaint_number, str(told.body))
        mail = self.env["mail.mail"].search([("mail_message_id", "=", told.id)])
        self.assertEqual(mail.recipient_ids, self.customer)
        complaint._record_event("containment")
        self.assertEqual(len(self._told(complaint)), 2, "told once per moment")

    def test_02_team_chooses_the_moments(self):
        """A moment the team does not list writes nothing; a complaint without a
        customer address, nothing either."""
        containment = self.env.ref(
            "complaint_management.complaint_progress_event_containment"
        )
        self.assertIn(containment, self.team.complaint_progress_event_ids)
        self.assertEqual(
            len(self.team.complaint_progress_event_ids), 5, "every moment by default"
        )
        self.team.complaint_progress_event_ids -= containment
        complaint = self._new()
        complaint.action_hand_over_to_qa()
        complaint.action_containment_done()
        self.assertEqual(len(self._told(complaint)), 1)
        self.assertFalse(self._told(complaint, "containment"))
        silent = self.customer.copy({"email": False})
        other = self._new(partner_id=silent.id)
        other.action_hand_over_to_qa()
        self.assertFalse(other.message_ids.filtered(lambda m: m.subject))

    def test_03_in_the_customer_language(self):
        """A customer who reads Simplified Chinese is told in Chinese, another in
        English, in the same batch."""
        load_chinese(self.env)
        chinese = self.customer.copy({"lang": "zh_CN", "email": "qa@cn.example.com"})
        zh = self._new(partner_id=chinese.id)
        en = self._new()
        (zh | en).with_context(lang="en_US").action_hand_over_to_qa()
        zh_mail = zh.message_ids.filtered(lambda m: chinese in m.partner_ids)
        self.assertEqual(len(zh_mail), 1)
        self.assertIn("质量团队", zh_mail.subject)
        self.assertIn("质量团队", str(zh_mail.body))
        self.assertEqual(len(self._told(en, "handed_to_qa")), 1)

    def test_04_remedy_approved_without_its_amount(self):
        """An approved remedy tells the customer once, without its amount."""
        remedy = self._remedy(amount=41.75, remedy_type="replacement")
        self._submit(remedy)
        self.assertFalse(self._told(self.complaint, "remedy_approved"))
        self._decide(remedy, self.front_desk)
        self.assertEqual(remedy.state, "approved")
        told = self._told(self.complaint, "remedy_approved")
        self.assertEqual(len(told), 1)
        self.assertNotIn("41.75", str(told.body))
        self.assertNotIn("41,75", str(told.body))

    def test_05_eight_d_approved(self):
        """The approval of the 8D report tells each complaint's customer once."""
        helpers = t8d.TestComplaint8D
        complaint = helpers._our_complaint(self)
        report = helpers._fill(self, helpers._new_8d(self, complaint))
        helpers._submit(self, report)
        self.assertFalse(self._told(complaint, "eight_d_approved"))
        report.with_user(self.qa_manager).validate_tier()
        report.invalidate_recordset()
        self.assertEqual(report.state, "approved")
        complaint = report.ticket_ids
        self.assertEqual(len(self._told(complaint, "eight_d_approved")), 1)

    def test_06_resolved_once(self):
        """The resolution tells the customer once (the moment's e-mail replaces
        helpdesk's closed-ticket e-mail of the closing stage)."""
        complaint = self._new(responsibility="company")
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        complaint.with_context(tracking_disable=False, mail_notrack=False).write(
            {"stage_id": done.id}
        )
        self._flush_tracking()
        self.assertTrue(complaint.resolved_date)
        self.assertEqual(len(self._told(complaint, "resolved")), 1)
        self.assertEqual(len(self._told(complaint)), 1)

    def test_07_batch_costs_the_same(self):
        """Telling many customers costs no query per complaint beyond the
        e-mails' own: a batch of six costs what a batch of two does."""
        small = self._new() | self._new()
        large = self._new()
        for _i in range(5):
            large |= self._new()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        small._progress_notify("containment")
        self.env.flush_all()
        cost_small = self.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        large._progress_notify("containment")
        self.env.flush_all()
        cost_large = self.cr.sql_log_count - before
        self.assertEqual(len(self._told(large[0], "containment")), 1)
        self.assertLessEqual(
            cost_large, cost_small + 6, f"2 complaints: {cost_small}, 6: {cost_large}"
        )
