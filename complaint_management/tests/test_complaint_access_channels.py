import base64
import io
import json

import openpyxl

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.complaint_protected_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY
from .access_matrix import (
    CHANNEL_ROLES,
    CHANNEL_ROWS,
    CHANNELS,
    REPORT_ROWS,
    AccessMatrixMixin,
    JsonRpcMixin,
)

QUIET = (
    "odoo.http",
    "odoo.models",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.web.controllers.report",
    "odoo.addons.report_xlsx.controllers.main",
)
REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
)


class ChannelMatrixMixin(AccessMatrixMixin, JsonRpcMixin):
    """The access matrix's users and records, a quality manager of a second
    company, and an approved 8D (which finance reads)."""

    @classmethod
    def _channel_setup(cls):
        cls._matrix_setup()
        company_b = cls.env["res.company"].create({"name": "Channel Works B"})
        cls.users["manager_b"] = new_test_user(
            cls.env,
            login="m_manager_b",
            groups="base.group_user,complaint_management.group_complaint_manager",
            email="m_manager_b@example.com",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        approved = cls._matrix_report(
            cls._matrix_complaint(handed_over=True), cls.users["engineer"]
        )
        # Approved as the engine leaves it (the approval is the 8D tests' concern).
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE complaint_8d SET state = 'approved' WHERE id = %s", approved.ids
        )
        approved.invalidate_recordset()
        cls.fixtures["approved_report"] = approved

    def _rpc_ok(self, model, method, args, kwargs=None):
        """(ran, error message) of a JSON-RPC call; an error must be a refusal."""
        reply = self._call_kw(model, method, args, kwargs)
        if "error" in reply:
            data = reply["error"]["data"]
            self.assertIn(data["name"], REFUSALS, data["message"])
            return False, data["message"]
        return True, reply.get("result")


