from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang


def reference_field():
    """The ``name`` of a document numbered by ``_sequence_code``: "/" until the
    create gives it its number."""
    return fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )


class ComplaintWorkflowMixin(models.AbstractModel):
    """The state machine of a complaint document (remedy, 8D, chargeback, CAPA),
    configured by class attributes as ``tier.validation`` is:

    - ``_state_field`` and ``_transitions``: ``{action: (source states, target
      state)}``, the one table of the document's moves;
    - ``_workflow_can``: ``{boolean field: action}``, the ``can_*`` flags (per
      current user) that drive the buttons, as in hr_holidays; the fields are
      declared with ``compute="_compute_can_actions"`` and ``_can_depends``
      lists what else they depend on;
    - ``_sequence_code``: the ``ir.sequence`` code that numbers the document's
      ``name``, per company (``_sequence_company``), once the protection
      accepted the create; ``reference_field()`` declares that ``name``.

    ``_refusal`` is the one guard: it holds every transition and its message;
    ``_refusal_rights`` adds who may take an action; ``_check_transition``
    raises its answer and ``_set_state`` moves the documents behind the addon's
    marker (the state is a protected field, ``complaint.protected.mixin``).
    """

    _name = "complaint.workflow.mixin"
    _inherit = ["complaint.protected.mixin"]
    _description = "Complaint Document Workflow"

    _state_field = "state"
    _transitions = {}
    _workflow_can = {}
    _can_depends = ()
    _sequence_code = None

    @api.depends(lambda self: [self._state_field, *self._can_depends])
    @api.depends_context("uid")
    def _compute_can_actions(self):
        for record in self:
            for name, action in record._workflow_can.items():
                record[name] = not record._refusal(action)

    # Numbering
    @api.model
    def _complete_create_vals(self, vals_list):
        """Number the new documents, once the protection accepted the create (a
        refused create burns no number)."""
        vals_list = super()._complete_create_vals(vals_list)
        if self._sequence_code:
            for vals in vals_list:
                if vals.get("name", "/") == "/":
                    vals["name"] = self._next_number(vals)
        return vals_list

    @api.model
    def _next_number(self, vals):
        """The next number of the sequence ``_sequence_code`` in the document's
        company; a document is numbered by the day it is created, whatever date a
        client puts in its context (reading the sequence needs no rights)."""
        company = self._sequence_company(vals)
        return self.env["ir.sequence"].with_company(company).with_context(
            ir_sequence_date=False, ir_sequence_date_range=False
        ).next_by_code(
            self._sequence_code, sequence_date=fields.Date.context_today(self)
        ) or self.env._("New")

    @api.model
    def _sequence_company(self, vals):
        """The company whose sequence numbers the document created from ``vals``."""
        return self.env["res.company"].browse(
            vals.get("company_id") or self.env.company.id
        )

    # The guard
    def _refusal(self, action, rights=True):
        """Why the current user cannot take ``action`` on this document, or False.

        The one guard, holding every transition and its message: the state must
        be one the action leaves from (``_transitions``); with ``rights``, the
        user must also be allowed (``_refusal_rights``; the superuser always is).
        Override to add a model's own conditions (call super first).
        """
        self.ensure_one()
        transition = self._transitions.get(action)
        if not transition:
            return self.env._(
                "%(document)s cannot be %(action)s.",
                document=self.display_name,
                action=self._action_label(action),
            )
        sources, _target = transition
        if self[self._state_field] not in sources:
            return self.env._(
                "%(document)s is %(state)s, so it cannot be %(action)s.",
                document=self.display_name,
                state=self._state_label(),
                action=self._action_label(action),
            )
        if not rights or self.env.su:
            return False
        return self._refusal_rights(action)

    def _refusal_rights(self, action):
        """Why the current user may not take ``action`` (its state allows it), or
        False; override."""
        return False

    def _check_transition_access(self, action):
        """Raise Odoo's own access error before the guard; override."""

    def _check_transition(self, action, rights=True):
        """Raise the guard's refusal of ``action`` for any of these documents."""
        for record in self:
            if rights:
                record._check_transition_access(action)
            message = record._refusal(action, rights=rights)
            if message:
                raise UserError(message)

    def _set_state(self, action, **values):
        """Move documents by ``action`` (its state check only: callers checked
        the user's right first), writing ``values`` alongside."""
        self._check_transition(action, rights=False)
        target = self._transitions[action][1]
        self._protected_context().write(dict(values, **{self._state_field: target}))

    # Labels
    def _state_label(self, state=None):
        """How the document's state (or ``state``) reads."""
        self.ensure_one()
        selection = dict(
            self._fields[self._state_field]._description_selection(self.env)
        )
        return selection.get(state or self[self._state_field], "")

    def _action_label(self, action, infinitive=False):
        """How ``action`` reads in a sentence: "cannot be <approved>", or with
        ``infinitive``, "cannot <approve>"."""
        if infinitive:
            labels = {
                "request": self.env._("request approval for"),
                "approve": self.env._("approve"),
                "reject": self.env._("reject"),
                "withdraw": self.env._("withdraw"),
                "reset": self.env._("reset"),
                "cancel": self.env._("cancel"),
                "done": self.env._("complete"),
                "reopen": self.env._("reopen"),
                "send": self.env._("send"),
                "answer": self.env._("answer"),
                "answer_accept": self.env._("answer"),
                "answer_partial": self.env._("answer"),
                "answer_dispute": self.env._("answer"),
                "revise": self.env._("revise"),
                "settle": self.env._("settle"),
                "start": self.env._("start"),
            }
        else:
            labels = {
                "request": self.env._("submitted for approval"),
                "approve": self.env._("approved"),
                "reject": self.env._("rejected"),
                "withdraw": self.env._("withdrawn"),
                "reset": self.env._("set back to draft"),
                "cancel": self.env._("cancelled"),
                "done": self.env._("marked as done"),
                "reopen": self.env._("reopened"),
                "send": self.env._("sent"),
                "answer": self.env._("answered"),
                "answer_accept": self.env._("answered"),
                "answer_partial": self.env._("answered"),
                "answer_dispute": self.env._("answered"),
                "revise": self.env._("revised"),
                "settle": self.env._("settled"),
                "accept": self.env._("accepted"),
                "return": self.env._("returned"),
                "close": self.env._("closed"),
                "start": self.env._("started"),
            }
        return labels.get(action, action)

    def _format_amount(self, amount):
        """``amount`` in the document's currency, as the user's language writes
        it."""
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)
