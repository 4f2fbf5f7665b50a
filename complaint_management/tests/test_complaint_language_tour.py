from odoo.tests import HttpCase, tagged

from .common import load_chinese


@tagged("post_install", "-at_install")
class TestComplaintLanguageTour(HttpCase):
    """A quality manager reading Chinese meets no English on the complaint screens
    (issue 15): the tour fails on any English label, button, stage or activity and
    names them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.manager = cls.env.ref("complaint_management.user_complaint_manager_demo")

    def _tour(self, lang):
        self.manager.lang = lang
        self.start_tour(
            "/odoo/complaints",
            "complaint_management_chinese_tour",
            login="quality_manager",
        )

    def test_01_simplified_chinese(self):
        """In zh_CN: the complaint list, a complaint, its 8D and its remedies."""
        self._tour("zh_CN")

    def test_02_traditional_chinese(self):
        """In zh_TW: the complaint list, a complaint, its 8D and its remedies."""
        self._tour("zh_TW")
