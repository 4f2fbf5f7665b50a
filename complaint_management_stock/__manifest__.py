# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Management - Stock",
    "summary": "Complaints with Odoo's inventory: samples and returned goods follow "
    "receipts and returns, delivered quantities come from deliveries",
    "version": "19.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "complaint_management authors",
    "depends": [
        "complaint_management",
        "stock",
    ],
    "data": [
        "views/complaint_sample_views.xml",
    ],
    "development_status": "Alpha",
    "auto_install": True,
}
