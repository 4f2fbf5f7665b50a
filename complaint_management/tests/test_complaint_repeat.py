from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintRepeat(ComplaintCommon):
    def _at(self, when, product=None, defect=None, **values):
        return self._complaint(
            product_id=(product or self.product).id,
            defect_type_id=(defect or self.defect_scratch).id,
            complaint_date=when,
            **values,
        )

    def test_01_window_edge(self):
        """An earlier complaint exactly 90 days before is a repeat; 90 days and a
        second is not (the default window)."""
        earlier = self._at("2026-08-04 09:00:00")
        on_edge = self._at("2026-11-02 09:00:00")
        self.assertTrue(on_edge.is_repeat)
        self.assertEqual(on_edge.repeat_of_ids, earlier)
        past_edge = self._at("2026-11-02 09:00:01")
        self.assertEqual(past_edge.repeat_of_ids, on_edge)
        self.assertNotIn(earlier, past_edge.repeat_of_ids)

    def test_02_other_product_or_defect_is_no_repeat(self):
        """Another product or another defect type is not a repeat."""
        self._at("2026-10-01 09:00:00")
        self.assertFalse(
            self._at("2026-10-02 09:00:00", product=self.product_other).is_repeat
        )
        self.assertFalse(
            self._at("2026-10-02 09:00:00", defect=self.defect_short).is_repeat
        )
        self.assertFalse(
            self.env["helpdesk.ticket"]
            .create(
                {
                    "name": "ticket",
                    "description": "x",
                    "team_id": self.other_team.id,
                    "product_id": self.product.id,
                    "defect_type_id": self.defect_scratch.id,
                }
            )
            .is_repeat
        )

    def test_03_configurable_window_and_scope(self):
        """The window and the product scope are company settings."""
        self.env.company.complaint_repeat_window_days = 10
        self._at("2026-10-01 09:00:00")
        self.assertFalse(self._at("2026-10-20 09:00:00").is_repeat)
        self.env.company.complaint_repeat_scope = "category"
        sibling = self._at("2026-10-25 09:00:00", product=self.product_sibling)
        self.assertTrue(sibling.is_repeat)

    def test_04_earlier_complaint_entered_later_flags_the_later_one(self):
        """A complaint dated before another does not repeat it, but the later one
        now repeats it and is re-graded (imported history, issue 10 case 5)."""
        later = self._at("2026-10-10 09:00:00")
        self.assertFalse(later.is_repeat)
        self.assertEqual(later.complaint_severity, "general")
        earlier = self._at("2026-10-01 09:00:00")
        self.assertFalse(earlier.is_repeat)
        self.assertTrue(later.is_repeat)
        self.assertEqual(later.repeat_of_ids, earlier)
        self.assertEqual(later.complaint_severity, "serious")

    def test_05_batch_create_cost_does_not_grow_with_history(self):
        """Creating complaints in batch costs the same number of queries whatever the
        number of earlier complaints (repeat detection is an indexed lookup)."""
        self.team.complaint_acknowledge = False
        Ticket = self.env["helpdesk.ticket"]

        def batch():
            return [
                {
                    "name": f"batch {i}",
                    "description": "x",
                    "team_id": self.team.id,
                    "product_id": self.product.id,
                    "defect_type_id": self.defect_scratch.id,
                    "complaint_date": "2026-11-01 09:00:00",
                }
                for i in range(5)
            ]

        Ticket.create(batch())  # warm the caches and sequences
        self.env.flush_all()
        self.env.invalidate_all()
        count0 = self.cr.sql_log_count
        Ticket.create(batch())
        self.env.flush_all()
        small_history_count = self.cr.sql_log_count - count0
        Ticket.create(
            [
                {
                    "name": f"history {i}",
                    "description": "x",
                    "team_id": self.team.id,
                    "product_id": self.product.id,
                    "defect_type_id": self.defect_scratch.id,
                    "complaint_date": "2026-10-15 09:00:00",
                }
                for i in range(60)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small_history_count):
            tickets = Ticket.create(batch())
        self.assertTrue(all(len(t.repeat_of_ids) >= 60 for t in tickets))

    def test_06_recoding_the_earlier_complaint_refreshes_later_ones(self):
        """Re-coding the earlier complaint (defect type, product, date) clears or
        sets the repeat flag of the later ones (issue 10, case 5)."""
        earlier = self._at("2026-10-01 09:00:00")
        later = self._at("2026-10-10 09:00:00")
        self.assertEqual(later.repeat_of_ids, earlier)
        earlier.defect_type_id = self.defect_short
        self.assertFalse(later.is_repeat)
        self.assertEqual(later.complaint_severity, "general")
        earlier.defect_type_id = self.defect_scratch
        self.assertEqual(later.repeat_of_ids, earlier)
        earlier.product_id = self.product_other
        self.assertFalse(later.is_repeat)
        earlier.product_id = self.product
        earlier.complaint_date = "2026-06-01 09:00:00"
        self.assertFalse(later.is_repeat)

    def test_07_closed_later_complaints_keep_their_flags(self):
        """A closed complaint keeps the repeat flag it was closed with."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        later = self._at(
            "2026-10-10 09:00:00", responsibility="company", stage_id=done.id
        )
        self._at("2026-10-01 09:00:00")
        self.assertFalse(later.is_repeat)

    def test_08_officer_recodes_without_seeing_later_complaints(self):
        """An officer re-codes a complaint of their team: a later complaint of a team
        they do not see is re-flagged all the same, without an access error."""
        other_desk = self.env["helpdesk.ticket.team"].create(
            {"name": "Other desk", "complaint_team": True}
        )
        earlier = self._at("2026-10-01 09:00:00")
        later = self._at("2026-10-10 09:00:00", team_id=other_desk.id)
        self.assertTrue(later.is_repeat)
        self.assertFalse(later.with_user(self.officer).has_access("read"))
        self.env.invalidate_all()  # what the officer reads comes from the database
        earlier.with_user(self.officer).defect_type_id = self.defect_short
        self.assertFalse(later.is_repeat)

    def test_09_form_preview_does_not_repeat_itself(self):
        """Editing a complaint in the form (a new record over the saved one) shows
        the complaints it repeats, never itself."""
        earlier = self._at("2026-10-01 09:00:00")
        later = self._at("2026-10-10 09:00:00")
        draft = later.new({"complaint_date": "2026-10-12 09:00:00"}, origin=later)
        self.assertEqual(draft.repeat_of_ids._origin, earlier)
