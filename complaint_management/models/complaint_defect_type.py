from odoo import fields, models

SEVERITIES = [
    ("serious", "Serious"),
    ("general", "General"),
    ("occasional", "Occasional"),
]
# Most severe first: used to pick the worst of several grades.
SEVERITY_RANK = {"serious": 3, "general": 2, "occasional": 1, False: 0}

DEFECT_FAMILIES = [
    ("function", "Function / Assembly"),
    ("appearance", "Appearance"),
    ("quantity", "Quantity"),
    ("packaging", "Packaging"),
    ("labelling", "Labelling"),
    ("safety", "Safety / Injury"),
    ("service", "Service"),
    ("delivery", "Delivery"),
    ("other", "Other"),
]


class ComplaintDefectType(models.Model):
    """The defect catalogue: what went wrong, its family and default grade.

    rules §3 grades complaints by the nature of the defect (functional defects are
    serious, cosmetic ones general, quantity/packaging/labelling occasional) and §9 asks
    that categories and default severities be data every company tunes.
    """

    _name = "complaint.defect.type"
    _description = "Complaint Defect Type"
    _order = "family, sequence, code"
    _rec_names_search = ["code", "name"]

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    family = fields.Selection(DEFECT_FAMILIES, required=True, default="other")
    default_severity = fields.Selection(
        SEVERITIES,
        required=True,
        default="general",
        help="The grade of a complaint of this type when no grading rule applies.",
    )
    makes_major = fields.Boolean(
        string="Major by Default",
        help="A complaint of this type is a major complaint (rules §3): the "
        "department head and the executive in charge are told at once.",
    )
    cause_family = fields.Selection(
        [
            ("design", "Design"),
            ("manufacturing", "Manufacturing"),
            ("consumption", "Reaction after consumption"),
            ("transport", "Transport and storage"),
            ("customer_handling", "Customer's storage or handling"),
            ("expired", "Expired product"),
        ],
        help="The usual cause family of this defect (seed 003), a starting point for "
        "the analysis.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "A defect type code must be unique per company.",
    )

    def _compute_display_name(self):
        for defect in self:
            defect.display_name = f"[{defect.code}] {defect.name}"
