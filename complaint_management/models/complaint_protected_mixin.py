"""Record protection: "may field X change now, may this record be deleted?"
(design.md, 'Workflow and record protection'; rules §10).

Each protected model answers it once, by class attributes read by
``complaint.protected.mixin``:

- ``_protected_fields``: written by the application only (its buttons, its
  flows), never by a client;
- ``_protected_links``: the relations to protected documents, written only by
  those documents' own actions, never by an x2many command of a client, on
  create as on write;
- ``_lock_field`` and ``_locks``: ``{state: rule}``, the fields that stay
  writable in each state, a rule being ``locked(*names)`` (every field but
  these) or ``free_only(*names)`` (none but these);
- ``_lock_parents``: ``{many2one: one2many of its comodel}``, a record moves
  into or out of a parent only while the parent's lock lets that one2many
  change;
- ``_undeletable_states``: the states in which nobody deletes the record.

Whatever a model declares, the stored fields the application computes (computed
or related, read-only, with no inverse) are never a client's to write
(``_computed_field_names``).

Why a sentinel and not a context key: an RPC client chooses every context key
it sends, so a key such as ``{"approval_flow": True}`` grants whatever it
guards to anyone who types it. As OCA queue_job does for its jobs, the
application's own writes are recognised by the context key ``complaint_edit``
holding the very object ``EDIT_SENTINEL`` (compared with ``is``), which exists
only in this Python process (context values arrive over RPC as JSON): only the
addon's own methods, after their checks, can put it there
(``_protected_context()``).
"""

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

# The marker no client can forge (see the module docstring), and its one key.
EDIT_SENTINEL = object()
EDIT_SENTINEL_KEY = "complaint_edit"
# Odoo's key (odoo.addons.base.models.ir_model.MODULE_UNINSTALL_FLAG).
MODULE_UNINSTALL_FLAG = "_force_unlink"
# Written by the chatter, activities and sharing on any record: never a change
# of what the record says, so no lock refuses them.
TECHNICAL_FIELDS = frozenset(
    {
        "message_follower_ids",
        "message_main_attachment_id",
        "message_ids",
        "activity_ids",
        "access_token",
        "website_message_ids",
    }
)


def is_engine(env):
    """Whether ``env`` comes from the application's own code (holds the marker)."""
    return env.context.get(EDIT_SENTINEL_KEY) is EDIT_SENTINEL


class LockRule:
    """Which fields stay writable in a locked state: see ``locked`` and
    ``free_only``."""

    __slots__ = ("free", "names")

    def __init__(self, names, free):
        self.names = tuple(names)
        self.free = free

    def refused(self, names):
        """The field names among ``names`` that this rule refuses."""
        if self.free:
            allowed = set(self.names) | TECHNICAL_FIELDS
            return sorted(name for name in names if name not in allowed)
        return [name for name in self.names if name in names]

    def free_names(self):
        """The field names this rule names as still writable (for messages)."""
        return self.names if self.free else ()


def locked(*names):
    """A state in which every field stays writable except ``names``."""
    return LockRule(names, free=False)


def free_only(*names):
    """A state in which no field stays writable except ``names`` (and the
    chatter's own, ``TECHNICAL_FIELDS``)."""
    return LockRule(names, free=True)


