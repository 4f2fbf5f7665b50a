from odoo import api, models


class HelpdeskTicket(models.Model):
    """Complaints received by e-mail (domain.md §2, seed 004: the e-mail channel).

    helpdesk_mgmt already routes a mail sent to a team's alias to a new ticket of
    that team (``alias_defaults``), keeps its attachments and threads replies
    into it. For a complaint team this adds: the sender becomes the customer,
    created as a contact when unknown, and the complaint is marked as received
    by e-mail."""

    _inherit = "helpdesk.ticket"

    @api.model
    def message_new(self, msg, custom_values=None):
        custom_values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].browse(custom_values.get("team_id"))
        if team.complaint_team:
            partner = self.env["res.partner"].browse(msg.get("author_id"))
            if not partner:
                email_from = msg.get("email_from")
                if email_from:
                    partner = self.env["res.partner"]._find_or_create_from_emails(
                        [email_from]
                    )[0]
                    # the incoming message is posted after this: by the customer
                    msg["author_id"] = partner.id
            channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email", False)
            custom_values.setdefault("partner_id", partner.id or False)
            if partner:
                custom_values.setdefault("partner_name", partner.name)
            if channel:
                custom_values.setdefault("channel_id", channel.id)
            custom_values.setdefault("receiver_id", team.user_id.id or False)
        return super().message_new(msg, custom_values=custom_values)
