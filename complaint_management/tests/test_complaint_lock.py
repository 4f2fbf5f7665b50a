from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import test_complaint_8d
from .chargeback_common import ChargebackCommon
from .common import ComplaintCommon
from .test_complaint_remedy import ComplaintRemedyCommon

_8D = test_complaint_8d.TestComplaint8D


class LockAssertions:
    """Assertions of a refusal on a record that stays as it was."""

    def _snapshot(self, record, names):
        record.invalidate_recordset()
        return record.sudo().read(names)[0]

    def assertRefusedUnchanged(self, record, call, names, *texts):
        """``call`` is refused with a message naming the record and saying
        ``texts``; ``names`` of the record read the same afterwards."""
        before = self._snapshot(record, names)
        with self.assertRaises(UserError) as caught:
            call()
        message = str(caught.exception)
        for text in texts:
            self.assertIn(text, message)
        self.assertEqual(self._snapshot(record, names), before)
        self.assertTrue(record.exists())
        return message


@tagged("post_install", "-at_install")
class TestComplaintClosedLock(LockAssertions, ComplaintRemedyCommon):
    """A closed complaint stays as it was: only the call-back, the knowledge base
    and a reopening with a reason still write on it (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (tested by the 8D tests).
        cls._close_without_8d()

    def setUp(self):
        super().setUp()
        self.closed = self._complaint(
            **self._complete_intake(), responsibility="company"
        )
        self.closed.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.assertTrue(self.closed.closed)

    def test_01_changes_refused_with_reason(self):
        """Changing what a closed complaint says is refused, for every role and
        whatever the context; the message names the complaint, says it is closed,
        what cannot change and what to do; nothing changes."""
        names = ["name", "partner_id", "defect_qty", "priority", "stage_id"]
        for user in (self.officer, self.engineer, self.qa_manager):
            ticket = self.closed.with_user(user)
            for vals in (
                {"name": "Rewritten"},
                {"defect_qty": 1},
                {"priority": "0"},
                {
                    "stage_id": self.env.ref(
                        "helpdesk_mgmt.helpdesk_ticket_stage_new"
                    ).id
                },
            ):
                message = self.assertRefusedUnchanged(
                    self.closed,
                    lambda t=ticket, v=vals: t.with_context(
                        complaint_record_lock_edit=True, _force_unlink=True
                    ).write(v),
                    names,
                    self.closed.complaint_number,
                    "closed",
                    "cannot change",
                )
                self.assertIn("reopen", message)

    def test_02_nobody_deletes_it(self):
        """Nobody deletes a closed complaint, not the administrator, not with
        Odoo's uninstall key in the context; the message says why."""
        for env_user in (self.qa_manager, self.env.ref("base.user_admin")):
            for context in ({}, {"_force_unlink": True}):
                self.assertRefusedUnchanged(
                    self.closed,
                    lambda u=env_user, c=context: (
                        self.closed.with_user(u).with_context(**c).unlink()
                    ),
                    ["name"],
                    self.closed.complaint_number,
                    "cannot be deleted",
                )

    def test_03_what_the_process_still_writes(self):
        """On a closed complaint, an officer records the call-back, marks it as
        a typical case with its lessons; an unhappy call-back reopens it."""
        ticket = self.closed.with_user(self.officer)
        ticket.write({"is_typical_case": True, "lessons_learned": "<p>Check</p>"})
        wizard = (
            self.env["complaint.callback.wizard"]
            .with_user(self.officer)
            .create({"ticket_id": self.closed.id, "satisfaction": "4"})
        )
        wizard.action_confirm()
        self.assertEqual(self.closed.satisfaction, "4")
        self.assertTrue(self.closed.callback_date)
        self.assertTrue(self.closed.closed)

    def test_04_reopen_needs_a_reason(self):
        """Reopening a closed complaint needs a reason, which the chatter keeps;
        then it changes again."""
        with self.assertRaisesText(UserError, "Say why"):
            self.closed.with_user(self.officer)._reopen_with_reason("  ")
        self.assertTrue(self.closed.closed)
        wizard = (
            self.env["complaint.reopen.wizard"]
            .with_user(self.officer)
            .create({"ticket_id": self.closed.id, "reason": "New samples arrived"})
        )
        wizard.action_confirm()
        self.assertFalse(self.closed.closed)
        self.assertIn("New samples arrived", self.closed.message_ids[0].body)
        self.closed.with_user(self.officer).write({"name": "Leak, revised"})
        self.assertEqual(self.closed.name, "Leak, revised")

    def test_05_plain_tickets_unaffected(self):
        """A closed plain helpdesk ticket is not a complaint: it keeps helpdesk's
        own rules."""
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer", "description": "x", "team_id": self.other_team.id}
        )
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        ticket.write({"name": "Printer jam"})
        ticket.unlink()
        self.assertFalse(ticket.exists())


