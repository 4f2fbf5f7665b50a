from ast import literal_eval

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .chargeback_common import ChargebackCommon


@tagged("post_install", "-at_install")
class TestComplaintChargeback(ChargebackCommon):
    """Supplier chargebacks (issue 11): proposal, approval, sending, answers,
    settlement and the bad input refused."""

    # Proposal
    def test_01_costs_proposed_from_remedies_and_containment(self):
        """The refund (at its posted credit note), the compensation, the sorting of
        the 200 pieces checked and the 10 pieces scrapped are proposed; proposing
        again adds nothing."""
        chargeback = self._chargeback()
        lines = {line.cost_type_id: line for line in chargeback.line_ids}
        self.assertEqual(
            set(lines),
            {
                self.type_refund,
                self.type_compensation,
                self.type_sorting,
                self.type_scrap,
            },
        )
        refund = lines[self.type_refund]
        self.assertEqual(refund.remedy_id.remedy_type, "refund")
        self.assertEqual(refund.remedy_credit_note_id, refund.remedy_id.credit_note_id)
        self.assertIn(refund.remedy_id.credit_note_id.name, refund.name)
        self.assertAlmostEqual(refund.amount, 120.0)
        self.assertAlmostEqual(lines[self.type_compensation].amount, 80.0)
        self.assertAlmostEqual(lines[self.type_sorting].quantity, 200)
        self.assertAlmostEqual(lines[self.type_sorting].amount, 100.0)
        self.assertAlmostEqual(lines[self.type_scrap].quantity, 10)
        self.assertAlmostEqual(lines[self.type_scrap].amount, 30.0)
        self.assertAlmostEqual(chargeback.amount_total, 330.0)
        chargeback.action_propose_lines()
        self.assertEqual(len(chargeback.line_ids), 4)

    def test_02_never_claimed_twice(self):
        """A second chargeback of the same complaint gets nothing proposed, and a
        cost naming an already claimed remedy is refused; once the first is
        cancelled, the costs can be claimed again, and the first cannot come back
        to draft while they are."""
        first = self._chargeback()
        second = self._chargeback()
        self.assertFalse(second.line_ids)
        remedy = first.line_ids.remedy_id[:1]
        with self.assertRaisesText(ValidationError, "already claimed"):
            second.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "cost_type_id": first.line_ids.filtered(
                                    lambda line: line.remedy_id == remedy
                                ).cost_type_id.id,
                                "name": "Again",
                                "remedy_id": remedy.id,
                                "unit_cost": 10.0,
                            }
                        )
                    ]
                }
            )
        self.assertFalse(second.line_ids)
        first.with_user(self.engineer).action_cancel()
        second.action_propose_lines()
        self.assertEqual(len(second.line_ids), 4)
        with self.assertRaisesText(ValidationError, "already claimed"):
            first.with_user(self.engineer).action_reset_to_draft()

    # Approval
    def test_03_qa_manager_approves_below_the_limit(self):
        """Below the finance limit, the QA manager alone approves; the engineer
        who requested cannot, and neither can a QA manager who requested."""
        chargeback = self._chargeback()
        chargeback.with_user(self.engineer).action_request_approval()
        self.assertEqual(chargeback.state, "to_approve")
        self.assertFalse(chargeback.finance_approval_required)
        self.assertEqual(len(chargeback.review_ids), 1)
        self.assertFalse(chargeback.with_user(self.engineer).can_approve)
        with self.assertRaises(UserError):
            chargeback.with_user(self.engineer).action_approve()
        self.assertFalse(chargeback.with_user(self.finance).can_approve)
        chargeback.invalidate_recordset()
        chargeback.with_user(self.qa_manager).action_approve()
        self.assertEqual(chargeback.state, "approved")
        self.assertEqual(chargeback.approved_by_id, self.qa_manager)
        # Four-eyes: a QA manager's own request goes to another QA manager.
        own = self._chargeback(
            complaint=self._supplier_complaint(), user=self.qa_manager
        )
        own.with_user(self.qa_manager).action_request_approval()
        own.invalidate_recordset()
        with self.assertRaisesText(UserError, "another approver"):
            own.with_user(self.qa_manager).action_approve()
        own.with_user(self.qa_manager_2).action_approve()
        self.assertEqual(own.state, "approved")

    def test_04_finance_approves_above_the_limit(self):
        """Above the company's limit (2000 by default), the QA manager approves
        first, then a finance manager; finance cannot go first."""
        chargeback = self._chargeback()
        chargeback.line_ids.unlink()
        chargeback.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "cost_type_id": self.type_freight.id,
                            "name": "Air freight",
                            "quantity": 1,
                            "unit_cost": 2500.0,
                        }
                    )
                ]
            }
        )
        chargeback.with_user(self.engineer).action_request_approval()
        self.assertTrue(chargeback.finance_approval_required)
        self.assertEqual(len(chargeback.review_ids), 2)
        chargeback.invalidate_recordset()
        with self.assertRaises(UserError):
            chargeback.with_user(self.finance).action_approve()
        chargeback.with_user(self.qa_manager).action_approve()
        self.assertEqual(chargeback.state, "to_approve")
        chargeback.invalidate_recordset()
        chargeback.with_user(self.finance).action_approve()
        self.assertEqual(chargeback.state, "approved")
        # The limit is the company's setting.
        self.env.company.complaint_chargeback_finance_limit = 5000.0
        other = self._chargeback(complaint=self._supplier_complaint())
        other.line_ids[:1].unit_cost = 2500.0 / other.line_ids[:1].quantity
        other.with_user(self.engineer).action_request_approval()
        self.assertFalse(other.finance_approval_required)

    # Sending
    def test_05_send_archives_the_debit_note_with_the_capa(self):
        """Sending mails the debit note to the supplier's contact in its language,
        archives it under its field (officers cannot read it), records the offer
        and sends the corrective-action request of the 8D's action naming the
        supplier, with its own due date. The mail is kept apart from the chatter,
        which says it was sent without amount or PDF, and refers to that line."""
        chargeback = self._approved()
        self.assertEqual(chargeback.contact_id.email, "quality@castings.example.com")
        chargeback.with_user(self.engineer).action_send()
        self.assertEqual(chargeback.state, "sent")
        self.assertTrue(chargeback.debit_note_attachment_id)
        attachment = chargeback.debit_note_attachment_id
        self.assertEqual(attachment.res_id, chargeback.id)
        self.assertEqual(attachment.res_field, "debit_note_attachment_id")
        self.assertEqual(len(chargeback.offer_ids), 1)
        self.assertAlmostEqual(chargeback.offer_ids.amount, chargeback.amount_total)
        self.assertFalse(
            chargeback.message_ids.filtered(lambda m: attachment in m.attachment_ids)
        )
        mail = self.env["mail.mail"].search([("attachment_ids", "in", attachment.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn(chargeback.name, mail.subject)
        self.assertIn(chargeback.contact_id, mail.recipient_ids)
        self.assertFalse(mail.model)
        note = chargeback.message_ids.filtered(
            lambda m: m.message_id == mail.references
        )
        self.assertEqual(len(note), 1)
        self.assertIn("sent to", note.body)
        capa = chargeback.capa_ids
        self.assertEqual(len(capa), 1)
        self.assertEqual(capa.state, "sent")
        self.assertEqual(capa.partner_id, self.supplier)
        self.assertEqual(capa.action_ids.name, "Replace the worn mould")
        self.assertTrue(capa.date_due)
        self.assertIn(capa.ticket_ids, self.complaint)
        self.assertEqual(self.complaint.chargeback_ids, chargeback)

    # Answers and settlement
    def test_06_accepted_chargeback_settles_by_vendor_credit_note(self):
        """An accepted chargeback in EUR settles by a vendor credit note to the
        supplier, for the accepted amount, in EUR, on the cost types' accounts,
        with the chargeback as origin; its payment state shows; it has recovered
        the amount once the credit note is posted; it is locked and cannot be
        settled twice."""
        chargeback = self._chargeback(currency_id=self.eur.id)
        # 330 in company currency at 0.5 EUR per unit.
        self.assertAlmostEqual(chargeback.amount_total, 165.0)
        self._sent(chargeback)
        chargeback.sudo()._portal_answer("accept")
        self.assertEqual(chargeback.state, "accepted")
        self.assertAlmostEqual(chargeback.accepted_amount, 165.0)
        with self.assertRaises(UserError):
            chargeback.with_user(self.engineer).action_settle()
        chargeback.with_user(self.finance).action_settle()
        self.assertEqual(chargeback.state, "settled")
        move = chargeback.credit_note_id
        self.assertEqual(move.move_type, "in_refund")
        self.assertEqual(move.partner_id, self.supplier)
        self.assertEqual(move.currency_id, self.eur)
        self.assertAlmostEqual(move.amount_total, 165.0)
        self.assertEqual(move.invoice_origin, chargeback.name)
        by_account = {}
        for line in move.invoice_line_ids:
            by_account[line.account_id] = by_account.get(line.account_id, 0.0) + (
                line.price_subtotal
            )
        self.assertAlmostEqual(by_account[self.expense_refund], 60.0)
        self.assertAlmostEqual(by_account[self.expense_default], 105.0)
        self.assertEqual(chargeback.payment_state, "not_paid")
        # recovered once accounting posts the credit note (rules §24.2)
        self.assertAlmostEqual(chargeback.recovered_amount, 0.0)
        move.sudo().action_post()
        self.assertAlmostEqual(chargeback.recovered_amount, 165.0)
        with self.assertRaisesText(UserError, "settled"):
            chargeback.with_user(self.finance).action_settle()
        with self.assertRaisesText(ValidationError, "locked"):
            chargeback.with_user(self.qa_manager).write({"note": "<p>Changed</p>"})
        self.assertEqual(
            len(
                self.env["account.move"].search(
                    [("invoice_origin", "=", chargeback.name)]
                )
            ),
            1,
        )

    def test_07_partial_acceptance(self):
        """A supplier accepting 99 of 330 gets a credit note of exactly 99, shared
        over the costs, recovered once posted; the offer keeps the answer."""
        chargeback = self._sent()
        chargeback.sudo()._portal_answer(
            "partial", accepted_amount=99.0, comment="Only the refund"
        )
        self.assertEqual(chargeback.state, "partly_accepted")
        self.assertEqual(chargeback.offer_ids.decision, "partial")
        self.assertAlmostEqual(chargeback.offer_ids.accepted_amount, 99.0)
        chargeback.with_user(self.finance).action_settle()
        move = chargeback.credit_note_id
        self.assertAlmostEqual(move.amount_total, 99.0)
        self.assertAlmostEqual(
            sum(move.invoice_line_ids.mapped("price_subtotal")), 99.0
        )
        self.assertAlmostEqual(chargeback.recovered_amount, 0.0)
        move.sudo().action_post()
        self.assertAlmostEqual(chargeback.recovered_amount, 99.0)

    def test_08_dispute_revise_and_send_again(self):
        """A disputed chargeback is revised (back to draft), approved and sent
        again; both offers stay in the history."""
        chargeback = self._sent()
        with self.assertRaisesText(UserError, "comment is required"):
            chargeback.sudo()._portal_answer("dispute")
        self.assertEqual(chargeback.state, "sent")
        chargeback.sudo()._portal_answer("dispute", comment="Sorting is our cost")
        self.assertEqual(chargeback.state, "disputed")
        with self.assertRaises(UserError):
            chargeback.with_user(self.finance).action_settle()
        chargeback.with_user(self.engineer).action_revise()
        self.assertEqual(chargeback.state, "draft")
        self.assertEqual(chargeback.revision, 1)
        self.assertFalse(chargeback.supplier_decision)
        chargeback.line_ids.filtered(
            lambda line: line.cost_type_id == self.type_sorting
        ).unlink()
        self._sent(chargeback)
        self.assertEqual(len(chargeback.offer_ids), 2)
        first, second = chargeback.offer_ids.sorted("revision")
        self.assertEqual(first.decision, "dispute")
        self.assertEqual(first.comment, "Sorting is our cost")
        self.assertAlmostEqual(first.amount, 330.0)
        self.assertAlmostEqual(second.amount, 230.0)
        self.assertFalse(second.decision)
        chargeback.sudo()._portal_answer("accept")
        self.assertEqual(chargeback.state, "accepted")

    def test_09_cancel_after_settlement_refused(self):
        """Cancelling a settled chargeback is refused with a message, its credit
        note posted or not, even to the QA manager and finance: finance reverses
        the settlement first (a draft credit note is cancelled), then the
        accepted chargeback can be cancelled."""
        chargeback = self._sent()
        chargeback.sudo()._portal_answer("accept")
        chargeback.with_user(self.finance).action_settle()
        chargeback.credit_note_id.sudo().action_post()
        for user in (self.qa_manager, self.finance):
            with self.assertRaisesText(UserError, "only a finance manager undoes"):
                chargeback.with_user(user).action_cancel()
        self.assertEqual(chargeback.state, "settled")
        other = self._sent(self._chargeback(complaint=self._supplier_complaint()))
        other.sudo()._portal_answer("accept")
        other.with_user(self.finance).action_settle()
        move = other.credit_note_id
        with self.assertRaisesText(UserError, "only a finance manager undoes"):
            other.with_user(self.qa_manager).action_cancel()
        with self.assertRaisesText(UserError, "Only a finance manager reverses"):
            other.with_user(self.qa_manager).action_reverse_settlement()
        other.with_user(self.finance).action_reverse_settlement()
        self.assertEqual(other.state, "accepted")
        self.assertEqual(move.sudo().state, "cancel")
        self.assertFalse(other.credit_note_id)
        other.with_user(self.qa_manager).action_cancel()
        self.assertEqual(other.state, "cancel")

    def test_10_deduct_from_open_vendor_bills(self):
        """The accepted amount is deducted from a draft bill by negative lines, or
        from a posted bill by a credit note reconciled with it."""
        bill_vals = self._vendor_bill_vals(1000.0)
        bill = self.env["account.move"].create(bill_vals)
        chargeback = self._sent()
        chargeback.sudo()._portal_answer("accept")
        chargeback.with_user(self.finance).deduction_bill_id = bill
        chargeback.with_user(self.finance).action_settle()
        self.assertEqual(chargeback.state, "settled")
        self.assertEqual(chargeback.deduction_move_id, bill)
        self.assertEqual(chargeback.settlement_method, "bill_deduction")
        self.assertAlmostEqual(bill.amount_total, 670.0)
        posted = self.env["account.move"].create(bill_vals)
        posted.action_post()
        other = self._sent(self._chargeback(complaint=self._supplier_complaint()))
        other.sudo()._portal_answer("accept")
        other.with_user(self.finance).deduction_bill_id = posted
        other.with_user(self.finance).action_settle()
        self.assertEqual(other.credit_note_id.state, "posted")
        self.assertAlmostEqual(posted.amount_residual, 670.0)

    # Bad input
    def test_11_supplier_not_the_complaints(self):
        """A chargeback to another supplier than the complaint's is refused and
        nothing is written; so is a complaint that is our own responsibility."""
        count = self.env["complaint.chargeback"].search_count([])
        with self.assertRaisesText(ValidationError, "is not the responsibility of"):
            self._chargeback(partner_id=self.other_supplier.id, propose=False)
        own = self._complaint(responsibility="company")
        with self.assertRaisesText(ValidationError, "is not the responsibility of"):
            self._chargeback(complaint=own, partner_id=self.supplier.id, propose=False)
        self.assertEqual(self.env["complaint.chargeback"].search_count([]), count)

    def test_12_zero_or_negative_lines_refused(self):
        """A cost of zero or below (quantity or unit cost) is refused."""
        chargeback = self._chargeback(propose=False)
        for quantity, unit_cost in ((1, 0.0), (1, -5.0), (0, 10.0), (-1, 10.0)):
            with (
                self.subTest(quantity=quantity, unit_cost=unit_cost),
                self.assertRaisesText(ValidationError, "zero or negative"),
            ):
                chargeback.write(
                    {
                        "line_ids": [
                            Command.create(
                                {
                                    "cost_type_id": self.type_freight.id,
                                    "name": "Freight",
                                    "quantity": quantity,
                                    "unit_cost": unit_cost,
                                }
                            )
                        ]
                    }
                )
        self.assertFalse(chargeback.line_ids)

    def test_13_accepted_above_claimed_refused(self):
        """An accepted amount above the claimed amount, zero, or an answer to a
        chargeback not sent is refused with a message; nothing is written."""
        chargeback = self._sent()
        for amount in (330.01, 1000.0, 0.0, -5.0):
            with self.subTest(amount=amount), self.assertRaises(UserError):
                chargeback.sudo()._portal_answer("partial", accepted_amount=amount)
        with self.assertRaisesText(UserError, "is above the"):
            chargeback.sudo()._portal_answer("partial", accepted_amount=400.0)
        with self.assertRaises(UserError):
            chargeback.sudo()._portal_answer("pay_later")
        with self.assertRaisesText(UserError, "as a number"):
            chargeback.sudo()._portal_answer("partial", accepted_amount="a lot")
        self.assertEqual(chargeback.state, "sent")
        self.assertFalse(chargeback.accepted_amount)
        self.assertFalse(chargeback.offer_ids.decision)
        chargeback.sudo()._portal_answer("partial", accepted_amount=330.0)
        self.assertEqual(chargeback.state, "accepted")
        with self.assertRaisesText(UserError, "only a chargeback sent"):
            chargeback.sudo()._portal_answer("accept")

    def test_14_currency_other_than_the_lines_refused(self):
        """A cost in another currency than its chargeback's, or a chargeback moved
        to another currency than its costs', is refused."""
        chargeback = self._chargeback()
        with self.assertRaisesText(ValidationError, "chargeback's currency"):
            chargeback.write({"currency_id": self.eur.id})
        with self.assertRaisesText(ValidationError, "chargeback's currency"):
            chargeback.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "cost_type_id": self.type_freight.id,
                                "name": "Freight",
                                "unit_cost": 10.0,
                                "currency_id": self.eur.id,
                            }
                        )
                    ]
                }
            )
        self.assertEqual(chargeback.currency_id, self.env.company.currency_id)
        self.assertEqual(len(chargeback.line_ids), 4)

    def test_15_access(self):
        """Officers and auditors read chargebacks but cannot create them; officers
        never read the amounts (issue 13); the engineer cannot write the state or
        the accepted amount."""
        chargeback = self._chargeback()
        chargeback.with_user(self.officer).read(["name", "state"])
        with self.assertRaises(AccessError):
            chargeback.with_user(self.officer).read(["amount_total"])
        chargeback.with_user(self.auditor).read(["amount_total"])
        for user in (self.officer, self.auditor):
            with self.assertRaises(AccessError):
                self._chargeback(complaint=self._supplier_complaint(), user=user)
        with self.assertRaisesText(ValidationError, "cannot be written directly"):
            chargeback.with_user(self.engineer).write({"state": "approved"})
        with self.assertRaisesText(ValidationError, "cannot be written directly"):
            chargeback.with_user(self.engineer).write({"accepted_amount": 1.0})

    def test_16_finance_limit_is_the_finance_tier_domain(self):
        """The finance limit lives in one place, the finance tier's domain on the
        amount in company currency: a tier edited as data is what the setting
        shows and what requests follow; the setting rewrites only its amount."""
        tier = self.env.ref("complaint_management.tier_definition_chargeback_finance")
        tier.definition_domain = (
            "[('partner_id', '!=', False), ('amount_total_company', '>', 100)]"
        )
        company = self.env.company
        company.invalidate_recordset(["complaint_chargeback_finance_limit"])
        self.assertEqual(company.complaint_chargeback_finance_limit, 100.0)
        chargeback = self._chargeback()
        self.assertGreater(chargeback.amount_total_company, 100.0)
        chargeback.with_user(self.engineer).action_request_approval()
        self.assertTrue(chargeback.finance_approval_required)
        self.assertEqual(len(chargeback.review_ids), 2)
        company.complaint_chargeback_finance_limit = 3000.0
        # The company's finance tier (its own copy when companies share the seed's)
        tier = self.env["tier.definition"]._complaint_chargeback_finance_tier(company)
        self.assertEqual(
            literal_eval(tier.definition_domain),
            [("partner_id", "!=", False), ("amount_total_company", ">", 3000.0)],
        )
        other = self._chargeback(complaint=self._supplier_complaint())
        other.with_user(self.engineer).action_request_approval()
        self.assertFalse(other.finance_approval_required)
        self.assertEqual(len(other.review_ids), 1)

    def test_17_finance_limit_per_company(self):
        """Where several companies share the seed's finance tier, a company that
        sets its own limit gets a tier of its own: the other companies keep
        theirs, and the shared tier no longer applies to that company."""
        shared = self.env.ref("complaint_management.tier_definition_chargeback_finance")
        company = self.env.company
        other_company = self.env["res.company"].create({"name": "Second Works"})
        company.complaint_chargeback_finance_limit = 100.0
        self.assertEqual(
            literal_eval(shared.definition_domain),
            [("amount_total_company", ">", 2000)],
        )
        other_company.invalidate_recordset(["complaint_chargeback_finance_limit"])
        self.assertEqual(other_company.complaint_chargeback_finance_limit, 2000.0)
        company.invalidate_recordset(["complaint_chargeback_finance_limit"])
        self.assertEqual(company.complaint_chargeback_finance_limit, 100.0)
        own = self.env["tier.definition"]._complaint_chargeback_finance_tier(company)
        self.assertEqual(own.company_id, company)
        chargeback = self._chargeback()
        self.assertTrue(100.0 < chargeback.amount_total_company < 2000.0)
        chargeback.with_user(self.engineer).action_request_approval()
        self.assertTrue(chargeback.finance_approval_required)
        self.assertEqual(len(chargeback.review_ids), 2)
        # Above the shared limit, below the company's own: no finance review.
        company.complaint_chargeback_finance_limit = 3000.0
        self.assertEqual(
            literal_eval(own.definition_domain), [("amount_total_company", ">", 3000.0)]
        )
        above_shared = self._chargeback(complaint=self._supplier_complaint())
        above_shared.line_ids.unlink()
        above_shared.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "cost_type_id": self.type_freight.id,
                            "name": "Freight",
                            "quantity": 1.0,
                            "unit_cost": 2500.0,
                        }
                    )
                ]
            }
        )
        above_shared.with_user(self.engineer).action_request_approval()
        self.assertFalse(above_shared.finance_approval_required)
        self.assertEqual(len(above_shared.review_ids), 1)
