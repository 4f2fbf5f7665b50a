from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.complaint_protected_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY
from .access_matrix import MODEL_ROWS, ROLES, AccessMatrixMixin, JsonRpcMixin

REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
)
RELATIONAL = ("many2one", "one2many", "many2many")
# Relational fields to protected documents where a client may point at any
# record its rights allow (beyond what their own model's protection and locks
# refuse): no attempt to move a record into a locked parent through them, and
# why. A field no declaration covers at all must be one of them.
FREE_LINKS = {
    # An effectiveness check is planned on an approved report by its approval.
    ("complaint.8d.check", "eight_d_id"): "planned on approved 8Ds",
    # Nobody writes a request's answers (access rights): the portal records
    # them, behind the marker.
    ("complaint.capa.answer", "capa_id"): "written by nobody",
    # The deadlines and pauses of a complaint belong to it: planned by the
    # deadlines (milestones are written by QA managers only).
    ("complaint.sla.milestone", "ticket_id"): "the complaint's own deadline",
    ("complaint.sla.pause", "ticket_id"): "the complaint's own pause",
    # An outreach's customer line names the complaint of its outreach (a related
    # field, refused to clients as every computed field is, rules §10.2).
    ("complaint.outreach.line", "ticket_id"): "its outreach's complaint",
    # helpdesk_mgmt's duplicate of a ticket may be a closed one.
    ("helpdesk.ticket", "duplicate_id"): "a duplicate of a closed complaint",
}


