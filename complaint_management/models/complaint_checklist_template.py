from odoo import fields, models


class ComplaintChecklistTemplate(models.Model):
    """A situation checklist (rules §20.5, seed 002 第二篇): what the staff must do
    and record when a complaint of a defect type or category arises (a foreign
    object kept for testing, a guest taken ill, an injury and its witnesses).
    Editable data; a complaint of a matching defect type or category gets its
    steps as lines to tick or fill, required before it is handed on."""

    _name = "complaint.checklist.template"
    _description = "Situation Checklist"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: every company uses it."
    )
    defect_type_ids = fields.Many2many(
        "complaint.defect.type",
        string="Defect Types",
        check_company=True,
        help="Complaints of these defect types get the checklist.",
    )
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Categories",
        check_company=True,
        help="Complaints of these categories get the checklist.",
    )
    step_ids = fields.One2many(
        "complaint.checklist.step", "template_id", string="Steps", copy=True
    )
