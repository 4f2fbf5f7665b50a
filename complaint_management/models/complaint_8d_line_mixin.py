from odoo import api, models


class Complaint8dLineMixin(models.AbstractModel):
    """A line of an 8D report (team member, root cause, action, control): it changes
    only while its 8D is in progress, since an approved 8D is locked (domain.md §6).
    Models using it define ``eight_d_id``."""

    _name = "complaint.8d.line.mixin"
    _description = "8D Report Line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.eight_d_id._check_editable()
        return lines

    def write(self, vals):
        self.eight_d_id._check_editable()
        res = super().write(vals)
        if "eight_d_id" in vals:
            self.eight_d_id._check_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.eight_d_id._check_editable()
