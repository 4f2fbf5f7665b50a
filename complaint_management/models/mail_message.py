from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Odoo lets a follower of a record, or a recipient answering, post on it
        without the right to; on complaint records a reading role never writes a
        message (rules §11.9, ``complaint.chatter.mixin``)."""
        forbidden = super()._get_forbidden_access(operation)
        if operation == "read":
            return forbidden
        for model, messages in (self - forbidden).sudo().grouped("model").items():
            if (
                model
                and model in self.env
                and hasattr(self.env[model], "_complaint_chatter_refusal")
                and self.env[model]._complaint_chatter_refusal()
            ):
                forbidden += messages.sudo(False)
        return forbidden
