"""The chargeback finance limit moves from a company setting into the finance tier.

Up to 19.0.1.0.0 the finance manager's chargeback tier matched
``[('finance_approval_required', '=', True)]``, a flag set at request time from
the company's ``complaint_chargeback_finance_limit`` column. From 19.0.1.1.0 the
tier's own domain holds the limit, on the stored amount in company currency
(docs/rules.md §7.7). The tier is ``noupdate`` data, so an upgraded database keeps
the old domain, which nothing sets any more: finance would silently stop being
asked. This script rewrites that domain with the limit the database had (the
main company's, or 2000, the seed's default).
"""

import logging

_logger = logging.getLogger(__name__)

OLD_TERM = "finance_approval_required"
DEFAULT_LIMIT = 2000.0


def _old_limit(cr):
    """The limit the companies had: the most common stored value, else the seed's."""
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'res_company'
              AND column_name = 'complaint_chargeback_finance_limit'"""
    )
    if not cr.fetchone():
        return DEFAULT_LIMIT
    cr.execute(
        """SELECT complaint_chargeback_finance_limit, count(*)
             FROM res_company
            WHERE complaint_chargeback_finance_limit IS NOT NULL
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"""
    )
    row = cr.fetchone()
    return float(row[0]) if row else DEFAULT_LIMIT


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """SELECT td.id FROM tier_definition td
             JOIN ir_model m ON m.id = td.model_id
            WHERE m.model = 'complaint.chargeback'
              AND td.definition_domain LIKE %s""",
        (f"%{OLD_TERM}%",),
    )
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return
    limit = _old_limit(cr)
    domain = repr([("amount_total_company", ">", limit)])
    cr.execute(
        "UPDATE tier_definition SET definition_domain = %s WHERE id = ANY(%s)",
        (domain, ids),
    )
    _logger.info(
        "Chargeback finance tiers %s now apply above %s (company currency).", ids, limit
    )