@tagged("post_install", "-at_install")
class TestComplaintRemedyDoneLock(LockAssertions, ComplaintRemedyCommon):
    """A done remedy stays as it was (issue 13)."""

    def setUp(self):
        super().setUp()
        self.remedy = self._remedy(
            amount=0.0,
            remedy_type="replacement",
            line_ids=[Command.create({"product_id": self.product.id})],
        )
        self.product.lst_price = 30.0
        self._submit(self.remedy)
        self._decide(self.remedy, self.front_desk)
        self.remedy.with_user(self.officer).action_done()
        self.assertEqual(self.remedy.state, "done")

    def test_01_changes_refused_with_reason(self):
        """What a done remedy gave cannot change, for the requester, an approver
        or the QA manager; the message says why and what to do instead."""
        names = ["amount", "description", "responsible_id", "remedy_type", "state"]
        for user in (self.officer, self.front_desk, self.qa_manager):
            for vals in (
                {"description": "<p>Other</p>"},
                {"responsible_id": user.id},
                {"amount": 999.0},
            ):
                self.assertRefusedUnchanged(
                    self.remedy,
                    lambda u=user, v=vals: (
                        self.remedy.with_user(u)
                        .with_context(complaint_record_lock_edit=True)
                        .write(v)
                    ),
                    names,
                    self.remedy.name,
                )

    def test_02_reception_register_still_written(self):
        """The customer's signed confirmation is still recorded on a done
        remedy."""
        self.remedy.with_user(self.officer).write(
            {"reception_name": "J. Buyer", "reception_date": "2026-11-20 10:00:00"}
        )
        self.assertEqual(self.remedy.reception_name, "J. Buyer")

    def test_03_nobody_deletes_it(self):
        """Nobody deletes a done remedy, with or without Odoo's uninstall key."""
        for context in ({}, {"_force_unlink": True}):
            self.assertRefusedUnchanged(
                self.remedy,
                lambda c=context: self.remedy.with_context(**c).unlink(),
                ["state"],
                self.remedy.name,
                "cannot be deleted",
            )

    def test_04_uninstall_key_grants_nothing_on_submitted(self):
        """A remedy waiting for approval is not deleted with Odoo's uninstall
        key either (it skips the ``ondelete`` checks for uninstalls only)."""
        pending = self._submit(self._remedy(amount=20.0))
        with self.assertRaisesText(UserError, "only draft or cancelled"):
            pending.with_user(self.qa_manager).with_context(_force_unlink=True).unlink()
        self.assertTrue(pending.exists())


