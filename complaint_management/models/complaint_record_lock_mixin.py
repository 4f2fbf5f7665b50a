"""Records that stay as they were (issue 13; domain.md §6, §7, §8).

A closed complaint, an approved 8D report, a done remedy and a settled
chargeback are what the company answers for to its customers, suppliers and
auditors: nobody deletes them, and on them only what the process still needs
can be written (the call-back after closure, a reopening with a reason, the
lessons of a typical case...). Each model says, by class attributes, when a
record is locked and which fields stay writable; this mixin enforces it on the
server, in ``write`` and ``unlink``:

- a client's write to a locked record may only touch ``_record_lock_free_fields``
  (and the chatter's own fields); anything else is refused with a sentence that
  names the record, why it is locked, the refused fields and what to do instead;
- the application's own code (the call-back, the reopening, the event dates,
  the approval engine) writes behind the addon's marker ``EDIT_SENTINEL``, which
  no RPC client can send (context values arrive as JSON);
- a locked record is never deleted, whatever the context says: Odoo's
  ``_force_unlink`` key, which skips the ``@api.ondelete(at_uninstall=False)``
  checks, is honoured only while the addon is really being uninstalled.
"""

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .complaint_approval_mixin import EDIT_SENTINEL

# Odoo's key (odoo.addons.base.models.ir_model.MODULE_UNINSTALL_FLAG).
MODULE_UNINSTALL_FLAG = "_force_unlink"
RECORD_LOCK_KEY = "complaint_record_lock_edit"
# Written by the chatter, activities and sharing on any record: never a change
# of what the record says.
RECORD_LOCK_TECHNICAL_FIELDS = frozenset(
    {
        "message_follower_ids",
        "message_main_attachment_id",
        "message_ids",
        "activity_ids",
        "access_token",
        "website_message_ids",
    }
)


class ComplaintRecordLockMixin(models.AbstractModel):
    """Records that stay as they were, configured by class attributes:

    - ``_record_lock_field`` and ``_record_lock_states``: a record is locked when
      the field holds one of the states (override ``_record_lock_filter`` for a
      condition of another shape, e.g. a closed complaint);
    - ``_record_lock_free_fields``: what a user may still write on a locked
      record;
    - ``_record_lock_hint()``: a sentence saying how to do what the user wanted
      (e.g. "Reopen it with a reason first.").
    """

    _name = "complaint.record.lock.mixin"
    _description = "Complaint Records That Stay As They Were"

    _record_lock_field = "state"
    _record_lock_states = ()
    _record_lock_free_fields = ()

    # Which records are locked
    def _record_lock_filter(self):
        """The locked records among these; override for another condition."""
        if not self._record_lock_states:
            return self.browse()
        return self.filtered(
            lambda r: r[self._record_lock_field] in self._record_lock_states
        )

    @api.model
    def _record_lock_trusted(self):
        """Whether the application's own code writes (behind the addon's marker,
        under whichever of its keys): no RPC client can."""
        return any(value is EDIT_SENTINEL for value in self.env.context.values())

    def _record_lock_context(self):
        """These records for the application's own writes on locked records."""
        return self.with_context(**{RECORD_LOCK_KEY: EDIT_SENTINEL})

    def _record_lock_uninstalling(self):
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

    # Messages
    def _record_lock_state_label(self):
        """How the locked state reads in a sentence ("closed", "approved")."""
        self.ensure_one()
        field = self._fields[self._record_lock_field]
        if field.type == "selection":
            selection = dict(field._description_selection(self.env))
            return selection.get(self[self._record_lock_field], "").lower()
        return field._description_string(self.env).lower()

    def _record_lock_write_message(self, names):
        """The refusal of a change of ``names`` on this locked record."""
        self.ensure_one()
        labels = ", ".join(
            sorted(
                self._fields[name]._description_string(self.env)
                for name in names
                if name in self._fields
            )
        )
        free = ", ".join(
            sorted(
                self._fields[name]._description_string(self.env)
                for name in self._record_lock_free_fields
                if name in self._fields
            )
        )
        message = self.env._(
            "%(record)s is %(state)s, so it is locked and stays as it was: "
            "%(fields)s cannot change any more.",
            record=self.display_name,
            state=self._record_lock_state_label(),
            fields=labels,
        )
        if free:
            message += " " + self.env._(
                "Only %(free)s can still be written.", free=free
            )
        hint = self._record_lock_hint()
        if hint:
            message += " " + hint
        return message

    def _record_lock_hint(self):
        """What to do instead of changing the locked record; override."""
        return ""

    def _record_lock_unlink_message(self):
        """The refusal to delete this locked record."""
        self.ensure_one()
        return self.env._(
            "%(record)s is %(state)s and cannot be deleted by anyone: it is the "
            "company's record of what happened.",
            record=self.display_name,
            state=self._record_lock_state_label(),
        )

    # Guards
    def _record_lock_check_write(self, vals):
        """Refuse ``vals`` on locked records unless they only touch free fields."""
        if self._record_lock_trusted():
            return
        names = (
            set(vals)
            - set(self._record_lock_free_fields)
            - RECORD_LOCK_TECHNICAL_FIELDS
        )
        if not names:
            return
        locked = self._record_lock_filter()
        if locked:
            raise ValidationError(locked[0]._record_lock_write_message(names))

    def write(self, vals):
        self._record_lock_check_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _record_lock_check_unlink(self):
        """Nobody deletes a locked record (checked during uninstalls too, where
        only the addon's real uninstall lets its records go)."""
        if self._record_lock_uninstalling():
            return
        locked = self._record_lock_filter()
        if locked:
            raise UserError(locked[0]._record_lock_unlink_message())

    def unlink(self):
        records = self
        if self.env.context.get(MODULE_UNINSTALL_FLAG) and not (
            self._record_lock_uninstalling()
        ):
            # A client's _force_unlink would skip every other ondelete check.
            records = self.with_context(**{MODULE_UNINSTALL_FLAG: False})
        return super(ComplaintRecordLockMixin, records).unlink()
