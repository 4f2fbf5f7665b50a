from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestInstall(ComplaintCommon):
    def _visible(self, user, xmlid):
        menu = self.env.ref(f"complaint_management.{xmlid}")
        # What the web client receives: menus under a visible app only.
        return menu.id in self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)

    def test_01_every_model_has_access_rules(self):
        """Every model the addon defines grants access to at least one group."""
        model_ids = (
            self.env["ir.model.data"]
            .search(
                [("module", "=", "complaint_management"), ("model", "=", "ir.model")]
            )
            .mapped("res_id")
        )
        models = (
            self.env["ir.model"]
            .browse(model_ids)
            .filtered(lambda m: not m.transient and not self.env[m.model]._abstract)
        )
        for model in models:
            with self.subTest(model=model.model):
                self.assertTrue(model.access_ids, f"{model.model} has no access rule")

    def test_02_menu_visible_to_complaint_groups_only(self):
        """The Complaints menu shows to every complaint role, not to plain users."""
        for user in (self.officer, self.engineer, self.qa_manager):
            with self.subTest(user=user.login):
                self.assertTrue(self._visible(user, "menu_complaint_all"))
        self.assertFalse(self._visible(self.internal_user, "menu_complaint_root"))
        self.assertFalse(self._visible(self.internal_user, "menu_complaint_all"))

    def test_03_configuration_menu_for_quality_manager(self):
        """Only the quality manager sees the configuration menu."""
        self.assertFalse(self._visible(self.officer, "menu_complaint_config"))
        self.assertFalse(self._visible(self.engineer, "menu_complaint_config"))
        self.assertTrue(self._visible(self.qa_manager, "menu_complaint_config_team"))

    def test_04_approver_levels_are_chained(self):
        """A higher approver level holds every lower level (domain.md §7)."""
        vp = self.env.ref("complaint_management.group_complaint_approver_vp")
        implied = vp.all_implied_ids
        for xmlid in (
            "group_complaint_approver_store",
            "group_complaint_approver_deputy_store",
            "group_complaint_approver_front_desk",
            "group_complaint_officer",
        ):
            self.assertIn(self.env.ref(f"complaint_management.{xmlid}"), implied)

    def test_05_ticket_of_complaint_team_is_a_complaint(self):
        """A ticket's is_complaint defaults from its team's complaint_team flag."""
        Ticket = self.env["helpdesk.ticket"]
        complaint = Ticket.create(
            {"name": "Scratched housing", "description": "x", "team_id": self.team.id}
        )
        ticket = Ticket.create(
            {"name": "Printer jam", "description": "x", "team_id": self.other_team.id}
        )
        self.assertTrue(complaint.is_complaint)
        self.assertFalse(ticket.is_complaint)
