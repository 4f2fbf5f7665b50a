from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .access_matrix import JsonRpcMixin
from .branch_common import BranchCommon

# Who reads (r) and changes (w) which complaint, over JSON-RPC (rules §20):
# complaint -> {role: rights}
BRANCH_MATRIX = {
    "ordinary_a": {"officer_a": "rw", "officer_b": "", "officer_ho": "",
                   "manager_ho": "rw", "call_centre": ""},
    "ordinary_b": {"officer_a": "", "officer_b": "rw", "officer_ho": "",
                   "manager_ho": "rw", "call_centre": ""},
    "major_a": {"officer_a": "r", "officer_b": "", "officer_ho": "rw",
                "manager_ho": "rw", "call_centre": ""},
    "head": {"officer_a": "", "officer_b": "", "officer_ho": "rw",
             "manager_ho": "rw", "call_centre": ""},
    "handled_a": {"officer_a": "rw", "officer_b": "", "officer_ho": "",
                  "manager_ho": "rw", "call_centre": "r"},
}  # fmt: skip


@tagged("post_install", "-at_install")
class TestComplaintBranchRpc(JsonRpcMixin, BranchCommon, HttpCase):
    """Branch and head-office users over JSON-RPC (rules §20): each reads and
    changes what the matrix says, and the call-back waits for the signed
    findings whoever calls."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "officer_a": cls.officer_a,
            "officer_b": cls.officer_b,
            "officer_ho": cls.officer_ho,
            "manager_ho": cls.manager_ho,
            "call_centre": cls.call_centre,
        }

    def _complaints(self):
        handled = self._branch_complaint(self.officer_a, self.team_a)
        handled._record_event("resolved")
        return {
            "ordinary_a": self._branch_complaint(self.officer_a, self.team_a),
            "ordinary_b": self._branch_complaint(self.officer_b, self.team_b),
            "major_a": self._major(),
            "head": self._branch_complaint(self.officer_ho, self.team_ho),
            "handled_a": handled,
        }

    def _ok(self, reply):
        return "error" not in reply

    @mute_logger("odoo.http")
    def test_01_branch_matrix(self):
        """Every branch and head-office role reads and changes exactly the
        complaints of its row: a branch reads no other branch's, the head office
        reads its branches' major complaints, the branch keeps reading its
        forwarded major complaint without changing it."""
        complaints = self._complaints()
        for role, user in self.users.items():
            self._login(user)
            for key, ticket in complaints.items():
                expected = BRANCH_MATRIX[key][role]
                read = self._call_kw("helpdesk.ticket", "read", [ticket.ids, ["name"]])
                self.assertEqual(self._ok(read), "r" in expected, f"{role} reads {key}")
                found = self._call_kw(
                    "helpdesk.ticket",
                    "search_read",
                    [[("id", "=", ticket.id)], ["name"]],
                )
                self.assertEqual(
                    bool(found.get("result")), "r" in expected, f"{role} finds {key}"
                )
                write = self._call_kw(
                    "helpdesk.ticket", "write", [ticket.ids, {"lot_number": role}]
                )
                self.assertEqual(
                    self._ok(write), "w" in expected, f"{role} writes {key}"
                )

    @mute_logger("odoo.http")
    def test_02_sign_off_before_the_call_back(self):
        """Over JSON-RPC, the call centre's call-back of a major complaint is
        refused until the department head signed the audit findings; nobody
        writes the signature; once signed, the call-back is recorded."""
        major = self._major(responsibility="company")
        major._record_event("resolved")
        self._login(self.officer_ho)
        reply = self._call_kw(
            "helpdesk.ticket",
            "write",
            [major.ids, {"audit_findings": "A chipped steamer lid"}],
        )
        self.assertTrue(self._ok(reply), reply)
        self._login(self.call_centre)
        wizard = self._call_kw(
            "complaint.callback.wizard",
            "create",
            [{"ticket_id": major.id, "satisfaction": "5", "comment": "Fine"}],
        )
        self.assertTrue(self._ok(wizard), wizard)
        refused = self._call_kw(
            "complaint.callback.wizard", "action_confirm", [[wizard["result"]]]
        )
        self.assertIn("must be signed", refused["error"]["data"]["message"])
        self.assertFalse(major.callback_date)
        self._login(self.head_of_dept)
        forged = self._call_kw(
            "helpdesk.ticket",
            "write",
            [
                major.ids,
                {
                    "findings_signed_by_id": self.head_of_dept.id,
                    "findings_signed_date": "2026-11-03 10:00:00",
                },
            ],
        )
        self.assertIn("error", forged)
        self._login(self.officer_ho)
        not_head = self._call_kw("helpdesk.ticket", "action_sign_findings", [major.ids])
        self.assertIn("Only the department head", not_head["error"]["data"]["message"])
        self._login(self.head_of_dept)
        signed = self._call_kw("helpdesk.ticket", "action_sign_findings", [major.ids])
        self.assertTrue(self._ok(signed), signed)
        self._login(self.call_centre)
        done = self._call_kw(
            "complaint.callback.wizard", "action_confirm", [[wizard["result"]]]
        )
        self.assertTrue(self._ok(done), done)
        major.invalidate_recordset()
        self.assertTrue(major.callback_date)
        self.assertEqual(major.satisfaction, "5")

    @mute_logger("odoo.http")
    def test_03_call_centre_writes_nothing_else(self):
        """Over JSON-RPC, the call centre changes nothing on a complaint it reads,
        whatever context it sends."""
        complaints = self._complaints()
        handled = complaints["handled_a"]
        self._login(self.call_centre)
        for vals in ({"satisfaction": "5"}, {"callback_date": "2026-11-03 10:00:00"}):
            reply = self._call_kw(
                "helpdesk.ticket",
                "write",
                [handled.ids, vals],
                {"context": {"complaint_edit": True}},
            )
            self.assertIn("error", reply)
        reply = self._call_kw(
            "helpdesk.ticket", "action_hand_over_to_qa", [handled.ids]
        )
        self.assertIn("error", reply)
        handled.invalidate_recordset()
        self.assertFalse(handled.satisfaction)
        self.assertEqual(handled.intake_state, "receiving")
