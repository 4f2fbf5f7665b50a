from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _complaint_chatter_guard(self):
        """Refuse the chatter of a complaint record to a role that only reads it
        (rules §11.9, ``complaint.chatter.mixin``)."""
        if hasattr(self, "_complaint_chatter_check"):
            self._complaint_chatter_check()

    def message_post(self, **kwargs):
        self._complaint_chatter_guard()
        return super().message_post(**kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        self._complaint_chatter_guard()
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )
