from odoo import Command

from odoo.addons.complaint_management.models.complaint_approval_mixin import (
    EDIT_SENTINEL,
    EDIT_SENTINEL_KEY,
)

from .common import ComplaintCommon


class ChargebackCommon(ComplaintCommon):
    """ComplaintCommon plus what a chargeback needs: a supplier with a contact, a
    second QA manager, a finance manager, the accounting of a vendor credit note
    (payable and expense accounts, a purchase journal), a foreign currency, and a
    supplier-caused complaint with an approved refund, a compensation and an 8D
    whose containment sorted 200 pieces and found 10 bad."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qa_manager_2 = cls._new_user("t_qa_manager_2", "group_complaint_manager")
        cls.finance = cls._new_user("t_finance", "group_complaint_finance")
        cls.finance.group_ids |= cls.env.ref("account.group_account_invoice")
        cls.auditor = cls._new_user("t_auditor", "group_complaint_auditor")
        cls.team.user_ids |= cls.qa_manager_2
        cls.supplier.write(
            {
                "lang": "en_US",
                "child_ids": [
                    Command.create(
                        {
                            "name": "Quality Desk",
                            "type": "invoice",
                            "email": "quality@castings.example.com",
                        }
                    )
                ],
            }
        )
        cls.other_supplier = cls.env["res.partner"].create(
            {"name": "Forgings Ltd", "is_company": True}
        )
        Account = cls.env["account.account"]
        cls.payable = Account.create(
            {
                "name": "Suppliers (chargebacks)",
                "code": "CBP001",
                "account_type": "liability_payable",
                "reconcile": True,
            }
        )
        cls.receivable = Account.create(
            {
                "name": "Customers (chargebacks)",
                "code": "CBR001",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        cls.expense_default = Account.create(
            {"name": "Quality costs", "code": "CBE001", "account_type": "expense"}
        )
        cls.expense_refund = Account.create(
            {
                "name": "Customer refunds recovered",
                "code": "CBE002",
                "account_type": "expense",
            }
        )
        cls.income = Account.create(
            {"name": "Sales returns", "code": "CBI001", "account_type": "income"}
        )
        cls.journal = cls.env["account.journal"].create(
            {
                "name": "Chargeback Credit Notes",
                "code": "CBCN",
                "type": "purchase",
                "default_account_id": cls.expense_default.id,
            }
        )
        cls.sale_journal = cls.env["account.journal"].create(
            {
                "name": "Complaint Credit Notes",
                "code": "CBSJ",
                "type": "sale",
                "default_account_id": cls.income.id,
            }
        )
        cls.env.company.write(
            {
                "complaint_chargeback_journal_id": cls.journal.id,
                "complaint_remedy_journal_id": cls.sale_journal.id,
                "complaint_chargeback_finance_limit": 2000.0,
            }
        )
        (cls.supplier | cls.other_supplier).write(
            {
                "property_account_payable_id": cls.payable.id,
                "property_account_receivable_id": cls.receivable.id,
            }
        )
        cls.customer.write(
            {
                "property_account_payable_id": cls.payable.id,
                "property_account_receivable_id": cls.receivable.id,
            }
        )
        ref = cls.env.ref
        cls.type_refund = ref("complaint_management.chargeback_cost_type_refund")
        cls.type_refund.account_id = cls.expense_refund
        cls.type_compensation = ref(
            "complaint_management.chargeback_cost_type_compensation"
        )
        cls.type_sorting = ref("complaint_management.chargeback_cost_type_sorting")
        cls.type_scrap = ref("complaint_management.chargeback_cost_type_scrap")
        cls.type_freight = ref("complaint_management.chargeback_cost_type_freight")
        cls.type_admin = ref("complaint_management.chargeback_cost_type_admin")
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 0.5)])
        cls.product.standard_price = 3.0

    def setUp(self):
        super().setUp()
        self.complaint = self._supplier_complaint()

    def _supplier_complaint(self, supplier=None, **values):
        """A complaint caused by ``supplier``, with a 120 refund (its posted credit
        note) and an 80 compensation approved, and an 8D: containment 200 checked,
        10 bad; a corrective action asked from the supplier."""
        supplier = supplier or self.supplier
        complaint = self._complaint(
            **self._complete_intake(),
            responsibility="supplier",
            supplier_id=supplier.id,
            **values,
        )
        Remedy = self.env["complaint.remedy"]
        refund = Remedy.create({"ticket_id": complaint.id, "amount": 120.0})
        compensation = Remedy.create(
            {
                "ticket_id": complaint.id,
                "remedy_type": "compensation",
                "amount": 80.0,
            }
        )
        move = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "journal_id": self.sale_journal.id,
                "invoice_date": "2026-11-10",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Refund",
                            "quantity": 1.0,
                            "price_unit": 120.0,
                            "account_id": self.income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        refund._approval_write({"state": "done", "credit_note_id": move.id})
        compensation._approval_write({"state": "approved"})
        report = self.env["complaint.8d"].create(
            {"ticket_ids": [Command.link(complaint.id)]}
        )
        self.env["complaint.8d.action"].create(
            [
                {
                    "eight_d_id": report.id,
                    "action_type": "containment",
                    "name": "Sort the stock",
                    "date_due": "2026-12-15",
                    "qty_checked": 200,
                    "qty_bad": 10,
                },
                {
                    "eight_d_id": report.id,
                    "action_type": "corrective",
                    "name": "Replace the worn mould",
                    "date_due": "2026-12-20",
                    "supplier_id": supplier.id,
                },
            ]
        )
        complaint.invalidate_recordset()
        return complaint

    def _chargeback(self, complaint=None, user=None, propose=True, **values):
        complaint = complaint or self.complaint
        vals = {
            "partner_id": complaint.supplier_id.id,
            "ticket_ids": [Command.set(complaint.ids)],
        }
        vals.update(values)
        chargeback = (
            self.env["complaint.chargeback"]
            .with_user(user or self.engineer)
            .create(vals)
        )
        if propose:
            chargeback.action_propose_lines()
        return chargeback

    def _vendor_bill_vals(self, price):
        """A vendor bill of the supplier: one line of castings at ``price``."""
        return {
            "move_type": "in_invoice",
            "partner_id": self.supplier.id,
            "journal_id": self.journal.id,
            "invoice_date": "2026-11-20",
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Castings",
                        "quantity": 1,
                        "price_unit": price,
                        "account_id": self.expense_default.id,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _claim_freight(self, chargeback, amount):
        """Add a freight cost of ``amount`` to the draft ``chargeback``."""
        chargeback.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "cost_type_id": self.type_freight.id,
                            "name": "Freight",
                            "quantity": 1.0,
                            "unit_cost": amount,
                        }
                    )
                ]
            }
        )
        return chargeback

    def _approved(self, chargeback=None, amount=None):
        """A chargeback requested by the engineer and approved by the QA manager
        (and finance when above the limit)."""
        chargeback = chargeback or self._chargeback()
        if amount is not None:
            chargeback.line_ids.unlink()
            self._claim_freight(chargeback, amount)
        chargeback.with_user(self.engineer).action_request_approval()
        # need_validation is computed without dependencies: read it afresh, as a
        # new request would.
        chargeback.invalidate_recordset()
        chargeback.with_user(self.qa_manager).action_approve()
        if chargeback.state == "to_approve":
            chargeback.invalidate_recordset()
            chargeback.with_user(self.finance).action_approve()
        self.assertEqual(chargeback.state, "approved")
        return chargeback

    def _sent(self, chargeback=None, **kwargs):
        chargeback = self._approved(chargeback, **kwargs)
        chargeback.with_user(self.engineer).action_send()
        self.assertEqual(chargeback.state, "sent")
        return chargeback

    def _engine(self, records):
        return records.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
