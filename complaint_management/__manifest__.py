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
        "data/ir_sequence_data.xml",
        "data/complaint_defect_type_data.xml",
        "data/complaint_grading_rule_data.xml",
        "data/helpdesk_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "views/complaint_defect_type_views.xml",
        "views/complaint_grading_rule_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/complaint_intake_return_wizard_views.xml",
        "views/complaint_management_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/product_demo.xml",
        "demo/helpdesk_ticket_team_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "complaint_management/static/tests/tours/*.js",
        ],
    },
    "development_status": "Alpha",
    "application": True,
}
