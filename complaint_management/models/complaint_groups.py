"""The groups that read the complaint-internal records of a ticket.

A helpdesk agent of helpdesk_mgmt (``group_helpdesk_user`` or
``group_helpdesk_user_team``) in no complaint group sees complaints among their
tickets, but has no access to their deadlines, pauses, 8D reports, remedies,
chargebacks or corrective-action requests (security/ir.model.access.csv). The
fields of ``helpdesk.ticket`` that point at those models, and the computed fields
that read them, carry ``groups=COMPLAINT_READER_GROUPS``: Odoo strips them from
the views of such agents and refuses them over RPC, so the addon never breaks
the helpdesk it is installed into (rules §1). The QA engineer, the QA
manager and the approvers imply the officer.
"""

COMPLAINT_READER_GROUPS = ",".join(
    (
        "complaint_management.group_complaint_officer",
        "complaint_management.group_complaint_finance",
        "complaint_management.group_complaint_auditor",
    )
)

# Who reads what a complaint costs the company (rules §11.2): the quality manager,
# the approvers of money, finance and auditors; not complaint officers.
COST_GROUPS = (
    "complaint_management.group_complaint_manager,"
    "complaint_management.group_complaint_approver_front_desk,"
    "complaint_management.group_complaint_finance,"
    "complaint_management.group_complaint_auditor"
)
# Who reads the amounts claimed from suppliers (rules §7): quality engineers
# and managers, who prepare chargebacks, finance, who settles them, and auditors;
# not complaint officers.
CHARGEBACK_COST_GROUPS = (
    "complaint_management.group_complaint_engineer,"
    "complaint_management.group_complaint_finance,"
    "complaint_management.group_complaint_auditor"
)
