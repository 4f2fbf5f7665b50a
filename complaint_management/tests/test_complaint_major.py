from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintMajor(ComplaintCommon):
    def _major_activities(self, complaint):
        major = self.env.ref("complaint_management.mail_act_complaint_major")
        return complaint.activity_ids.filtered(lambda a: a.activity_type_id == major)

    def test_01_safety_defect_is_major_and_notifies(self):
        """A safety defect makes a major complaint: the department head and the
        executive follow it, are notified and get an activity each, at once."""
        auditor = self._new_user("t_auditor", "group_complaint_engineer")
        self.team.audit_user_ids = auditor
        complaint = self._complaint(defect_type_id=self.defect_foreign.id)
        self.assertTrue(complaint.is_major)
        self.assertEqual(complaint.complaint_severity, "serious")
        followers = complaint.message_partner_ids
        for user in (self.qa_manager, self.executive, auditor):
            self.assertIn(user.partner_id, followers)
        self.assertEqual(
            self._major_activities(complaint).user_id, self.qa_manager | self.executive
        )
        notice = complaint.message_ids.filtered(lambda m: "Major complaint" in m.body)
        self.assertEqual(len(notice), 1)
        self.assertIn(self.executive.partner_id, notice.partner_ids)
        self.assertEqual(complaint.audit_user_ids, auditor)

    def test_02_set_by_hand_notifies_once(self):
        """Marking a complaint major by hand notifies once, not on every write."""
        complaint = self._complaint(defect_type_id=self.defect_scratch.id)
        self.assertFalse(complaint.is_major)
        self.assertFalse(self._major_activities(complaint))
        complaint.is_major = True
        self.assertEqual(len(self._major_activities(complaint)), 2)
        complaint.name = "Calipers leak badly"
        complaint.is_major = True
        self.assertEqual(len(self._major_activities(complaint)), 2)

    def test_03_plain_ticket_is_never_major_notified(self):
        """A ticket that is not a complaint triggers no major-complaint notice."""
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "x",
                "description": "x",
                "team_id": self.other_team.id,
                "defect_type_id": self.defect_foreign.id,
            }
        )
        self.assertFalse(self._major_activities(ticket))

    def test_04_major_clears_when_defect_type_changes(self):
        """Re-coded from a safety defect to a cosmetic one, a complaint is no longer
        major (issue 10, case 5)."""
        complaint = self._complaint(defect_type_id=self.defect_foreign.id)
        self.assertTrue(complaint.is_major)
        complaint.defect_type_id = self.defect_scratch
        self.assertFalse(complaint.is_major)
        self.assertEqual(complaint.complaint_severity, "general")
