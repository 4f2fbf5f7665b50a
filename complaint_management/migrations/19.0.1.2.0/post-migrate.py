"""Chargeback amounts hidden from complaint officers in the debit notes already
sent (docs/rules.md §11.2).

From 19.0.1.2.0 a debit note's PDF is kept under the chargeback's
``debit_note_attachment_id`` field (``res_field``), whose groups decide who reads
it by id or by link, and the mail that carries it is kept apart from the
chargeback's chatter. Debit notes archived before are moved under that field
and taken off the chatter messages that carried them (whoever reads a message
gets a download link to its attachments); those mails were sent long ago.
The reloaded supplier template (``pre-migrate.py``) is protected again.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE ir_attachment SET res_field = 'debit_note_attachment_id'
            WHERE res_model = 'complaint.chargeback'
              AND res_field IS NULL
              AND id IN (
                SELECT debit_note_attachment_id FROM complaint_chargeback
                UNION
                SELECT attachment_id FROM complaint_chargeback_offer
              )"""
    )
    moved = cr.rowcount
    cr.execute(
        """DELETE FROM message_attachment_rel rel
            USING mail_message message, ir_attachment attachment
            WHERE rel.message_id = message.id
              AND message.model = 'complaint.chargeback'
              AND rel.attachment_id = attachment.id
              AND attachment.res_field = 'debit_note_attachment_id'"""
    )
    _logger.info(
        "%s debit notes kept under their field, %s taken off chatter messages",
        moved,
        cr.rowcount,
    )
    cr.execute(
        """UPDATE ir_model_data SET noupdate = true
            WHERE module = 'complaint_management'
              AND name = 'mail_template_complaint_chargeback'"""
    )
