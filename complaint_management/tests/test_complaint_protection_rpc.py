import base64

from odoo import Command
from odoo.models import MAGIC_COLUMNS
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.complaint_protected_mixin import TECHNICAL_FIELDS
from .access_matrix import MODEL_ROWS, AccessMatrixMixin, JsonRpcMixin

# Every context key that ever carried the addon's marker, the loosening keys of
# base_tier_validation and Odoo's uninstall key: a client may send them all.
FORGED_CONTEXT = {
    "complaint_edit": True,
    "complaint_approval_edit": True,
    "complaint_record_lock_edit": True,
    "complaint_acknowledgement_edit": True,
    "complaint_event_edit": True,
    "skip_validation_check": True,
    "skip_check_state_condition": True,
    "_force_unlink": True,
}
CONTEXTS = ({}, FORGED_CONTEXT)
REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
)
# Who tries: the first of these roles the access matrix lets write the model
# (the refusal must come from the protection, not from the access rights).
WRITERS = ("officer", "engineer", "approver", "finance", "manager")
# The lines of an 8D, locked with their report, and their access-matrix values.
LINES_8D = {
    "complaint.8d.member": "member",
    "complaint.8d.cause": "cause",
    "complaint.8d.action": "action",
    "complaint.8d.control": "control",
}
# Field types a client cannot meaningfully write.
SKIPPED_TYPES = ("properties", "properties_definition", "json")


