"""One number per complaint (rules §11.6): a complaint recorded before this
version kept the helpdesk's ticket number beside its complaint number; it is
known by its complaint number alone from now on, as the complaints recorded
since are. Plain tickets keep their ticket number."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE helpdesk_ticket
           SET number = complaint_number
         WHERE complaint_number IS NOT NULL
           AND number IS DISTINCT FROM complaint_number
        """
    )
