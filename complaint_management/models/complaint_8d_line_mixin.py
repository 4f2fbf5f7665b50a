from odoo import api, models


class Complaint8dLineMixin(models.AbstractModel):
    """A line of an 8D report (team member, root cause, action, control): it changes
    only while its 8D is in progress, since an approved 8D is locked (domain.md §6).
    A change may complete D3 or D4: the 8D then records the complaint's events
    (``_sync_deadline_events``). Models using it define ``eight_d_id``."""

    _name = "complaint.8d.line.mixin"
    _description = "8D Report Line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.eight_d_id._check_editable()
        lines.eight_d_id._sync_deadline_events()
        return lines

    def write(self, vals):
        self.eight_d_id._check_editable()
        reports = self.eight_d_id
        res = super().write(vals)
        if "eight_d_id" in vals:
            self.eight_d_id._check_editable()
        (reports | self.eight_d_id)._sync_deadline_events()
        return res

    def unlink(self):
        reports = self.eight_d_id
        res = super().unlink()
        reports.exists()._sync_deadline_events()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.eight_d_id._check_editable()
