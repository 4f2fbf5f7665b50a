from odoo import models
from odoo.exceptions import UserError

from .complaint_protected_mixin import free_only
from .helpdesk_ticket_sla import PROTECTED_EVENT_FIELDS

# What a user may still write on a closed complaint: the knowledge base (a
# typical case is chosen among closed complaints, domain.md §8) and the audit
# team of a major complaint (investigated after the fact, domain.md §3). The
# event dates (call-back, effectiveness check) stay writable for the complaint's
# own code only: they are protected on their own (helpdesk_ticket_sla.py).
CLOSED_FREE_FIELDS = (
    "is_typical_case",
    "lessons_learned",
    "audit_user_ids",
    *sorted(PROTECTED_EVENT_FIELDS),
)


class HelpdeskTicket(models.Model):
    """A closed complaint stays as it was (issue 13, ``complaint.protected.mixin``).

    Nobody deletes it and nobody changes what it says; the process still writes
    what follows closure: the call-back and the customer's satisfaction (the
    call-back wizard, the portal's satisfaction answer), the effectiveness check of
    its 8D, the knowledge base, and a reopening, which needs a reason (the
    reopening wizard; an unhappy call-back reopens it too). Plain helpdesk tickets
    are not concerned.
    """

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "complaint.protected.mixin"]

    _lock_field = "closed"
    _locks = {"closed": free_only(*CLOSED_FREE_FIELDS)}
    _undeletable_states = ("closed",)

    def _lock_key(self):
        return "closed" if self.is_complaint and self.closed else False

    def _lock_state_label(self):
        return self.env._("closed")

    def _lock_hint(self):
        return self.env._(
            "Record the call-back with its button, or reopen the complaint with a "
            "reason (Reopen) to change it."
        )

    # Actions
    def _check_event_button(self):
        """A closed complaint records no handling event any more (the call-back
        has its own button)."""
        res = super()._check_event_button()
        locked = self._lock_filter()
        if locked:
            raise UserError(
                self.env._(
                    "%(complaint)s is closed and stays as it was: reopen it with a "
                    "reason before recording what happened in its handling.",
                    complaint=locked[0].display_name,
                )
            )
        return res

    def action_reopen_complaint(self):
        """Open the wizard in which the user says why a closed complaint reopens
        (who may change the complaint)."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Complaint"),
            "res_model": "complaint.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # Business methods
    def _record_callback(self, satisfaction, comment):
        """The call-back follows closure: the process writes it on a closed
        complaint (and may reopen it, with the customer's words as reason)."""
        return super(HelpdeskTicket, self._protected_context())._record_callback(
            satisfaction, comment
        )

    def _reopen_with_reason(self, reason):
        """Reopen closed complaints for a reason the chatter keeps (domain.md §5,
        §8): back to the reopen stage, the deadlines planned again."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the complaint reopens."))
        self.check_access("write")
        for ticket in self:
            if not (ticket.is_complaint and ticket.closed):
                raise UserError(
                    self.env._(
                        "%(complaint)s is not closed: there is nothing to reopen.",
                        complaint=ticket.display_name,
                    )
                )
            stage = ticket._reopen_stage()
            if not stage:
                raise UserError(
                    self.env._(
                        "No open stage to reopen %(complaint)s in: set the reopen "
                        "stage in the complaint settings.",
                        complaint=ticket.display_name,
                    )
                )
            ticket._protected_context().write({"stage_id": stage.id})
            ticket.message_post(
                body=self.env._(
                    "Reopened by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
