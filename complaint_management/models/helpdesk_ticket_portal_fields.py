from odoo import api, models

# The company's own business in a complaint: grading, responsibility and
# supplier, intake hand-over, audit team, knowledge base.
PORTAL_HIDDEN_FIELDS = frozenset(
    {
        "receiver_id",
        "defect_type_id",
        "defect_family",
        "severity_computed",
        "grading_reason",
        "severity_override",
        "severity_override_reason",
        "complaint_severity",
        "repeat_of_ids",
        "is_repeat",
        "is_major",
        "audit_user_ids",
        "responsibility",
        "supplier_id",
        "intake_state",
        "intake_complete",
        "intake_missing",
        "handed_over_date",
        "intake_return_reason",
        "is_typical_case",
        "lessons_learned",
        "similar_ticket_ids",
        "similar_ticket_count",
    }
)


class HelpdeskTicket(models.Model):
    """What a complaint holds that is the company's own business (domain.md §8:
    information is kept confidential from everyone who does not need it).

    helpdesk_mgmt lets portal users read their own tickets, over RPC too: the
    fields of ``PORTAL_HIDDEN_FIELDS`` are refused to portal and public users
    (not by field groups, which would make the internal views that show them
    inconsistent for the portal group helpdesk_mgmt's views are open to)."""

    _inherit = "helpdesk.ticket"

    @api.model
    def _has_field_access(self, field, operation):
        if (
            field.name in PORTAL_HIDDEN_FIELDS
            and not self.env.su
            and self.env.user.share
        ):
            return False
        return super()._has_field_access(field, operation)
