# Copyright 2026 complaint_management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestStockBridgeInstall(BaseCommon):
    def test_01_installed_with_stock(self):
        """The bridge installs by itself where the addon and Odoo's inventory are."""
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ("complaint_management", "stock", "complaint_management_stock"),
                )
            ]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        bridge = modules.filtered(lambda m: m.name == "complaint_management_stock")
        self.assertTrue(bridge.auto_install)
