# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management",
    "summary": "Customer complaints on helpdesk tickets: intake, grading, deadlines, "
    "approvals, 8D reports, supplier chargebacks and monthly reports",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management authors",
    "website": "https://github.com/complaint-management/complaint_management",
    "depends": [
        "account",
        "base_tier_validation",
        "helpdesk_mgmt",
        "helpdesk_product",
        "mail",
        "portal",
        "report_xlsx",
        "resource",
    ],
    "data": [
        "security/complaint_management_security.xml",
        "security/ir.model.access.csv",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/complaint_management_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/helpdesk_ticket_team_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "complaint_management/static/tests/tours/*.js",
        ],
    },
    "development_status": "Alpha",
    "application": True,
}
