from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .access_matrix import JsonRpcMixin
from .common import ComplaintCommon


class SealCommon:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._close_without_8d()

    def _closed_complaint(self, **values):
        """A general complaint closed (a product of its own: no repeat, no 8D)."""
        product = self.env["product.product"].create({"name": "Sealed part"})
        vals = dict(self._complete_intake(), product_id=product.id)
        vals.update(responsibility="company", **values)
        complaint = self._complaint(**vals)
        complaint.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.assertTrue(complaint.closed)
        return complaint

    def _problems(self):
        return self.env["complaint.seal"]._check_chain(self.env.company)


@tagged("post_install", "-at_install")
class TestComplaintSeal(SealCommon, ComplaintCommon):
    """Closing a complaint seals its dossier, chained to the company's previous
    seal; the chain check names a complaint changed after it was sealed; a
    reopening adds a seal instead of breaking the chain (rules §22.3, §22.4)."""

    def test_01_closing_seals_and_chains(self):
        """Each closing records one seal, numbered after the company's last one
        and chained to its hash; the chain holds."""
        before = self.env["complaint.seal"].search(
            [("company_id", "=", self.env.company.id)], order="sequence desc", limit=1
        )
        first = self._closed_complaint()
        second = self._closed_complaint(name="Housings scratched")
        seal_1, seal_2 = first.sudo().seal_ids, second.sudo().seal_ids
        self.assertEqual(len(seal_1), 1)
        self.assertEqual(seal_1.reason, "closed")
        self.assertEqual(seal_1.sequence, before.sequence + 1)
        self.assertEqual(seal_1.previous_hash, before.hash or "")
        self.assertEqual(seal_2.sequence, seal_1.sequence + 1)
        self.assertEqual(seal_2.previous_hash, seal_1.hash)
        self.assertEqual(len(seal_1.content_hash), 64)
        self.assertEqual(self._problems(), [])

    def test_02_sql_change_named(self):
        """A sealed complaint's field altered in SQL is named by the chain check,
        and only that complaint."""
        altered = self._closed_complaint()
        intact = self._closed_complaint(name="Housings scratched")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET defect_qty = 2 WHERE id = %s", [altered.id]
        )
        self.env.invalidate_all()
        problems = self._problems()
        self.assertEqual([ticket for ticket, _message in problems], [altered])
        self.assertIn(altered.display_name, problems[0][1])
        self.assertNotIn(intact.display_name, problems[0][1])
        # The wizard names it too.
        wizard = self.env["complaint.seal.check.wizard"].create({})
        wizard.action_check()
        self.assertEqual(wizard.problem_count, 1)
        self.assertIn(altered.display_name, wizard.result)

    def test_03_altered_seal_named(self):
        """A seal whose fingerprint is rewritten in SQL no longer follows from
        the seal before it: the check names it."""
        complaint = self._closed_complaint()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE complaint_seal SET content_hash = %s WHERE ticket_id = %s",
            ["0" * 64, complaint.id],
        )
        self.env.invalidate_all()
        problems = self._problems()
        self.assertIn(complaint, [ticket for ticket, _message in problems])

    def test_04_reopen_and_close_again(self):
        """Reopening records a seal, closing again another; the chain still
        verifies, and a change made while it was open is no tampering."""
        complaint = self._closed_complaint()
        self.env["complaint.reopen.wizard"].create(
            {"ticket_id": complaint.id, "reason": "The customer saw it again."}
        ).action_confirm()
        self.assertFalse(complaint.closed)
        complaint.defect_qty = 25
        complaint.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        seals = complaint.sudo().seal_ids.sorted("sequence")
        self.assertEqual(seals.mapped("reason"), ["closed", "reopened", "closed"])
        self.assertEqual(seals[0].content_hash, seals[1].content_hash)
        self.assertNotEqual(seals[1].content_hash, seals[2].content_hash)
        self.assertEqual(self._problems(), [])

    def test_05_changed_before_reopening_named(self):
        """A change slipped in SQL between closing and reopening shows: the
        reopening's seal differs from the closing one."""
        complaint = self._closed_complaint()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET lot_number = 'X' WHERE id = %s", [complaint.id]
        )
        self.env.invalidate_all()
        complaint._reopen_with_reason("Checked again")
        problems = self._problems()
        self.assertEqual([ticket for ticket, _message in problems], [complaint])

    def test_06_batch_reads_in_fixed_queries(self):
        """The dossier's facts of many complaints are read in as many queries as
        those of two (rules §22.3: batch-safe)."""
        few = self._closed_complaint() | self._closed_complaint(name="B")
        many = few | self._closed_complaint(name="C") | self._closed_complaint(name="D")

        def count(tickets):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            tickets._dossier_content()
            return self.cr.sql_log_count - start

        self.assertEqual(count(many), count(few))


@tagged("post_install", "-at_install")
class TestComplaintSealRpc(SealCommon, JsonRpcMixin, ComplaintCommon, HttpCase):
    """Seals are the application's: over JSON-RPC nobody creates, changes or
    deletes one, whatever the context (rules §22.3)."""

    @mute_logger("odoo.http")
    def test_01_seals_refused_to_clients(self):
        complaint = self._closed_complaint()
        seal = complaint.sudo().seal_ids
        auditor = self._new_user("t_seal_auditor", "group_complaint_auditor")
        forged = {"complaint_edit": True}
        for user in (self.qa_manager, auditor, self.engineer):
            self._login(user)
            for context in ({}, forged):
                calls = [
                    ("create", [{"ticket_id": complaint.id, "sequence": 999,
                                 "reason": "closed", "company_id": self.env.company.id,
                                 "sealed_on": "2026-12-01 00:00:00"}]),
                    ("write", [seal.ids, {"hash": "0" * 64}]),
                    ("unlink", [seal.ids]),
                ]  # fmt: skip
                for method, args in calls:
                    with self.subTest(user=user.login, method=method, ctx=context):
                        reply = self._call_kw(
                            "complaint.seal", method, args, {"context": context}
                        )
                        self.assertIn("error", reply)
        seal.invalidate_recordset()
        self.assertTrue(seal.exists())
        self.assertEqual(
            self.env["complaint.seal"].search_count([("sequence", "=", 999)]), 0
        )
        self.assertEqual(self._problems(), [])
        # Auditors read the seals; engineers do not.
        self._login(auditor)
        reply = self._call_kw("complaint.seal", "read", [seal.ids, ["hash"]])
        self.assertEqual(reply["result"][0]["hash"], seal.hash)
        self._login(self.engineer)
        reply = self._call_kw("complaint.seal", "read", [seal.ids, ["hash"]])
        self.assertIn("error", reply)
