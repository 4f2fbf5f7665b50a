import ast
import inspect
import re
import textwrap
from pathlib import Path

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import ComplaintCommon

README = Path(__file__).resolve().parents[2] / "README.md"
# The addon and its bridges (complaint_management_stock).
MODULE = "complaint_management"
SUBVIEWS = ("list", "form", "kanban")
# Dialogs of other modules that the addon's buttons open (a button returns their
# action) and whose buttons' methods it overrides are found by the second rule of
# ``button_methods``: the views of any module whose method the addon defines.


def _button_model(env, model, button):
    """The model whose method a button calls: the view's model, or the comodel of
    each one2many/many2many field whose inline subview holds the button."""
    for node in reversed(list(button.iterancestors())):
        if node.tag == "field" and any(child.tag in SUBVIEWS for child in node):
            field = env[model]._fields.get(node.get("name"))
            if field is None or not field.comodel_name:
                return None
            model = field.comodel_name
    return model


def _defined_by_addon(env, model, name):
    return any(
        cls.__module__.startswith(f"odoo.addons.{MODULE}") and name in vars(cls)
        for cls in type(env[model]).__mro__
    )


def button_methods(env):
    """``{(model, method): view xml ids}`` of every ``type="object"`` button of
    the addon's views, and of the buttons of other modules' views whose method
    the addon defines or overrides (the approval dialog of base_tier_validation);
    a button naming no method of its model is listed under the model ``None``."""
    ours = set(
        env["ir.model.data"]
        .search([("module", "=like", f"{MODULE}%"), ("model", "=", "ir.ui.view")])
        .mapped("res_id")
    )
    found = {}
    for view in env["ir.ui.view"].search([("type", "in", SUBVIEWS)]):
        arch = etree.fromstring(view.arch_db)
        for button in arch.iter("button"):
            name = button.get("name")
            if button.get("type") != "object" or not name:
                continue
            model = _button_model(env, view.model, button)
            if model not in env or not hasattr(type(env[model]), name):
                if view.id in ours:
                    found.setdefault((None, name), set()).add(view.xml_id)
                continue
            if view.id in ours or _defined_by_addon(env, model, name):
                found.setdefault((model, name), set()).add(view.xml_id)
    return found


def _returns(function):
    """The return statements of a function, not of the functions it defines."""
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(
                child,
                ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef,
            ):
                continue
            if isinstance(child, ast.Return):
                found.append(child)
            visit(child)

    visit(function)
    return found


def _ends(statements):
    """Whether a block always ends in a return or a raise (no falling off)."""
    if not statements:
        return False
    last = statements[-1]
    if isinstance(last, ast.Return | ast.Raise):
        return True
    if isinstance(last, ast.If):
        return _ends(last.body) and _ends(last.orelse)
    if isinstance(last, ast.With):
        return _ends(last.body)
    if isinstance(last, ast.Try):
        return _ends(last.finalbody) or (
            (_ends(last.body) or _ends(last.orelse))
            and all(_ends(handler.body) for handler in last.handlers)
        )
    return False


