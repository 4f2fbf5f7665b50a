from odoo import fields, models

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class ResCompany(models.Model):
    """The priority each grade gives a complaint (domain.md §4: complaints are
    taken in order of severity): data a company tunes, the seed's order as
    default."""

    _inherit = "res.company"

    complaint_priority_serious = fields.Selection(
        PRIORITIES, string="Priority of Serious Complaints", default="3"
    )
    complaint_priority_general = fields.Selection(
        PRIORITIES, string="Priority of General Complaints", default="2"
    )
    complaint_priority_occasional = fields.Selection(
        PRIORITIES, string="Priority of Occasional Complaints", default="1"
    )
    complaint_priority_major = fields.Selection(
        PRIORITIES,
        string="Priority of Major Complaints",
        default="3",
        help="A major complaint gets this priority whatever its grade.",
    )
