from odoo import fields, models

from .complaint_checklist_step import STEP_KINDS


class ComplaintChecklistLine(models.Model):
    """A step of a situation checklist on a complaint: ticked when done, or the
    fact it asks for filled in (rules §20.5). The application lays the lines
    out from the checklists of the complaint's defect type and category; who
    handles the complaint ticks and fills them, and cannot change what they ask
    (``_protected_fields``)."""

    _name = "complaint.checklist.line"
    _inherit = ["complaint.protected.mixin"]
    _description = "Complaint Checklist Line"
    _order = "ticket_id, sequence, id"

    # The application lays the lines out: what a line asks and where it
    # belongs are not a client's to write (rules §12.1).
    _protected_fields = (
        "ticket_id",
        "template_id",
        "step_id",
        "name",
        "kind",
        "required",
        "sequence",
    )

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    template_id = fields.Many2one(
        "complaint.checklist.template", string="Checklist", ondelete="set null"
    )
    step_id = fields.Many2one(
        "complaint.checklist.step", string="Checklist Step", ondelete="set null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True)
    kind = fields.Selection(STEP_KINDS, required=True, default="action")
    required = fields.Boolean(default=True)
    done = fields.Boolean(help="The step was taken.")
    value = fields.Text(string="Recorded", help="The fact the step asks for.")

    # Protection (complaint.protected.mixin)
    def _lock_key(self):
        """A line has no lock of its own: what it records stays writable."""
        return False

    # Business methods
    def _is_complete(self):
        """A step to take is ticked; a fact to record is filled in."""
        self.ensure_one()
        if self.kind == "fact":
            return bool((self.value or "").strip())
        return self.done

    def _is_touched(self):
        """Someone already ticked or filled this line."""
        self.ensure_one()
        return self.done or bool((self.value or "").strip())
