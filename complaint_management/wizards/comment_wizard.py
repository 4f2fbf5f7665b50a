from odoo import models
from odoo.exceptions import ValidationError


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        """On complaint documents, the approval engine's guard speaks first: a
        user who may not decide is told why before their comment is refused."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        if isinstance(
            record, self.env.registry["complaint.approval.mixin"]
        ) and self.validate_reject in (
            "validate",
            "reject",
        ):
            record._check_transition(
                "approve" if self.validate_reject == "validate" else "reject"
            )
            if self.review_ids - record.review_ids:
                raise ValidationError(
                    self.env._(
                        "These reviews are not those of %(document)s: decide on each "
                        "document from its own form.",
                        document=record.display_name,
                    )
                )
        # base_tier_validation returns nothing: an XML-RPC client cannot carry
        # None (rules §25.1).
        return super().add_comment() or True
