from odoo import models


class ComplaintRemedy(models.Model):
    """A done remedy stays as it was (issue 13, ``complaint.record.lock.mixin``):
    the customer got it, so nobody deletes or changes it; only the reception
    register (the customer's signed confirmation, domain.md §7) is still filled
    in, and the approval engine still links what it carried out."""

    _name = "complaint.remedy"
    _inherit = ["complaint.remedy", "complaint.record.lock.mixin"]

    _record_lock_states = ("done",)
    _record_lock_free_fields = (
        "reception_name",
        "reception_date",
        "reception_signature",
    )

    def _record_lock_hint(self):
        return self.env._("If the customer needs more, propose a new remedy.")
