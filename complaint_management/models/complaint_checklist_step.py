from odoo import fields, models

STEP_KINDS = [
    ("action", "Step to take"),
    ("fact", "Fact to record"),
]


class ComplaintChecklistStep(models.Model):
    """One step of a situation checklist: something to do (ticked when done) or
    a fact to record (filled in) (rules §20.5)."""

    _name = "complaint.checklist.step"
    _description = "Situation Checklist Step"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "complaint.checklist.template",
        string="Checklist",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True, translate=True)
    kind = fields.Selection(STEP_KINDS, required=True, default="action")
    required = fields.Boolean(
        default=True, help="The complaint is handed on only once this step is done."
    )
