import inspect
import json
from unittest.mock import patch

import psycopg2

from odoo import api, fields, http
from odoo.http import request
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .chargeback_common import ChargebackCommon

ADDON = "odoo.addons.complaint_management."

# Every route of the addon's controllers, by endpoint: True when it only reads
# (served on the read replica when there is one), PER_REQUEST when the route
# decides per request, else why it writes.
PER_REQUEST = "per request"
ROUTES = {
    "report_download": PER_REQUEST,
    "portal_complaint_new": True,
    "portal_complaint_submit": "files the complaint",
    "portal_complaint_remedy_answer": "records the customer's answer",
    "portal_complaint_8d": True,
    "portal_complaint_satisfaction": True,
    "portal_complaint_satisfaction_answer": "records the satisfaction",
    "support_ticket_close": "closes the ticket",
    "portal_my_chargebacks": True,
    "portal_chargeback": True,
    "portal_chargeback_answer": "records the supplier's answer",
    "portal_chargeback_debit_note": True,
    "portal_my_capas": True,
    "portal_capa": "gives the answers' attachments an access token",
    "portal_capa_answer": "records the supplier's answer",
    "portal_capa_pdf": True,
}

# Every method of the addon marked @api.readonly (run on the read replica when
# called over RPC): (model, method).
READONLY_METHODS = {
    ("helpdesk.ticket", "action_view_similar"),
    ("helpdesk.ticket", "action_view_repeats"),
    ("helpdesk.ticket", "action_view_chargebacks"),
    ("helpdesk.ticket", "action_view_service_charges"),
    ("helpdesk.ticket", "action_open_outreach_wizard"),
    ("helpdesk.ticket", "action_view_outreaches"),
    ("helpdesk.ticket", "action_view_remedies"),
    ("helpdesk.ticket", "action_view_samples"),
    ("helpdesk.ticket", "get_import_templates"),
    ("complaint.8d", "action_view_tickets"),
    ("complaint.chargeback", "action_view_tickets"),
    ("complaint.chargeback", "action_view_credit_note"),
    ("complaint.chargeback", "action_view_capas"),
    ("complaint.outreach", "action_view_lines"),
    ("complaint.remedy", "action_view_customer_remedies"),
    ("complaint.remedy", "action_view_customer_complaints"),
    ("complaint.remedy", "action_view_credit_note"),
    ("complaint.three.change", "action_open_meeting"),
    ("complaint.trend.alarm", "action_open_outreach_wizard"),
    ("res.partner", "action_view_supplier_complaints"),
    ("res.partner", "action_view_supplier_chargebacks"),
    ("res.partner", "action_view_supplier_capas"),
    ("complaint.delivery", "get_import_templates"),
}


