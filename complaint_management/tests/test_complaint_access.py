import logging

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .access_matrix import (
    BUTTON_ROWS,
    LETTERS,
    MODEL_ROWS,
    OPERATIONS,
    ROLES,
    AccessMatrixMixin,
    JsonRpcMixin,
)
from .common import ComplaintCommon

_logger = logging.getLogger(__name__)
QUIET = (
    "odoo.models",
    "odoo.models.unlink",
    "odoo.addons.base.models.ir_model",
    "odoo.addons.base.models.ir_rule",
)


def model_cells():
    """Every (row, role, operation) of the model matrix, with the expectation."""
    for row in MODEL_ROWS:
        model, fixture, write_vals, create_name, expected = row
        for role in ROLES:
            for operation in OPERATIONS:
                allowed = LETTERS[operation] in expected[role]
                yield model, fixture, write_vals, create_name, role, operation, allowed


def button_cells():
    """Every (button row, role), with the expectation."""
    for model, fixture, method, allowed in BUTTON_ROWS:
        for role, ok in zip(ROLES, allowed, strict=True):
            yield model, fixture, method, role, ok


@tagged("post_install", "-at_install")
class TestComplaintAccessMatrix(AccessMatrixMixin, ComplaintCommon):
    """Each role, each model of the addon, each operation and each workflow button
    or tier method, checked as that user with the ORM (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()

    def _button_cell(self, role, fixture, method):
        record = self._fresh(fixture)
        with self._any_8d_complete():
            return self._try(
                lambda: getattr(record.with_user(self.users[role]), method)()
            )

    def _run_cell(self, cell, *args):
        """A cell's answer; an error that is no refusal fails the cell."""
        try:
            return cell(*args)
        except Exception as error:  # noqa: BLE001 - reported as a mismatch
            return None, error

    @mute_logger(*QUIET)
    def test_01_access_matrix(self):
        """Every cell of the matrix (models x roles x read/write/create/unlink,
        and every button and tier method x roles) gives the expected allow or
        deny; a refusal is Odoo's access error or the application's own."""
        mismatches = []
        count = 0
        for model, fixture, write_vals, create_name, role, op, allowed in model_cells():
            with self._rolled_back():
                got, error = self._run_cell(
                    self._orm_cell,
                    role,
                    model,
                    fixture,
                    op,
                    write_vals,
                    getattr(self, f"_{create_name}"),
                )
            count += 1
            if got != allowed:
                mismatches.append(
                    f"{model} ({fixture}) {op} as {role}: expected "
                    f"{'allow' if allowed else 'deny'}, got "
                    f"{'allow' if got else f'deny ({error})'}"
                )
        for model, fixture, method, role, allowed in button_cells():
            with self._rolled_back():
                got, error = self._run_cell(self._button_cell, role, fixture, method)
            count += 1
            if got != allowed:
                mismatches.append(
                    f"{model}.{method} ({fixture}) as {role}: expected "
                    f"{'allow' if allowed else 'deny'}, got "
                    f"{'allow' if got else f'deny ({error})'}"
                )
        _logger.info("Access matrix: %s cells checked", count)
        self.assertFalse(mismatches, "\n".join(mismatches))
        self.assertGreaterEqual(count, 300)

    def test_02_matrix_covers_every_model(self):
        """Every model of the addon that users work with has a line in the
        matrix (wizards and abstract mixins aside)."""
        covered = {row[0] for row in MODEL_ROWS}
        ours = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "complaint_management"
            and not model._abstract
            and not model._transient
        }
        self.assertFalse(ours - covered, "models without a line in the matrix")