@tagged("post_install", "-at_install")
class TestComplaint8DApprovedLock(LockAssertions, ComplaintCommon):
    """An approved 8D and its lines stay as they were (issue 13)."""

    # The 8D tests' own way to an approved report.
    _our_complaint = _8D._our_complaint
    _new_8d = _8D._new_8d
    _fill = _8D._fill
    _corrective = _8D._corrective
    _submit = _8D._submit
    _approve = _8D._approve
    _approved_8d = _8D._approved_8d

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["complaint.8d"]

    def test_lock_01_changes_and_deletion_refused(self):
        """An approved 8D cannot be changed or deleted by anyone, whatever the
        context; its lines neither; each refusal names the report and says
        why."""
        report = self._approved_8d()
        names = ["problem_why", "state", "closure_summary"]
        for user in (self.engineer, self.qa_manager):
            before = self._snapshot(report, names)
            # ValidationError (the approval lock) is a UserError.
            with self.assertRaises(UserError) as caught:
                report.with_user(user).with_context(
                    complaint_record_lock_edit=True, skip_validation_check=True
                ).write({"problem_why": "Changed"})
            self.assertIn(report.name, str(caught.exception))
            self.assertEqual(self._snapshot(report, names), before)
        for context in ({}, {"_force_unlink": True}):
            self.assertRefusedUnchanged(
                report,
                lambda c=context: (
                    report.with_user(self.qa_manager).with_context(**c).unlink()
                ),
                names,
                report.name,
                "cannot be deleted",
            )
            cause = report.cause_ids[:1]
            self.assertRefusedUnchanged(
                cause,
                lambda c=context, line=cause: (
                    line.with_user(self.qa_manager).with_context(**c).unlink()
                ),
                ["name"],
                report.name,
            )

    def test_lock_02_reopened_with_reason_changes_again(self):
        """Once a QA manager reopened it with a reason, the 8D changes again."""
        report = self._approved_8d()
        self.env["complaint.8d.reopen.wizard"].with_user(self.qa_manager).create(
            {"eight_d_ids": [Command.set(report.ids)], "reason": "Recurrence"}
        ).action_confirm()
        report.with_user(self.engineer).write({"problem_why": "Changed"})
        self.assertEqual(report.problem_why, "Changed")


@tagged("post_install", "-at_install")
class TestComplaintChargebackSettledLock(LockAssertions, ChargebackCommon):
    """A settled chargeback and its costs stay as they were (issue 13)."""

    def setUp(self):
        super().setUp()
        self.chargeback = self._approved()
        self._engine(self.chargeback).write(
            {"state": "settled", "accepted_amount": 100.0}
        )

    def test_01_changes_and_deletion_refused(self):
        """Nobody changes what a settled chargeback claimed or deletes it or its
        costs, whatever the context; each refusal names it and says why."""
        names = ["date", "currency_id", "state", "accepted_amount"]
        for user in (self.engineer, self.qa_manager, self.finance):
            self.assertRefusedUnchanged(
                self.chargeback,
                lambda u=user: (
                    self.chargeback.with_user(u)
                    .with_context(complaint_record_lock_edit=True)
                    .write({"date": "2026-12-01"})
                ),
                names,
                self.chargeback.name,
            )
        for context in ({}, {"_force_unlink": True}):
            self.assertRefusedUnchanged(
                self.chargeback,
                lambda c=context: (
                    self.chargeback.with_user(self.qa_manager)
                    .with_context(**c)
                    .unlink()
                ),
                names,
                self.chargeback.name,
                "cannot be deleted",
            )
            line = self.chargeback.line_ids[:1]
            self.assertRefusedUnchanged(
                line,
                lambda c=context, cost=line: (
                    cost.with_user(self.qa_manager).with_context(**c).unlink()
                ),
                ["unit_cost", "quantity"],
                self.chargeback.name,
            )

    def test_02_officer_reads_no_amount(self):
        """An officer reads the chargebacks of their team's complaints, never
        what they claim: the amounts are refused and the form drops them."""
        chargeback = self.chargeback.with_user(self.officer)
        self.assertEqual(chargeback.state, "settled")
        for name in ("amount_total", "accepted_amount", "recovered_amount"):
            with self.assertRaises(AccessError):
                chargeback.read([name])
        with self.assertRaises(AccessError):
            chargeback.line_ids.read(["unit_cost"])
        arch = chargeback.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="amount_total"', arch)
        spec = {name: {} for name in ("name", "state", "partner_id", "ticket_ids")}
        chargeback.web_read(spec)
        self.chargeback.with_user(self.finance).read(
            ["amount_total", "accepted_amount"]
        )
