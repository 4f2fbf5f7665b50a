"""States that record what happened, protected like the approvals' (design.md,
'Approval engine').

A deadline milestone is met or breached by the events of its complaint, an 8D
action is verified by its evidence, an effectiveness check finds a recurrence
or not: each state is the application's finding, not a value a client writes.
Their models keep their own code; here they only declare which fields are
findings. These fields are written by code that checked the user's right and
then used ``sudo()``, or by the engine (``EDIT_SENTINEL``); no RPC call can be
either.
"""

from odoo import models


class ComplaintSlaMilestone(models.Model):
    _name = "complaint.sla.milestone"
    _inherit = ["complaint.sla.milestone", "complaint.protected.mixin"]

    _protected_fields = ("state", "reached_date", "breach_date")
    _protected_allow_superuser = True


class Complaint8DAction(models.Model):
    _name = "complaint.8d.action"
    _inherit = ["complaint.8d.action", "complaint.protected.mixin"]

    # Computed from the implementation and verification dates and criteria.
    _protected_fields = ("state",)
    _protected_allow_superuser = True


class Complaint8DCheck(models.Model):
    _name = "complaint.8d.check"
    _inherit = ["complaint.8d.check", "complaint.protected.mixin"]

    _protected_fields = ("state", "date_done", "user_id", "recurrence_ticket_ids")
    _protected_allow_superuser = True

    def _run(self):
        """Running a check (``action_run`` checked it is planned; the access
        rules that the user may run it) records its finding."""
        return super(Complaint8DCheck, self._protected_context())._run()
