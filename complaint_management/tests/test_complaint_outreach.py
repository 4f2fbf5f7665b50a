from datetime import datetime

import polib

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import file_path, mute_logger

from .access_matrix import JsonRpcMixin
from .common import ComplaintCommon, load_chinese


class OutreachCommon(ComplaintCommon):
    """Customers who bought the complaint's product in the period (one in
    Chinese, one in English), one who bought it before the period, one who
    bought another product, one of another company; each by a posted customer
    invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Other Works"})
        cls.journal = cls._sale_journal(cls.env.company, "OUT")
        cls.journal_2 = cls._sale_journal(cls.company_2, "OUT2")
        load_chinese(cls.env)
        Partner = cls.env["res.partner"]
        cls.buyer_cn = Partner.create(
            {"name": "上海汽配", "email": "qa@sh.example.com", "lang": "zh_CN"}
        )
        cls.buyer_en = Partner.create(
            {"name": "Brake Shop", "email": "qa@brake.example.com", "lang": "en_US"}
        )
        cls.buyer_en_contact = Partner.create(
            {"name": "Brake Shop, Joe", "parent_id": cls.buyer_en.id}
        )
        cls.buyer_before = Partner.create({"name": "Old Buyer", "email": "o@x.com"})
        cls.buyer_other_product = Partner.create({"name": "Housing Buyer"})
        cls.buyer_company_2 = Partner.create({"name": "Other Company Buyer"})
        cls.draft_buyer = Partner.create({"name": "Draft Buyer"})
        cls._invoice(cls.buyer_cn, cls.product, 10, "2026-10-05")
        cls._invoice(cls.buyer_cn, cls.product, 5, "2026-10-20")
        cls._invoice(cls.buyer_en_contact, cls.product, 7, "2026-09-15")
        cls._invoice(cls.buyer_before, cls.product, 3, "2025-01-10")
        cls._invoice(cls.buyer_other_product, cls.product_other, 4, "2026-10-05")
        cls._invoice(cls.draft_buyer, cls.product, 4, "2026-10-05", post=False)
        cls._invoice(
            cls.buyer_company_2, cls.product, 9, "2026-10-05", journal=cls.journal_2
        )

    @classmethod
    def _sale_journal(cls, company, code):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        Account = env["account.account"].with_company(company)
        income = Account.create(
            {"name": f"Sales {code}", "code": f"{code}I", "account_type": "income"}
        )
        receivable = Account.create(
            {
                "name": f"Customers {code}",
                "code": f"{code}R",
                "account_type": "asset_receivable",
                "reconcile": True,
            }
        )
        journal = (
            env["account.journal"]
            .with_company(company)
            .create(
                {
                    "name": f"Sales {code}",
                    "code": code,
                    "type": "sale",
                    "company_id": company.id,
                    "default_account_id": income.id,
                }
            )
        )
        cls._receivables = getattr(cls, "_receivables", {})
        cls._receivables[company.id] = receivable
        return journal

    @classmethod
    def _invoice(cls, partner, product, qty, date, journal=None, post=True):
        journal = journal or cls.journal
        company = journal.company_id
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        partner.commercial_partner_id.with_env(env).with_company(
            company
        ).property_account_receivable_id = cls._receivables[company.id]
        move = (
            env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "journal_id": journal.id,
                    "invoice_date": date,
                    "date": date,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": qty,
                                "price_unit": 10.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    def _outreach_complaint(self):
        return self._complaint(
            **self._complete_intake(),
            lot_number="L-42",
            complaint_date=datetime(2026, 11, 2, 9, 0),
        )

    def _outreach(self, complaint=None, user=None):
        complaint = complaint or self._outreach_complaint()
        action = complaint.with_user(
            user or self.engineer
        ).action_open_outreach_wizard()
        wizard = Form(
            self.env["complaint.outreach.wizard"]
            .with_user(user or self.engineer)
            .with_context(**action["context"])
        ).save()
        result = wizard.action_confirm()
        return self.env["complaint.outreach"].browse(result["res_id"])


@tagged("post_install", "-at_install")
class TestComplaintOutreach(OutreachCommon):
    """Outreach from a complaint: exactly who bought the product in the period,
    told in their language, the history kept (rules §22.1)."""

    def test_01_exactly_the_buyers_of_the_period(self):
        """The list holds the customers (companies, not contacts) who bought the
        product in the period by posted invoices of the complaint's company,
        with the quantity bought and the last date; nobody else."""
        self.env.company.complaint_outreach_days = 180
        outreach = self._outreach()
        self.assertEqual(outreach.source, "invoices")
        self.assertEqual(outreach.product_id, self.product)
        self.assertEqual(outreach.lot_number, "L-42")
        self.assertEqual(str(outreach.date_to), "2026-11-02")
        self.assertEqual(str(outreach.date_from), "2026-05-06")
        got = {
            line.partner_id: (line.quantity, str(line.last_date))
            for line in outreach.line_ids
        }
        self.assertEqual(
            got,
            {
                self.buyer_cn: (15.0, "2026-10-20"),
                self.buyer_en: (7.0, "2026-09-15"),
            },
        )
        self.assertEqual(set(outreach.line_ids.mapped("state")), {"to_tell"})

    def test_02_each_notice_in_its_customers_language(self):
        """Each customer's notice is rendered in their language (a Chinese and
        an English one); who told them and when is recorded."""
        # The shipped zh_CN subject (i18n/zh_CN.po), put on the template as
        # loading the language does once the terms are exported.
        po = polib.pofile(file_path("complaint_management/i18n/zh_CN.po"))
        subject = po.find("Quality notice about {{ object.product_id.display_name }}")
        template = self.env.ref("complaint_management.mail_template_complaint_outreach")
        template.update_field_translations("subject", {"zh_CN": subject.msgstr})
        outreach = self._outreach()
        outreach.with_user(self.engineer).action_send_notices()
        by_partner = {line.partner_id: line for line in outreach.line_ids}
        cn, en = by_partner[self.buyer_cn], by_partner[self.buyer_en]
        self.assertIn("质量通知", cn.mail_id.subject)
        self.assertNotIn("Quality notice", cn.mail_id.subject)
        self.assertIn("Quality notice about", en.mail_id.subject)
        self.assertIn("Please check the parts", en.mail_id.body_html)
        for line in (cn, en):
            self.assertEqual(line.state, "mailed")
            self.assertEqual(line.told_by_id, self.engineer)
            self.assertTrue(line.told_date)
            self.assertEqual(line.mail_id.recipient_ids, line.partner_id)
        self.assertEqual(outreach.told_count, 2)

    def test_03_calls_and_answers(self):
        """Calls are scheduled as activities; an answer is recorded once, with
        who recorded it and when; the history is not the client's to write."""
        outreach = self._outreach()
        outreach.with_user(self.engineer).action_schedule_calls()
        self.assertEqual(len(outreach.activity_ids), 2)
        self.assertEqual(set(outreach.line_ids.mapped("state")), {"call_scheduled"})
        line = outreach.line_ids[:1].with_user(self.engineer)
        line.answer = "No problem seen in our stock."
        self.assertEqual(line.state, "answered")
        self.assertEqual(line.answered_by_id, self.engineer)
        self.assertEqual(line.told_by_id, self.engineer)
        with self.assertRaises(ValidationError):
            line.answer = "Changed my mind"
        with self.assertRaises(ValidationError):
            outreach.line_ids[1:].with_user(self.engineer).told_date = "2026-01-01"
        with self.assertRaises(ValidationError):
            outreach.with_user(self.engineer).product_id = self.product_other
        with self.assertRaises(ValidationError):
            self.env["complaint.outreach.line"].with_user(self.engineer).create(
                {"outreach_id": outreach.id, "partner_id": self.buyer_before.id}
            )
        self.assertEqual(outreach.answered_count, 1)
        # An outreach that told customers is kept.
        with self.assertRaises(UserError):
            outreach.with_user(self.qa_manager).unlink()

    def test_04_who_may_start_one(self):
        """Officers, finance and auditors start no outreach; the QA manager does."""
        complaint = self._outreach_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.officer).action_open_outreach_wizard()
        self.assertTrue(self._outreach(complaint, user=self.qa_manager).line_ids)

    def test_05_another_company_sees_nothing(self):
        """A quality manager of another company does not read the outreach nor
        its customers."""
        outreach = self._outreach()
        other = self._new_user("t_qa_other", "group_complaint_manager")
        other.write({"company_ids": [Command.set(self.company_2.ids)],
                     "company_id": self.company_2.id})  # fmt: skip
        self.assertFalse(
            self.env["complaint.outreach"]
            .with_user(other)
            .search([("id", "=", outreach.id)])
        )
        self.assertFalse(
            self.env["complaint.outreach.line"]
            .with_user(other)
            .search([("outreach_id", "=", outreach.id)])
        )


