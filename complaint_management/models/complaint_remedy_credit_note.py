from odoo import Command, models
from odoo.exceptions import UserError

from .complaint_remedy import CREDIT_NOTE_REMEDIES


class ComplaintRemedy(models.Model):
    """The customer credit notes of approved refunds and credits (domain.md §7):
    drafted when the remedy is approved, posted by accounting, which completes the
    remedy (``account.move._post``)."""

    _inherit = "complaint.remedy"

    # Actions
    def action_create_credit_note(self):
        """Write the credit note again, e.g. after accounting deleted the draft."""
        self.ensure_one()
        if self.state != "approved" or self.remedy_type not in CREDIT_NOTE_REMEDIES:
            raise UserError(
                self.env._(
                    "Only an approved refund or credit gets a credit note: "
                    "%(remedy)s is a %(type)s and %(state)s.",
                    remedy=self.display_name,
                    type=self._remedy_type_label(),
                    state=self._state_label(),
                )
            )
        if self.credit_note_id.sudo().state in ("draft", "posted"):
            return self.action_view_credit_note()
        self._create_credit_note()
        return self.action_view_credit_note()

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
            "context": {"default_move_type": "out_refund"},
        }

    # Business methods
    def _prepare_credit_note_vals(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        journal = company._complaint_remedy_journal()
        account = company.complaint_remedy_account_id or journal.default_account_id
        if not journal or not account:
            raise UserError(
                self.env._(
                    "%(company)s has no sales journal with an income account for the "
                    "credit notes of remedies: choose them in Complaints > "
                    "Configuration > Settings, then create the credit note of "
                    "%(remedy)s.",
                    company=company.name,
                    remedy=self.display_name,
                )
            )
        complaint = self.ticket_id
        origin = complaint.complaint_number or complaint.display_name
        invoice = self.sudo().origin_invoice_id
        return {
            "move_type": "out_refund",
            "company_id": company.id,
            "journal_id": journal.id,
            "partner_id": complaint.commercial_partner_id.id,
            "currency_id": self.currency_id.id,
            "invoice_origin": origin,
            "ref": self.env._(
                "%(remedy)s, complaint %(complaint)s",
                remedy=self.name,
                complaint=origin,
            ),
            "reversed_entry_id": invoice.id or False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "%(type)s for complaint %(complaint)s",
                            type=self._remedy_type_label(),
                            complaint=origin,
                        ),
                        "quantity": 1.0,
                        "price_unit": self.amount,
                        "account_id": account.id,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _create_credit_note(self):
        """Write the draft customer credit note of an approved refund or credit.

        Created as superuser: the approval is the authorisation, approvers need no
        accounting rights, and accounting reviews and posts the draft.
        """
        self.ensure_one()
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id or self.env.company)
            .create(self.sudo()._prepare_credit_note_vals())
        )
        self._approval_write({"credit_note_id": move.id})
        link = move._get_html_link()
        move.message_post(
            body=self.env._(
                "Credit note for the remedy %(remedy)s of complaint %(complaint)s.",
                remedy=self._get_html_link(),
                complaint=self.ticket_id._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.ticket_id.sudo().message_post(
            body=self.env._(
                "Credit note %(move)s drafted for the remedy %(remedy)s.",
                move=link,
                remedy=self._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return move
