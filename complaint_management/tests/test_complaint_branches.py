from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .branch_common import BranchCommon


@tagged("post_install", "-at_install")
class TestComplaintBranches(BranchCommon):
    """Branches and the head office (rules §20): numbering per branch, a
    branch's major complaint forwarded to the head office's team, ordinary
    complaints sent down, the signed findings before the call-back, and the call
    centre."""

    # Numbering and reading
    def test_01_each_branch_numbers_its_own(self):
        """A branch's complaints are numbered by its own sequence, from 1, apart
        from the other branch's and the head office's."""
        first_a = self._branch_complaint(self.officer_a, self.team_a)
        second_a = self._branch_complaint(self.officer_a, self.team_a)
        first_b = self._branch_complaint(self.officer_b, self.team_b)
        head = self._branch_complaint(self.officer_ho, self.team_ho)
        self.assertTrue(first_a.complaint_number.startswith(f"CC-B{self.branch_a.id}/"))
        self.assertTrue(first_b.complaint_number.startswith(f"CC-B{self.branch_b.id}/"))
        self.assertTrue(head.complaint_number.startswith("CC/"))
        serial = [
            int(t.complaint_number.rsplit("/", 1)[1]) for t in (first_a, second_a)
        ]
        self.assertEqual(serial, [1, 2])
        self.assertEqual(int(first_b.complaint_number.rsplit("/", 1)[1]), 1)

    def test_02_a_branch_reads_no_other_branch(self):
        """An officer of branch B neither finds nor reads branch A's complaints,
        ordinary or major, nor the head office's."""
        ordinary = self._branch_complaint(self.officer_a, self.team_a)
        major = self._major()
        head = self._branch_complaint(self.officer_ho, self.team_ho)
        others = ordinary | major | head
        Ticket = self.env["helpdesk.ticket"].with_user(self.officer_b)
        self.assertFalse(Ticket.search([("id", "in", others.ids)]))
        for ticket in others:
            with self.assertRaises(AccessError):
                ticket.with_user(self.officer_b).read(["name"])

    # A branch's major complaint
    def test_03_major_goes_to_the_head_office(self):
        """A branch's major complaint goes at once to the head office's
        major-complaint team, stays the branch's (company and number), tells the
        head office's department head and executive, and assigns its audit
        team."""
        major = self._major()
        self.assertEqual(major.team_id, self.team_major)
        self.assertEqual(major.company_id, self.branch_a)
        self.assertEqual(major.forwarded_from_team_id, self.team_a)
        self.assertTrue(major.complaint_number.startswith(f"CC-B{self.branch_a.id}/"))
        self.assertEqual(major.audit_user_ids, self.auditor_ho)
        activity_users = major.activity_ids.user_id
        self.assertIn(self.head_of_dept, activity_users)
        self.assertIn(self.exec_ho, activity_users)
        # the head office's team reads and works on it
        self.assertIn(
            major,
            self.env["helpdesk.ticket"]
            .with_user(self.officer_ho)
            .search([("id", "=", major.id)]),
        )
        major.with_user(self.officer_ho).write({"lot_number": "HO-1"})

    def test_04_the_branch_still_reads_it_and_sees_the_outcome(self):
        """The branch that recorded a major complaint keeps reading it, up to its
        outcome, and changes it no more."""
        major = self._major()
        major.with_user(self.officer_ho).write(
            {"responsibility": "company", "lot_number": "HO-2"}
        )
        major._record_event("resolved")
        seen = major.with_user(self.officer_a)
        self.assertIn(
            major, seen.search([("id", "=", major.id), ("resolved_date", "!=", False)])
        )
        values = seen.read(["lot_number", "responsibility", "team_id"])[0]
        self.assertEqual(values["lot_number"], "HO-2")
        self.assertEqual(values["responsibility"], "company")
        with self.assertRaises(AccessError):
            seen.write({"description": "<p>Forged</p>"})
        with self.assertRaises(AccessError):
            seen.unlink()

    def test_05_a_major_recoded_later_is_forwarded_too(self):
        """A branch's complaint that becomes major later goes to the head office
        then."""
        ticket = self._branch_complaint(self.officer_a, self.team_a)
        self.assertEqual(ticket.team_id, self.team_a)
        ticket.with_user(self.officer_a).write({"is_major": True})
        self.assertEqual(ticket.team_id, self.team_major)
        self.assertEqual(ticket.forwarded_from_team_id, self.team_a)

    # The head office sends an ordinary complaint down
    def test_06_the_head_office_sends_an_ordinary_complaint(self):
        """An ordinary complaint received at the head office goes to the branch
        it concerns: the branch's team and company; the head office's desk keeps
        reading it and changes it no more."""
        ticket = self._branch_complaint(self.officer_ho, self.team_ho)
        action = ticket.with_user(self.officer_ho).action_send_to_team()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.officer_ho)
            .with_context(**action["context"])
        )
        wizard.team_id = self.team_a
        wizard.note = "The guest ate at branch A"
        wizard.save().action_confirm()
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.company_id, self.branch_a)
        self.assertEqual(ticket.forwarded_from_team_id, self.team_ho)
        ticket.with_user(self.officer_a).write({"lot_number": "A-1"})
        self.assertEqual(
            ticket.with_user(self.officer_ho).read(["lot_number"])[0]["lot_number"],
            "A-1",
        )
        with self.assertRaises(AccessError):
            ticket.with_user(self.officer_ho).write({"lot_number": "HO-3"})

    def test_07_what_cannot_be_sent(self):
        """A major complaint stays with the major-complaint team; a complaint
        goes neither to another company's team nor up from a branch."""
        major = self._major()
        with self.assertRaisesText(UserError, "major complaint"):
            major.with_user(self.head_of_dept).action_send_to_team()
        stranger = self.env["res.company"].create({"name": "Stranger"})
        team_x = self.env["helpdesk.ticket.team"].create(
            {"name": "Stranger Desk", "complaint_team": True, "company_id": stranger.id}
        )
        ticket = self._branch_complaint(self.officer_ho, self.team_ho)
        with self.assertRaisesText(UserError, "never to another company"):
            ticket._send_to_team(team_x)
        ticket_a = self._branch_complaint(self.officer_a, self.team_a)
        with self.assertRaisesText(UserError, "never to another company"):
            ticket_a._send_to_team(self.team_ho)
        self.assertEqual(ticket.team_id, self.team_ho)
        with self.assertRaises(ValidationError):
            ticket.with_user(self.officer_ho).write(
                {"forwarded_from_team_id": self.team_b.id}
            )

    # Findings and call-back
    def _handled_major(self):
        major = self._major(responsibility="company")
        major._record_event("resolved")
        return major

    def test_08_signed_findings_before_the_call_back(self):
        """The call-back of a complaint an audit team investigated waits for the
        department head's signature of the findings; nobody else signs; signed
        findings stay as signed."""
        major = self._handled_major()
        self.assertTrue(major.findings_sign_off_required)
        with self.assertRaisesText(UserError, "must be signed by the department head"):
            major._record_callback("5", "Fine")
        with self.assertRaisesText(UserError, "must be signed by the department head"):
            major.action_record_callback()
        self.assertFalse(major.callback_date)
        with self.assertRaisesText(UserError, "no findings"):
            major.with_user(self.head_of_dept).action_sign_findings()
        major.audit_findings = "Chipped lid"
        with self.assertRaisesText(UserError, "Only the department head"):
            major.with_user(self.officer_ho).action_sign_findings()
        with self.assertRaises(ValidationError):
            major.with_user(self.head_of_dept).write(
                {"findings_signed_date": "2026-11-03 10:00:00"}
            )
        major.with_user(self.head_of_dept).action_sign_findings()
        self.assertEqual(major.findings_signed_by_id, self.head_of_dept)
        with self.assertRaisesText(UserError, "stay as signed"):
            major.with_user(self.head_of_dept).write({"audit_findings": "Other"})
        major._record_callback("5", "Fine")
        self.assertTrue(major.callback_date)

    # The call centre
    def test_09_the_call_centre_records_the_call_back(self):
        """A call-centre agent reads the handled complaints and records their
        call-back; an open complaint is not theirs to read."""
        handled = self._branch_complaint(self.officer_a, self.team_a)
        handled._record_event("resolved")
        still_open = self._branch_complaint(self.officer_a, self.team_a)
        Ticket = self.env["helpdesk.ticket"].with_user(self.call_centre)
        found = Ticket.search([("id", "in", (handled | still_open).ids)])
        self.assertEqual(found, handled)
        with self.assertRaises(AccessError):
            still_open.with_user(self.call_centre).read(["name"])
        action = handled.with_user(self.call_centre).action_record_callback()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.call_centre)
            .with_context(**action["context"])
        )
        wizard.satisfaction = "4"
        wizard.comment = "Happy with the refund"
        wizard.save().action_confirm()
        self.assertEqual(handled.satisfaction, "4")
        self.assertTrue(handled.callback_date)

    def test_10_the_call_centre_does_nothing_else(self):
        """A call-centre agent records no complaint, changes none, hands none
        over, proposes no remedy and signs no findings."""
        handled = self._branch_complaint(self.officer_a, self.team_a)
        handled._record_event("resolved")
        handled.write({"audit_user_ids": [(6, 0, self.auditor_ho.ids)]})
        handled.audit_findings = "Chipped lid"
        agent = handled.with_user(self.call_centre)
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.call_centre).create(
                {"name": "Forged", "description": "x", "team_id": self.team_a.id}
            )
        with self.assertRaises(AccessError):
            agent.write({"description": "<p>Forged</p>"})
        with self.assertRaises(AccessError):
            agent.action_hand_over_to_qa()
        with self.assertRaises(AccessError):
            self.env["complaint.remedy"].with_user(self.call_centre).create(
                {"ticket_id": handled.id, "remedy_type": "refund", "amount": 5.0}
            )
        with self.assertRaisesText(UserError, "Only the department head"):
            agent.action_sign_findings()
        with self.assertRaises(AccessError):
            agent.with_context(complaint_edit=True).write({"satisfaction": "5"})
        self.assertFalse(handled.satisfaction)
        self.assertEqual(handled.intake_state, "receiving")

    def test_11_branches_older_than_the_addon_get_their_numbering(self):
        """A branch without a complaint sequence of its own (made before the addon)
        gets one at install and update."""
        Sequence = self.env["ir.sequence"]
        domain = [
            ("code", "=", "helpdesk.ticket.complaint"),
            ("company_id", "=", self.branch_b.id),
        ]
        Sequence.search(domain).unlink()
        self.env["res.company"]._complaint_branch_sequence_all()
        self.assertEqual(len(Sequence.search(domain)), 1)
        self.env["res.company"]._complaint_branch_sequence_all()
        self.assertEqual(len(Sequence.search(domain)), 1)
