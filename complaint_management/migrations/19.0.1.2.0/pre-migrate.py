"""The debit note's mail to the supplier no longer shows the amount.

The template is ``noupdate`` data, so an upgraded database would keep the body
that showed the claimed amount (docs/rules.md §11.2): it is reloaded from the
module's file during this update, and ``post-migrate.py`` protects it again.
"""

TEMPLATE = "mail_template_complaint_chargeback"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE ir_model_data SET noupdate = false
            WHERE module = 'complaint_management' AND name = %s""",
        [TEMPLATE],
    )
