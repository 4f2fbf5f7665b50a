"""Who writes in the chatter of a complaint record (rules §11.9).

Odoo lets whoever reads a record post on it when the model says so
(``_mail_post_access = "read"``: helpdesk_mgmt's tickets, our 8D reports),
lets anyone who reads a record follow it, and lets a follower post on it. For
the readers of complaints, finance and auditors, reading must stay reading: a
message on a complaint mails the customer, an activity sets someone's work.
``complaint.chatter.mixin`` answers once, in ``_complaint_chatter_refusal``,
whether the current user may write in the chatter of a model's records; every
channel asks it:

- ``_mail_get_operation_for_mail_message_operation``: the right on the document
  that creating, editing or deleting a message or an activity needs (the ORM's
  checks of ``mail.message`` and ``mail.activity``, the chatter's upload and
  reaction routes);
- ``mail.message._get_forbidden_access``: messages of followers and of
  recipients answering, which Odoo lets through without that right;
- ``message_post`` and ``message_subscribe`` (``mail.thread``, see
  models/mail_thread.py): refused with a message that says why;
- the mail composer's mass mailing (``mail.compose.message``).

Attachments need the right to write the record (Odoo's own rule), which
auditors never have and finance has on chargebacks only. What the application
does for a user (under ``sudo()`` or behind the engine's marker: the mail
gateway, the crons, the approval engine, marking one's own activity done) and
portal users (whose rights are the portal's) are not concerned.
"""

from odoo import models
from odoo.exceptions import AccessError

from .complaint_protected_mixin import is_engine

# The complaint roles that read without writing (rules §11.1).
READER_ROLES = (
    "complaint_management.group_complaint_finance",
    "complaint_management.group_complaint_auditor",
)


class ComplaintChatterMixin(models.AbstractModel):
    """Refuse messages, activities and followers on a ``mail.thread`` model's
    records to users whose complaint role only reads them (finance, auditors),
    unless they also hold one of ``_complaint_chatter_groups``. For
    ``mail.thread`` models; ``mail.thread`` asks it in ``message_post`` and
    ``message_subscribe`` (models/mail_thread.py: a mixin listed after
    ``mail.thread`` cannot come before it)."""

    _name = "complaint.chatter.mixin"
    _description = "Complaint Chatter Writers"

    # Who writes in the chatter besides the reading roles: every complaint role
    # that works on records implies the officer.
    _complaint_chatter_groups = ("complaint_management.group_complaint_officer",)

    # The rule
    def _complaint_chatter_refusal(self):
        """Why the current user may not write in the chatter of this model's
        records (posting, activities, followers), or ``None`` when they may.
        Decided on the user alone, whatever the environment: the callers skip
        the application's own steps (``_complaint_chatter_check``)."""
        user = self.env.user
        if user.share or not any(user.has_group(xmlid) for xmlid in READER_ROLES):
            return None
        if any(user.has_group(xmlid) for xmlid in self._complaint_chatter_groups):
            return None
        return self.env._(
            "%(user)s reads %(model)s records and writes nothing on them: no "
            "message, activity or follower.",
            user=user.name,
            model=self.env["ir.model"].sudo()._get(self._name).name,
        )

    def _complaint_chatter_check(self):
        """Raise the refusal, except for the application's own steps (superuser
        or the engine's marker)."""
        if self.env.su or is_engine(self.env):
            return
        refusal = self._complaint_chatter_refusal()
        if refusal:
            raise AccessError(refusal)

    # The channels
    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        """No right on the document lets a reading role create, change or delete
        its messages and activities (the chatter routes ask it with ``sudo()``:
        the user decides)."""
        operations = super()._mail_get_operation_for_mail_message_operation(
            message_operation
        )
        if message_operation != "read" and self._complaint_chatter_refusal():
            return dict.fromkeys(operations, None)
        return operations
