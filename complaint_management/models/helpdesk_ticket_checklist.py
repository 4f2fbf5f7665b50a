from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .complaint_groups import COMPLAINT_READER_GROUPS

# Who reads a complaint's checklist: the complaint roles and the call centre,
# never a helpdesk agent in no complaint group (rules §1.2).
CHECKLIST_GROUPS = (
    f"{COMPLAINT_READER_GROUPS},complaint_management.group_complaint_call_centre"
)


class HelpdeskTicket(models.Model):
    """Situation checklists on complaints (rules §20.5): the steps of the
    checklists of the complaint's defect type and category, laid out as lines
    when the complaint gets them (``_checklist_sync``, from ``create`` and
    ``write``), and required before the complaint is handed on
    (``_checklist_check_complete``, from the intake check)."""

    _inherit = "helpdesk.ticket"

    checklist_line_ids = fields.One2many(
        "complaint.checklist.line",
        "ticket_id",
        string="Situation Checklist",
        groups=CHECKLIST_GROUPS,
    )
    checklist_missing = fields.Char(
        string="Checklist Steps Missing",
        compute="_compute_checklist_missing",
        groups=CHECKLIST_GROUPS,
    )

    @api.depends(
        "checklist_line_ids.done",
        "checklist_line_ids.value",
        "checklist_line_ids.required",
    )
    def _compute_checklist_missing(self):
        for ticket in self:
            ticket.checklist_missing = ", ".join(
                ticket._checklist_missing_lines().mapped("name")
            )

    # Business methods
    def _checklist_missing_lines(self):
        """The required lines of this complaint not done or filled yet."""
        self.ensure_one()
        return self.checklist_line_ids.filtered(
            lambda line: line.required and not line._is_complete()
        )

    def _checklist_templates(self):
        """The active checklists that apply to each of these complaints, read in
        one search: ``{ticket id: templates}``."""
        result = {
            ticket.id: self.env["complaint.checklist.template"] for ticket in self
        }
        complaints = self.filtered(
            lambda t: t.is_complaint and (t.defect_type_id or t.category_id)
        )
        if not complaints:
            return result
        templates = (
            self.env["complaint.checklist.template"]
            .sudo()
            .search(
                Domain("defect_type_ids", "in", complaints.defect_type_id.ids)
                | Domain("category_ids", "in", complaints.category_id.ids)
            )
        )
        for ticket in complaints:
            result[ticket.id] = templates.filtered(
                lambda t, c=ticket: (
                    (not t.company_id or t.company_id == c.company_id)
                    and (
                        c.defect_type_id in t.defect_type_ids
                        or c.category_id in t.category_ids
                    )
                )
            )
        return result

    def _checklist_sync(self):
        """Lay out the lines of the checklists that apply to these complaints and
        that they lack; remove the untouched lines of checklists that no longer
        apply (a recoded complaint). The application's own step: one create and
        one unlink for the batch."""
        wanted = self._checklist_templates()
        to_create = []
        Line = self.env["complaint.checklist.line"].sudo()
        to_remove = Line
        for ticket in self:
            templates = wanted[ticket.id]
            lines = ticket.sudo().checklist_line_ids
            have = lines.template_id
            to_remove |= lines.filtered(
                lambda line, t=templates: (
                    line.template_id not in t and not line._is_touched()
                )
            )
            for template in templates - have:
                to_create += [
                    {
                        "ticket_id": ticket.id,
                        "template_id": template.id,
                        "step_id": step.id,
                        "sequence": template.sequence * 1000 + step.sequence,
                        "name": step.with_context(
                            lang=ticket.company_id.partner_id.lang or self.env.lang
                        ).name,
                        "kind": step.kind,
                        "required": step.required,
                    }
                    for step in template.step_ids
                ]
        if to_remove:
            to_remove._protected_context().unlink()
        if to_create:
            Line._protected_context().create(to_create)

    def _checklist_check_complete(self):
        """Refuse to hand on a complaint whose situation checklist lacks required
        steps, naming them (rules §20.5)."""
        errors = []
        for ticket in self:
            missing = ticket._checklist_missing_lines()
            if missing:
                errors.append(
                    self.env._(
                        "%(complaint)s: %(steps)s",
                        complaint=ticket.display_name,
                        steps=", ".join(missing.mapped("name")),
                    )
                )
        if errors:
            raise UserError(
                self.env._(
                    "The complaint cannot be handed on until its situation "
                    "checklist is done: tick the steps taken and fill in the facts "
                    "to record.\n%(details)s",
                    details="\n".join(errors),
                )
            )

    def _checklist_after_write(self, vals):
        """A complaint recoded (defect type, category, team) gets the checklists
        that now apply (``write``'s hook)."""
        if {"defect_type_id", "category_id", "is_complaint", "team_id"} & set(vals):
            self._checklist_sync()
