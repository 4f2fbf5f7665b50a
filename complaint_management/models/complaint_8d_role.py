from odoo import api, fields, models, tools

from .complaint_8d_member import MEMBER_ROLES


class Complaint8DRole(models.Model):
    """The roles of an 8D team, and which of them D1 requires (rules §5: the QA
    manager forms a team of sales, QA, and the engineers and managers concerned;
    §6.1). Data that quality managers edit: by default D1 needs a team leader, a
    champion, the sales representative and a quality engineer. Changing what is
    required re-evaluates the completeness of the 8D reports not yet approved.
    """

    _name = "complaint.8d.role"
    _description = "8D Team Role"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    code = fields.Selection(MEMBER_ROLES, string="Role", required=True)
    name = fields.Char(string="Description", translate=True)
    required = fields.Boolean(
        string="Required in D1",
        help="D1 (the team) is complete only when the team has a member in this role.",
    )

    _code_unique = models.Constraint("UNIQUE(code)", "Each role is listed once.")

    @api.model
    @tools.ormcache()
    def _required_codes(self):
        """The codes of the roles D1 requires (cached until a role changes)."""
        return tuple(self.sudo().search([("required", "=", True)]).mapped("code"))

    @api.model_create_multi
    def create(self, vals_list):
        roles = super().create(vals_list)
        roles._on_requirement_change()
        return roles

    def write(self, vals):
        res = super().write(vals)
        if {"required", "code"} & set(vals):
            self._on_requirement_change()
        return res

    def unlink(self):
        res = super().unlink()
        self._on_requirement_change()
        return res

    def _on_requirement_change(self):
        """Forget the cached requirement and recompute D1 of the open 8D reports."""
        self.env.registry.clear_cache()
        Report = self.env["complaint.8d"].sudo()
        reports = Report.search([("state", "in", ("proposed", "draft", "to_approve"))])
        for field in Report._fields.values():
            if field.compute == "_compute_progress":
                self.env.add_to_compute(field, reports)
