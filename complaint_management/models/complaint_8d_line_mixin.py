from odoo import api, fields, models

from .complaint_protected_mixin import free_only


class Complaint8dLineMixin(models.AbstractModel):
    """A line of an 8D report (team member, root cause, action, control): it changes
    only while its 8D is in progress, since an approved 8D is locked (rules §6).
    A change may complete D3 or D4: the 8D then records the complaint's events
    (``_sync_deadline_events``). The line's 8D (``eight_d_id``) and its order
    (``sequence``) are declared here, once for every kind of line.

    The lines of an approved 8D stay as they were with their report
    (``complaint.protected.mixin``): nobody changes or deletes them, whatever the
    context says."""

    _name = "complaint.8d.line.mixin"
    _inherit = ["complaint.protected.mixin"]
    _description = "8D Report Line"
    _locks = {"approved": free_only()}
    _undeletable_states = ("approved",)

    eight_d_id = fields.Many2one(
        "complaint.8d",
        string="8D Report",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.eight_d_id._check_editable()
        lines.eight_d_id._approval_note_authors()
        lines.eight_d_id._sync_deadline_events()
        return lines

    def write(self, vals):
        self.eight_d_id._check_editable()
        reports = self.eight_d_id
        res = super().write(vals)
        if "eight_d_id" in vals:
            self.eight_d_id._check_editable()
        (reports | self.eight_d_id)._approval_note_authors()
        (reports | self.eight_d_id)._sync_deadline_events()
        return res

    def unlink(self):
        reports = self.eight_d_id
        reports._approval_note_authors()
        res = super().unlink()
        reports.exists()._sync_deadline_events()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.eight_d_id._check_editable()

    # Record protection (complaint.protected.mixin): locked with their report
    def _lock_key(self):
        """The state of the line's 8D."""
        return self.eight_d_id.state

    def _lock_message(self, names):
        return self._lock_line_message()

    def _undeletable_message(self):
        return self._lock_line_message()

    def _lock_line_message(self):
        """The refusal to change or delete a line of an approved 8D."""
        self.ensure_one()
        return self.env._(
            "8D %(report)s is approved and stays as it was: its team, root causes, "
            "actions and controls cannot be changed or deleted by anyone; ask a QA "
            "manager to reopen it first.",
            report=self.eight_d_id.display_name,
        )