def _is_super_call(node, name):
    """``super().<name>(...)`` (or ``super(Class, self).<name>(...)``)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Call)
        and isinstance(node.func.value.func, ast.Name)
        and node.func.value.func.id == "super"
    )


def verdict(function, name):
    """``"none"`` if the function may return None (a bare ``return``,
    ``return None``, or a path falling off its end); ``"delegates"`` if a path
    returns what the parent's method returns unchanged; else ``"value"``."""
    if not _ends(function.body):
        return "none"
    from_super = {
        target.id
        for node in ast.walk(function)
        if isinstance(node, ast.Assign) and _is_super_call(node.value, name)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    result = "value"
    for node in _returns(function):
        value = node.value
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            return "none"
        if _is_super_call(value, name) or (
            isinstance(value, ast.Name) and value.id in from_super
        ):
            result = "delegates"
    return result


def none_source(model_class, name):
    """Where the method ``name`` of a registry class may return None: the first
    definition (in method resolution order) that may, following ``super()`` as
    long as a definition hands the parent's result back unchanged; None if every
    path returns a value."""
    for cls in model_class.__mro__:
        function = vars(cls).get(name)
        if function is None:
            continue
        node = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
        found = verdict(node, name)
        if found == "none":
            return f"{cls.__module__}.{cls.__name__}.{name}"
        if found == "value":
            return None
    return None


def readme_section(title):
    """The text of a README.md section (up to the next section of its level)."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def readme_python_blocks(title):
    return re.findall(r"```python\n(.*?)```", readme_section(title), re.S)


@tagged("post_install", "-at_install")
class TestButtonReturnValues(TransactionCase):
    """Every method a button calls returns a value an XML-RPC client can carry
    (rules §25.1): found from the views in the database, so a new button is
    checked too."""

    def test_01_buttons_are_found_from_the_views(self):
        """Each button of the addon's views names a method of its model; the
        approval buttons and the approval dialog are among them."""
        found = button_methods(self.env)
        missing = sorted(
            f"{name} ({', '.join(sorted(views))})"
            for (model, name), views in found.items()
            if model is None
        )
        self.assertEqual(missing, [], "buttons naming no method of their model")
        for pair in (
            ("complaint.remedy", "validate_tier"),
            ("complaint.8d", "reject_tier"),
            ("comment.wizard", "add_comment"),
            ("helpdesk.ticket", "action_hand_over_to_qa"),
            ("complaint.chargeback", "action_settle"),
        ):
            self.assertIn(pair, found)
        self.assertGreater(len(found), 100)

    def test_02_no_button_method_returns_none(self):
        """No method a button calls may return None, directly or through the
        ``super()`` chain it hands back (base_tier_validation's ``validate_tier``,
        ``reject_tier`` and the comment dialog's ``add_comment`` return nothing)."""
        offenders = sorted(
            f"{model}.{name}: {where}"
            for (model, name) in button_methods(self.env)
            if model and (where := none_source(type(self.env[model]), name)) is not None
        )
        self.assertEqual(offenders, [])

    def test_03_the_check_sees_every_way_to_return_none(self):
        """The check itself: falling off the end, a bare return, ``return None``
        and handing back a parent's None are caught; values are not."""

        def parse(source):
            return ast.parse(textwrap.dedent(source)).body[0]

        cases = {
            "def action_x(self):\n    self.write({})\n": "none",
            "def action_x(self):\n    if self:\n        return\n    return True\n": (
                "none"
            ),
            "def action_x(self):\n    return None\n": "none",
            "def action_x(self):\n    if self:\n        return True\n": "none",
            "def action_x(self):\n    return super().action_x()\n": "delegates",
            "def action_x(self):\n    res = super().action_x()\n    return res\n": (
                "delegates"
            ),
            "def action_x(self):\n    return super().action_x() or True\n": "value",
            "def action_x(self):\n    try:\n        return 1\n"
            "    except ValueError:\n        raise\n": "value",
            "def action_x(self):\n    def inner():\n        return\n"
            "    return {'type': 'ir.actions.act_window_close'}\n": "value",
        }
        for source, expected in cases.items():
            self.assertEqual(verdict(parse(source), "action_x"), expected, source)
        # Following super(): the parent of base_tier_validation returns None.
        tier = type(self.env["tier.validation"])
        self.assertTrue(none_source(tier, "validate_tier"))
        self.assertIsNone(
            none_source(type(self.env["complaint.remedy"]), "validate_tier")
        )


@tagged("post_install", "-at_install")
class TestButtonReturnValuesRpc(ComplaintCommon, HttpCase):
    """Buttons called over XML-RPC, as their users, return a value and no
    "cannot marshal None" fault (rules §25.1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deputy = cls._new_user("t_deputy", "group_complaint_approver_deputy_store")
        cls.team.user_ids = [Command.link(cls.deputy.id)]

    def _execute(self, user, model, method, args, kwargs=None):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, args, kwargs or {}
        )

    def test_01_stage_change_returns_true(self):
        """The officer hands a complete complaint over to QA over XML-RPC."""
        complaint = self._complaint(**self._complete_intake())
        result = self._execute(
            self.officer, "helpdesk.ticket", "action_hand_over_to_qa", [complaint.ids]
        )
        self.assertIs(result, True)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.intake_state, "handed_over")

    def test_02_approval_dialog_confirm_returns_a_value(self):
        """The deputy store manager approves a remedy over XML-RPC: the Approve
        button returns the comment dialog, and its confirm returns True where it
        returned None."""
        complaint = self._complaint(**self._complete_intake())
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.officer)
            .create({"ticket_id": complaint.id, "amount": 150.0})
        )
        remedy.with_user(self.officer).action_request_approval()
        action = self._execute(
            self.deputy, "complaint.remedy", "validate_tier", [remedy.ids]
        )
        self.assertEqual(action["res_model"], "comment.wizard")
        wizard_id = self._execute(
            self.deputy,
            "comment.wizard",
            "create",
            [{"comment": "Approved over XML-RPC."}],
            {"context": action["context"]},
        )
        result = self._execute(
            self.deputy, "comment.wizard", "add_comment", [[wizard_id]]
        )
        self.assertIs(result, True)
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "approved")


@tagged("post_install", "-at_install")
class TestComplaintJsonApi(HttpCase):
    """README's "Calling it from another system", run as written against this
    server: an integration user's API key records a complaint and reads its status
    over Odoo's JSON-2 API (rules §25.2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integration_user = new_test_user(
            cls.env,
            login="t_erp_link",
            groups="base.group_user,complaint_management.group_complaint_officer",
        )
        # The records the README's example looks up by name and code.
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaint Desk",
                "complaint_team": True,
                "user_ids": [Command.link(cls.integration_user.id)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Acme Motors", "ref": "C-1042", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Brake caliper", "default_code": "CAL-4410"}
        )

    def test_01_readme_records_a_complaint_and_reads_its_status(self):
        """The README's calls, with the key of Preferences → Account Security."""
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.integration_user)
            .sudo()
            ._generate(None, "ERP link", None)
        )
        setup, calls = readme_python_blocks("Calling it from another system")
        namespace = {}
        exec(setup, namespace)  # pylint: disable=exec-used
        # The same calls through the test's HTTP session (requests' Session,
        # which carries the cookie the test server asks of every request).
        namespace.update(
            requests=self.opener,
            ODOO=self.base_url(),
            DATABASE=self.env.cr.dbname,
            API_KEY=key,
        )
        exec(calls, namespace)  # pylint: disable=exec-used

        complaint = self.env["helpdesk.ticket"].browse(namespace["complaint_id"])
        self.assertTrue(complaint.is_complaint)
        self.assertTrue(complaint.complaint_number)
        self.assertEqual(complaint.create_uid, self.integration_user)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.product_id, self.product)
        self.assertFalse(complaint._intake_missing_names())
        status = namespace["status"]
        self.assertEqual(status["complaint_number"], complaint.complaint_number)
        self.assertEqual(
            status["stage_id"], [complaint.stage_id.id, complaint.stage_id.name]
        )
        self.assertEqual(status["complaint_severity"], complaint.complaint_severity)
        self.assertTrue(complaint.complaint_severity)
        self.assertEqual(status["sla_status"], complaint.sla_status)
        self.assertTrue(complaint.sla_next_deadline)
        self.assertEqual(
            status["sla_next_deadline"],
            complaint.sla_next_deadline.strftime("%Y-%m-%d %H:%M:%S"),
        )
        open_numbers = [row["complaint_number"] for row in namespace["open_complaints"]]
        self.assertEqual(open_numbers, [complaint.complaint_number])

    def test_02_a_wrong_key_is_refused(self):
        """Without a valid key, the README's helper reports Odoo's refusal."""
        setup, calls = readme_python_blocks("Calling it from another system")
        namespace = {}
        exec(setup, namespace)  # pylint: disable=exec-used
        namespace.update(
            requests=self.opener,
            ODOO=self.base_url(),
            DATABASE=self.env.cr.dbname,
            API_KEY="not-a-key",
        )
        with self.assertRaises(RuntimeError):
            namespace["call"]("helpdesk.ticket", "search", domain=[])