@tagged("post_install", "-at_install")
class TestComplaintChatterRpc(ChannelMatrixMixin, HttpCase):
    """Over JSON-RPC, as each role: messages, activities, messages created
    directly, attachments and following on the addon's records (rules §11.9).
    Finance and auditors read complaints and write nothing in their chatter;
    finance writes in the chatter of the chargebacks it settles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._channel_setup()
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    # One operation
    def _channel(self, letter, user, record):
        """Whether ``user`` (logged in) did ``letter`` (see ``CHANNELS``) on
        ``record``, as the server answered, and its refusal."""
        model, ids = record._name, record.ids
        if letter == "p":
            return self._rpc_ok(
                model,
                "message_post",
                [ids],
                {"body": "Posted by a reader", "subtype_xmlid": "mail.mt_note"},
            )
        if letter == "a":
            return self._rpc_ok(
                "mail.activity",
                "create",
                [
                    {
                        "res_model_id": self.env["ir.model"]._get_id(model),
                        "res_id": record.id,
                        "activity_type_id": self.todo.id,
                        "summary": "Scheduled by a reader",
                        "user_id": user.id,
                    }
                ],
            )
        if letter == "m":
            return self._rpc_ok(
                "mail.message",
                "create",
                [
                    {
                        "model": model,
                        "res_id": record.id,
                        "body": "Written by a reader",
                        "message_type": "comment",
                    }
                ],
            )
        if letter == "t":
            return self._rpc_ok(
                "ir.attachment",
                "create",
                [
                    {
                        "name": "reader.txt",
                        "datas": base64.b64encode(b"by a reader").decode(),
                        "res_model": model,
                        "res_id": record.id,
                    }
                ],
            )
        ran, error = self._rpc_ok(
            model, "message_subscribe", [ids], {"partner_ids": user.partner_id.ids}
        )
        record.invalidate_recordset()
        followed = user.partner_id in record.sudo().message_partner_ids
        return ran and followed, error

    @mute_logger(*QUIET)
    def test_01_chatter_matrix(self):
        """Every role tries every chatter operation on every document of the
        addon over JSON-RPC, and is allowed or refused as the matrix says."""
        mismatches = []
        count = 0
        for role in CHANNEL_ROLES:
            user = self.users[role]
            self._login(user)
            for model, fixture, expected in CHANNEL_ROWS:
                letters = expected[role]
                if letters is None:
                    continue
                record = self.fixtures[fixture]
                for letter in CHANNELS:
                    allowed = letter in letters
                    self.env.flush_all()
                    got, error = self._channel(letter, user, record)
                    record.invalidate_recordset()
                    count += 1
                    if got != allowed:
                        mismatches.append(
                            f"{model} ({fixture}) {letter} as {role}: expected "
                            f"{'allow' if allowed else 'deny'}, got "
                            f"{'allow' if got else f'deny ({error})'}"
                        )
        self.assertFalse(mismatches, "\n".join(mismatches))
        self.assertGreaterEqual(count, 150)

    @mute_logger(*QUIET)
    def test_02_follower_auditor_posts_nothing(self):
        """An auditor the application made a follower of a major complaint, and
        whom its notification named, still posts nothing: no message, no direct
        message, no answer to that notification."""
        auditor = self.users["auditor"]
        complaint = self.fixtures["complaint"]
        complaint.sudo()._message_subscribe(partner_ids=auditor.partner_id.ids)
        notice = complaint.sudo().message_post(
            body="Major complaint",
            partner_ids=auditor.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        count = len(complaint.sudo().message_ids)
        self.env.flush_all()
        self._login(auditor)
        ran, error = self._rpc_ok(
            "helpdesk.ticket",
            "message_post",
            [complaint.ids],
            {"body": "Dear customer", "message_type": "comment"},
        )
        self.assertFalse(ran)
        self.assertIn("writes nothing", error)
        for vals in (
            {"model": complaint._name, "res_id": complaint.id, "body": "x"},
            {
                "model": complaint._name,
                "res_id": complaint.id,
                "body": "Answer",
                "parent_id": notice.id,
                "message_type": "comment",
            },
        ):
            self.assertFalse(self._rpc_ok("mail.message", "create", [vals])[0])
        complaint.invalidate_recordset()
        self.assertEqual(len(complaint.sudo().message_ids), count)

    @mute_logger(*QUIET)
    def test_03_activity_schedule(self):
        """``activity_schedule`` over JSON-RPC: refused to auditors everywhere and
        to finance on complaints; finance schedules on a chargeback."""
        complaint = self.fixtures["complaint"]
        chargeback = self.fixtures["chargeback"]
        for role, record, allowed in (
            ("auditor", complaint, False),
            ("auditor", chargeback, False),
            ("finance", complaint, False),
            ("finance", chargeback, True),
        ):
            self._login(self.users[role])
            ran, error = self._rpc_ok(
                record._name,
                "activity_schedule",
                [record.ids, "mail.mail_activity_data_todo"],
                {"summary": "Call the customer"},
            )
            self.assertEqual(ran, allowed, f"{role} on {record._name}: {error}")
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", complaint.id),
                    ("summary", "=", "Call the customer"),
                ]
            )
        )

    @mute_logger(*QUIET)
    def test_04_composer_mass_mail(self):
        """An auditor mails no customer of a complaint from the mail composer,
        in a mass mailing either."""
        complaint = self.fixtures["complaint"]
        self._login(self.users["auditor"])
        for mode in ("mass_mail", "comment"):
            ran, composer_id = self._rpc_ok(
                "mail.compose.message",
                "create",
                [
                    {
                        "composition_mode": mode,
                        "model": complaint._name,
                        "res_ids": str(complaint.ids),
                        "subject": "About your complaint",
                        "body": "<p>Dear customer</p>",
                        "partner_ids": [Command.set(complaint.partner_id.ids)],
                    }
                ],
            )
            if not ran:
                continue  # refused as soon as written
            ran, error = self._rpc_ok(
                "mail.compose.message", "action_send_mail", [[composer_id]]
            )
            self.assertFalse(ran, mode)
            self.assertIn("writes nothing", error)
        self.assertFalse(
            self.env["mail.mail"]
            .sudo()
            .search([("subject", "=", "About your complaint")])
        )

    @mute_logger(*QUIET)
    def test_05_chatter_upload_route(self):
        """The chatter's upload route attaches no file for an auditor on a
        complaint; finance uploads to a chargeback."""
        for role, record, allowed in (
            ("auditor", self.fixtures["complaint"], False),
            ("finance", self.fixtures["complaint"], False),
            ("finance", self.fixtures["chargeback"], True),
        ):
            self._login(self.users[role])
            response = self.url_open(
                "/mail/attachment/upload",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "thread_id": record.id,
                    "thread_model": record._name,
                },
                files={"ufile": ("note.txt", b"uploaded", "text/plain")},
            )
            created = response.status_code == 200 and "error" not in response.json()
            self.assertEqual(created, allowed, f"{role} on {record._name}")


@tagged("post_install", "-at_install")
class TestComplaintReportRoutes(ChannelMatrixMixin, HttpCase):
    """The addon's reports over HTTP, as each role and from another company:
    ``/report/pdf/...``, ``/report/xlsx/...`` and ``/report/download`` print
    for the report's groups only, and only what the user reads (rules §11.10)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._channel_setup()

    def _report(self, xmlid):
        return self.env.ref(f"complaint_management.{xmlid}")

    @staticmethod
    def _printed(response):
        """Whether the response is the printed file, not an error."""
        body = response.content.lstrip()
        return response.status_code == 200 and not body.startswith(b"{")

    def _route(self, report, converter, record):
        return self.url_open(f"/report/{converter}/{report.report_name}/{record.id}")

    def _download(self, report, converter, record):
        url = f"/report/{converter}/{report.report_name}/{record.id}"
        kind = "xlsx" if converter == "xlsx" else "qweb-pdf"
        return self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, kind]),
                "context": "{}",
                "csrf_token": http.Request.csrf_token(self),
            },
        )

    @mute_logger(*QUIET)
    def test_01_report_routes_matrix(self):
        """Every role opens every report of the addon by its route and by
        ``/report/download``, and gets the file or a refusal as the matrix
        says."""
        mismatches = []
        count = 0
        for index, role in enumerate(CHANNEL_ROLES):
            self._login(self.users[role])
            for xmlid, converter, fixture, expected in REPORT_ROWS:
                allowed = expected[index]
                if allowed is None:
                    continue
                report = self._report(xmlid)
                record = self.fixtures[fixture]
                for how in (self._route, self._download):
                    response = how(report, converter, record)
                    count += 1
                    if self._printed(response) != allowed:
                        mismatches.append(
                            f"{how.__name__} {xmlid} ({fixture}) as {role}: "
                            f"expected {'file' if allowed else 'refusal'}, got "
                            f"{response.status_code} {response.content[:200]!r}"
                        )
        self.assertFalse(mismatches, "\n".join(mismatches))
        self.assertGreaterEqual(count, 70)

    @mute_logger(*QUIET)
    def test_02_officer_gets_no_workbook(self):
        """The officer's request for the returns workbook (which holds what
        remedies were promised and paid) is refused by the report's groups, with
        a message saying so; the ORM refuses it too."""
        complaint = self.fixtures["complaint"]
        report = self._report("report_complaint_returns_summary_xlsx")
        officer = self.users["officer"]
        self._login(officer)
        response = self._route(report, "xlsx", complaint)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"PK", response.content[:2])
        with self.assertRaisesRegex(Exception, "may not print"):
            self.env["ir.actions.report"].with_user(officer)._render(
                report.id, complaint.ids, data={}
            )

    def _summary_figures(self, user, month):
        """The non-zero figures of the month's returns workbook printed by
        ``user`` for this company."""
        report = self._report("report_complaint_returns_summary_xlsx")
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render(
                report.id,
                [],
                data={"month": month, "company_id": self.env.company.id},
            )
        )
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        return [
            cell.value
            for sheet in book.worksheets
            for row in sheet.iter_rows(min_row=2)
            for cell in row
            if isinstance(cell.value, int | float) and cell.value
        ]

    @mute_logger(*QUIET)
    def test_03_workbook_counts_what_the_user_reads(self):
        """The month's returns workbook counts the remedies of the complaints the
        user reads only: an approver of money, who prints it, does not get the
        amount promised on a complaint a record rule hides from them (as a
        company's own rule may); the quality manager does."""
        hidden = self._matrix_complaint(
            complaint_date="2025-03-10 09:00:00", shipped_date="2025-02-01"
        )
        remedy = self.env["complaint.remedy"].create(
            {
                "ticket_id": hidden.id,
                "remedy_type": "refund",
                "amount": 77.0,
                "description": "<p>Refund</p>",
            }
        )
        remedy.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL}).write(
            {"state": "approved"}
        )
        self.env.flush_all()
        approver = self.users["approver"]
        self.env["ir.rule"].create(
            {
                "name": "One complaint the approver does not read",
                "model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "domain_force": (
                    f"[('id', '!=', {hidden.id})] if user.id == {approver.id} else []"
                ),
            }
        )
        self.assertFalse(hidden.with_user(approver).has_access("read"))
        self.assertFalse(self._summary_figures(approver, "2025-03-01"))
        self.assertIn(77.0, self._summary_figures(self.users["manager"], "2025-03-01"))
