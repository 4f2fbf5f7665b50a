from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        """A reading role mails nobody from a complaint record, one by one or in
        a mass mailing (rules §11.9, ``complaint.chatter.mixin``)."""
        for wizard in self:
            if wizard.model and wizard.model in self.env:
                Model = self.env[wizard.model]
                if hasattr(Model, "_complaint_chatter_check"):
                    Model._complaint_chatter_check()
        return super()._action_send_mail(auto_commit=auto_commit)
