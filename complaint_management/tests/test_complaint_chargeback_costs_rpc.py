import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .access_matrix import JsonRpcMixin
from .chargeback_common import ChargebackCommon

# Amounts no other figure of the fixtures shows, as Odoo writes them.
CLAIMED = 4321.5
ACCEPTED = 1234.5
CLAIMED_TEXTS = ("4,321.50", "4321.5")
ACCEPTED_TEXTS = ("1,234.50", "1234.5")


@tagged("post_install", "-at_install")
class TestComplaintChargebackCostsRpc(JsonRpcMixin, HttpCase, ChargebackCommon):
    """What a chargeback claims stays hidden from complaint officers wherever it
    appears, chatter, mails to the supplier and the debit note's PDF (rules
    §11.2); a settlement is undone by finance only, by a reversal after which the
    chargeback settles again (rules §7.8). Over JSON-RPC and HTTP, as the user
    who must be refused."""

    def _priced(self, amount=CLAIMED):
        """A draft chargeback claiming ``amount`` of freight only."""
        return self._claim_freight(self._chargeback(propose=False), amount)

    def _answered(self, decision="partial"):
        """The chargeback sent and answered by the supplier, its tracking
        written."""
        chargeback = self._sent(self._priced())
        amount = ACCEPTED if decision == "partial" else None
        # Tracked as in production, in a transaction of its own (the creation's
        # discards the tracking of the records it created): the amounts'
        # tracking is part of what is checked.
        self._flush_tracking()
        chargeback.sudo().with_context(
            tracking_disable=False, mail_notrack=False
        )._portal_answer(
            decision, accepted_amount=amount, comment="Only part of the freight"
        )
        self._flush_tracking()
        self.env.invalidate_all()
        return chargeback

    def _settled(self, decision="partial", post=True):
        chargeback = self._answered(decision)
        chargeback.with_user(self.finance).action_settle()
        if post:
            chargeback.credit_note_id.sudo().action_post()
        return chargeback

    def _assert_no_amount(self, payload, texts=CLAIMED_TEXTS + ACCEPTED_TEXTS):
        text = payload if isinstance(payload, str) else json.dumps(payload)
        for amount in texts:
            self.assertNotIn(amount, text)

    def _error(self, reply):
        self.assertIn("error", reply, reply)
        return reply["error"]["data"]["message"]

    def _thread_messages(self, record):
        return self.url_open(
            "/mail/thread/messages",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"thread_model": record._name, "thread_id": record.id},
            },
        ).text

    # Hidden amounts
    # The refusals are logged by the HTTP layer: expected here.
    @mute_logger("odoo.http")
    def test_01_officer_reads_no_amount_in_messages(self):
        """The officer reads the chargeback's and the complaint's messages
        (search_read, read, the chatter's own route) without any amount: the
        answer says the decision only, the amounts' tracking is shown to finance
        and not to the officer, and the mail to the supplier is not among the
        messages the officer reads."""
        chargeback = self._answered()
        tracked = chargeback.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "accepted_amount"
        )
        self.assertTrue(tracked, "the accepted amount is tracked")
        mail = self.env["mail.mail"].search(
            [("attachment_ids", "in", chargeback.sudo().debit_note_attachment_id.ids)]
        )
        self.assertEqual(len(mail), 1)
        self.assertFalse(mail.model)
        self.assertIn(chargeback.contact_id, mail.recipient_ids)
        self._assert_no_amount(mail.body_html)
        self._login(self.officer)
        fields = ["body", "subject", "attachment_ids", "model", "res_id"]
        for record in (chargeback, self.complaint):
            reply = self._call_kw(
                "mail.message",
                "search_read",
                [[("model", "=", record._name), ("res_id", "=", record.id)], fields],
            )
            self.assertNotIn("error", reply, reply)
            self._assert_no_amount(reply["result"])
            ids = [message["id"] for message in reply["result"]]
            reply = self._call_kw("mail.message", "read", [ids, fields])
            self._assert_no_amount(reply["result"])
            attachments = {a for m in reply["result"] for a in m["attachment_ids"]}
            self.assertNotIn(chargeback.sudo().debit_note_attachment_id.id, attachments)
            self._assert_no_amount(self._thread_messages(record))
        self.assertTrue(chargeback.message_ids)
        answered = chargeback.message_ids.filtered(
            lambda m: "answered: Partly accepted" in (m.body or "")
        )
        self.assertTrue(answered)
        message = mail.mail_message_id
        self._error(self._call_kw("mail.message", "read", [message.ids, fields]))
        reply = self._call_kw(
            "mail.message",
            "search_read",
            [[("id", "=", mail.mail_message_id.id)], fields],
        )
        self.assertEqual(reply["result"], [])
        # Finance reads the same chatter with the accepted amount's tracking.
        self._login(self.finance)
        text = self._thread_messages(chargeback)
        self.assertTrue(any(amount in text for amount in ACCEPTED_TEXTS), text)

    # The refusals are logged by the HTTP layer: expected here.
    @mute_logger("odoo.http")
    def test_02_officer_reads_no_debit_note(self):
        """The debit note's PDF (the chargeback's and the offer's) is refused to
        the officer by id over RPC, by search, and by URL; finance downloads
        it."""
        chargeback = self._sent(self._priced())
        attachment = chargeback.sudo().debit_note_attachment_id
        self.assertEqual(attachment.res_field, "debit_note_attachment_id")
        self.assertEqual(chargeback.sudo().offer_ids.attachment_id, attachment)
        self._login(self.officer)
        for model, record, field in (
            ("complaint.chargeback", chargeback, "debit_note_attachment_id"),
            ("complaint.chargeback.offer", chargeback.offer_ids, "attachment_id"),
        ):
            self._error(self._call_kw(model, "read", [record.ids, [field]]))
        self._error(
            self._call_kw("ir.attachment", "read", [attachment.ids, ["name", "raw"]])
        )
        for domain in (
            [("res_model", "=", chargeback._name), ("res_id", "=", chargeback.id)],
            [("res_field", "=", "debit_note_attachment_id")],
            [("id", "=", attachment.id)],
        ):
            reply = self._call_kw("ir.attachment", "search_read", [domain, ["name"]])
            self.assertNotIn(attachment.id, [a["id"] for a in reply["result"]])
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertNotEqual(response.status_code, 200)
        self._login(self.finance)
        response = self.url_open(f"/web/content/{attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)

    def test_03_approval_activity_says_no_amount(self):
        """The reviewers' activity says who asks, not how much: the officer reads
        the chargeback's activities without an amount."""
        chargeback = self._priced()
        chargeback.with_user(self.engineer).action_request_approval()
        self.assertTrue(chargeback.activity_ids)
        self._login(self.officer)
        reply = self._call_kw(
            "mail.activity",
            "search_read",
            [
                [
                    ("res_model", "=", chargeback._name),
                    ("res_id", "=", chargeback.id),
                ],
                ["note", "summary"],
            ],
        )
        self.assertTrue(reply["result"], reply)
        self._assert_no_amount(reply["result"], CLAIMED_TEXTS)

    # Undoing a settlement
    # The refusals are logged by the HTTP layer: expected here.
    @mute_logger("odoo.http")
    def test_04_engineer_cannot_cancel_a_settlement(self):
        """The quality engineer cancelling a settled chargeback, or reversing its
        settlement, is refused with a message; the credit note stays posted."""
        chargeback = self._settled()
        move = chargeback.sudo().credit_note_id
        self._login(self.engineer)
        message = self._error(
            self._call_kw("complaint.chargeback", "action_cancel", [chargeback.ids])
        )
        self.assertIn("only a finance manager undoes a settlement", message)
        message = self._error(
            self._call_kw(
                "complaint.chargeback", "action_reverse_settlement", [chargeback.ids]
            )
        )
        self.assertIn("Only a finance manager reverses", message)
        self.env.invalidate_all()
        self.assertEqual(chargeback.state, "settled")
        self.assertEqual(move.state, "posted")
        self.assertFalse(chargeback.with_user(self.engineer).can_cancel)
        self.assertFalse(chargeback.with_user(self.engineer).can_reverse)
        self.assertTrue(chargeback.with_user(self.finance).can_reverse)

    def test_05_finance_reverses_and_settles_again(self):
        """Finance reverses the posted credit note (a vendor bill reconciled with
        it): the chargeback is partly accepted again, settles by a new credit note,
        and every entry stays in its history; reversed again, it can be
        cancelled."""
        chargeback = self._settled()
        first = chargeback.sudo().credit_note_id
        self._login(self.finance)
        reply = self._call_kw(
            "complaint.chargeback", "action_reverse_settlement", [chargeback.ids]
        )
        self.assertNotIn("error", reply, reply)
        self.env.invalidate_all()
        self.assertEqual(chargeback.state, "partly_accepted")
        self.assertFalse(chargeback.credit_note_id)
        self.assertFalse(chargeback.settled_date)
        self.assertAlmostEqual(chargeback.sudo().recovered_amount, 0.0)
        history = chargeback.sudo().settlement_move_ids
        reversal = history - first
        self.assertEqual(len(reversal), 1)
        self.assertEqual(reversal.move_type, "in_invoice")
        self.assertEqual(reversal.reversed_entry_id, first)
        self.assertEqual(reversal.state, "posted")
        self.assertAlmostEqual(reversal.amount_total, ACCEPTED)
        # Reconciled with its reversal: nothing is left to pay on it.
        self.assertTrue(first.currency_id.is_zero(first.amount_residual))
        reply = self._call_kw("complaint.chargeback", "action_settle", [chargeback.ids])
        self.assertNotIn("error", reply, reply)
        self.env.invalidate_all()
        self.assertEqual(chargeback.state, "settled")
        second = chargeback.sudo().credit_note_id
        self.assertNotIn(second, first | reversal)
        self.assertAlmostEqual(second.amount_total, ACCEPTED)
        self.assertEqual(
            chargeback.sudo().settlement_move_ids, first | reversal | second
        )
        # The second credit note, still a draft, is cancelled by the reversal;
        # the accepted chargeback is then cancelled by the engineer.
        self._call_kw(
            "complaint.chargeback", "action_reverse_settlement", [chargeback.ids]
        )
        self.env.invalidate_all()
        self.assertEqual(second.state, "cancel")
        self.assertEqual(chargeback.state, "partly_accepted")
        chargeback.with_user(self.engineer).action_cancel()
        self.assertEqual(chargeback.state, "cancel")

    def test_06_reversed_deduction_settles_by_credit_note(self):
        """A deduction from a draft bill is taken off the bill by the reversal; one
        from a bill posted since is given back by a vendor bill; either way the
        chargeback settles again."""
        bill_vals = self._vendor_bill_vals(10000.0)
        bill = self.env["account.move"].create(bill_vals)
        chargeback = self._answered("accept")
        chargeback.with_user(self.finance).deduction_bill_id = bill
        chargeback.with_user(self.finance).action_settle()
        self.assertAlmostEqual(bill.amount_total, 10000.0 - CLAIMED)
        chargeback.with_user(self.finance).action_reverse_settlement()
        self.assertEqual(chargeback.state, "accepted")
        self.assertAlmostEqual(bill.amount_total, 10000.0)
        chargeback.with_user(self.finance).action_settle()
        self.assertEqual(chargeback.deduction_move_id, bill)
        bill.action_post()
        chargeback.with_user(self.finance).action_reverse_settlement()
        given_back = chargeback.sudo().settlement_move_ids - bill
        self.assertEqual(given_back.move_type, "in_invoice")
        self.assertEqual(given_back.state, "posted")
        self.assertAlmostEqual(given_back.amount_total, CLAIMED)
        chargeback.with_user(self.finance).deduction_bill_id = False
        chargeback.with_user(self.finance).action_settle()
        self.assertEqual(chargeback.state, "settled")
        self.assertAlmostEqual(chargeback.credit_note_id.amount_total, CLAIMED)
