from odoo import fields, models

CONTROL_DOCUMENTS = [
    ("pfmea", "Process FMEA"),
    ("dfmea", "Design FMEA"),
    ("control_plan", "Control plan"),
    ("flow_chart", "Process flow chart"),
    ("work_instruction", "Work instruction"),
    ("inspection_instruction", "Inspection instruction"),
    ("other", "Other"),
]


class Complaint8DControl(models.Model):
    """A control document updated in D7 so that verified actions become controls
    of later production (rules §6.7: process flows, inspection instructions,
    FMEA, control plan, flow chart, work instructions).

    Each carries the revision reference that contains the change, with a link or
    attachments: an updated control without a revision is IATF 16949 10.2.3's most
    frequent audit finding, so D7 is complete only when every control has one.
    """

    _name = "complaint.8d.control"
    _inherit = ["complaint.8d.line.mixin"]
    _description = "8D Updated Control"
    _order = "eight_d_id, sequence, id"

    document_type = fields.Selection(
        CONTROL_DOCUMENTS, string="Control", required=True, default="pfmea"
    )
    name = fields.Char(
        string="Document", required=True, help="The document's number or title."
    )
    revision = fields.Char(
        help="The revision that contains the change, e.g. 'Rev. C'. Required "
        "before D7 is complete."
    )
    date_revised = fields.Date(string="Revised On")
    url = fields.Char(string="Link", help="Where the revised document is kept.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "complaint_8d_control_attachment_rel",
        "control_id",
        "attachment_id",
        string="Attachments",
    )
    change = fields.Text(string="What Changed")

    def _compute_display_name(self):
        labels = dict(self._fields["document_type"]._description_selection(self.env))
        for control in self:
            control.display_name = (
                f"{labels.get(control.document_type, '')} {control.name or ''}".strip()
            )