class ComplaintProtectedMixin(models.AbstractModel):
    """What may change on a record, and whether it may be deleted, declared once
    per model as class attributes:

    - ``_protected_fields``: only the application writes them; ``create`` and
      ``write`` refuse them unless the context holds the marker, or, when the
      model sets ``_protected_allow_superuser``, the environment is superuser
      (code that checked the user's right and then used ``sudo()``; no RPC call
      is);
    - ``_protected_links``: relational fields to protected documents (a
      complaint's 8D reports, chargebacks...), protected fields that a create
      refuses too, whatever ``_protected_on_create`` says: the documents link
      themselves, from their own side (rules §10.6);
    - ``_lock_field`` (``state``) and ``_locks``: ``{state: locked(...) or
      free_only(...)}``, what a client may still write in each state; override
      ``_lock_key`` for a condition of another shape (a closed complaint, the
      state of a line's parent); ``_lock_hint``, ``_lock_state_label`` and
      ``_lock_message`` word the refusal;
    - ``_lock_parents``: ``{many2one: one2many}``, the parents whose lock keeps
      the records they list: a client does not move a record into or out of a
      locked parent through the record's many2one (``_check_lock_parents``);
    - ``_undeletable_states``: nobody deletes a record in these states, whatever
      the context says: Odoo's ``_force_unlink`` key, which skips the
      ``@api.ondelete(at_uninstall=False)`` checks, is honoured only while the
      addon is really being uninstalled.

    The application writes behind the marker (``_protected_context()``): it may
    write protected fields and locked records, never delete an undeletable one.
    """

    _name = "complaint.protected.mixin"
    _description = "Complaint Record Protection"

    _protected_fields = ()
    _protected_links = ()
    _protected_allow_superuser = False
    # False where a record may be created with its protected fields set (a
    # complaint recorded with its history's dates, as the import does).
    _protected_on_create = True
    _lock_field = "state"
    _locks = {}
    _lock_parents = {}
    _undeletable_states = ()

    # The marker
    def _protected_context(self):
        """These records in the environment of the application's own writes."""
        return self.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})

    def _protected_trusted(self):
        """Whether the current environment may write protected fields."""
        return is_engine(self.env) or (self._protected_allow_superuser and self.env.su)

    # Protected fields
    @api.model
    def _get_protected_fields(self):
        """The protected field names; extend to add fields."""
        return [*self._protected_fields, *self._protected_links]

    @api.model
    def _check_protected_vals(self, vals, create=False):
        """Refuse the protected fields of ``vals`` (a create may give them their
        empty value or the field's own default, as the web client does; where
        ``_protected_on_create`` is False, a create is refused its links only)."""
        names = [name for name in self._get_protected_fields() if name in vals]
        if create and names:
            names = [
                name
                for name in names
                if (self._protected_on_create or name in self._protected_links)
                and vals[name]
                and vals[name] != self._protected_field_default(name)
            ]
        if names:
            raise ValidationError(self._protected_message(names))

    # Computed fields
    @api.model
    def _computed_field_names(self, vals):
        """The names of ``vals`` that are stored fields the application computes
        and nobody edits: computed or related, read-only, with no inverse (rules
        §10.2). The ORM stores what a write gives them and keeps what a create
        gives them, so a client writing one would state what the rules did not
        find: that a serious complaint needs no 8D, a remedy of another
        company. Only the application (the marker, or superuser code after its
        own checks) writes them."""
        if is_engine(self.env) or self.env.su:
            return []
        protected = set(self._get_protected_fields())
        return [
            name
            for name in vals
            if (field := self._fields.get(name))
            and field.store
            and field.compute
            and field.readonly
            and not field.inverse
            # refused for their own reasons: protected, or hidden from the user
            and name not in protected
            and self._has_field_access(field, "write")
        ]

    @api.model
    def _computed_message(self, names):
        return self.env._(
            "%(model)s: these fields are computed by the application from the "
            "record and cannot be written: %(fields)s. Change what they are "
            "computed from instead.",
            model=self._description,
            fields=", ".join(
                self._fields[name]._description_string(self.env) for name in names
            ),
        )

    @api.model
    def _protected_message(self, names):
        """The refusal of a client's write of the protected fields ``names``;
        override to say what to do instead."""
        return self.env._(
            "%(model)s: these fields are set by the application itself (its "
            "buttons) and cannot be written directly: %(fields)s.",
            model=self._description,
            fields=", ".join(
                self._fields[name]._description_string(self.env) for name in names
            ),
        )

    @api.model
    def _protected_field_default(self, name):
        """The default of field ``name`` as the model defines it (never a client's
        ``default_<name>`` context key)."""
        default = self._fields[name].default
        return default(self) if callable(default) else default

    # Locks
    def _lock_key(self):
        """The state of this record ``_locks`` is looked up with; override for a
        lock condition of another shape (False for a model without one)."""
        self.ensure_one()
        if self._lock_field not in self._fields:
            return False
        return self[self._lock_field]

    def _lock_filter(self, keys=None):
        """These records whose lock key is one of ``keys`` (the locked ones by
        default)."""
        keys = self._locks if keys is None else keys
        if not keys:
            return self.browse()
        return self.filtered(lambda record: record._lock_key() in keys)

    def _lock_refused(self, names):
        """The first locked record among these and the fields of ``names`` its
        state refuses, or ``(None, [])``."""
        for record in self._lock_filter():
            refused = self._locks[record._lock_key()].refused(names)
            if refused:
                return record, refused
        return None, []

    def _check_locks(self, vals):
        """Refuse ``vals`` on records whose state locks one of its fields."""
        if is_engine(self.env) or not self._locks:
            return
        record, names = self._lock_refused(set(vals))
        if record:
            raise ValidationError(record._lock_message(names))

    def _check_lock_parents(self, vals, create=False):
        """Refuse moving these records (or, on create, a new one) into or out
        of a locked parent, one whose lock refuses the one2many that lists them
        (``_lock_parents``)."""
        if is_engine(self.env):
            return
        for fname, one2many in self._lock_parents.items():
            if fname not in vals:
                continue
            Parent = self.env[self._fields[fname].comodel_name].sudo()
            parents = Parent.browse(vals[fname] or [])
            if not create:
                parents |= self.sudo()[fname]
            record, _names = parents._lock_refused([one2many])
            if record:
                raise ValidationError(record._lock_message([one2many]))

    def _lock_state_label(self):
        """How the locked state reads in a sentence ("closed", "approved")."""
        self.ensure_one()
        field = self._fields[self._lock_field]
        if field.type == "selection":
            selection = dict(field._description_selection(self.env))
            return selection.get(self[self._lock_field], "").lower()
        return field._description_string(self.env).lower()

    def _lock_hint(self):
        """What to do instead of changing the locked record; override."""
        return ""

    def _field_labels(self, names, sort=False):
        """The labels of fields ``names``, joined for a sentence."""
        labels = [
            self._fields[name]._description_string(self.env)
            for name in names
            if name in self._fields
        ]
        return ", ".join(sorted(labels) if sort else labels)

    def _lock_message(self, names):
        """The refusal of a change of ``names`` on this locked record."""
        self.ensure_one()
        free = self._field_labels(self._locks[self._lock_key()].free_names(), sort=True)
        message = self.env._(
            "%(record)s is %(state)s, so it is locked and stays as it was: "
            "%(fields)s cannot change any more.",
            record=self.display_name,
            state=self._lock_state_label(),
            fields=self._field_labels(names, sort=True),
        )
        if free:
            message += " " + self.env._(
                "Only %(free)s can still be written.", free=free
            )
        hint = self._lock_hint()
        if hint:
            message += " " + hint
        return message

    # Deletion
    def _undeletable_message(self):
        """The refusal to delete this record."""
        self.ensure_one()
        return self.env._(
            "%(record)s is %(state)s and cannot be deleted by anyone: it is the "
            "company's record of what happened.",
            record=self.display_name,
            state=self._lock_state_label(),
        )

    def _protected_uninstalling(self):
        """Whether the addon is being uninstalled (its data goes with it)."""
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            return False
        return bool(
            self.env["ir.module.module"]
            .sudo()
            .search_count(
                [("name", "=", "complaint_management"), ("state", "=", "to remove")],
                limit=1,
            )
        )

    # CRUD
    @api.model
    def default_get(self, fields):
        """A client's ``default_<protected field>`` context key is ignored: it
        would otherwise create a record already approved."""
        defaults = super().default_get(fields)
        if not self._protected_trusted():
            for name in self._get_protected_fields():
                if name in defaults and f"default_{name}" in self.env.context:
                    default = self._protected_field_default(name)
                    if default is None:
                        del defaults[name]
                    else:
                        defaults[name] = default
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        if (
            self._protected_on_create or self._protected_links
        ) and not self._protected_trusted():
            for vals in vals_list:
                self._check_protected_vals(vals, create=True)
        if self._lock_parents:
            for vals in vals_list:
                self._check_lock_parents(vals, create=True)
        # what the application computes is left to its compute
        vals_list = [
            {k: v for k, v in vals.items() if k not in computed}
            if (computed := self._computed_field_names(vals))
            else vals
            for vals in vals_list
        ]
        return super().create(self._complete_create_vals(vals_list))

    @api.model
    def _complete_create_vals(self, vals_list):
        """``vals_list`` completed once the protection accepted it (a refused
        create never gets this far); override."""
        return vals_list

    def write(self, vals):
        if not self._protected_trusted():
            self._check_protected_vals(vals)
        if computed := self._computed_field_names(vals):
            raise ValidationError(self._computed_message(computed))
        self._check_locks(vals)
        self._check_lock_parents(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _protected_check_unlink(self):
        """Nobody deletes a record in an undeletable state (checked during
        uninstalls too, where only the addon's real uninstall lets it go)."""
        if not self._undeletable_states or self._protected_uninstalling():
            return
        undeletable = self._lock_filter(self._undeletable_states)
        if undeletable:
            raise UserError(undeletable[0]._undeletable_message())

    def unlink(self):
        records = self
        if (
            self._undeletable_states
            and self.env.context.get(MODULE_UNINSTALL_FLAG)
            and not self._protected_uninstalling()
        ):
            # A client's _force_unlink would skip every other ondelete check.
            records = self.with_context(**{MODULE_UNINSTALL_FLAG: False})
        return super(ComplaintProtectedMixin, records).unlink()
