from odoo import models


class Complaint8dLineMixin(models.AbstractModel):
    """The lines of an approved 8D (team, root causes, actions, controls) stay as
    they were with their report (``complaint.record.lock.mixin``): nobody deletes
    them, whatever the context says."""

    _name = "complaint.8d.line.mixin"
    _inherit = ["complaint.8d.line.mixin", "complaint.record.lock.mixin"]

    def _record_lock_filter(self):
        return self.filtered(lambda line: line.eight_d_id.state == "approved")

    def _record_lock_write_message(self, names):
        return self._record_lock_line_message()

    def _record_lock_unlink_message(self):
        return self._record_lock_line_message()

    def _record_lock_line_message(self):
        self.ensure_one()
        return self.env._(
            "8D %(report)s is approved and stays as it was: its team, root causes, "
            "actions and controls cannot be changed or deleted by anyone; ask a QA "
            "manager to reopen it first.",
            report=self.eight_d_id.display_name,
        )
