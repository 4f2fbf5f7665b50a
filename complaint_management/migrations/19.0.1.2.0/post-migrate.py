"""An 8D keeps the facts it was approved on (docs/rules.md §10.5).

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
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
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
