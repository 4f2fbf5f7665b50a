from odoo import models


class Complaint8dLineMixin(models.AbstractModel):
    """The lines of an approved 8D (team, root causes, actions, controls) stay as
    they were with their report (``complaint.record.lock.mixin``): nobody deletes
    them, whatever the context says."""

    _name = "complaint.8d.line.mixin"
    _inherit = ["complaint.8d.line.mixin", "complaint.record.lock.mixin"]

    def _record_lock_filter(self):
        return self.filtered(lambda line: line.eight_d_id.state == "approved")

    def _record_lock_state_label(self):
        return self.env._(
            "part of the approved 8D %(report)s", report=self.eight_d_id.display_name
        )

    def _record_lock_hint(self):
        return self.env._("A QA manager reopens the 8D with a reason (Reopen) first.")
