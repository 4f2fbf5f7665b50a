from odoo import api, fields, models


class ComplaintCapaAnswer(models.Model):
    """One answer of a supplier to a corrective-action request (rules §6):
    its containment (D3), the root cause with the escape point (why the defect
    left the supplier unnoticed, D4), its corrective actions (D5/D6) and
    attachments, and the quality engineer's decision (accepted or returned).
    Answers are never changed: a returned answer is followed by a new one, and
    the history stays. Written by the request's own flow only."""

    _name = "complaint.capa.answer"
    _inherit = ["complaint.protected.mixin"]
    _description = "Supplier Corrective-Action Answer"
    _order = "capa_id, id"
    # The decision is the engine's; the answer itself is never written by a user
    # at all (no group may create or write answers: the request's flow does).
    _protected_fields = ("state", "reviewed_by_id", "reviewed_date")
    _protected_allow_superuser = True

    name = fields.Char(compute="_compute_name", store=True)
    capa_id = fields.Many2one(
        "complaint.capa",
        string="Corrective-Action Request",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="capa_id.company_id", store=True, index=True)
    supplier_id = fields.Many2one(related="capa_id.partner_id", store=True)
    containment = fields.Text(required=True)
    root_cause = fields.Text(required=True)
    escape_point = fields.Text(
        required=True,
        help="Where and why the defect escaped the supplier's controls.",
    )
    corrective_action = fields.Text(string="Corrective Actions", required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "complaint_capa_answer_attachment_rel",
        "answer_id",
        "attachment_id",
        string="Attachments",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Answered By", readonly=True, index="btree_not_null"
    )
    recorded_by_id = fields.Many2one("res.users", readonly=True)
    submitted_date = fields.Datetime(
        string="Answered On", default=fields.Datetime.now, readonly=True
    )
    state = fields.Selection(
        [
            ("submitted", "To Review"),
            ("accepted", "Accepted"),
            ("returned", "Returned"),
        ],
        default="submitted",
        required=True,
        readonly=True,
        index=True,
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    reviewed_date = fields.Datetime(string="Reviewed On", readonly=True)

    @api.depends("capa_id.name", "capa_id.answer_ids")
    def _compute_name(self):
        for answer in self:
            answers = answer.capa_id.answer_ids.sorted("id")
            index = list(answers).index(answer) + 1 if answer in answers else 1
            answer.name = f"{answer.capa_id.name or ''} #{index}"
