"""The access matrix of the addon (issue 13), as data.

One line per model (``MODEL_ROWS``) and per workflow button or tier method
(``BUTTON_ROWS``) says, for each role, what it may do. Adding a model is one line:
its fixture (a record the roles try, built by ``AccessMatrixMixin._fixtures``),
the values written and created, and the expected rights per role.

Rights per role are letters: ``r`` read, ``w`` write, ``c`` create, ``u`` unlink
(``-`` or absence: refused). Buttons: ``True`` allowed, ``False`` refused.
"""

from contextlib import contextmanager, suppress
from datetime import date, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from ..models.complaint_approval_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY

ROLES = (
    "officer",
    "engineer",
    "manager",
    "approver",
    "finance",
    "auditor",
    "portal_a",
    "portal_b",
    "supplier",
)
OPERATIONS = ("read", "write", "create", "unlink")
LETTERS = dict(zip(OPERATIONS, "rwcu", strict=True))


def rights(*per_role):
    """{role: rights} from one string per role, in ``ROLES`` order."""
    assert len(per_role) == len(ROLES)
    return dict(zip(ROLES, per_role, strict=True))


NONE = "----"
# model, fixture, values written, values created (a callable of the mixin),
# rights of: officer, engineer, manager, approver, finance, auditor, portal A,
# portal B, portal supplier
MODEL_ROWS = [
    # Who creates a complaint follows it, and helpdesk_mgmt lets internal users
    # see the tickets they follow: an engineer or approver may record one for
    # any team (then only they and that team see it).
    ("helpdesk.ticket", "complaint", {"description": "<p>More</p>"}, "vals_complaint",
     rights("rwc-", "rwc-", "rwcu", "r-c-", "r---", "r---", "r---", NONE, NONE)),
    ("helpdesk.ticket", "complaint_received", {"description": "<p>More</p>"},
     "vals_complaint",
     rights("rwc-", "--c-", "rwcu", "--c-", "r---", "r---", "r---", NONE, NONE)),
    ("complaint.remedy", "remedy", {"receipt_reference": "R-2"}, "vals_remedy",
     rights("rwc-", "rwc-", "rwcu", "rwc-", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.remedy.line", "remedy_line", {"quantity": 2.0}, "vals_remedy_line",
     rights("rwcu", "rwcu", "rwcu", "rwcu", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.8d", "report", {"emergency_response": "Sorted"}, "vals_report",
     rights(NONE, "rwc-", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.8d", "report_officer_member", {"emergency_response": "Sorted"},
     "vals_report",
     rights("r---", "rwc-", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    # The team of a started 8D is the QA manager's (rules §17.5): an engineer
    # proposes it while the 8D is proposed only.
    ("complaint.8d.member", "member", {"task": "Sort"}, "vals_member",
     rights(NONE, "r---", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.customer.report", "customer_report", {"note": "Answered"},
     "vals_customer_report",
     rights("r---", "rwc-", "rwcu", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.8d.cause", "cause", {"name": "Die worn"}, "vals_cause",
     rights(NONE, "rwcu", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.8d.action", "action", {"name": "Sort again"}, "vals_action",
     rights(NONE, "rwcu", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.8d.control", "control", {"revision": "Rev. D"}, "vals_control",
     rights(NONE, "rwcu", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.8d.check", "check", {"note": "Checked"}, "vals_check",
     rights(NONE, "rwc-", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.sla.milestone", "milestone", {"paused_hours": 1.0}, "vals_milestone",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.sla.pause", "pause", {"reason": "Waiting for samples"}, "vals_pause",
     rights("rwc-", "rwc-", "rwcu", "rwc-", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.defect.type", "defect_type", {"name": "Dent"}, "vals_defect_type",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.grading.rule", "grading_rule", {"name": "Line stop"},
     "vals_grading_rule",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.sla.policy", "sla_policy", {"name": "Answer"}, "vals_sla_policy",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.escalation.rule", "escalation_rule", {"name": "Step"},
     "vals_escalation_rule",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.goodwill.policy", "goodwill_policy", {"name": "Small"},
     "vals_goodwill_policy",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.8d.requirement", "requirement", {"name": "Always"},
     "vals_requirement",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.8d.role", "role", {"name": "Sponsor"}, "vals_role",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    # Chargebacks and corrective-action requests (issue 11): officers read those of
    # their teams (not the amounts), quality prepares, finance settles.
    ("complaint.chargeback", "chargeback", {"note": "<p>Call first</p>"},
     "vals_chargeback",
     rights("r---", "rwc-", "rwcu", NONE, "rw--", "r---", NONE, NONE, NONE)),
    ("complaint.chargeback.line", "chargeback_line", {"quantity": 2.0},
     "vals_chargeback_line",
     rights("r---", "rwcu", "rwcu", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.chargeback.offer", "chargeback_offer", {"comment": "Forged"},
     "vals_chargeback_offer",
     rights("r---", "r---", "r---", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.chargeback.cost.type", "cost_type", {"name": "Freight"},
     "vals_cost_type",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.capa", "capa", {"description": "<p>Fix the mould</p>"}, "vals_capa",
     rights("r---", "rwc-", "rwcu", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.capa.answer", "capa_answer", {"containment": "Sorted"},
     "vals_capa_answer",
     rights("r---", "r---", "r---", NONE, NONE, "r---", NONE, NONE, NONE)),
    # Analysis views (database views: read by QA and auditors, written by nobody;
    # the cost of poor quality is read by finance too, never by officers).
    ("complaint.report", "report_row", {"defect_qty": 1.0}, "vals_report_row",
     rights(NONE, "r---", "r---", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.milestone.report", "milestone_report_row", {"due_count": 1},
     "vals_report_row",
     rights(NONE, "r---", "r---", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.ppm.report", "ppm_report_row", {"defect_qty": 1.0},
     "vals_report_row",
     rights(NONE, "r---", "r---", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.cost.report", "cost_report_row", {"promised": 1.0},
     "vals_report_row",
     rights(NONE, "r---", "r---", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.report.category", "report_category", {"description": "Ours"},
     "vals_report_category",
     rights(NONE, "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    # Answer dates agreed with the customer are history (rules §15.1): read by
    # the complaint's readers, written by the application only. Its name is its
    # complaint's: the approver, who does not read this complaint, reads none.
    ("complaint.answer.agreement", "answer_agreement", {"promise": "Forged"},
     "vals_answer_agreement",
     rights("r---", "r---", "r---", NONE, "r---", "r---", NONE, NONE, NONE)),
    # Progress told to customers (rules §16.1): the moments the code records,
    # named and templated by the QA manager, never added or deleted.
    ("complaint.progress.event", "progress_event", {"name": "Told"},
     "vals_progress_event",
     rights("r---", "r---", "rw--", "r---", "r---", "r---", NONE, NONE, NONE)),
    # The three changes (rules §16.2): history the application alone writes.
    ("complaint.three.change", "three_change", {"reason": "Forged"},
     "vals_three_change",
     rights("r---", "r---", "r---", "r---", "r---", "r---", NONE, NONE, NONE)),
    # Situation checklists (rules §20.5): data the quality manager edits; the
    # lines are laid out by the application, ticked and filled by who handles.
    ("complaint.checklist.template", "checklist_template", {"name": "Spill"},
     "vals_checklist_template",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.checklist.step", "checklist_step", {"name": "Mop"},
     "vals_checklist_step",
     rights("r---", "r---", "rwcu", "r---", "r---", "r---", NONE, NONE, NONE)),
    ("complaint.checklist.line", "checklist_line", {"done": True},
     "vals_checklist_line",
     rights("rw--", "rw--", "rw--", "rw--", "r---", "r---", NONE, NONE, NONE)),
    # Trend alarms (rules §21.7): delivered quantities imported by the QA manager;
    # alarms and chart points written by the application alone.
    ("complaint.delivery", "delivery", {"quantity": 12.0}, "vals_delivery",
     rights(NONE, "r---", "rwcu", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.trend.alarm", "trend_alarm", {"dismiss_reason": "Forged"},
     "vals_trend_alarm",
     rights(NONE, "r---", "r---", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.trend.point", "trend_point", {"value": 1.0}, "vals_trend_point",
     rights(NONE, "r---", "r---", NONE, NONE, "r---", NONE, NONE, NONE)),
    # Service charges (rules §19.6): officers record those of their teams'
    # complaints, the store manager approves, finance and auditors read.
    ("complaint.service.charge", "service_charge", {"penalty": "Warning"},
     "vals_service_charge",
     rights("rwc-", "rwc-", "rwcu", "rwc-", "r---", "r---", NONE, NONE, NONE)),
    # Outreach and seals (rules §22): QA tells the customers, auditors read; the
    # customer list is the application's, a client records an answer only;
    # nobody writes a seal.
    ("complaint.outreach", "outreach", {"name": "Renamed outreach"},
     "vals_outreach",
     rights(NONE, "rwc-", "rwcu", NONE, NONE, "r---", NONE, NONE, NONE)),
    ("complaint.outreach.line", "outreach_line", {"answer": "Nothing seen"},
     "vals_outreach_line",
     rights(NONE, "rw--", "rw--", NONE, NONE, "r---", NONE, NONE, NONE)),
    # Samples (rules §18): the receiver asks for them and receives them, quality
    # tests them; finance and auditors read.
    ("complaint.sample", "sample", {"description": "Both halves"}, "vals_sample",
     rights("rwc-", "rwc-", "rwcu", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.sample.test", "sample_test", {"result_note": "Seen"},
     "vals_sample_test",
     rights("r---", "rwcu", "rwcu", NONE, "r---", "r---", NONE, NONE, NONE)),
    ("complaint.seal", "seal", {"hash": "0"}, "vals_seal",
     rights(NONE, NONE, "r---", NONE, NONE, "r---", NONE, NONE, NONE)),
]  # fmt: skip

# model, fixture (a fresh one per cell), method, allowed per role (same order).
# Tier methods called directly (as an RPC client can) are refused to everyone:
# reviews are created and removed by the approval engine only.
Y, N = True, False
BUTTON_ROWS = [
    ("complaint.remedy", "fresh_remedy", "action_request_approval",
     (Y, Y, Y, Y, N, N, N, N, N)),
    ("complaint.remedy", "fresh_remedy", "request_validation",
     (N, N, N, N, N, N, N, N, N)),
    ("complaint.remedy", "pending_remedy", "validate_tier",
     (N, N, N, Y, N, N, N, N, N)),
    ("complaint.remedy", "pending_remedy", "reject_tier",
     (N, N, N, Y, N, N, N, N, N)),
    ("complaint.remedy", "pending_remedy", "restart_validation",
     (N, N, N, N, N, N, N, N, N)),
    ("complaint.remedy", "pending_remedy", "action_withdraw",
     (Y, N, Y, N, N, N, N, N, N)),
    ("complaint.remedy", "fresh_remedy", "action_cancel",
     (Y, Y, Y, Y, N, N, N, N, N)),
    ("complaint.8d", "fresh_report", "action_request_approval",
     (N, Y, Y, N, N, N, N, N, N)),
    ("complaint.8d", "fresh_report", "request_validation",
     (N, N, N, N, N, N, N, N, N)),
    ("complaint.8d", "pending_report", "validate_tier",
     (N, N, Y, N, N, N, N, N, N)),
    ("complaint.8d", "pending_report", "reject_tier",
     (N, N, Y, N, N, N, N, N, N)),
    ("complaint.8d", "pending_report", "restart_validation",
     (N, N, N, N, N, N, N, N, N)),
    ("complaint.8d", "fresh_report", "action_cancel",
     (N, Y, Y, N, N, N, N, N, N)),
    ("helpdesk.ticket", "fresh_complaint", "action_hand_over_to_qa",
     (Y, N, Y, N, N, N, N, N, N)),
    ("helpdesk.ticket", "complaint", "action_containment_done",
     (Y, Y, Y, N, N, N, N, N, N)),
    ("helpdesk.ticket", "closed_complaint", "action_reopen_complaint",
     (Y, Y, Y, N, N, N, N, N, N)),
    ("complaint.chargeback", "chargeback", "action_request_approval",
     (N, Y, Y, N, Y, N, N, N, N)),
    ("complaint.chargeback", "chargeback", "request_validation",
     (N, N, N, N, N, N, N, N, N)),
    ("complaint.chargeback", "pending_chargeback", "validate_tier",
     (N, N, Y, N, N, N, N, N, N)),
    ("complaint.chargeback", "pending_chargeback", "reject_tier",
     (N, N, Y, N, N, N, N, N, N)),
    ("complaint.chargeback", "pending_chargeback", "restart_validation",
     (N, N, N, N, N, N, N, N, N)),
    ("complaint.chargeback", "chargeback", "action_cancel",
     (N, Y, Y, N, Y, N, N, N, N)),
]  # fmt: skip
# A refusal is one of these; anything else is a failure of the cell.
REFUSED = (AccessError, UserError, ValidationError)


class _Rollback(Exception):
    """Undo what a cell did."""


class _NotFound(AccessError):
    """The record is not among what the user finds."""

    def __init__(self):
        super().__init__(None)


class JsonRpcMixin:
    """Calls over JSON-RPC as a logged-in user, as a web client or a script makes
    them (for ``HttpCase`` tests): the reply as the server sent it, result or
    error."""

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _call_kw(self, model, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
        )
        return response.json()


class AccessMatrixMixin:
    """Users, records and the runner of the access matrix (shared by the ORM and
    the JSON-RPC tests)."""

    @classmethod
    def _matrix_setup(cls):
        env = cls.env
        ref = env.ref

        internal = "base.group_user,complaint_management.group_complaint_"
        groups = {
            "officer": f"{internal}officer",
            "engineer": f"{internal}engineer",
            "manager": f"{internal}manager",
            "approver": f"{internal}approver_front_desk",
            "finance": f"{internal}finance",
            "auditor": f"{internal}auditor",
            "portal_a": "base.group_portal",
            "portal_b": "base.group_portal",
            "supplier": "base.group_portal",
        }
        cls.users = {
            role: new_test_user(
                env, login=f"m_{role}", groups=group, email=f"m_{role}@example.com"
            )
            for role, group in groups.items()
        }
        cls.customer_a = env["res.partner"].create(
            {"name": "Matrix Customer A", "is_company": True}
        )
        cls.customer_b = env["res.partner"].create(
            {"name": "Matrix Customer B", "is_company": True}
        )
        cls.supplier_partner = env["res.partner"].create(
            {"name": "Matrix Supplier", "is_company": True}
        )
        cls.users["portal_a"].partner_id.parent_id = cls.customer_a
        cls.users["portal_b"].partner_id.parent_id = cls.customer_b
        cls.users["supplier"].partner_id.parent_id = cls.supplier_partner
        # The officer's team; the engineer, manager and approver are in none.
        cls.matrix_team = env["helpdesk.ticket.team"].create(
            {
                "name": "Matrix Desk",
                "complaint_team": True,
                "complaint_acknowledge": False,
                "user_ids": [Command.set(cls.users["officer"].ids)],
            }
        )
        cls.product_m = env["product.product"].create(
            {"name": "Matrix Caliper", "default_code": "MX-1", "lst_price": 10.0}
        )
        cls.defect_m = ref("complaint_management.defect_type_scratch")
        cls.closed_stage = ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.fixtures = {}
        fx = cls.fixtures
        fx["complaint"] = cls._matrix_complaint(handed_over=True, supplier=True)
        fx["complaint_received"] = cls._matrix_complaint(customer=cls.customer_b)
        fx["complaint_received"].partner_id = cls.customer_a
        fx["spare"] = cls._matrix_complaint(handed_over=True)
        fx["remedy"] = env["complaint.remedy"].create(
            {
                "ticket_id": fx["complaint"].id,
                "remedy_type": "replacement",
                "amount": 30.0,
                "description": "<p>A new caliper.</p>",
            }
        )
        fx["remedy_line"] = env["complaint.remedy.line"].create(
            {"remedy_id": fx["remedy"].id, "product_id": cls.product_m.id}
        )
        fx["report"] = cls._matrix_report(fx["complaint"], cls.users["engineer"])
        fx["report_officer_member"] = cls._matrix_report(
            cls._matrix_complaint(handed_over=True), cls.users["officer"]
        )
        report = fx["report"]
        fx["member"] = report.member_ids[:1]
        fx["cause"] = env["complaint.8d.cause"].create(
            {"eight_d_id": report.id, "category": "machine", "name": "Die"}
        )
        fx["action"] = env["complaint.8d.action"].create(
            {
                "eight_d_id": report.id,
                "action_type": "containment",
                "name": "Sort",
                "date_due": "2026-12-15",
            }
        )
        fx["control"] = env["complaint.8d.control"].create(
            {"eight_d_id": report.id, "document_type": "control_plan", "name": "CP"}
        )
        fx["check"] = env["complaint.8d.check"].create(
            {"eight_d_id": report.id, "date_planned": "2026-12-31"}
        )
        fx["customer_report"] = env["complaint.customer.report"].create(
            cls._vals_customer_report()
        )
        fx["milestone"] = fx["complaint"].sla_milestone_ids[:1]
        fx["answer_agreement"] = cls._matrix_complaint(handed_over=True)._answer_agree(
            fields.Date.today() + timedelta(days=5), "The analysis of the samples"
        )
        fx["pause"] = env["complaint.sla.pause"].create(
            {
                "ticket_id": fx["spare"].id,
                "reason": "Samples",
                "customer_informed_date": "2026-11-02",
                "sales_agreed_user_id": cls.users["officer"].id,
                "sales_agreed_date": "2026-11-02 08:00:00",
            }
        )
        for key, model, vals in cls._matrix_config_vals():
            fx[key] = env[model].create(vals)
        fx["role"] = ref("complaint_management.complaint_8d_role_leader")
        fx["cost_type"] = ref("complaint_management.chargeback_cost_type_freight")
        fx["chargeback"] = env["complaint.chargeback"].create(cls._vals_chargeback())
        fx["chargeback_line"] = env["complaint.chargeback.line"].create(
            cls._vals_chargeback_line()
        )
        fx["chargeback_offer"] = env["complaint.chargeback.offer"].create(
            cls._vals_chargeback_offer()
        )
        fx["capa"] = env["complaint.capa"].create(cls._vals_capa())
        fx["capa_answer"] = env["complaint.capa.answer"].create(cls._vals_capa_answer())
        fx["service_charge"] = env["complaint.service.charge"].create(
            cls._vals_service_charge()
        )
        fx.update(cls._matrix_report_rows(fx))
        fx["progress_event"] = ref(
            "complaint_management.complaint_progress_event_containment"
        )
        fx["three_change"] = (
            env["complaint.three.change"]
            .sudo()
            .create(dict(cls._vals_three_change(), ticket_id=fx["complaint"].id))
        )
        fx.update(cls._matrix_checklist_fixtures())
        fx.update(cls._matrix_trend_rows())
        fx["sample"] = env["complaint.sample"].create(cls._vals_sample())
        fx["sample_test"] = env["complaint.sample.test"].create(cls._vals_sample_test())
        fx["outreach"] = env["complaint.outreach"].create(cls._vals_outreach())
        fx["outreach_line"] = (
            env["complaint.outreach.line"]
            .with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
            .create({"outreach_id": fx["outreach"].id, "partner_id": cls.customer_b.id})
        )
        fx["seal"] = cls._matrix_complaint(
            stage_id=cls.closed_stage.id, intake_state="handed_over"
        ).seal_ids
        cls.approver_front_desk_tier = ref(
            "complaint_management.tier_definition_remedy_front_desk"
        )

    @classmethod
    def _matrix_config_vals(cls):
        return [
            ("defect_type", "complaint.defect.type", cls._vals_defect_type()),
            ("grading_rule", "complaint.grading.rule", cls._vals_grading_rule()),
            ("sla_policy", "complaint.sla.policy", cls._vals_sla_policy()),
            (
                "escalation_rule",
                "complaint.escalation.rule",
                cls._vals_escalation_rule(),
            ),
            (
                "goodwill_policy",
                "complaint.goodwill.policy",
                cls._vals_goodwill_policy(),
            ),
            ("requirement", "complaint.8d.requirement", cls._vals_requirement()),
        ]

    @classmethod
    def _matrix_complaint(cls, handed_over=False, customer=None, supplier=False, **kw):
        vals = {
            "name": "Matrix complaint",
            "description": "<p>Leak</p>",
            "team_id": cls.matrix_team.id,
            "partner_id": (customer or cls.customer_a).id,
            "product_id": cls.product_m.id,
            "defect_type_id": cls.defect_m.id,
            "shipped_date": "2026-10-01",
            "shipped_qty": 100,
            "lot_qty": 100,
            "defect_qty": 5,
            "detection_stage": "incoming",
            "responsibility": "supplier" if supplier else "company",
        }
        if supplier:
            vals["supplier_id"] = cls.supplier_partner.id
        vals.update(kw)
        complaint = cls.env["helpdesk.ticket"].create(vals)
        if handed_over:
            complaint.action_hand_over_to_qa()
        return complaint

    @classmethod
    def _matrix_report(cls, complaint, member):
        return cls.env["complaint.8d"].create(
            {
                "ticket_ids": [Command.link(complaint.id)],
                "member_ids": [
                    Command.create({"user_id": member.id, "role": "quality_engineer"})
                ],
            }
        )

    # Values created per model (fresh ones: a cell never depends on another)
    @classmethod
    def _vals_complaint(cls):
        return {
            "name": "New matrix complaint",
            "description": "<p>x</p>",
            "team_id": cls.matrix_team.id,
            "partner_id": cls.customer_a.id,
        }

    @classmethod
    def _vals_remedy(cls):
        return {
            "ticket_id": cls.fixtures["complaint"].id,
            "remedy_type": "explanation",
            "description": "<p>Sorry</p>",
        }

    @classmethod
    def _vals_remedy_line(cls):
        return {"remedy_id": cls.fixtures["remedy"].id, "product_id": cls.product_m.id}

    @classmethod
    def _vals_report(cls):
        # A complaint has one 8D: a new complaint for each.
        complaint = cls._matrix_complaint(handed_over=True)
        return {"ticket_ids": [Command.link(complaint.id)]}

    @classmethod
    def _vals_customer_report(cls):
        return {"ticket_id": cls.fixtures["complaint"].id, "note": "Our answer"}

    @classmethod
    def _vals_member(cls):
        return {
            "eight_d_id": cls.fixtures["report"].id,
            "partner_id": cls.customer_a.id,
            "role": "other",
        }

    @classmethod
    def _vals_cause(cls):
        return {
            "eight_d_id": cls.fixtures["report"].id,
            "category": "method",
            "name": "Instruction unclear",
        }

    @classmethod
    def _vals_action(cls):
        return {
            "eight_d_id": cls.fixtures["report"].id,
            "action_type": "containment",
            "name": "Quarantine",
            "date_due": "2026-12-20",
        }

    @classmethod
    def _vals_control(cls):
        return {
            "eight_d_id": cls.fixtures["report"].id,
            "document_type": "pfmea",
            "name": "FMEA",
        }

    @classmethod
    def _vals_check(cls):
        return {"eight_d_id": cls.fixtures["report"].id, "date_planned": "2027-01-31"}

    @classmethod
    def _vals_milestone(cls):
        return {
            "ticket_id": cls.fixtures["spare"].id,
            "milestone": "follow_up",
            "start_date": "2026-11-01 08:00:00",
        }

    @classmethod
    def _vals_pause(cls):
        return {
            "ticket_id": cls.fixtures["complaint"].id,
            "reason": "Tests at the lab",
            "customer_informed_date": "2026-11-03",
            "sales_agreed_user_id": cls.users["officer"].id,
            "sales_agreed_date": "2026-11-03 08:00:00",
        }

    @classmethod
    def _vals_answer_agreement(cls):
        return {
            "ticket_id": cls.fixtures["complaint"].id,
            "answer_date": fields.Date.to_string(
                fields.Date.today() + timedelta(days=3)
            ),
            "promise": "An answer",
            "agreed_on": "2026-11-02 08:00:00",
            "user_id": cls.users["officer"].id,
        }

    @classmethod
    def _vals_defect_type(cls):
        return {"code": "MXD", "name": "Matrix defect", "family": "appearance"}

    @classmethod
    def _vals_grading_rule(cls):
        return {"name": "Matrix rule", "severity": "general", "condition": "major"}

    @classmethod
    def _vals_sla_policy(cls):
        return {"name": "Matrix policy", "milestone": "response", "duration": 2}

    @classmethod
    def _vals_escalation_rule(cls):
        return {"name": "Matrix step", "delay_hours": 4, "action": "notify_manager"}

    @classmethod
    def _vals_goodwill_policy(cls):
        return {"name": "Matrix goodwill", "remedy_type": "refund", "amount_limit": 5}

    @classmethod
    def _vals_requirement(cls):
        # For the supplier's complaints only: the matrix's complaints close.
        return {
            "name": "Matrix 8D rule",
            "partner_ids": [Command.set(cls.supplier_partner.ids)],
        }

    @classmethod
    def _matrix_checklist_fixtures(cls):
        """A situation checklist, one of its steps, and a line of it laid out on
        a complaint of the officer's team."""
        template = cls.env["complaint.checklist.template"].create(
            cls._vals_checklist_template()
        )
        step = cls.env["complaint.checklist.step"].create(
            {"template_id": template.id, "name": "Matrix step"}
        )
        return {
            "checklist_template": template,
            "checklist_step": step,
            "checklist_line": cls._matrix_checklist_line(),
        }

    @classmethod
    def _matrix_checklist_line(cls):
        """A line the application laid out on a new complaint of a foreign
        object (the shipped checklist)."""
        complaint = cls._matrix_complaint(
            defect_type_id=cls.env.ref(
                "complaint_management.defect_type_foreign_object"
            ).id
        )
        return complaint.sudo().checklist_line_ids[:1]

    @classmethod
    def _vals_checklist_template(cls):
        return {"name": "Matrix checklist"}

    @classmethod
    def _vals_checklist_step(cls):
        return {
            "template_id": cls.fixtures["checklist_template"].id,
            "name": "Matrix step",
        }

    @classmethod
    def _vals_checklist_line(cls):
        return {
            "ticket_id": cls.fixtures["complaint"].id,
            "name": "Matrix line",
            "kind": "action",
        }

    @classmethod
    def _matrix_report_rows(cls, fx):
        """A row of each analysis view, of the matrix complaint and remedy."""
        env = cls.env
        complaint = fx["complaint"]
        # The compliance view lists milestones that are over: meet one (not the
        # "milestone" fixture), as the application does.
        complaint.sla_milestone_ids[1:2].with_context(
            **{EDIT_SENTINEL_KEY: EDIT_SENTINEL}
        ).write({"state": "met", "reached_date": "2026-11-02 10:00:00"})
        # The cost of poor quality counts approved remedies: approve one (not the
        # "remedy" fixture), as the engine does.
        approved = env["complaint.remedy"].create(
            {
                "ticket_id": complaint.id,
                "remedy_type": "replacement",
                "amount": 20.0,
                "description": "<p>Another caliper.</p>",
            }
        )
        approved.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL}).write(
            {"state": "approved"}
        )
        env.flush_all()
        rows = {
            "report_row": env["complaint.report"].search([("id", "=", complaint.id)]),
            "milestone_report_row": env["complaint.milestone.report"].search(
                [("ticket_id", "=", complaint.id)], limit=1
            ),
            "ppm_report_row": env["complaint.ppm.report"].search(
                [("ticket_id", "=", complaint.id)], limit=1
            ),
            "cost_report_row": env["complaint.cost.report"].search(
                [("source", "=", "remedy"), ("res_id", "=", approved.id)]
            ),
            "report_category": env.ref("complaint_management.report_category_special"),
        }
        for key, row in rows.items():
            assert row, f"no {key} for the access matrix"
        return rows

    @classmethod
    def _vals_report_row(cls):
        # Database views: nobody creates rows (the access check refuses first).
        return {}

    @classmethod
    def _matrix_trend_rows(cls):
        """A delivered quantity, a trend alarm and a chart point (the alarm and
        the point as the application writes them)."""
        env = cls.env
        alarm = (
            env["complaint.trend.alarm"]
            .sudo()
            .with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
            .create(cls._vals_trend_alarm())
        )
        point = env["complaint.trend.point"].sudo().create(cls._vals_trend_point())
        return {
            "delivery": env["complaint.delivery"].create(cls._vals_delivery()),
            "trend_alarm": alarm.with_env(env),
            "trend_point": point.with_env(env),
        }

    @classmethod
    def _vals_delivery(cls):
        # One row per product, month and customer: each its own month.
        cls._delivery_count = getattr(cls, "_delivery_count", 0) + 1
        return {
            "product_id": cls.product_m.id,
            "month": date(2020, 1, 1) + relativedelta(months=cls._delivery_count),
            "quantity": 500.0,
            "partner_id": cls.customer_a.id,
        }

    @classmethod
    def _vals_trend_alarm(cls):
        return {
            "company_id": cls.env.company.id,
            "product_id": cls.product_m.id,
            "period": "2026-11-01",
            "rule": "limit",
            "chart": "c",
            "complaint_count": 5,
            "centre": 1.0,
            "upper": 4.0,
        }

    @classmethod
    def _vals_trend_point(cls):
        return {
            "company_id": cls.env.company.id,
            "product_id": cls.product_m.id,
            "period": "2026-11-01",
            "chart": "c",
            "complaint_count": 5,
            "value": 5.0,
        }

    @classmethod
    def _vals_report_category(cls):
        return {"name": "Matrix category", "code": "special", "domain": "[]"}

    @classmethod
    def _vals_progress_event(cls):
        # Each moment is listed once and every moment is in the data: free one.
        cls.env.ref(
            "complaint_management.complaint_progress_event_resolved"
        ).sudo().unlink()
        return {"name": "Matrix moment", "code": "resolved"}

    @classmethod
    def _vals_three_change(cls):
        return {
            "ticket_id": cls._matrix_complaint(handed_over=True).id,
            "trigger": "officer",
            "reason": "Matrix customer unhappy",
        }

    @classmethod
    def _vals_role(cls):
        # Each role is listed once and every role is in the data: free one.
        cls.env.ref("complaint_management.complaint_8d_role_other").sudo().unlink()
        return {"name": "Matrix role", "code": "other"}

    @classmethod
    def _vals_chargeback(cls):
        return {
            "partner_id": cls.supplier_partner.id,
            "ticket_ids": [Command.set(cls.fixtures["complaint"].ids)],
            "line_ids": [
                Command.create(
                    {
                        "cost_type_id": cls.env.ref(
                            "complaint_management.chargeback_cost_type_freight"
                        ).id,
                        "name": "Freight",
                        "quantity": 1.0,
                        "unit_cost": 50.0,
                    }
                )
            ],
        }

    @classmethod
    def _vals_chargeback_line(cls):
        return {
            "chargeback_id": cls.fixtures["chargeback"].id,
            "cost_type_id": cls.env.ref(
                "complaint_management.chargeback_cost_type_admin"
            ).id,
            "name": "Handling",
            "quantity": 1.0,
            "unit_cost": 5.0,
        }

    @classmethod
    def _vals_chargeback_offer(cls):
        return {
            "chargeback_id": cls.fixtures["chargeback"].id,
            "amount": 50.0,
            "currency_id": cls.env.company.currency_id.id,
        }

    @classmethod
    def _vals_cost_type(cls):
        return {"name": "Matrix cost", "code": "MXC"}

    @classmethod
    def _vals_capa(cls):
        return {
            "partner_id": cls.supplier_partner.id,
            "ticket_ids": [Command.set(cls.fixtures["complaint"].ids)],
            "description": "<p>Replace the mould</p>",
        }

    @classmethod
    def _vals_capa_answer(cls):
        return {
            "capa_id": cls.fixtures["capa"].id,
            "containment": "Sorted",
            "root_cause": "Worn mould",
            "escape_point": "Final inspection",
            "corrective_action": "New mould",
        }

    @classmethod
    def _vals_service_charge(cls):
        return {
            "ticket_id": cls.fixtures["complaint"].id,
            "responsible_name": "Promoter",
            "amount": 5.0,
        }

    @classmethod
    def _vals_sample(cls):
        return {"ticket_id": cls.fixtures["complaint"].id, "requested_qty": 2.0}

    @classmethod
    def _vals_sample_test(cls):
        return {"sample_id": cls.fixtures["sample"].id, "name": "Matrix leak test"}

    @classmethod
    def _vals_outreach(cls):
        return {
            "name": "Matrix outreach",
            "product_id": cls.product_m.id,
            "date_from": "2026-01-01",
            "date_to": "2026-10-31",
        }

    @classmethod
    def _vals_outreach_line(cls):
        return {
            "outreach_id": cls.fixtures["outreach"].id,
            "partner_id": cls.customer_a.id,
        }

    @classmethod
    def _vals_seal(cls):
        return {
            "ticket_id": cls.fixtures["complaint"].id,
            "company_id": cls.env.company.id,
            "sequence": 99999,
            "reason": "closed",
            "sealed_on": "2026-12-01 00:00:00",
        }

    # Cells
    def _fresh(self, key):
        """A record of ``key`` made now (as administrator) for a cell that changes
        or deletes it."""
        env = self.env
        if key in ("fresh_remedy", "remedy"):
            # On a complaint of its own: its receipt total is its amount alone.
            return env["complaint.remedy"].create(
                {
                    "ticket_id": self._matrix_complaint(handed_over=True).id,
                    "remedy_type": "refund",
                    "amount": 20.0,
                    "description": "<p>Refund</p>",
                }
            )
        if key == "pending_remedy":
            remedy = self._fresh("fresh_remedy")
            remedy.with_user(self.users["officer"]).action_request_approval()
            return remedy.with_env(env)
        if key in ("fresh_report", "report"):
            return self._matrix_report(
                self._matrix_complaint(handed_over=True), self.users["engineer"]
            )
        if key == "pending_report":
            report = self._fresh("fresh_report")
            self._make_pending(report)
            return report
        if key in ("fresh_complaint", "complaint_received"):
            return self._matrix_complaint()
        if key == "complaint":
            return self._matrix_complaint(handed_over=True)
        if key == "closed_complaint":
            # Recorded closed (history): closing needs no 8D then.
            return self._matrix_complaint(
                stage_id=self.closed_stage.id, intake_state="handed_over"
            )
        if key == "chargeback":
            return env["complaint.chargeback"].create(self._vals_chargeback())
        if key == "pending_chargeback":
            chargeback = self._fresh("chargeback")
            chargeback.with_user(self.users["engineer"]).action_request_approval()
            return chargeback.with_env(env)
        if key == "report_officer_member":
            return self._matrix_report(
                self._matrix_complaint(handed_over=True), self.users["officer"]
            )
        if key == "checklist_line":
            return self._matrix_checklist_line().with_env(env)
        model = self.fixtures[key]._name if key in self.fixtures else None
        vals_name = {
            "remedy_line": "_vals_remedy_line",
            "member": "_vals_member",
            "cause": "_vals_cause",
            "action": "_vals_action",
            "control": "_vals_control",
            "check": "_vals_check",
            "milestone": "_vals_milestone",
            "pause": "_vals_pause",
            "defect_type": "_vals_defect_type",
            "grading_rule": "_vals_grading_rule",
            "sla_policy": "_vals_sla_policy",
            "escalation_rule": "_vals_escalation_rule",
            "goodwill_policy": "_vals_goodwill_policy",
            "requirement": "_vals_requirement",
            "role": "_vals_role",
            "chargeback_line": "_vals_chargeback_line",
            "chargeback_offer": "_vals_chargeback_offer",
            "cost_type": "_vals_cost_type",
            "capa": "_vals_capa",
            "capa_answer": "_vals_capa_answer",
            "report_category": "_vals_report_category",
            "progress_event": "_vals_progress_event",
            "three_change": "_vals_three_change",
            "checklist_template": "_vals_checklist_template",
            "checklist_step": "_vals_checklist_step",
            "delivery": "_vals_delivery",
            "service_charge": "_vals_service_charge",
            "outreach": "_vals_outreach",
            "sample": "_vals_sample",
            "sample_test": "_vals_sample_test",
        }.get(key)
        if vals_name is None:
            # A row of an analysis view: the one of the fixtures (never deleted).
            return self.fixtures[key].with_env(env)
        vals = getattr(self, vals_name)()
        if key == "pause":
            vals["ticket_id"] = self._matrix_complaint().id
        if key == "milestone":
            vals["ticket_id"] = self._matrix_complaint().id
        return self.env[model].sudo().create(vals).with_env(env)

    def _make_pending(self, report):
        """Put an 8D under the QA manager's review, as its Request Approval does
        once complete (the completeness is the 8D tests' concern)."""
        engine = report.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})
        engine.write(
            {"state": "to_approve", "requested_by_id": self.users["engineer"].id}
        )
        engine.request_validation()
        report.invalidate_recordset()

    @contextmanager
    def _any_8d_complete(self):
        """Whether an 8D is complete is the 8D tests' concern: here every 8D may
        go to approval, so that only the rights decide."""
        with patch.object(
            self.env.registry["complaint.8d"],
            "_check_complete",
            lambda report: None,
        ):
            yield

    @contextmanager
    def _rolled_back(self):
        """Run a cell and undo it, whatever it did."""
        try:
            with suppress(_Rollback), self.env.cr.savepoint():
                yield
                raise _Rollback
        finally:
            self.env.invalidate_all()

    def _try(self, func):
        """(allowed, error): whether ``func`` ran, or the refusal it raised."""
        try:
            func()
        except REFUSED as error:
            return False, error
        return True, None

    def _orm_cell(self, role, model, fixture, operation, write_vals, create_vals):
        user = self.users[role]
        if operation == "read":
            record = self.fixtures[fixture]

            def run():
                as_user = record.with_user(user)
                as_user.check_access("read")
                as_user.read(["display_name"])
                found = as_user.search([("id", "=", record.id)])
                if not found:
                    raise _NotFound()

        elif operation == "write":
            record = self.fixtures[fixture]

            def run():
                record.with_user(user).write(dict(write_vals))
                record.with_user(user).flush_recordset()

        elif operation == "create":

            def run():
                self.env[model].with_user(user).create(create_vals()).flush_recordset()

        else:
            record = self._fresh(fixture)

            def run():
                record.with_user(user).unlink()

        return self._try(run)


# The side channels (rules §11.9, §11.10): writing in a record's chatter and printing
# its reports, per role, in the company of the records and in another one
# (``manager_b``: a quality manager of a second company, who reads nothing here).
CHANNEL_ROLES = ("officer", "engineer", "manager", "finance", "auditor", "manager_b")
# Chatter operations, in the order tried (following last: a follower may post):
# p message_post, a mail.activity create, m mail.message create, t ir.attachment
# create, f message_subscribe (oneself).
CHANNELS = "pamtf"
ALL_CHANNELS, NO_CHANNEL, FOLLOW_ONLY = "pamtf", "-----", "----f"


def channels(*per_role):
    """{role: chatter letters} from one string per role, in ``CHANNEL_ROLES``
    order (``None``: not tried)."""
    assert len(per_role) == len(CHANNEL_ROLES)
    return dict(zip(CHANNEL_ROLES, per_role, strict=True))


# model, fixture, chatter rights of: officer, engineer, manager, finance, auditor,
# manager of another company. Finance and auditors write in no chatter but that
# of chargebacks, which finance settles; a reader follows what a writer's model
# lets readers follow (officers: chargebacks and CAPAs).
CHANNEL_ROWS = [
    ("helpdesk.ticket", "complaint",
     channels("pamtf", "pamtf", "pamtf", NO_CHANNEL, NO_CHANNEL, NO_CHANNEL)),
    ("complaint.remedy", "remedy",
     channels("pamtf", "pamtf", "pamtf", NO_CHANNEL, NO_CHANNEL, NO_CHANNEL)),
    ("complaint.8d", "report",
     channels(NO_CHANNEL, "pamtf", "pamtf", NO_CHANNEL, NO_CHANNEL, NO_CHANNEL)),
    ("complaint.8d", "approved_report",
     channels(None, None, None, NO_CHANNEL, NO_CHANNEL, NO_CHANNEL)),
    ("complaint.chargeback", "chargeback",
     channels(FOLLOW_ONLY, "pamtf", "pamtf", "pamtf", NO_CHANNEL, NO_CHANNEL)),
    ("complaint.capa", "capa",
     channels(FOLLOW_ONLY, "pamtf", "pamtf", NO_CHANNEL, NO_CHANNEL, NO_CHANNEL)),
]  # fmt: skip

# report (xml id), format, fixture, printed by: officer, engineer, manager,
# finance, auditor, manager of another company (True: the file; False: refused,
# by the report's groups or by the record rules of what it prints; None: not
# tried). The workbooks show what remedies cost: they are for those who read
# costs (rules §11.2), the QA manager, finance and auditors, not for officers or
# quality engineers.
REPORT_ROWS = [
    ("action_report_complaint_8d", "pdf", "report",
     (False, True, True, False, True, False)),
    ("action_report_complaint_8d", "pdf", "approved_report",
     (None, None, None, True, True, False)),
    ("action_report_complaint_chargeback", "pdf", "chargeback",
     (False, True, True, True, True, False)),
    ("action_report_complaint_capa", "pdf", "capa",
     (True, True, True, True, True, False)),
    ("report_complaint_returns_summary_xlsx", "xlsx", "complaint",
     (False, False, True, True, True, False)),
    ("report_complaint_special_returns_xlsx", "xlsx", "complaint",
     (False, False, True, True, True, False)),
    ("report_complaint_quality_returns_xlsx", "xlsx", "complaint",
     (False, False, True, True, True, False)),
    ("report_complaint_register_xlsx", "xlsx", "complaint",
     (False, False, True, True, True, False)),
]  # fmt: skip
