from odoo import models

from .complaint_8d import LOCK_FREE_FIELDS


class Complaint8D(models.Model):
    """An approved 8D stays as it was (issue 13, ``complaint.record.lock.mixin``;
    domain.md §6: only the approved report is valid): nobody deletes it, and it
    changes only once a QA manager reopened it with a reason (or a recurrence
    reopened it); sending it to the customer still records when."""

    _name = "complaint.8d"
    _inherit = ["complaint.8d", "complaint.record.lock.mixin"]

    _record_lock_states = ("approved",)
    _record_lock_free_fields = tuple(sorted(LOCK_FREE_FIELDS))

    def _record_lock_hint(self):
        return self.env._("A QA manager reopens it with a reason (Reopen) first.")
