from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


class ComplaintRemedyCommon(ComplaintCommon):
    """ComplaintCommon plus one user per approval level, the accounting a credit
    note needs, a foreign currency with a rate and one without, and a complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = cls._new_user(
            "t_front_desk", "group_complaint_approver_front_desk"
        )
        cls.deputy = cls._new_user("t_deputy", "group_complaint_approver_deputy_store")
        cls.deputy_2 = cls._new_user(
            "t_deputy_2", "group_complaint_approver_deputy_store"
        )
        cls.store = cls._new_user("t_store", "group_complaint_approver_store")
        cls.vp = cls.executive
        ref = cls.env.ref
        cls.tier_front_desk = ref(
            "complaint_management.tier_definition_remedy_front_desk"
        )
        cls.tier_deputy = ref(
            "complaint_management.tier_definition_remedy_deputy_store"
        )
        cls.tier_store = ref("complaint_management.tier_definition_remedy_store")
        cls.tier_vp = ref("complaint_management.tier_definition_remedy_vp")
        cls.tier_explanation = ref(
            "complaint_management.tier_definition_remedy_explanation"
        )
        # What a credit note needs, whatever the chart of accounts of the database.
        Account = cls.env["account.account"]
        cls.receivable = Account.create(
            {
                "name": "Customers (complaints)",
                "code": "CMR001",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        cls.returns_account = Account.create(
            {
                "name": "Sales returns and allowances",
                "code": "CMR002",
                "account_type": "income",
            }
        )
        cls.journal = cls.env["account.journal"].create(
            {
                "name": "Complaint Credit Notes",
                "code": "CMRCN",
                "type": "sale",
                "default_account_id": cls.returns_account.id,
            }
        )
        cls.env.company.complaint_remedy_journal_id = cls.journal
        cls.customer.property_account_receivable_id = cls.receivable
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 0.5)])
        cls.chf = cls.setup_other_currency("CHF", rates=[])
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Housings scratched",
                "description": "<p>Scratches</p>",
                "team_id": cls.team.id,
                **cls._complete_intake(),
            }
        )

    def _remedy(self, amount=150.0, remedy_type="refund", user=None, **values):
        vals = {
            "ticket_id": self.complaint.id,
            "remedy_type": remedy_type,
            "amount": amount,
            "description": "<p>We are sorry.</p>",
        }
        vals.update(values)
        Remedy = self.env["complaint.remedy"]
        return Remedy.with_user(user or self.officer).create(vals).with_env(self.env)

    def _submit(self, remedy, user=None):
        remedy.with_user(user or self.officer).action_request_approval()
        remedy.invalidate_recordset()
        return remedy

    def _decide(self, remedy, user, approve=True, comment="Receipt checked."):
        """Approve or reject as ``user``, with a comment, as the buttons do."""
        as_user = remedy.with_user(user)
        action = as_user.validate_tier() if approve else as_user.reject_tier()
        if isinstance(action, dict) and action.get("res_model") == "comment.wizard":
            wizard = (
                self.env["comment.wizard"]
                .with_user(user)
                .with_context(**action["context"])
                .create({"comment": comment})
            )
            wizard.add_comment()
        remedy.invalidate_recordset()
        return remedy

    def _invoice(self, amount=300.0, partner=None, post=True):
        """A customer invoice of ``amount`` (posted unless ``post`` is False):
        the evidence of a receipt."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "journal_id": self.journal.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Housings",
                            "quantity": 1,
                            "price_unit": amount,
                            "account_id": self.returns_account.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            invoice.action_post()
        return invoice

    def _tier(self, remedy):
        """The tier ``remedy`` was sent to."""
        return remedy.review_ids.definition_id

    def _messages(self, record):
        return " ".join(record.message_ids.mapped("body"))


