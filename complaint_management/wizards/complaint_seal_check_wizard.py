from odoo import api, fields, models
from odoo.tools import html_escape


class ComplaintSealCheckWizard(models.TransientModel):
    """Check the seal chain of the user's companies (rules §22.4): every seal
    follows from the one before it, and every closed complaint still reads as
    it was sealed; what does not is named."""

    _name = "complaint.seal.check.wizard"
    _description = "Check the Complaint Seals"

    company_ids = fields.Many2many(
        "res.company", default=lambda self: self.env.companies
    )
    seal_count = fields.Integer(readonly=True)
    problem_count = fields.Integer(readonly=True)
    result = fields.Html(readonly=True, sanitize=True)

    @api.model
    def _check(self, companies):
        """(seal count, problems) of ``companies`` the user may read."""
        companies = companies & self.env.companies
        problems = self.env["complaint.seal"]._check_chain(companies)
        count = self.env["complaint.seal"].search_count(
            [("company_id", "in", companies.ids)]
        )
        return count, problems

    def action_check(self):
        self.ensure_one()
        count, problems = self._check(self.company_ids)
        if problems:
            items = "".join(
                f"<li>{html_escape(message)}</li>" for _ticket, message in problems
            )
            result = f"<ul>{items}</ul>"
        else:
            result = "<p>{}</p>".format(
                html_escape(
                    self.env._(
                        "The chain holds: %(count)s seals, no complaint changed "
                        "after it was sealed.",
                        count=count,
                    )
                )
            )
        self.write(
            {"seal_count": count, "problem_count": len(problems), "result": result}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
