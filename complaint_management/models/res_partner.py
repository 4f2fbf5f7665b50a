from odoo import models

from .complaint_remedy import MONEY_REMEDIES


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _complaint_history(self, since, excluded_remedy=None, company=None):
        """What this customer complained about and was given since ``since``:
        ``{"complaints": count, "remedies": count other than cancelled,
        "refunded": money approved in company currency}``, ``excluded_remedy`` left
        out (the remedy being decided).

        Read as superuser on purpose: an approver must see the whole history of the
        customer, whichever teams handled it, to notice abuse (domain.md §7). Only
        counts and a total are shown, and only of ``company`` when given: nothing
        crosses companies (issue 13).
        """
        if not self:
            return {"complaints": 0, "remedies": 0, "refunded": 0.0}
        self.ensure_one()
        complaints = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count(
                [
                    ("is_complaint", "=", True),
                    ("commercial_partner_id", "=", self.id),
                    ("complaint_date", ">=", since),
                    *([("company_id", "=", company.id)] if company else []),
                ]
            )
        )
        Remedy = self.env["complaint.remedy"].sudo()
        others = [
            ("partner_id", "=", self.id),
            ("date", ">=", since),
            ("id", "!=", excluded_remedy.id if excluded_remedy else False),
            *([("company_id", "=", company.id)] if company else []),
        ]
        remedies = Remedy.search_count([*others, ("state", "!=", "cancel")])
        [[refunded]] = Remedy._read_group(
            [
                *others,
                ("remedy_type", "in", MONEY_REMEDIES),
                ("state", "in", ("approved", "done")),
            ],
            aggregates=["amount_company:sum"],
        )
        return {"complaints": complaints, "remedies": remedies, "refunded": refunded}