@tagged("post_install", "-at_install")
class TestComplaintRemedy(ComplaintRemedyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (tested by the 8D tests).
        cls._close_without_8d()

    def test_01_tier_by_amount(self):
        """Each amount goes to the level of domain.md §7, boundaries included."""
        cases = [
            (50.0, self.tier_front_desk),
            (50.01, self.tier_deputy),
            (200.0, self.tier_deputy),
            (2000.0, self.tier_store),
            (2000.01, self.tier_vp),
        ]
        for amount, tier in cases:
            with self.subTest(amount=amount):
                # Each on its own complaint: the remedies of one complaint
                # without a verified receipt add up (rules §7.1).
                remedy = self._submit(
                    self._remedy(
                        amount,
                        ticket_id=self.complaint.copy().id,
                        receipt_reference=f"R-{amount}",
                    )
                )
                self.assertEqual(remedy.state, "to_approve")
                self.assertEqual(remedy.review_ids.definition_id, tier)
                self.assertEqual(remedy.review_ids.status, "pending")
                self.assertEqual(remedy.requested_by_id, self.officer)

    def test_02_tier_in_company_currency(self):
        """A remedy in another currency is tiered by its amount in company currency."""
        remedy = self._submit(self._remedy(30.0, currency_id=self.eur.id))
        self.assertAlmostEqual(remedy.amount_company, 60.0)
        self.assertEqual(remedy.review_ids.definition_id, self.tier_deputy)
        remedy = self._submit(
            self._remedy(1001.0, currency_id=self.eur.id, receipt_reference="R-2")
        )
        self.assertAlmostEqual(remedy.amount_company, 2002.0)
        self.assertEqual(remedy.review_ids.definition_id, self.tier_vp)

    def test_03_explanation_goes_to_qa_manager(self):
        """An explanation ('not our responsibility') is approved by the QA manager."""
        remedy = self._submit(self._remedy(0.0, "explanation"))
        self.assertEqual(remedy.review_ids.definition_id, self.tier_explanation)
        self.assertIn(self.qa_manager, remedy.review_ids.reviewer_ids)
        self.assertNotIn(self.vp, remedy.review_ids.reviewer_ids)

    def test_04_approved_refund_drafts_credit_note(self):
        """The deputy approves a 150 refund with a comment: a draft credit note of
        150 for the customer is linked to the remedy and the complaint."""
        remedy = self._submit(self._remedy(150.0))
        self._decide(remedy, self.deputy, comment="Receipt 0042 checked.")
        self.assertEqual(remedy.state, "approved")
        self.assertEqual(remedy.approved_by_id, self.deputy)
        self.assertIn("Receipt 0042 checked.", self._messages(remedy))
        move = remedy.credit_note_id
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.partner_id, self.customer.commercial_partner_id)
        self.assertEqual(move.journal_id, self.journal)
        self.assertEqual(move.currency_id, self.env.company.currency_id)
        self.assertAlmostEqual(move.amount_total, 150.0)
        self.assertEqual(move.invoice_line_ids.account_id, self.returns_account)
        self.assertEqual(move.invoice_origin, self.complaint.complaint_number)
        self.assertIn(remedy.name, move.ref)
        complaint_log = self._messages(self.complaint)
        self.assertIn("Credit note", complaint_log)
        self.assertIn(remedy.name, complaint_log)
        self.assertEqual(self.complaint.remedy_count, 1)
        self.assertAlmostEqual(self.complaint.remedy_amount_promised, 150.0)
        self.assertAlmostEqual(self.complaint.remedy_amount_paid, 0.0)

    def test_05_posting_credit_note_completes_refund(self):
        """Posting the credit note marks the refund done and counts it as paid."""
        remedy = self._submit(self._remedy(120.0, "credit"))
        self._decide(remedy, self.deputy)
        with self.assertRaisesText(UserError, "is done when its credit note is posted"):
            remedy.with_user(self.officer).action_done()
        remedy.credit_note_id.invoice_date = fields.Date.today()
        remedy.credit_note_id.action_post()
        self.assertEqual(remedy.state, "done")
        self.assertAlmostEqual(self.complaint.remedy_amount_paid, 120.0)

    def test_06_lower_level_cannot_approve_higher_tier(self):
        """A front-desk manager cannot approve a 150 remedy, by the button, the
        comment wizard or by writing the review."""
        remedy = self._submit(self._remedy(150.0))
        self.assertFalse(remedy.with_user(self.front_desk).can_review)
        with self.assertRaisesText(UserError, "You cannot decide on"):
            remedy.with_user(self.front_desk).validate_tier()
        with self.assertRaisesText(UserError, "You cannot decide on"):
            remedy.with_user(self.front_desk).reject_tier()
        wizard = (
            self.env["comment.wizard"]
            .with_user(self.front_desk)
            .create(
                {
                    "res_model": remedy._name,
                    "res_id": remedy.id,
                    "review_ids": [(6, 0, remedy.review_ids.ids)],
                    "validate_reject": "validate",
                    "comment": "Fine by me",
                }
            )
        )
        with self.assertRaisesText(UserError, "You cannot decide on"):
            wizard.add_comment()
        with self.assertRaises(ValidationError):
            remedy.review_ids.with_user(self.front_desk).write({"status": "approved"})
        with self.assertRaises(ValidationError):
            remedy.review_ids.with_user(self.front_desk).unlink()
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "to_approve")
        self.assertEqual(remedy.review_ids.status, "pending")

    def test_07_higher_level_may_approve_lower_tier(self):
        """A store manager, above the deputy, may approve a 150 remedy."""
        remedy = self._submit(self._remedy(150.0))
        self.assertTrue(remedy.with_user(self.store).can_review)
        self._decide(remedy, self.store)
        self.assertEqual(remedy.state, "approved")

    def test_08_requester_cannot_approve_own_remedy(self):
        """A deputy who requests a remedy is not its reviewer and cannot approve
        it; another deputy can."""
        remedy = self._submit(self._remedy(150.0, user=self.deputy), user=self.deputy)
        self.assertEqual(remedy.requested_by_id, self.deputy)
        self.assertNotIn(self.deputy, remedy.review_ids.reviewer_ids)
        with self.assertRaisesText(UserError, "You requested"):
            remedy.with_user(self.deputy).validate_tier()
        with self.assertRaisesText(UserError, "You requested"):
            remedy.with_user(self.deputy)._validate_tier()
        self._decide(remedy, self.deputy_2)
        self.assertEqual(remedy.state, "approved")
        self.assertEqual(remedy.approved_by_id, self.deputy_2)

    def test_09_state_cannot_be_written(self):
        """Writing the state to approved, or the requester, is refused, even as
        superuser, in any state, and so is creating an approved remedy."""
        draft = self._remedy(150.0)
        with self.assertRaisesText(ValidationError, "cannot be written directly"):
            draft.write({"state": "approved"})
        pending = self._submit(self._remedy(150.0))
        with self.assertRaisesText(ValidationError, "cannot be written directly"):
            pending.with_user(self.deputy).write({"state": "approved"})
        with self.assertRaises(ValidationError):
            pending.sudo().write({"state": "approved"})
        with self.assertRaises(ValidationError):
            pending.with_user(self.officer).write({"requested_by_id": self.vp.id})
        with self.assertRaises(ValidationError):
            self._remedy(150.0, state="approved")
        self.assertEqual(pending.state, "to_approve")

    def test_10_rejected_remedy_cannot_be_done(self):
        """A rejected remedy says why in the chatter and cannot be carried out;
        reset to draft, it can be changed and submitted again."""
        remedy = self._submit(self._remedy(150.0, "replacement"))
        self._decide(remedy, self.deputy, approve=False, comment="Out of warranty.")
        self.assertEqual(remedy.state, "rejected")
        self.assertEqual(remedy.validation_status, "rejected")
        self.assertIn("Out of warranty.", self._messages(remedy))
        with self.assertRaisesText(UserError, "cannot be marked as done"):
            remedy.with_user(self.officer).action_done()
        self.assertFalse(remedy.credit_note_id)
        remedy.with_user(self.officer).action_reset_to_draft()
        self.assertEqual(remedy.state, "draft")
        self.assertFalse(remedy.review_ids)
        remedy.with_user(self.officer).amount = 40.0
        self._submit(remedy)
        self.assertEqual(remedy.review_ids.definition_id, self.tier_front_desk)

    def test_11_complaint_with_pending_remedy_cannot_close(self):
        """Closing a complaint while a remedy waits for approval is refused with a
        message naming the remedy; once approved, the complaint closes."""
        self.complaint.responsibility = "company"
        remedy = self._submit(self._remedy(150.0))
        done_stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with self.assertRaisesText(UserError, remedy.name) as caught:
            self.complaint.stage_id = done_stage
        self.assertIn("wait for approval", str(caught.exception))
        self._decide(remedy, self.deputy)
        self.complaint.stage_id = done_stage
        self.assertTrue(self.complaint.closed)

    def test_12_bad_amounts_refused(self):
        """Negative amounts, and zero on a money remedy, are refused."""
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._remedy(-10.0)
        for remedy_type in ("refund", "credit", "compensation"):
            with (
                self.subTest(remedy_type=remedy_type),
                self.assertRaisesText(ValidationError, "above zero"),
            ):
                self._remedy(0.0, remedy_type)
        self.assertEqual(self._remedy(0.0, "replacement").amount, 0.0)

    def test_13_foreign_currency_without_rate_refused(self):
        """A remedy in a currency with no exchange rate is refused."""
        with self.assertRaisesText(ValidationError, "no exchange rate for CHF"):
            self._remedy(100.0, currency_id=self.chf.id)

    def test_14_refund_above_paid_refused(self):
        """A refund larger than what the customer paid is refused, when known."""
        with self.assertRaisesText(ValidationError, "larger than what the customer"):
            self._remedy(120.0, paid_amount=100.0)
        self.assertTrue(self._remedy(100.0, paid_amount=100.0))
        self.assertTrue(self._remedy(120.0, "compensation", paid_amount=100.0))
        self.assertTrue(self._remedy(120.0))

    def test_15_goodwill_policy_waives_approval(self):
        """Below a goodwill policy's limit a refund is approved at once and says so;
        above it, or for another grade, it goes to its tier."""
        self.assertEqual(self.complaint.complaint_severity, "general")
        policy = self.env["complaint.goodwill.policy"].create(
            {
                "name": "Small refunds",
                "remedy_type": "refund",
                "complaint_severity": "general",
                "amount_limit": 20.0,
            }
        )
        remedy = self._submit(self._remedy(15.0))
        self.assertEqual(remedy.state, "approved")
        self.assertEqual(remedy.goodwill_policy_id, policy)
        self.assertFalse(remedy.review_ids)
        self.assertIn("No approval needed", self._messages(remedy))
        self.assertTrue(remedy.credit_note_id)
        self.assertEqual(self._submit(self._remedy(20.0)).state, "to_approve")
        policy.complaint_severity = "serious"
        self.assertEqual(self._submit(self._remedy(15.0)).state, "to_approve")

    def test_16_customer_history(self):
        """The form shows the customer's complaints and remedies of the last 12
        months and the money given back, older ones left out."""
        earlier = self.complaint.copy({"complaint_date": fields.Datetime.now()})
        refund = self._remedy(40.0, ticket_id=earlier.id)
        self._submit(refund)
        self._decide(refund, self.front_desk)
        old = self.complaint.copy(
            {
                "complaint_date": fields.Datetime.now() - relativedelta(months=13),
                "shipped_date": fields.Date.today() - relativedelta(months=14),
            }
        )
        self._remedy(
            30.0, ticket_id=old.id, date=fields.Date.today() - relativedelta(months=13)
        )
        remedy = self._remedy(150.0).with_user(self.deputy)
        self.assertEqual(remedy.history_complaint_count, 2)
        self.assertEqual(remedy.history_remedy_count, 1)
        self.assertAlmostEqual(remedy.history_refunded_amount, 40.0)

    def test_17_replacement_activity_then_done(self):
        """An approved replacement gives its responsible an activity, closed when
        the remedy is marked done; the approver's activity is done on approval."""
        self.complaint.user_id = self.engineer
        remedy = self._submit(self._remedy(150.0, "replacement"))
        approval = remedy.activity_ids.filtered(lambda a: a.user_id == self.deputy)
        self.assertEqual(len(approval), 1)
        self.assertNotIn(self.store, remedy.activity_ids.user_id)
        self.assertNotIn(self.officer, remedy.activity_ids.user_id)
        self._decide(remedy, self.deputy_2)
        activity = remedy.activity_ids
        self.assertEqual(activity.user_id, self.engineer)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("complaint_management.mail_act_complaint_remedy_carry_out"),
        )
        remedy.with_user(self.engineer).action_done()
        self.assertEqual(remedy.state, "done")
        self.assertFalse(remedy.activity_ids)

    def test_18_explanation_sent_to_customer(self):
        """An approved explanation is e-mailed to the customer, which completes it."""
        remedy = self._remedy(
            0.0, "explanation", description="<p>The carrier crushed the boxes.</p>"
        )
        self._submit(remedy)
        self._decide(remedy, self.qa_manager)
        self.assertEqual(remedy.state, "done")
        mail = remedy.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("The carrier crushed the boxes.", str(mail.body))
        self.assertIn(self.complaint.complaint_number, mail.subject)

    def test_19_explanation_needs_text(self):
        """An explanation without text for the customer cannot be submitted."""
        remedy = self._remedy(0.0, "explanation", description=False)
        with self.assertRaisesText(UserError, "Write the explanation"):
            remedy.with_user(self.officer).action_request_approval()

    def test_20_promise_locked_once_submitted(self):
        """What a submitted remedy promises cannot change; the reception register
        can be signed while it waits."""
        remedy = self._submit(
            self._remedy(
                150.0, line_ids=[(0, 0, {"product_id": self.product.id, "quantity": 3})]
            )
        )
        with self.assertRaisesText(ValidationError, "cannot change any more"):
            remedy.with_user(self.officer).write({"amount": 10.0})
        with self.assertRaises(ValidationError):
            remedy.line_ids.with_user(self.officer).write({"quantity": 30})
        remedy.with_user(self.officer).write(
            {"reception_name": "Jane Buyer", "reception_signature": b"aGVsbG8="}
        )
        self.assertTrue(remedy.reception_date)
        self.assertEqual(remedy.reception_name, "Jane Buyer")

    def test_21_withdraw_and_cancel(self):
        """The requester withdraws a pending remedy, which drops its approval
        activities; cancelling an approved refund cancels its draft credit note."""
        remedy = self._submit(self._remedy(150.0))
        with self.assertRaisesText(UserError, "can withdraw it"):
            remedy.with_user(self.deputy).action_withdraw()
        remedy.with_user(self.officer).action_withdraw()
        self.assertEqual(remedy.state, "draft")
        self.assertFalse(remedy.review_ids)
        self.assertFalse(remedy.activity_ids)
        remedy.with_user(self.officer).amount = 60.0
        self._submit(remedy)
        self.assertEqual(remedy.review_ids.definition_id, self.tier_deputy)
        self._decide(remedy, self.deputy)
        move = remedy.credit_note_id
        remedy.with_user(self.officer).action_cancel()
        self.assertEqual(remedy.state, "cancel")
        self.assertEqual(move.state, "cancel")

    def test_22_officer_sees_own_teams_remedies(self):
        """An officer of another team does not see the remedy; an approver does."""
        remedy = self._remedy(150.0)
        outsider = self._new_user("t_outsider", "group_complaint_officer")
        Remedy = self.env["complaint.remedy"]
        self.assertFalse(Remedy.with_user(outsider).search([("id", "=", remedy.id)]))
        self.assertTrue(Remedy.with_user(self.vp).search([("id", "=", remedy.id)]))
        self.assertTrue(self.complaint.with_user(self.vp).read(["name"]))
