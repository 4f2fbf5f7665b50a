from odoo import api, models


class ComplaintDocumentLineMixin(models.AbstractModel):
    """A line of a document that is approved as a whole (a remedy's products, a
    chargeback's costs): it is created, changed or deleted only while its document
    allows it (the document's ``_check_lines_editable``), checked for the line's
    document before a change and for the new one when a line moves; whoever
    writes a line is one of its document's authors (four eyes,
    ``complaint.approval.mixin._approval_authors``). ``_line_document_field``
    names the line's document."""

    _name = "complaint.document.line.mixin"
    _description = "Complaint Document Line"
    _line_document_field = None

    def _line_documents(self):
        """The documents of these lines."""
        return self.mapped(self._line_document_field)

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._line_documents()._check_lines_editable()
        lines._line_documents()._approval_note_authors()
        return lines

    def write(self, vals):
        documents = self._line_documents()
        documents._check_lines_editable()
        res = super().write(vals)
        if self._line_document_field in vals:
            self._line_documents()._check_lines_editable()
        (documents | self._line_documents())._approval_note_authors()
        return res

    def unlink(self):
        documents = self._line_documents()
        documents._check_lines_editable()
        documents._approval_note_authors()
        return super().unlink()