@tagged("post_install", "-at_install")
class TestComplaintReadReplica(HttpCase, ChargebackCommon):
    """Read-only work runs on a read replica when one is configured: the portal
    pages that only read are read-only routes, the actions that only read are
    ``@api.readonly``; each is served here on a read-only cursor (the test
    server's stand-in for the replica), where a write fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_user = new_test_user(
            cls.env,
            login="t_rr_supplier",
            groups="base.group_portal",
            partner_id=cls.supplier.child_ids[:1].id,
        )
        cls.customer_user = new_test_user(
            cls.env, login="t_rr_customer", groups="base.group_portal"
        )
        cls.customer_user.partner_id.parent_id = cls.customer

    def setUp(self):
        super().setUp()
        self.chargeback = self._sent()
        self.capa = self.chargeback.capa_ids
        self.report_8d = self.complaint.eight_d_ids
        self._engine(self.report_8d).write(
            {"state": "approved", "approval_date": fields.Datetime.now()}
        )

    # Helpers
    def _served(self, call):
        """Run ``call`` (a request to the test server) and return its response
        and the cursor modes the endpoint ran on: ``[True]`` when it ran on a
        read-only cursor and wrote nothing (a write on a read-only cursor is
        retried on a read/write one: ``[True, False]``)."""
        IrHttp = type(self.env["ir.http"])
        original = IrHttp._dispatch.__func__
        modes = []

        def dispatch(cls, endpoint):
            modes.append(request.env.cr.readonly)
            return original(cls, endpoint)

        self.env.flush_all()
        with patch.object(IrHttp, "_dispatch", classmethod(dispatch)):
            response = call()
        return response, modes

    def _rpc(self, model, method, ids=None, **kwargs):
        args = [ids] if ids is not None else []
        return self._served(
            lambda: self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": kwargs},
            )
        )

    def _records(self):
        """One record of each model whose actions are read-only."""
        ticket = self.complaint
        outreach = self.env["complaint.outreach"].create(
            {
                "name": "Replica outreach",
                "product_id": self.product.id,
                "date_from": "2026-01-01",
                "date_to": "2026-10-31",
            }
        )
        three_change = (
            self.env["complaint.three.change"]
            .sudo()
            .create({"ticket_id": ticket.id, "trigger": "officer", "reason": "Unhappy"})
        )
        alarm = self._engine(self.env["complaint.trend.alarm"].sudo()).create(
            {
                "company_id": self.env.company.id,
                "product_id": self.product.id,
                "period": "2026-11-01",
                "rule": "limit",
                "chart": "c",
            }
        )
        return {
            "helpdesk.ticket": ticket,
            "complaint.8d": self.report_8d,
            "complaint.chargeback": self.chargeback,
            "complaint.outreach": outreach,
            "complaint.remedy": ticket.remedy_ids[:1],
            "complaint.three.change": three_change,
            "complaint.trend.alarm": alarm,
            "res.partner": self.supplier,
        }

    # Tests
    def test_01_methods_marked_are_the_list(self):
        """The addon's @api.readonly methods are exactly the reviewed list: a
        method marked read-only by mistake (one that writes) shows here."""
        marked = set()
        for name in self.env.registry:
            for cls in type(self.env[name]).mro():
                if not cls.__module__.startswith(ADDON):
                    continue
                for attr, value in vars(cls).items():
                    if inspect.isfunction(value) and getattr(value, "_readonly", False):
                        marked.add((name, attr))
        self.assertEqual(marked, READONLY_METHODS)

    def test_02_routes_marked_as_listed(self):
        """Every route of the addon's controllers is classified; the read-only
        ones are exactly those that only read, the others stay read/write."""
        seen = {}
        for rule in self.env["ir.http"].routing_map().iter_rules():
            func = getattr(rule.endpoint, "func", None)
            method = getattr(func, "__func__", None)
            if not method or not method.__module__.startswith(ADDON):
                continue
            seen[method.__name__] = rule.endpoint.routing["readonly"]
        self.assertEqual(set(seen), set(ROUTES))
        for name, readonly in seen.items():
            self.assertEqual(callable(readonly), ROUTES[name] == PER_REQUEST, name)
            if not callable(readonly):
                self.assertEqual(bool(readonly), ROUTES[name] is True, name)

    def test_03_methods_run_on_readonly_cursor(self):
        """Each read-only method, called over RPC as a QA manager, is served on
        a read-only cursor and succeeds there."""
        records = self._records()
        self.authenticate(self.qa_manager.login, self.qa_manager.login)
        for model, method in sorted(READONLY_METHODS):
            with self.subTest(model=model, method=method):
                record_method = method != "get_import_templates"
                result, modes = self._rpc(
                    model, method, records[model].ids if record_method else None
                )
                self.assertEqual(modes, [True])
                self.assertTrue(result)

    def test_03b_analysis_on_readonly_cursor(self):
        """The analysis views (pivot and graph of the complaint, cost, deadline
        and PPM analyses) group on a read-only cursor."""
        self.authenticate(self.qa_manager.login, self.qa_manager.login)
        for model in (
            "complaint.report",
            "complaint.cost.report",
            "complaint.milestone.report",
            "complaint.ppm.report",
        ):
            with self.subTest(model=model):
                result, modes = self._rpc(
                    model,
                    "formatted_read_group",
                    domain=[],
                    groupby=["company_id"],
                    aggregates=["__count"],
                )
                self.assertEqual(modes, [True])
                self.assertIsInstance(result, list)

    def test_04_a_method_that_writes_stays_on_the_primary(self):
        """An action that may create a record (the 8D button of a complaint
        without one) is not read-only: served on the read/write cursor."""
        ticket = self._complaint()
        self.authenticate(self.qa_manager.login, self.qa_manager.login)
        result, modes = self._rpc("helpdesk.ticket", "action_view_8d", ticket.ids)
        self.assertEqual(modes, [False])
        self.assertTrue(ticket.eight_d_ids)
        self.assertEqual(result["res_id"], ticket.eight_d_ids.id)

    def test_05_customer_pages_on_readonly_cursor(self):
        """The customer's read-only pages are served on a read-only cursor and
        show what they show on the primary."""
        self.authenticate(self.customer_user.login, self.customer_user.login)
        ticket = self.complaint
        satisfaction = "o_complaint_portal_satisfaction_page"
        pages = {
            "/my/complaint/new": "o_complaint_portal_new",
            f"/my/ticket/{ticket.id}/satisfaction": satisfaction,
            f"/my/ticket/{ticket.id}/8d/{self.report_8d.id}": self.report_8d.name,
        }
        for url, shown in pages.items():
            with self.subTest(url=url):
                response, modes = self._served(lambda url=url: self.url_open(url))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(modes, [True])
                self.assertIn(shown, response.text)

    def test_06_supplier_pages_on_readonly_cursor(self):
        """The supplier's lists, chargeback page and documents are served on a
        read-only cursor; the request page (it gives attachments an access
        token) and the answers stay read/write."""
        self.authenticate(self.supplier_user.login, self.supplier_user.login)
        chargeback, capa = self.chargeback, self.capa
        pages = {
            "/my/chargebacks": chargeback.name,
            f"/my/chargeback/{chargeback.id}": chargeback.name,
            f"/my/chargeback/{chargeback.id}/debit-note": None,
            "/my/capas": capa.name,
            f"/my/capa/{capa.id}/pdf": None,
        }
        for url, shown in pages.items():
            with self.subTest(url=url):
                response, modes = self._served(lambda url=url: self.url_open(url))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(modes, [True])
                self.assertTrue(response.content)
                if shown:
                    self.assertIn(shown, response.text)
        response, modes = self._served(lambda: self.url_open(f"/my/capa/{capa.id}"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(modes, [False])

    def test_07_readonly_cursor_refuses_writes(self):
        """The read-only cursor the methods are tested on refuses a write, as a
        replica does: what passes here reads only."""
        self.env.flush_all()
        self.env.cr.flush()  # what the test's own cursor has to write, first
        with self.registry.cursor(readonly=True) as cr:
            env = api.Environment(cr, self.qa_manager.id, {})
            self.assertTrue(cr.readonly)
            ticket = env["helpdesk.ticket"].browse(self.complaint.id)
            self.assertEqual(
                ticket.action_view_remedies()["res_model"], "complaint.remedy"
            )
            refused = None
            try:
                with mute_logger("odoo.sql_db"):
                    cr.execute(
                        "UPDATE helpdesk_ticket SET name = 'x' WHERE id = %s",
                        [ticket.id],
                    )
            except psycopg2.errors.ReadOnlySqlTransaction as error:
                refused = error
            self.assertTrue(refused)
            cr.rollback()
        self.assertEqual(self.complaint.name, "Calipers leak")

    def _download(self, url, report_type):
        return self._served(
            lambda: self.url_open(
                "/report/download",
                data={
                    "data": json.dumps([url, report_type]),
                    "context": "{}",
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
        )

    def test_08_downloads_of_the_addon_on_readonly_cursor(self):
        """The workbooks (the register of a month, a workbook of the selected
        complaints) and the addon's PDFs download on a read-only cursor; another
        module's report keeps Odoo's read/write download."""
        self.authenticate(self.qa_manager.login, self.qa_manager.login)
        options = json.dumps(
            {
                "month": "2026-11-01",
                "company_id": self.env.company.id,
                "team_id": False,
            },
            separators=(",", ":"),
        )
        register = self.env.ref("complaint_management.report_complaint_register_xlsx")
        summary = self.env.ref(
            "complaint_management.report_complaint_returns_summary_xlsx"
        )
        eight_d = self.env.ref("complaint_management.action_report_complaint_8d")
        debit_note = self.env.ref(
            "complaint_management.action_report_complaint_chargeback"
        )
        downloads = [
            (f"/report/xlsx/{register.report_name}?options={options}", "xlsx"),
            (f"/report/xlsx/{summary.report_name}/{self.complaint.id}", "xlsx"),
            (f"/report/pdf/{eight_d.report_name}/{self.report_8d.id}", "qweb-pdf"),
            (f"/report/pdf/{debit_note.report_name}/{self.chargeback.id}", "qweb-pdf"),
        ]
        for url, report_type in downloads:
            with self.subTest(url=url):
                response, modes = self._download(url, report_type)
                self.assertEqual(response.status_code, 200)
                self.assertFalse(response.content.lstrip().startswith(b"{"))
                self.assertEqual(modes, [True])
        invoice = self.env.ref("account.account_invoices")
        move = self.chargeback.credit_note_id or self.env["account.move"].search(
            [], limit=1
        )
        with mute_logger(
            "odoo.addons.web.controllers.report", "odoo.addons.base.models.ir_model"
        ):
            _response, modes = self._download(
                f"/report/pdf/{invoice.report_name}/{move.id}", "qweb-pdf"
            )
        self.assertEqual(modes, [False])
