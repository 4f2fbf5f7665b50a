"""Delivered quantities that hold up (docs/rules.md §21.1).

Up to 19.0.1.2.0 a company could take PPM's delivered quantities from the shipped
quantity recorded on its complaints (``complaint_delivered_source = 'shipped'``),
which counts only the shipments complained about and overstates PPM. That choice
is gone: such a company now divides by the quantities it imports per product and
month (``complaint.delivery``), the source meant for companies that invoice
elsewhere. Its PPM shows no figure until it imports them; the complaints' shipped
quantities stay on the complaints and in the PPM analysis.
"""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE res_company
           SET complaint_delivered_source = 'import'
         WHERE complaint_delivered_source = 'shipped'
        """
    )
