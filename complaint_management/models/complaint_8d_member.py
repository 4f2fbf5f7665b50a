from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_protected_mixin import is_engine

MEMBER_ROLES = [
    ("leader", "Team Leader"),
    ("champion", "Champion"),
    ("quality_engineer", "Quality Engineer"),
    ("sales", "Sales Representative"),
    ("engineer", "Engineer"),
    ("production", "Production"),
    ("manager", "Manager"),
    ("supplier", "Supplier Representative"),
    ("other", "Other"),
]


class Complaint8DMember(models.Model):
    """A member of an 8D team (D1, rules §5): the sales representative, the
    quality engineer, the engineers and managers concerned, with a leader who runs
    the 8D and a champion who removes obstacles. People outside the company (a
    supplier's engineer) take part as contacts without a user."""

    _name = "complaint.8d.member"
    _inherit = ["complaint.8d.line.mixin"]
    _description = "8D Team Member"
    _order = "eight_d_id, sequence, id"

    user_id = fields.Many2one("res.users", domain=[("share", "=", False)], index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        help="The member's contact: the user's, or someone outside the company.",
    )
    role = fields.Selection(MEMBER_ROLES, required=True, default="engineer")
    department = fields.Char()
    task = fields.Char(string="Task in the Team")
    email = fields.Char(related="partner_id.email")

    _one_leader = models.UniqueIndex(
        "(eight_d_id) WHERE role = 'leader'", "An 8D team has one leader."
    )
    _one_champion = models.UniqueIndex(
        "(eight_d_id) WHERE role = 'champion'", "An 8D team has one champion."
    )

    # CRUD: the team is the QA manager's once the 8D started (rules §17.5)
    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        if not is_engine(self.env):
            members.eight_d_id._check_team_named()
        return members

    def write(self, vals):
        if not is_engine(self.env):
            self.eight_d_id._check_team_named()
        res = super().write(vals)
        if "eight_d_id" in vals and not is_engine(self.env):
            self.eight_d_id._check_team_named()
        return res

    def unlink(self):
        if not is_engine(self.env):
            self.eight_d_id._check_team_named()
        return super().unlink()

    @api.depends("user_id")
    def _compute_partner_id(self):
        for member in self:
            member.partner_id = member.user_id.partner_id or member.partner_id

    @api.constrains("partner_id")
    def _check_partner_id(self):
        for member in self:
            if not member.partner_id:
                raise ValidationError(
                    self.env._("Choose the user or the contact of each team member.")
                )
