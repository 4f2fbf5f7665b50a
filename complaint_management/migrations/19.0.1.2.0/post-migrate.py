"""Steps to 19.0.1.2.0.

1. An 8D keeps the facts it was approved on (docs/rules.md §10.5).

   Up to 19.0.1.1.0 an 8D's company, customer, product, defect type and complaint
   date were stored related fields of its main complaint: they followed the
   complaint, also once the report was approved. From 19.0.1.2.0 they are the
   report's own facts, computed from the complaint while the report is worked on
   and kept as approved; the report also states the lots of its complaints and the
   main complaint's shipped, lot and defective quantities.

   The existing columns keep their values (for an approved report, the complaint's
   values of today: what it showed until now). The new columns are computed by the
   ORM when they are created, except on approved reports, which keep their facts
   and so would keep them empty: this script fills them from the complaints.

   (A chargeback's ``complaint_facts``, new in the same version, needs no step:
   the ORM computes the new column from the complaints for every chargeback, as
   nothing is kept yet.)

2. Chargeback amounts hidden from complaint officers in the debit notes already
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
    _state_approved_8d_facts(cr)
    _keep_debit_notes_apart(cr)


def _state_approved_8d_facts(cr):
    """Fill the new facts of approved 8D reports from their complaints."""
    cr.execute(
        """UPDATE complaint_8d r
              SET shipped_qty = t.shipped_qty,
                  lot_qty = t.lot_qty,
                  defect_qty = t.defect_qty
             FROM helpdesk_ticket t
            WHERE t.id = r.main_ticket_id
              AND r.state = 'approved'"""
    )
    quantities = cr.rowcount
    cr.execute(
        """UPDATE complaint_8d r
              SET lot_number = lots.lot_number
             FROM (
                 SELECT eight_d_id,
                        string_agg(lot_number, ', '
                                   ORDER BY first_date, first_id) AS lot_number
                   FROM (
                       -- each lot once, where its oldest complaint puts it
                       SELECT rel.eight_d_id, t.lot_number,
                              min(t.complaint_date) AS first_date,
                              min(t.id) AS first_id
                         FROM complaint_8d_helpdesk_ticket_rel rel
                         JOIN helpdesk_ticket t ON t.id = rel.ticket_id
                        WHERE COALESCE(t.lot_number, '') != ''
                        GROUP BY rel.eight_d_id, t.lot_number
                   ) per_lot
                  GROUP BY eight_d_id
             ) lots
            WHERE lots.eight_d_id = r.id
              AND r.state = 'approved'"""
    )
    _logger.info(
        "Approved 8D reports: quantities stated on %s, lots on %s.",
        quantities,
        cr.rowcount,
    )


def _keep_debit_notes_apart(cr):
    """Keep sent debit notes under their field and off the chatter."""
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
