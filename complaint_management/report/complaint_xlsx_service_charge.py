from collections import defaultdict

from odoo import models


class ComplaintXlsxBase(models.AbstractModel):
    """The store counter in the workbooks (rules §19): who was charged for a
    service failure, what they bear (approved charges, company currency) and
    the penalty; the kind of the case (complaint or suggestion) and where it
    happened."""

    _inherit = "report.complaint_management.complaint_xlsx_base"

    def _ticket_rows_extra(self, batch):
        extra = super()._ticket_rows_extra(batch)
        charges = (
            self.env["complaint.service.charge"]
            .sudo()
            .search_fetch(
                [("ticket_id", "in", batch.ids), ("state", "=", "approved")],
                ["ticket_id", "responsible_display", "amount_company", "penalty"],
                order="id",
            )
        )
        borne = defaultdict(float)
        who = defaultdict(list)
        penalties = defaultdict(list)
        for charge in charges:
            ticket_id = charge.ticket_id.id
            borne[ticket_id] += charge.amount_company
            who[ticket_id].append(charge.responsible_display or "")
            if charge.penalty:
                penalties[ticket_id].append(charge.penalty)
        kinds = dict(
            self.env["helpdesk.ticket"]
            ._fields["complaint_kind"]
            ._description_selection(self.env)
        )
        for ticket in batch.sudo().with_context(prefetch_fields=False):
            row = extra.setdefault(ticket.id, {})
            row["service_charged_to"] = ", ".join(who[ticket.id])
            row["service_amount_borne"] = borne[ticket.id]
            row["service_penalty"] = "; ".join(penalties[ticket.id])
            row["complaint_kind"] = kinds.get(ticket.complaint_kind, "")
            row["incident_place"] = ", ".join(
                filter(
                    None,
                    [
                        ticket.incident_company_id.name,
                        ticket.incident_partner_id.display_name,
                        ticket.incident_place,
                    ],
                )
            )
        return extra

    def _cost_columns(self):
        return [*super()._cost_columns(), *self._service_charge_columns()]

    def _service_charge_columns(self):
        c = self._column
        return [
            c("service_charged_to", "text", 22, self.env._("Charged To (Service)")),
            c(
                "service_amount_borne",
                "currency",
                14,
                self.env._("Borne by Those Responsible"),
            ),
            c("service_penalty", "text", 22, self.env._("Penalty")),
        ]


class ComplaintRegisterXlsx(models.AbstractModel):
    """The register says whether each case is a complaint or a suggestion, and
    where it happened (rules §19.5)."""

    _inherit = "report.complaint_management.complaint_register_xlsx"

    def _register_columns(self):
        columns = super()._register_columns()
        c = self._column
        return [
            *columns[:1],
            c("complaint_kind", "text", 12, self.env._("Kind")),
            *columns[1:2],
            c("incident_place", "text", 22, self.env._("Where")),
            *columns[2:],
        ]