@tagged("post_install", "-at_install")
class TestComplaintProtectionRpc(JsonRpcMixin, AccessMatrixMixin, HttpCase):
    """Over JSON-RPC, as a user who may otherwise write the record, every
    protected field and every field its state locks is refused, in every lock
    state of every protected model, also with a forged context; nobody deletes
    a record in an undeletable state; nothing changes (issue 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Complaints of ours close here without an 8D (rules §17.1).
        cls.env.ref(
            "complaint_management.complaint_8d_requirement_company"
        ).active = False
        cls._matrix_setup()

    # Records per lock state
    def _engine(self, records):
        return records.sudo()._protected_context()

    def _new_report(self):
        return self._matrix_report(
            self._matrix_complaint(handed_over=True), self.users["engineer"]
        )

    def _new_line(self, model, report):
        """A line of ``model`` on ``report`` (made by the access matrix's values)."""
        vals = getattr(self, f"_vals_{LINES_8D[model]}")()
        vals["eight_d_id"] = report.id
        return self.env[model].create(vals)

    def _record_in(self, model, key):
        """A record of ``model`` whose lock key is ``key`` (None: any record)."""
        if model == "helpdesk.ticket":
            return self._fresh("closed_complaint")
        fixtures = {
            "complaint.remedy": "remedy",
            "complaint.8d": "report",
            "complaint.chargeback": "chargeback",
            "complaint.capa": "capa",
            "complaint.customer.report": "customer_report",
            "complaint.service.charge": "service_charge",
        }
        if model in fixtures:
            fixture = fixtures[model]
            record = self._fresh(fixture)
            if key is not None:
                self._engine(record).write({"state": key})
            return record
        if model in LINES_8D:
            report = self._new_report()
            line = self._new_line(model, report)
            if key is not None:
                self._engine(report).write({"state": key})
            return line
        if model == "complaint.chargeback.line":
            chargeback = self._fresh("chargeback")
            line = chargeback.line_ids[:1]
            if key is not None:
                self._engine(chargeback).write({"state": key})
            return line
        if model == "complaint.sample.test" and key == "sample_final":
            # locked by its sample's end
            sample = self._fresh("sample")
            test = self.env[model].create(
                dict(self._vals_sample_test(), sample_id=sample.id)
            )
            self._engine(sample).write({"state": "returned"})
            return test
        fixture = next(row[1] for row in MODEL_ROWS if row[0] == model)
        record = self._fresh(fixture)
        if key is not None and record._lock_key() != key:
            self._engine(record).write({record._lock_field: key})
        return record

    # Who tries
    def _user(self, model, letter):
        rights = next((row[4] for row in MODEL_ROWS if row[0] == model), {})
        for role in WRITERS:
            if letter in rights.get(role, ""):
                return self.users[role]
        return self.users["manager"]

    # Fields
    def _candidates(self, record):
        """The fields a client could send in a write."""
        return [
            name
            for name, field in record._fields.items()
            if field.store
            and not (field.compute and field.readonly)
            and name not in MAGIC_COLUMNS
            and name not in TECHNICAL_FIELDS
            and field.type not in SKIPPED_TYPES
        ]

    def _locked_names(self, record):
        """The fields the declaration locks in the record's state."""
        key = record._lock_key()
        rule = record._locks.get(key)
        if rule is None:
            return []
        if rule.free:
            return [name for name in self._candidates(record) if name not in rule.names]
        return [name for name in rule.names if name in record._fields]

    def _forged_value(self, record, name):
        """A value of field ``name`` other than the record's."""
        field = record._fields[name]
        current = record.sudo()[name]
        if field.type in ("char", "text", "html"):
            return "Forged"
        if field.type == "integer":
            return (current or 0) + 7
        if field.type in ("float", "monetary"):
            return (current or 0.0) + 7.5
        if field.type == "boolean":
            return not current
        if field.type == "date":
            return "2020-01-02"
        if field.type == "datetime":
            return "2020-01-02 03:04:05"
        if field.type == "binary":
            return base64.b64encode(b"forged").decode()
        if field.type == "selection":
            values = [
                value
                for value, _label in field._description_selection(self.env)
                if value != current
            ]
            return values[0] if values else False
        if field.type == "many2one":
            other = (
                self.env[field.comodel_name]
                .sudo()
                .search([("id", "!=", current.id)], limit=1)
            )
            return other.id or False
        if field.type in ("one2many", "many2many"):
            if current:
                return [Command.clear()]
            other = self.env[field.comodel_name].sudo().search([], limit=1)
            return [Command.link(other.id)] if other else [Command.clear()]
        if field.type == "reference":
            return False
        return False

    def _snapshot(self, record):
        record.invalidate_recordset()
        names = [
            name
            for name in self._candidates(record)
            if record._fields[name].type != "binary"
        ]
        return record.sudo().read(names)[0]

    # RPC
    def _rpc(self, model, method, args, context):
        return self._call_kw(model, method, args, {"context": context})

    def _refusal(self, reply, attempt):
        """The refusal's message; a failure when the call went through or failed
        for another reason than a refusal."""
        error = reply.get("error")
        self.assertTrue(error, f"not refused: {attempt}")
        self.assertIn(error["data"]["name"], REFUSALS, f"{attempt}: {error}")
        return error["data"]["message"]

    def _assert_fields_refused(self, record, names, context):
        """Writing each of ``names`` on ``record`` is refused: in one call when
        the refusal names every field, else field by field."""
        if not names:
            return 0
        record = record.sudo()
        vals = {name: self._forged_value(record, name) for name in names}
        self.env.flush_all()
        attempt = (record._name, record.display_name, context)
        message = self._refusal(
            self._rpc(record._name, "write", [record.ids, vals], context),
            (*attempt, "all"),
        )
        labels = [record._fields[name]._description_string(self.env) for name in names]
        if all(label in message for label in labels):
            return 1
        for name, value in vals.items():
            self._refusal(
                self._rpc(record._name, "write", [record.ids, {name: value}], context),
                (*attempt, name),
            )
        return 1 + len(vals)

    # Tests
    def test_01_every_protected_and_locked_field_refused(self):
        """Per protected model and lock state, as a user who may otherwise write
        the record, every protected field and every locked field is refused,
        plainly and with a forged context; the record stays as it was."""
        Mixin = self.env.registry["complaint.protected.mixin"]
        models = sorted(
            name
            for name, model in self.env.registry.items()
            if issubclass(model, Mixin)
            and not model._abstract
            and not model._transient
            and (model._protected_fields or model._locks)
        )
        self.assertLessEqual(
            {
                "helpdesk.ticket",
                "complaint.remedy",
                "complaint.8d",
                "complaint.8d.action",
                "complaint.8d.cause",
                "complaint.chargeback",
                "complaint.chargeback.line",
                "complaint.capa",
                "complaint.capa.answer",
                "complaint.sla.milestone",
                "complaint.8d.check",
            },
            set(models),
        )
        calls = 0
        with mute_logger("odoo.http"):
            for model in models:
                Model = self.env[model]
                user = self._user(model, "w")
                keys = list(Model._locks) or [None]
                for key in keys:
                    record = self._record_in(model, key)
                    if key is not None:
                        self.assertEqual(record._lock_key(), key)
                    protected = [
                        name
                        for name in record._get_protected_fields()
                        if name in record._fields
                    ]
                    locked = [
                        name
                        for name in self._locked_names(record)
                        if name not in protected
                    ]
                    self.assertTrue(protected or locked, (model, key))
                    before = self._snapshot(record)
                    self._login(user)
                    for context in CONTEXTS:
                        calls += self._assert_fields_refused(record, protected, context)
                        calls += self._assert_fields_refused(record, locked, context)
                    self.assertEqual(self._snapshot(record), before, (model, key))
        self.assertGreater(calls, 0)

    def test_02_undeletable_records_stay(self):
        """Per model, nobody who may delete its records deletes one in an
        undeletable state, plainly or with a forged context (Odoo's uninstall
        key included)."""
        Mixin = self.env.registry["complaint.protected.mixin"]
        models = sorted(
            name
            for name, model in self.env.registry.items()
            if issubclass(model, Mixin)
            and not model._abstract
            and model._undeletable_states
        )
        self.assertLessEqual(
            {
                "helpdesk.ticket",
                "complaint.remedy",
                "complaint.8d",
                "complaint.8d.cause",
                "complaint.chargeback",
                "complaint.chargeback.line",
            },
            set(models),
        )
        with mute_logger("odoo.http"):
            for model in models:
                user = self._user(model, "u")
                for key in self.env[model]._undeletable_states:
                    record = self._record_in(model, key)
                    self.assertEqual(record._lock_key(), key)
                    self.env.flush_all()
                    self._login(user)
                    for context in CONTEXTS:
                        reply = self._rpc(model, "unlink", [record.ids], context)
                        self._refusal(reply, (model, key, context))
                        self.assertNotEqual(
                            reply["error"]["data"]["name"],
                            "odoo.exceptions.AccessError",
                            (model, key, user.login, context),
                        )
                    self.assertTrue(record.exists(), (model, key))