@tagged("post_install", "-at_install")
class TestComplaintLinksRpc(JsonRpcMixin, AccessMatrixMixin, HttpCase):
    """Relations to protected documents (rules §10.6) over JSON-RPC: every
    x2many command (0 to 6), and every many2one value, on every relational field
    of the addon's models and of the complaint that points at a protected or
    locked document is refused to every role where the declarations say so (a
    protected field or link, a locked state, a locked child moved), and nothing
    changes; then each way in of the issue, as the user who tried it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()
        env = cls.env
        cls.supplier_b = env["res.partner"].create(
            {"name": "Matrix Supplier B", "is_company": True}
        )
        cls.other_team = env["helpdesk.ticket.team"].create(
            {"name": "Other Desk", "complaint_team": True}
        )

    # Records
    def _engine(self, records):
        return records.sudo().with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})

    def _complaint(self, supplier=None):
        """A handed-over complaint, the supplier's responsibility."""
        complaint = self._matrix_complaint(handed_over=True, supplier=True)
        if supplier:
            complaint.supplier_id = supplier
        return complaint

    def _chargeback(self, complaint, state=None):
        vals = self._vals_chargeback()
        vals["partner_id"] = complaint.supplier_id.id
        vals["ticket_ids"] = [Command.set(complaint.ids)]
        chargeback = self.env["complaint.chargeback"].create(vals)
        if state:
            self._engine(chargeback).write({"state": state})
        return chargeback

    def _report(self, complaint, state=None):
        report = self._matrix_report(complaint, self.users["engineer"])
        if state:
            self._engine(report).write({"state": state})
        return report

    def _capa(self, complaint, state=None):
        vals = self._vals_capa()
        vals["partner_id"] = complaint.supplier_id.id
        vals["ticket_ids"] = [Command.set(complaint.ids)]
        capa = self.env["complaint.capa"].create(vals)
        if state:
            self._engine(capa).write({"state": state})
        return capa

    def _remedy(self, complaint, state=None):
        remedy = self.env["complaint.remedy"].create(
            {
                "ticket_id": complaint.id,
                "remedy_type": "replacement",
                "amount": 10.0,
                "description": "<p>A new one.</p>",
            }
        )
        if state:
            self._engine(remedy).write({"state": state})
        return remedy

    def _customer_report(self, complaint, state=None):
        report = self.env["complaint.customer.report"].create(
            {"ticket_id": complaint.id}
        )
        if state:
            self._engine(report).write({"state": state})
        return report

    def _service_charge(self, complaint, state=None):
        charge = self.env["complaint.service.charge"].create(
            {"ticket_id": complaint.id, "responsible_name": "Promoter", "amount": 5.0}
        )
        if state:
            self._engine(charge).write({"state": state})
        return charge

    def _linked_complaint(self):
        """An open complaint with an approved 8D, a settled chargeback, a sent
        corrective-action request and a submitted remedy."""
        complaint = self._complaint()
        self._report(complaint, "approved")
        self._chargeback(complaint, "settled")
        self._capa(complaint, "sent")
        self._remedy(complaint, "to_approve")
        return complaint

    def _record_in(self, model, key):
        """A record of ``model`` whose lock key is ``key`` (None: an unlocked
        one)."""
        if model == "helpdesk.ticket":
            if key is None:
                return self._linked_complaint()
            return self._fresh("closed_complaint")
        makers = {
            "complaint.8d": self._report,
            "complaint.chargeback": self._chargeback,
            "complaint.capa": self._capa,
            "complaint.remedy": self._remedy,
            "complaint.customer.report": self._customer_report,
            "complaint.service.charge": self._service_charge,
        }
        if model in makers:
            return makers[model](self._complaint(), key)
        if model in ("complaint.sample", "complaint.sample.test"):
            return self._sample_in(model, key)
        if model.startswith("complaint.8d.") and model != "complaint.8d.check":
            report = self._report(self._complaint())
            vals = {
                "complaint.8d.member": self._vals_member,
                "complaint.8d.cause": self._vals_cause,
                "complaint.8d.action": self._vals_action,
                "complaint.8d.control": self._vals_control,
            }[model]()
            vals["eight_d_id"] = report.id
            line = self.env[model].create(vals)
            if key:
                self._engine(report).write({"state": key})
            return line
        if model == "complaint.chargeback.line":
            chargeback = self._chargeback(self._complaint())
            if key:
                self._engine(chargeback).write({"state": key})
            return chargeback.line_ids[:1]
        if model == "res.partner":
            return self.env[model].create({"name": "Matrix Link Partner"})
        if model == "helpdesk.ticket.team":
            return self.other_team
        if model == "account.move.line":
            return self._move_line()
        fixture = next((row[1] for row in MODEL_ROWS if row[0] == model), None)
        if fixture:
            return self._fresh(fixture)
        return self.env[model].sudo().search([], limit=1)

    def _sample_in(self, model, key):
        """A sample, or a test of one, in lock state ``key``."""
        sample = self.env["complaint.sample"].create(
            {"ticket_id": self._complaint().id, "received_qty": 1.0}
        )
        test = self.env["complaint.sample.test"].create(
            {"sample_id": sample.id, "name": "Leak test", "pauses_deadlines": False}
        )
        if model == "complaint.sample":
            if key:
                self._engine(sample).write({"state": key})
            return sample
        if key == "sample_final":
            self._engine(sample).write({"state": "returned"})
        elif key:
            self._engine(test).write({"state": key})
        return test

    def _move_line(self):
        """A journal item of a draft entry."""
        env = self.env
        journal = env["account.journal"].create(
            {"name": "Links Miscellaneous", "code": "LNKM", "type": "general"}
        )
        account = env["account.account"].create(
            {"name": "Links Expense", "code": "LNK100", "account_type": "expense"}
        )
        move = env["account.move"].create(
            {
                "journal_id": journal.id,
                "line_ids": [
                    Command.create(
                        {"name": "Debit", "account_id": account.id, "debit": 1.0}
                    ),
                    Command.create(
                        {"name": "Credit", "account_id": account.id, "credit": 1.0}
                    ),
                ],
            }
        )
        return move.line_ids[:1]

    # Fields and situations
    def _addon_models(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "complaint_management"), ("model", "=", "ir.model")]
        )
        names = set(self.env["ir.model"].browse(data.mapped("res_id")).mapped("model"))
        names.add("helpdesk.ticket")
        registry = self.env.registry
        return sorted(
            name
            for name in names
            if name in registry
            and not registry[name]._abstract
            and not registry[name]._transient
            and registry[name]._auto
        )

    def _protected_models(self):
        Mixin = self.env.registry["complaint.protected.mixin"]
        return {
            name
            for name, model in self.env.registry.items()
            if issubclass(model, Mixin)
            and not model._abstract
            and (model._protected_fields or model._protected_links or model._locks)
        }

    def _link_fields(self):
        """(model, field) of every stored relational field of the addon's
        models and of the complaint whose comodel is protected (a computed one
        too: a client's write reaches it)."""
        protected = self._protected_models()
        return [
            (model, name)
            for model in self._addon_models()
            for name, field in self.env[model]._fields.items()
            if field.type in RELATIONAL
            and field.store
            and field.comodel_name in protected
        ]

    @staticmethod
    def _rules_refusing(Model, name):
        """{first state: rule} of the distinct lock rules of ``Model`` that
        refuse field ``name``."""
        found = {}
        for key, rule in getattr(Model, "_locks", {}).items():
            if rule.refused([name]) and rule not in found.values():
                found[key] = rule
        return found

    def _situations(self, model, name):
        """What to try on field ``name`` of ``model``: ``(kind, key, target
        key)`` where the declarations say a client is refused."""
        Model = self.env[model]
        field = Model._fields[name]
        Comodel = self.env[field.comodel_name]
        situations = []
        if hasattr(Model, "_get_protected_fields"):
            protected = Model._get_protected_fields()
        else:  # a model of another addon declares its links alone
            protected = getattr(Model, "_protected_links", ())
        if name in protected:
            situations.append(("protected", None))
        for key in self._rules_refusing(Model, name):
            situations.append(("locked", key))
        if field.type == "one2many":
            for key in self._rules_refusing(Comodel, field.inverse_name):
                situations.append(("child", key))
        if field.type == "many2one" and (model, name) not in FREE_LINKS:
            for key in self._parent_keys(Model, name, Comodel):
                situations.append(("into", key))
        return situations

    def _parent_keys(self, Model, name, Comodel):
        """The lock states of ``Comodel`` that keep the records of ``Model``
        its one2many lists by field ``name`` (a protected link aside: the
        documents link themselves)."""
        protected = getattr(Comodel, "_get_protected_fields", list)()
        keys = []
        for one2many, field in Comodel._fields.items():
            if (
                field.type == "one2many"
                and field.comodel_name == Model._name
                and field.inverse_name == name
                and one2many not in protected
            ):
                keys += [
                    key
                    for key in self._rules_refusing(Comodel, one2many)
                    if key not in keys
                ]
        return keys

    def _target(self, comodel, key=False):
        """A record of ``comodel`` in its lock state ``key`` (its first lock
        state by default; an unlocked one when it has none), cached."""
        locks = list(getattr(self.env[comodel], "_locks", {}))
        if key is False:
            key = locks[0] if locks else None
        cache_key = (comodel, key)
        if cache_key not in self._targets:
            self._targets[cache_key] = self._record_in(comodel, key)
        return self._targets[cache_key]

    def _attempts(self, model, name, kind, key):
        """(parent, [values written], snapshot) of one situation."""
        field = self.env[model]._fields[name]
        if kind == "child":
            parent = self._record_in(model, None)
            child = self._target(field.comodel_name, key)
            values = [
                [Command.update(child.id, {field.inverse_name: parent.id})],
                [Command.delete(child.id)],
                [Command.unlink(child.id)],
                [Command.link(child.id)],
                [Command.set([*parent.sudo()[name].ids, child.id])],
            ]
            return parent, values, (child, field.inverse_name)
        if kind == "into":
            parent = self._record_in(model, None)
            target = self._target(field.comodel_name, key)
            return parent, [target.id], None
        parent = self._record_in(model, key)
        current = parent.sudo()[name]
        other = self._target(field.comodel_name) - current
        if not other:
            other = self._record_in(field.comodel_name, None)
        if field.type == "many2one":
            return parent, [other.id, False], None
        linked = current[:1] or other
        values = [
            [Command.create({})],
            [Command.update(linked.id, {})],
            [Command.delete(linked.id)],
            [Command.unlink(linked.id)],
            [Command.link(other.id)],
            [Command.clear()],
            [Command.set(other.ids)],
        ]
        return parent, values, None

    def _snapshot(self, parent, name, child):
        self.env.invalidate_all()
        field = parent._fields[name]
        state = (
            sorted(parent.sudo()[name].ids),
            # the whole table, whatever the rules
            self.env[field.comodel_name]
            .sudo()
            .with_context(active_test=False)
            .search_count([]),
        )
        if child:
            record, inverse = child
            state += (record.sudo()[inverse].id, record.exists().id)
        return state

    def _refused(self, reply):
        error = reply.get("error")
        return bool(error) and error["data"]["name"] in REFUSALS

    # Tests
    def test_01_every_link_command_refused(self):
        """Every relational field to a protected document, every command, every
        role: refused where the declarations say so, and nothing changes; a
        field no declaration covers is one of ``FREE_LINKS``."""
        self._targets = {}
        cases = []
        free = set()
        for model, name in self._link_fields():
            situations = self._situations(model, name)
            if not situations:
                free.add((model, name))
            for kind, key in situations:
                parent, values, child = self._attempts(model, name, kind, key)
                self.assertTrue(parent, (model, name, kind, key))
                cases.append((model, name, kind, key, parent, values, child))
        self.assertLessEqual(free, set(FREE_LINKS), "undeclared links to documents")
        self.assertLessEqual(set(FREE_LINKS), set(self._link_fields()))
        covered = {(case[0], case[1]) for case in cases}
        self.assertLessEqual(
            {
                ("helpdesk.ticket", "eight_d_ids"),
                ("helpdesk.ticket", "chargeback_ids"),
                ("helpdesk.ticket", "capa_ids"),
                ("helpdesk.ticket", "remedy_ids"),
                ("complaint.8d", "ticket_ids"),
                ("complaint.8d", "main_ticket_id"),
                ("complaint.chargeback", "ticket_ids"),
                ("complaint.capa", "ticket_ids"),
                ("complaint.remedy", "ticket_id"),
                ("account.move.line", "complaint_chargeback_id"),
            },
            covered,
        )
        before = [self._snapshot(c[4], c[1], c[6]) for c in cases]
        failures = []
        calls = 0
        with mute_logger("odoo.http"):
            for role in ROLES:
                self._login(self.users[role])
                for model, name, kind, key, parent, values, _child in cases:
                    for value in values:
                        reply = self._call_kw(
                            model, "write", [parent.ids, {name: value}]
                        )
                        calls += 1
                        if not self._refused(reply):
                            failures.append((role, model, name, kind, key, value))
        self.assertFalse(failures, f"{len(failures)} not refused: {failures[:10]}")
        after = [self._snapshot(c[4], c[1], c[6]) for c in cases]
        for case, old, new in zip(cases, before, after, strict=True):
            self.assertEqual(old, new, case[:4])
        self.assertGreater(calls, 500)

    def test_02_no_complaint_created_with_links(self):
        """Creating a complaint with links to documents is refused to every
        role that may create complaints: with another complaint's approved 8D,
        a sent chargeback, a sent request or a new remedy."""
        complaint = self._linked_complaint()
        commands = {
            "eight_d_ids": [Command.link(complaint.eight_d_ids.id)],
            "chargeback_ids": [Command.set(complaint.chargeback_ids.ids)],
            "capa_ids": [Command.link(complaint.capa_ids.id)],
            "remedy_ids": [
                Command.create(
                    {"remedy_type": "explanation", "description": "<p>x</p>"}
                )
            ],
        }
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        count = Ticket.search_count([])
        with mute_logger("odoo.http"):
            for role in ("officer", "engineer", "manager", "approver"):
                self._login(self.users[role])
                for name, value in commands.items():
                    vals = dict(self._vals_complaint(), **{name: value})
                    reply = self._call_kw("helpdesk.ticket", "create", [[vals]])
                    self.assertTrue(self._refused(reply), (role, name, reply))
        self.assertEqual(Ticket.search_count([]), count)
        self.assertEqual(complaint.eight_d_ids.ticket_ids, complaint)

    def _write_as(self, role, record, vals):
        self._login(self.users[role])
        with mute_logger("odoo.http"):
            return self._call_kw(record._name, "write", [record.ids, vals])

    def test_10_officer_detaches_approved_8d(self):
        """A complaint officer does not detach the approved 8D of a complaint of
        their team with ``(3, id)``."""
        complaint = self._complaint()
        report = self._report(complaint, "approved")
        reply = self._write_as(
            "officer", complaint, {"eight_d_ids": [Command.unlink(report.id)]}
        )
        self.assertTrue(self._refused(reply), reply)
        self.assertIn("8D Reports", reply["error"]["data"]["message"])
        self.env.invalidate_all()
        self.assertEqual(complaint.eight_d_ids, report)

    def test_11_officer_claims_other_suppliers_chargeback(self):
        """A complaint officer does not make another supplier's sent chargeback
        claim their complaint with ``(4, id)``: the chargeback keeps its own
        complaints, which its supplier's portal page shows."""
        complaint = self._complaint()
        other = self._complaint(supplier=self.supplier_b)
        chargeback = self._chargeback(other, "sent")
        reply = self._write_as(
            "officer", complaint, {"chargeback_ids": [Command.link(chargeback.id)]}
        )
        self.assertTrue(self._refused(reply), reply)
        self.env.invalidate_all()
        self.assertEqual(chargeback.ticket_ids, other)
        self.assertFalse(complaint.chargeback_ids)

    def test_12_officer_borrows_approved_8d_to_close(self):
        """A complaint officer does not link another complaint's approved 8D to
        a complaint that requires one, and the complaint then does not close
        without its own."""
        complaint = self._complaint()
        complaint.write({"eight_d_requested": True, "responsibility": "company"})
        self.assertTrue(complaint.eight_d_required)
        report = self._report(self._complaint(), "approved")
        reply = self._write_as(
            "officer", complaint, {"eight_d_ids": [Command.link(report.id)]}
        )
        self.assertTrue(self._refused(reply), reply)
        reply = self._write_as("officer", complaint, {"stage_id": self.closed_stage.id})
        self.assertTrue(self._refused(reply), reply)
        self.env.invalidate_all()
        self.assertFalse(complaint.eight_d_ids)
        self.assertFalse(complaint.closed)

    def test_13_engineer_detaches_settled_chargeback(self):
        """A quality engineer does not detach a settled chargeback from its
        complaint with ``(3, id)`` nor replace it with ``(6, 0, [])``."""
        complaint = self._complaint()
        chargeback = self._chargeback(complaint, "settled")
        for command in (Command.unlink(chargeback.id), Command.set([])):
            reply = self._write_as("engineer", complaint, {"chargeback_ids": [command]})
            self.assertTrue(self._refused(reply), (command, reply))
        self.env.invalidate_all()
        self.assertEqual(chargeback.ticket_ids, complaint)

    def test_14_complaint_named_by_locked_document_not_deleted(self):
        """Nobody deletes an open complaint that a settled chargeback (or an
        approved 8D, a sent request, a submitted remedy) names: the document
        keeps its complaint. A complaint no locked document names is deleted."""
        complaint = self._complaint()
        chargeback = self._chargeback(complaint, "settled")
        self._login(self.users["manager"])
        with mute_logger("odoo.http"):
            reply = self._call_kw("helpdesk.ticket", "unlink", [complaint.ids])
        self.assertTrue(self._refused(reply), reply)
        self.assertIn(chargeback.display_name, reply["error"]["data"]["message"])
        self.env.invalidate_all()
        self.assertTrue(complaint.exists())
        self.assertEqual(chargeback.ticket_ids, complaint)
        for maker, state in (
            (self._report, "approved"),
            (self._capa, "sent"),
        ):
            named = self._complaint()
            document = maker(named, state)
            with mute_logger("odoo.http"):
                reply = self._call_kw("helpdesk.ticket", "unlink", [named.ids])
            self.assertTrue(self._refused(reply), (document, reply))
            self.assertTrue(named.exists())
        draft = self._complaint()
        reply = self._call_kw("helpdesk.ticket", "unlink", [draft.ids])
        self.assertFalse(reply.get("error"), reply)
        self.env.invalidate_all()
        self.assertFalse(draft.exists())

    def test_15_documents_still_link_themselves(self):
        """The documents' own actions still link complaints: an 8D started
        from the complaint, a chargeback and a request naming it while in
        draft."""
        complaint = self._complaint()
        self._login(self.users["engineer"])
        reply = self._call_kw("helpdesk.ticket", "action_create_8d", [complaint.ids])
        self.assertFalse(reply.get("error"), reply)
        vals = dict(self._vals_chargeback(), ticket_ids=[Command.set(complaint.ids)])
        reply = self._call_kw("complaint.chargeback", "create", [[vals]])
        self.assertFalse(reply.get("error"), reply)
        chargeback = self.env["complaint.chargeback"].browse(reply["result"])
        vals = dict(self._vals_capa(), ticket_ids=[Command.set(complaint.ids)])
        reply = self._call_kw("complaint.capa", "create", [[vals]])
        self.assertFalse(reply.get("error"), reply)
        self.env.invalidate_all()
        self.assertEqual(len(complaint.eight_d_ids), 1)
        self.assertEqual(complaint.chargeback_ids, chargeback)
        self.assertEqual(len(complaint.capa_ids), 1)
        # a draft chargeback gets another complaint of its supplier on its side
        other = self._complaint()
        reply = self._call_kw(
            "complaint.chargeback",
            "write",
            [chargeback.ids, {"ticket_ids": [Command.link(other.id)]}],
        )
        self.assertFalse(reply.get("error"), reply)
        self.env.invalidate_all()
        self.assertEqual(other.chargeback_ids, chargeback)

    # What the application computes
    def _computed_fields(self, model):
        """The stored fields of ``model`` the application computes and nobody
        edits (computed or related, read-only, no inverse)."""
        return sorted(
            name
            for name, field in self.env[model]._fields.items()
            if field.store and field.compute and field.readonly and not field.inverse
        )

    def test_20_officer_writes_no_computed_fact(self):
        """A complaint officer does not write that a serious complaint needs no
        8D (a computed field), nor move a remedy to another company through its
        related company: refused, nothing changes; the complaint then does not
        close without its 8D."""
        complaint = self._complaint()
        complaint.write({"eight_d_requested": True, "responsibility": "company"})
        self.assertTrue(complaint.eight_d_required)
        reply = self._write_as("officer", complaint, {"eight_d_required": False})
        self.assertTrue(self._refused(reply), reply)
        self.assertIn("computed", reply["error"]["data"]["message"])
        reply = self._write_as("officer", complaint, {"stage_id": self.closed_stage.id})
        self.assertTrue(self._refused(reply), reply)
        remedy = self._remedy(complaint)
        other_company = self.env["res.company"].create({"name": "Other Shop Co"})
        reply = self._write_as("officer", remedy, {"company_id": other_company.id})
        self.assertTrue(self._refused(reply), reply)
        self.env.invalidate_all()
        self.assertTrue(complaint.eight_d_required)
        self.assertFalse(complaint.closed)
        self.assertEqual(remedy.company_id, complaint.company_id)

    def test_21_no_computed_field_written_by_a_client(self):
        """Every stored computed field of every protected model of the addon is
        refused to a client's write (the QA manager, who writes the most), and
        left to its compute on create (the complaint's grade)."""
        Mixin = self.env.registry["complaint.protected.mixin"]
        manager = self.users["manager"]
        checked = 0
        for model in self._addon_models():
            if not issubclass(self.env.registry[model], Mixin):
                continue
            Model = self.env[model].with_user(manager)
            protected = set(Model._get_protected_fields())
            for name in self._computed_fields(model):
                field = Model._fields[name]
                if name in protected or not Model._has_field_access(field, "write"):
                    # refused by the protection, or by the field's groups
                    continue
                refused = Model._computed_field_names({name: False})
                self.assertEqual(refused, [name], f"{model}.{name}")
                checked += 1
        self.assertGreater(checked, 20)
        reply = self._write_as(
            "manager", self._complaint(), {"complaint_severity": "occasional"}
        )
        self.assertTrue(self._refused(reply), reply)
        self._login(manager)
        vals = dict(self._vals_complaint(), complaint_severity="serious")
        reply = self._call_kw("helpdesk.ticket", "create", [vals])
        self.assertNotIn("error", reply, reply)
        created = self.env["helpdesk.ticket"].browse(reply["result"])
        self.assertEqual(created.complaint_severity, created.severity_computed)
        self.assertNotEqual(created.complaint_severity, "serious")
