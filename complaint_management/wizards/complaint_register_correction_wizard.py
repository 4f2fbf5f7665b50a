from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class ComplaintRegisterCorrectionWizard(models.TransientModel):
    """A QA manager corrects a signed entry of the reception register, saying
    why (rules §19.3: the register stays intact, 保证完好无损,严禁随意撕改).

    Once the customer signed, the entry (who, when, the signature) is refused
    on write to everyone; a correction goes through here only, as event dates
    are corrected (rules §4.8): the QA manager's decision, never the author's
    of the entry, with a reason, the old entry kept in the chatter (the
    signature replaced is attached to the message).
    """

    _name = "complaint.register.correction.wizard"
    _description = "Correct a Signed Register Entry"

    remedy_id = fields.Many2one("complaint.remedy", required=True, readonly=True)
    current_name = fields.Char(related="remedy_id.reception_name")
    current_date = fields.Datetime(related="remedy_id.reception_date")
    new_name = fields.Char(string="Correct Name", required=True)
    new_date = fields.Datetime(string="Correct Date", required=True)
    new_signature = fields.Binary(
        help="Only when the customer signs again; empty: the signature stays.",
    )
    reason = fields.Text(
        required=True, help="Why the signed entry is wrong, for the audit trail."
    )

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise AccessError(
                self.env._(
                    "Only a QA manager can correct a signed entry of the reception "
                    "register."
                )
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the signed entry is wrong."))
        if self.new_date > fields.Datetime.now():
            raise UserError(
                self.env._(
                    "The customer cannot have signed in the future: enter the date "
                    "they really signed."
                )
            )
        self.remedy_id._correct_reception(
            self.new_name, self.new_date, self.new_signature, self.reason.strip()
        )
        return {"type": "ir.actions.act_window_close"}
