from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_protected_mixin import is_engine


class AccountMoveLine(models.Model):
    """A journal item that settles a supplier chargeback: the mark is written by
    the chargeback's settlement only (rules §10.6), since cancelling the
    chargeback removes the lines it marks from the bill they were deducted
    from."""

    _inherit = "account.move.line"

    # As ``complaint.protected.mixin`` names them: the link to a protected
    # document that no client writes.
    _protected_links = ("complaint_chargeback_id",)

    complaint_chargeback_id = fields.Many2one(
        "complaint.chargeback",
        string="Chargeback",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The supplier chargeback this line settles.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("complaint_chargeback_id"):
                self._check_chargeback_link()
        return super().create(vals_list)

    def write(self, vals):
        if "complaint_chargeback_id" in vals:
            self._check_chargeback_link()
        return super().write(vals)

    @api.model
    def _check_chargeback_link(self):
        """Refuse a client's write of the chargeback a line settles."""
        if not is_engine(self.env):
            raise ValidationError(
                self.env._(
                    "The chargeback a journal item settles is set by the "
                    "chargeback's settlement itself and cannot be written."
                )
            )
