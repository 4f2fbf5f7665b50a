from odoo import models


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        """On complaint documents, the approval engine's guard speaks first: a
        user who may not decide is told why before their comment is refused."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        if "_approval_transitions" in dir(type(record)) and self.validate_reject in (
            "validate",
            "reject",
        ):
            record._check_transition(
                "approve" if self.validate_reject == "validate" else "reject"
            )
        return super().add_comment()
