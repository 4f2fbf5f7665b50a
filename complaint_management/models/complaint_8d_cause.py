from odoo import api, fields, models
from odoo.exceptions import ValidationError

CAUSE_CATEGORIES = [
    ("man", "Man"),
    ("machine", "Machine"),
    ("material", "Material"),
    ("method", "Method"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
]
ANALYSIS_METHODS = [
    ("defect_sample", "Defect sample analysis"),
    ("production_records", "Production record tracing"),
    ("test", "Test verification"),
    ("fishbone", "Fishbone (cause and effect)"),
    ("swap_test", "Swap test"),
    ("brainstorming", "Brainstorming"),
    ("five_why", "5-Why"),
    ("comparison", "Comparison of similar problems"),
]


class Complaint8DCause(models.Model):
    """A root cause found in D4 (rules §6, 000 第四篇 5.3.1).

    Each cause is either the **occurrence** cause (why the defect was made) or the
    **escape point** (why our controls did not detect it: the earliest control point
    that should have). Causes are classified by 5M1E (man, machine, material,
    method, measurement, environment), name the analysis method that found them,
    and are verified or not: only verified causes complete D4.
    """

    _name = "complaint.8d.cause"
    _inherit = ["complaint.8d.line.mixin"]
    _description = "8D Root Cause"
    _order = "eight_d_id, cause_kind desc, sequence, id"

    cause_kind = fields.Selection(
        [("occurrence", "Occurrence"), ("escape", "Escape Point")],
        string="Kind",
        required=True,
        default="occurrence",
        help="Occurrence: why the defect was made. Escape point: why our controls "
        "did not detect it.",
    )
    category = fields.Selection(
        CAUSE_CATEGORIES, string="5M1E", required=True, default="method"
    )
    name = fields.Text(string="Root Cause", required=True)
    method = fields.Selection(
        ANALYSIS_METHODS,
        string="Analysis Method",
        help="How the cause was found (000 第四篇 5.3.1, seed 004).",
    )
    escape_point = fields.Char(
        string="Control Point",
        help="The earliest control point that should have detected the defect, e.g. "
        "in-process inspection, final inspection, outgoing audit.",
    )
    cause_family = fields.Selection(
        related="eight_d_id.defect_type_id.cause_family", string="Usual Cause Family"
    )
    is_verified = fields.Boolean(
        string="Verified",
        help="The cause was confirmed: switching it on and off makes the defect "
        "appear and disappear, or a test reproduced it.",
    )
    date_verified = fields.Date(
        string="Verified On",
        compute="_compute_date_verified",
        store=True,
        readonly=False,
    )
    verification = fields.Text(string="Evidence")

    @api.depends("is_verified")
    def _compute_date_verified(self):
        for cause in self:
            cause.date_verified = cause.is_verified and (
                cause.date_verified or fields.Date.context_today(cause)
            )

    @api.constrains("cause_kind", "escape_point")
    def _check_escape_point(self):
        """An escape cause names the control point that should have detected it."""
        for cause in self:
            if cause.cause_kind == "escape" and not (cause.escape_point or "").strip():
                raise ValidationError(
                    self.env._(
                        "The escape cause '%(cause)s' must name the control point "
                        "that should have detected the defect.",
                        cause=cause.display_name,
                    )
                )

    def _compute_display_name(self):
        for cause in self:
            first_line = (cause.name or "").strip().splitlines()
            cause.display_name = first_line[0][:80] if first_line else ""