@tagged("post_install", "-at_install")
class TestComplaintOutreachRpc(JsonRpcMixin, OutreachCommon, HttpCase):
    """Over JSON-RPC: the history is refused to clients, whatever the context;
    portal users read nothing of outreaches (rules §22.1)."""

    @mute_logger("odoo.http")
    def _refused_history(self, line, outreach, context):
        """Every write of the history, and a customer added through the
        outreach, refused over JSON-RPC under ``context``."""
        for vals in (
            {"told_date": "2026-01-01 00:00:00"},
            {"state": "answered"},
            {"told_by_id": self.qa_manager.id},
            {"partner_id": self.buyer_before.id},
        ):
            reply = self._call_kw(
                "complaint.outreach.line", "write", [line.ids, vals],
                {"context": context},
            )  # fmt: skip
            self.assertIn("error", reply, vals)
        reply = self._call_kw(
            "complaint.outreach", "write",
            [outreach.ids, {"line_ids": [Command.create(
                {"partner_id": self.buyer_before.id})]}],
            {"context": context},
        )  # fmt: skip
        self.assertIn("error", reply)

    def test_01_history_refused_portal_blind(self):
        outreach = self._outreach()
        line = outreach.line_ids[:1]
        forged = {"complaint_edit": True}
        self._login(self.engineer)
        for context in ({}, forged):
            self._refused_history(line, outreach, context)
        line.invalidate_recordset()
        self.assertEqual(line.state, "to_tell")
        self.assertFalse(line.told_date)
        self.assertEqual(len(outreach.line_ids), 2)
        portal = self.env["res.users"].create(
            {
                "name": "Portal buyer",
                "login": "t_portal_buyer",
                "password": "t_portal_buyer",
                "partner_id": self.buyer_cn.id,
                "group_ids": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        self._login(portal)
        for model, ids in (
            ("complaint.outreach", outreach.ids),
            ("complaint.outreach.line", outreach.line_ids.ids),
        ):
            with mute_logger("odoo.http"):
                reply = self._call_kw(model, "search_read", [[("id", "in", ids)]])
            self.assertIn("error", reply)
