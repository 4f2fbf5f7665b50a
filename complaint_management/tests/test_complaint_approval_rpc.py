import logging
import re
from datetime import timedelta
from pathlib import Path

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.complaint_management.models.complaint_approval_mixin import (
    EDIT_SENTINEL,
    EDIT_SENTINEL_KEY,
)

_logger = logging.getLogger(__name__)

ADDON = Path(__file__).resolve().parent.parent
# How the addon's code reads a context key.
KEY_PATTERNS = (
    re.compile(r"""context\.get\(\s*["'](\w+)["']"""),
    re.compile(r"""context\[\s*["'](\w+)["']\s*\]"""),
    re.compile(r"""["'](\w+)["']\s+in\s+(?:self\.)?(?:env\.)?context"""),
)
WITH_CONTEXT = re.compile(r"with_context\(([^()]*(?:\([^()]*\)[^()]*)*)\)", re.S)
WITH_CONTEXT_KEYS = (
    re.compile(r"(?<![\w*])(\w+)\s*="),
    re.compile(r"""["'](\w+)["']\s*:"""),
)
# Module constants naming context keys (``FOO_KEY = "foo"``).
KEY_CONSTANT = re.compile(r"""^\s*\w*(?:KEY|CONTEXT)\s*=\s*["'](\w+)["']""", re.M)
# base_tier_validation's own keys, and the keys this addon used to trust.
BASE_TIER_KEYS = (
    "skip_validation_check",
    "skip_check_state_condition",
    "tier_validation_defer_compute_can_review",
)
FORMER_KEYS = (
    "complaint_remedy_flow",
    "complaint_tier_flow",
    "complaint_8d_approving",
    "mark_8d_as_sent",
)
# Keys whose value Odoo itself checks before any model code runs: they are tried with a
# value it accepts (a language whose messages the phrases below match), or the attempt
# would be refused for that reason, not by the guard.
KEY_VALUES = {"lang": "en_US"}
GUARD_PHRASES = (
    "cannot be written directly",
    "only with the buttons of the document",
)
REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
)


def context_keys_in_source():
    """Every context key the addon's Python code reads or sets, found in the
    source itself: a key added later is tried too."""
    keys = set()
    for path in ADDON.rglob("*.py"):
        if "tests" in path.relative_to(ADDON).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in KEY_PATTERNS:
            keys.update(pattern.findall(text))
        for args in WITH_CONTEXT.findall(text):
            for pattern in WITH_CONTEXT_KEYS:
                keys.update(pattern.findall(args))
        keys.update(KEY_CONSTANT.findall(text))
    return keys