@tagged("post_install", "-at_install")
class TestComplaintAccessMatrixRpc(JsonRpcMixin, AccessMatrixMixin, HttpCase):
    """A representative sample of the matrix over JSON-RPC, as the web client or
    any RPC client calls it: the answers agree with the ORM's (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()

    def _rpc(self, model, method, args, kwargs=None):
        reply = self._call_kw(model, method, args, kwargs)
        self.last_error = reply.get("error", {}).get("data", {}).get("message")
        if "error" in reply:
            name = reply["error"]["data"]["name"]
            self.assertIn(
                name,
                (
                    "odoo.exceptions.AccessError",
                    "odoo.exceptions.UserError",
                    "odoo.exceptions.ValidationError",
                ),
                reply["error"]["data"]["message"],
            )
            return False
        return True

    def _rpc_cell(self, model, fixture, operation, write_vals, create_name):
        if operation == "read":
            record = self.fixtures[fixture]
            return self._rpc(model, "read", [record.ids, ["display_name"]])
        if operation == "write":
            record = self._fresh(fixture)
            self.env.flush_all()
            return self._rpc(model, "write", [record.ids, write_vals])
        if operation == "create":
            vals = getattr(self, f"_{create_name}")()
            self.env.flush_all()
            return self._rpc(model, "create", [vals])
        record = self._fresh(fixture)
        self.env.flush_all()
        return self._rpc(model, "unlink", [record.ids])

    @mute_logger(*QUIET, "odoo.http")
    def test_01_sample_over_rpc(self):
        """Every role calls, over JSON-RPC, a sample of cells (each model's read,
        and write/create/unlink of the main documents, the tier methods no web
        client calls) and is allowed or refused as the matrix says."""
        sample_models = {"helpdesk.ticket", "complaint.remedy", "complaint.8d"}
        cells = []
        for model, fixture, write_vals, create_name, role, op, allowed in model_cells():
            if op == "read" or model in sample_models:
                cells.append(
                    (role, model, fixture, op, write_vals, create_name, allowed)
                )
        tier_methods = {
            "request_validation",
            "restart_validation",
            "validate_tier",
            "reject_tier",
        }
        buttons = [cell for cell in button_cells() if cell[2] in tier_methods]
        mismatches = []
        count = 0
        stack = self.enterContext(self._any_8d_complete())
        self.assertIsNone(stack)
        for role in ROLES:
            self._login(self.users[role])
            for (
                cell_role,
                model,
                fixture,
                op,
                write_vals,
                create_name,
                allowed,
            ) in cells:
                if cell_role != role:
                    continue
                got = self._rpc_cell(model, fixture, op, write_vals, create_name)
                count += 1
                if got != allowed:
                    mismatches.append(
                        f"RPC {model} ({fixture}) {op} as {role}: {self.last_error}"
                    )
            for model, fixture, method, cell_role, allowed in buttons:
                if cell_role != role:
                    continue
                record = self._fresh(fixture)
                self.env.flush_all()
                got = self._rpc(model, method, [record.ids])
                count += 1
                if got != allowed:
                    mismatches.append(
                        f"RPC {model}.{method} ({fixture}) as {role}: {self.last_error}"
                    )
        _logger.info("Access matrix over JSON-RPC: %s cells checked", count)
        self.assertFalse(mismatches, "\n".join(mismatches))
        self.assertGreaterEqual(count, 100)

    @mute_logger(*QUIET, "odoo.http")
    def test_02_cost_fields_refused_over_rpc(self):
        """An officer asking over RPC for a complaint's cost figures is refused;
        finance reads them."""
        complaint = self.fixtures["complaint"]
        self._login(self.users["officer"])
        self.assertTrue(self._rpc("helpdesk.ticket", "read", [complaint.ids, ["name"]]))
        self.assertFalse(
            self._rpc(
                "helpdesk.ticket", "read", [complaint.ids, ["remedy_amount_promised"]]
            )
        )
        self.assertFalse(
            self._rpc(
                "helpdesk.ticket",
                "read_group",
                [[], ["remedy_amount_paid:sum"], ["team_id"]],
            )
        )
        self._login(self.users["finance"])
        self.assertTrue(
            self._rpc(
                "helpdesk.ticket", "read", [complaint.ids, ["remedy_amount_promised"]]
            )
        )


@tagged("post_install", "-at_install")
class TestComplaintCosts(AccessMatrixMixin, ComplaintCommon):
    """Costs are hidden from and unwritable by officers; the offer is theirs
    (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._matrix_setup()

    def test_01_officer_reads_no_cost(self):
        """An officer reads the complaint and the remedy's offer (type, amount,
        products) but not what the complaint costs the company, nor the
        customer's money history; the form does not show them."""
        complaint = self.fixtures["complaint"].with_user(self.users["officer"])
        remedy = self.fixtures["remedy"].with_user(self.users["officer"])
        self.assertEqual(remedy.amount, 30.0)
        self.assertEqual(remedy.remedy_type, "replacement")
        with self.assertRaises(AccessError):
            complaint.read(["remedy_amount_promised"])
        with self.assertRaises(AccessError):
            complaint.read(["remedy_amount_paid"])
        with self.assertRaises(AccessError):
            remedy.read(["history_refunded_amount"])
        with self.assertRaises(AccessError):
            complaint.write({"remedy_amount_paid": 1.0})
        arch = complaint.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("remedy_amount_promised", arch)
        arch = remedy.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("history_refunded_amount", arch)

    def test_02_cost_readers(self):
        """The quality manager, approvers, finance and auditors read the cost
        figures; the form shows them."""
        for role in ("manager", "approver", "finance", "auditor"):
            user = self.users[role]
            complaint = self.fixtures["complaint"].with_user(user)
            complaint.read(["remedy_amount_promised", "remedy_amount_paid"])
            self.fixtures["remedy"].with_user(user).read(["history_refunded_amount"])
            arch = complaint.get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertIn("remedy_amount_promised", arch, role)