@tagged("post_install", "-at_install")
class TestComplaintApprovalRpc(HttpCase):
    """Over HTTP, as every role, no client gets around the approvals (issue 9)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = {
            "officer": "group_complaint_officer",
            "engineer": "group_complaint_engineer",
            "qa_manager": "group_complaint_manager",
            "front_desk": "group_complaint_approver_front_desk",
            "deputy": "group_complaint_approver_deputy_store",
            "store": "group_complaint_approver_store",
            "vp": "group_complaint_approver_vp",
        }
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"t_rpc_{role}",
                groups=f"base.group_user,complaint_management.{group}",
            )
            for role, group in groups.items()
        }
        all_users = cls.env["res.users"].union(*cls.users.values())
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "RPC Desk", "complaint_team": True, "user_ids": all_users.ids}
        )
        cls.customer = cls.env["res.partner"].create({"name": "RPC Customer"})
        cls.complaint = cls._new_complaint("Broken hinge")
        cls.spare_complaint = cls._new_complaint("Cracked lid")
        officer = cls.users["officer"]
        cls.remedy = (
            cls.env["complaint.remedy"]
            .with_user(officer)
            .create({"ticket_id": cls.complaint.id, "amount": 150.0})
        )
        cls.remedy.with_user(officer).action_request_approval()
        cls.report = cls.env["complaint.8d"].create(
            {"ticket_ids": [Command.link(cls.complaint.id)]}
        )
        engine = cls.env["tier.review"].with_context(
            **{EDIT_SENTINEL_KEY: EDIT_SENTINEL}
        )
        engine.create(
            {
                "model": "complaint.8d",
                "res_id": cls.report.id,
                "definition_id": cls.env.ref(
                    "complaint_management.tier_definition_complaint_8d_qa_manager"
                ).id,
                "requested_by": cls.users["engineer"].id,
                "sequence": 1,
            }
        )
        cls.action = cls.env["complaint.8d.action"].create(
            {
                "eight_d_id": cls.report.id,
                "action_type": "containment",
                "name": "Sort the stock",
                "date_due": "2026-12-15",
            }
        )
        cls.check = cls.env["complaint.8d.check"].create(
            {"eight_d_id": cls.report.id, "date_planned": "2026-12-31"}
        )
        cls.milestone = (
            cls.env["complaint.sla.milestone"]
            .sudo()
            .create(
                {
                    "ticket_id": cls.complaint.id,
                    "milestone": "response",
                    "start_date": fields.Datetime.now(),
                }
            )
        )
        # A service charge waiting for the store manager (rules §19.6)
        cls.service_charge = (
            cls.env["complaint.service.charge"]
            .with_user(officer)
            .create(
                {
                    "ticket_id": cls.complaint.id,
                    "responsible_name": "Promoter",
                    "amount": 10.0,
                }
            )
        )
        cls.policy = cls.env["complaint.goodwill.policy"].create(
            {"name": "RPC policy", "remedy_type": "refund", "amount_limit": 1.0}
        )
        # Supplier chargebacks and corrective-action requests (issue 11)
        cls.supplier = cls.env["res.partner"].create(
            {"name": "RPC Supplier", "is_company": True}
        )
        cls.supplier_complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Supplier casting porous",
                "description": "<p>Porous</p>",
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
                "responsibility": "supplier",
                "supplier_id": cls.supplier.id,
            }
        )
        cls.chargeback = cls.env["complaint.chargeback"].create(
            {
                "partner_id": cls.supplier.id,
                "ticket_ids": [Command.set(cls.supplier_complaint.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "cost_type_id": cls.env.ref(
                                "complaint_management.chargeback_cost_type_admin"
                            ).id,
                            "name": "Handling",
                            "quantity": 1.0,
                            "unit_cost": 50.0,
                        }
                    )
                ],
            }
        )
        cls.capa = cls.env["complaint.capa"].create({"partner_id": cls.supplier.id})
        cls.customer_report = cls.env["complaint.customer.report"].create(
            {"ticket_id": cls.complaint.id}
        )
        cls.capa_answer = (
            cls.env["complaint.capa.answer"]
            .with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
            .create(
                {
                    "capa_id": cls.capa.id,
                    "containment": "Sorted",
                    "root_cause": "Mould worn",
                    "escape_point": "No porosity check",
                    "corrective_action": "New mould",
                }
            )
        )
        cls.trend_product = cls.env["product.product"].create({"name": "RPC hinge"})
        cls.trend_alarm = (
            cls.env["complaint.trend.alarm"]
            .sudo()
            .with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
            .create(
                {
                    "company_id": cls.env.company.id,
                    "product_id": cls.trend_product.id,
                    "period": "2026-11-01",
                    "rule": "limit",
                    "chart": "c",
                }
            )
            .with_env(cls.env)
        )
        cls.sample = cls.env["complaint.sample"].create(
            {"ticket_id": cls.complaint.id, "received_qty": 1.0}
        )
        cls.sample_test = cls.env["complaint.sample.test"].create(
            {"sample_id": cls.sample.id, "name": "Leak test"}
        )
        cls.answer_agreement = cls.complaint._answer_agree(
            fields.Date.today() + timedelta(days=7), "Our answer"
        )
        cls.outreach = cls.env["complaint.outreach"].create(
            {
                "name": "RPC outreach",
                "product_id": cls.trend_product.id,
                "date_from": "2026-01-01",
                "date_to": "2026-10-31",
            }
        )
        cls.outreach_line = (
            cls.env["complaint.outreach.line"]
            .with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
            .create({"outreach_id": cls.outreach.id, "partner_id": cls.customer.id})
            .with_env(cls.env)
        )

    @classmethod
    def _new_complaint(cls, name):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": f"<p>{name}</p>",
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
            }
        )

    # What is tried
    def _guarded_models(self):
        """The addon's own models with a state or an approval: each must declare
        protected fields."""
        models = {}
        for name, model in self.env.registry.items():
            if (
                model._original_module != "complaint_management"
                or model._abstract
                or model._transient
                or not model._auto  # a database view: nothing can be written
            ):
                continue
            if "state" in model._fields or issubclass(
                model, self.env.registry["tier.validation"]
            ):
                models[name] = self.env[name]
        return models

    def _targets(self):
        return {
            "complaint.remedy": self.remedy,
            "complaint.8d": self.report,
            "complaint.8d.action": self.action,
            "complaint.8d.check": self.check,
            "complaint.sla.milestone": self.milestone,
            "complaint.chargeback": self.chargeback,
            "complaint.capa": self.capa,
            "complaint.capa.answer": self.capa_answer,
            "complaint.customer.report": self.customer_report,
            "complaint.trend.alarm": self.trend_alarm,
            "complaint.service.charge": self.service_charge,
            "complaint.sample": self.sample,
            "complaint.sample.test": self.sample_test,
            "complaint.answer.agreement": self.answer_agreement,
            "complaint.outreach.line": self.outreach_line,
        }

    def _create_vals(self):
        return {
            "complaint.remedy": {
                "ticket_id": self.complaint.id,
                "remedy_type": "refund",
                "amount": 10.0,
                "description": "<p>Sorry</p>",
            },
            "complaint.8d": {"ticket_ids": [Command.link(self.spare_complaint.id)]},
            "complaint.8d.action": {
                "eight_d_id": self.report.id,
                "action_type": "containment",
                "name": "Forged",
                "date_due": "2026-12-15",
            },
            "complaint.8d.check": {
                "eight_d_id": self.report.id,
                "date_planned": "2026-12-31",
            },
            "complaint.sla.milestone": {
                "ticket_id": self.complaint.id,
                "milestone": "resolution",
                "start_date": "2026-11-01 08:00:00",
            },
            "complaint.chargeback": {
                "partner_id": self.supplier.id,
                "ticket_ids": [Command.set(self.supplier_complaint.ids)],
            },
            "complaint.capa": {"partner_id": self.supplier.id},
            "complaint.service.charge": {
                "ticket_id": self.complaint.id,
                "responsible_name": "Forged",
            },
            "complaint.capa.answer": {
                "capa_id": self.capa.id,
                "containment": "Forged",
                "root_cause": "Forged",
                "escape_point": "Forged",
                "corrective_action": "Forged",
            },
            "complaint.customer.report": {"ticket_id": self.complaint.id},
            "complaint.trend.alarm": {
                "company_id": self.env.company.id,
                "product_id": self.trend_product.id,
                "period": "2026-10-01",
                "rule": "run",
                "chart": "c",
            },
            "complaint.sample": {"ticket_id": self.complaint.id},
            "complaint.sample.test": {"sample_id": self.sample.id, "name": "Forged"},
            "complaint.answer.agreement": {
                "ticket_id": self.complaint.id,
                "answer_date": fields.Date.to_string(
                    fields.Date.today() + timedelta(days=9)
                ),
                "promise": "Forged",
            },
            "complaint.outreach.line": {
                "outreach_id": self.outreach.id,
                "partner_id": self.supplier.id,
            },
        }

    def _forged_value(self, model, name, user):
        """A value a client would write to get around the approval."""
        field = model._fields[name]
        record = self._targets()[model._name]
        if field.type == "selection":
            values = [value for value, _label in field._description_selection(self.env)]
            preferred = [
                v
                for v in ("approved", "validated", "done", "met", "verified")
                if v in values
            ]
            plain = (record[name], model.default_get([name]).get(name))
            return next(v for v in [*preferred, *values] if v not in plain)
        if field.type == "many2one":
            if field.comodel_name == "res.users":
                return user.id
            return {
                "complaint.goodwill.policy": self.policy.id,
                "account.move": self.env["account.move"].search([], limit=1).id
                or False,
            }.get(field.comodel_name) or self.env[field.comodel_name].search(
                [], limit=1
            ).id
        if field.type in ("many2many", "one2many"):
            if field.comodel_name == "tier.review":
                return [Command.clear()]
            return [Command.set(self.spare_complaint.ids)]
        return {
            "datetime": "2026-11-30 12:00:00",
            "date": "2026-11-30",
            "integer": 7,
            "float": 1.0,
            "monetary": 1.0,
            "boolean": True,
        }.get(field.type, "Forged by a client")

    # HTTP
    def _login(self, user):
        response = self.url_open(
            "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "db": self.env.cr.dbname,
                    "login": user.login,
                    "password": user.login,
                },
            },
        )
        self.assertEqual(response.json()["result"]["uid"], user.id)

    def _call(self, model, method, args, context):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": {"context": context},
                },
            },
        )
        return response.json()

    def _assert_refused(self, reply, attempt):
        error = reply.get("error")
        self.assertTrue(error, f"not refused: {attempt}")
        name = error["data"]["name"]
        self.assertIn(name, REFUSALS, f"{attempt}: {error['data']['message']}")
        if name != "odoo.exceptions.AccessError":
            message = error["data"]["message"]
            self.assertTrue(
                any(phrase in message for phrase in GUARD_PHRASES),
                f"{attempt} refused for another reason: {message}",
            )

    # Tests
    def test_01_context_keys_are_found_in_the_source(self):
        """The keys the addon's code reads are found, the removed ones are gone,
        and the engine's key carries no string value anywhere."""
        keys = context_keys_in_source()
        self.assertIn("import_file", keys)
        self.assertIn(EDIT_SENTINEL_KEY, keys)
        for key in FORMER_KEYS:
            self.assertNotIn(key, keys)

    def test_02_nobody_gets_around_the_engine(self):
        """As every role, creating or writing each protected field of every model
        with a state or approval, plainly and with each context key, and
        creating, writing or deleting the reviews of complaint documents, is
        refused; nothing changes."""
        models = self._guarded_models()
        self.assertLessEqual(set(self._targets()), set(models))
        for name, model in models.items():
            self.assertTrue(
                isinstance(model, self.env.registry["complaint.protected.mixin"]),
                f"{name} has a state but no protected fields",
            )
            self.assertIn("state", model._get_protected_fields())
        contexts = [{}] + [
            {key: KEY_VALUES.get(key, True)}
            for key in sorted(
                context_keys_in_source().union(BASE_TIER_KEYS, FORMER_KEYS)
            )
        ]
        # As administrator: the remedy was created in the officer's environment,
        # and the officer does not read the 8D report (nor its review).
        reviews = (self.remedy.review_ids | self.report.review_ids).with_env(self.env)
        self.assertEqual(len(reviews), 2)
        review_before = reviews.read(["status", "done_by", "reviewed_date"])
        reviews_before = self.env["tier.review"].search_count(
            [("model", "in", ("complaint.remedy", "complaint.8d"))]
        )
        protected_before = {
            name: self._targets()[name].read(model._get_protected_fields())
            for name, model in models.items()
        }
        count_before = {
            name: model.sudo().search_count([]) for name, model in models.items()
        }
        attempts = 0
        with mute_logger("odoo.http"):
            for user in self.users.values():
                self._login(user)
                for name, model in models.items():
                    target = self._targets()[name]
                    for field in model._get_protected_fields():
                        value = self._forged_value(model, field, user)
                        if field == "review_ids":
                            create_value = [
                                Command.create(
                                    {"model": name, "definition_id": 1, "sequence": 9}
                                )
                            ]
                        else:
                            create_value = value
                        for context in contexts:
                            attempt = (user.login, name, field, context)
                            reply = self._call(
                                name, "write", [target.ids, {field: value}], context
                            )
                            self._assert_refused(reply, ("write", *attempt))
                            vals = dict(
                                self._create_vals()[name], **{field: create_value}
                            )
                            reply = self._call(name, "create", [[vals]], context)
                            self._assert_refused(reply, ("create", *attempt))
                            attempts += 2
                for review in reviews:
                    for context in contexts:
                        attempt = (user.login, review.model, context)
                        for method, args in (
                            (
                                "write",
                                [
                                    review.ids,
                                    {"status": "approved", "done_by": user.id},
                                ],
                            ),
                            ("unlink", [review.ids]),
                            (
                                "create",
                                [
                                    [
                                        {
                                            "model": review.model,
                                            "res_id": review.res_id,
                                            "definition_id": review.definition_id.id,
                                            "status": "approved",
                                            "sequence": 5,
                                        }
                                    ]
                                ],
                            ),
                        ):
                            reply = self._call("tier.review", method, args, context)
                            self._assert_refused(reply, (method, *attempt))
                            attempts += 1
        _logger.info("%s attempts to get around the approval engine refused", attempts)
        self.env.invalidate_all()
        self.assertEqual(reviews.exists(), reviews)
        self.assertEqual(
            reviews.read(["status", "done_by", "reviewed_date"]), review_before
        )
        for name, model in models.items():
            with self.subTest(model=name):
                self.assertEqual(
                    self._targets()[name].read(model._get_protected_fields()),
                    protected_before[name],
                )
                self.assertEqual(model.sudo().search_count([]), count_before[name])
        self.assertEqual(
            self.env["tier.review"].search_count(
                [("model", "in", ("complaint.remedy", "complaint.8d"))]
            ),
            reviews_before,
        )

    def test_03_issue_case_1_officer_approves_with_context_keys(self):
        """Issue case 1: an officer's refund of 1,500, written approved with the
        former flow keys and skip_validation_check, stays waiting; so does the
        store manager's review she writes with complaint_tier_flow."""
        officer = self.users["officer"]
        remedy = (
            self.env["complaint.remedy"]
            .with_user(officer)
            .create(
                {
                    "ticket_id": self.spare_complaint.id,
                    "amount": 1500.0,
                    "description": "<p>Refund</p>",
                }
            )
        )
        remedy.with_user(officer).action_request_approval()
        self.assertEqual(
            remedy.review_ids.definition_id,
            self.env.ref("complaint_management.tier_definition_remedy_store"),
        )
        keys = {
            "complaint_remedy_flow": True,
            "complaint_tier_flow": True,
            "skip_validation_check": True,
        }
        self._login(officer)
        with mute_logger("odoo.http"):
            reply = self._call(
                "complaint.remedy", "write", [remedy.ids, {"state": "approved"}], keys
            )
            self._assert_refused(reply, "state")
            reply = self._call(
                "tier.review",
                "write",
                [remedy.review_ids.ids, {"status": "approved"}],
                {"complaint_tier_flow": True},
            )
            self._assert_refused(reply, "review")
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "to_approve")
        self.assertEqual(remedy.review_ids.status, "pending")

    def test_04_issue_case_2_engineer_approves_the_8d_review(self):
        """Issue case 2: a quality engineer can neither write the QA manager's
        review of an 8D to approved nor the 8D's state; the complaint stays
        open."""
        self._login(self.users["engineer"])
        with mute_logger("odoo.http"):
            reply = self._call(
                "tier.review",
                "write",
                [self.report.review_ids.ids, {"status": "approved"}],
                {},
            )
            self._assert_refused(reply, "review")
            reply = self._call(
                "complaint.8d",
                "write",
                [self.report.ids, {"state": "approved"}],
                {"complaint_8d_approving": True},
            )
            self._assert_refused(reply, "state")
            reply = self._call(
                "complaint.8d",
                "message_post",
                [self.report.ids],
                {"mark_8d_as_sent": True},
            )
        self.report.invalidate_recordset()
        self.assertEqual(self.report.review_ids.status, "waiting")
        self.assertEqual(self.report.state, "draft")
        self.assertFalse(self.report.approved_by_id)
        self.assertFalse(self.report.sent_date)

    def test_05_default_keys_create_nothing_approved(self):
        """A client's default_<field> context keys do not fill protected fields:
        a remedy or an 8D created with default_state 'approved' is a draft."""
        manager = self.users["qa_manager"]
        self._login(manager)
        forged = {
            "default_state": "approved",
            "default_approved_by_id": manager.id,
            "default_requested_by_id": self.users["officer"].id,
            "default_validation_status": "validated",
        }
        created = {}
        with mute_logger("odoo.http"):
            for name in ("complaint.remedy", "complaint.8d"):
                reply = self._call(
                    name, "create", [[self._create_vals()[name]]], forged
                )
                self.assertNotIn("error", reply, reply.get("error"))
                created[name] = self.env[name].browse(reply["result"])
        for name, record in created.items():
            with self.subTest(model=name):
                self.assertEqual(record.state, "draft")
                self.assertFalse(record.approved_by_id)
                self.assertFalse(record.requested_by_id)
                self.assertEqual(record.validation_status, "no")
