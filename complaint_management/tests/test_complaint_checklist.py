from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintChecklist(ComplaintCommon):
    """Situation checklists (rules §20.5): laid out from the defect type or
    category, ticked and filled in before the complaint is handed on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.complaint_acknowledge = False
        cls.illness = cls.env.ref("complaint_management.helpdesk_category_illness")
        cls.injury = cls.env.ref("complaint_management.helpdesk_category_injury")

    def _foreign_object(self, **values):
        vals = dict(self._complete_intake(), defect_type_id=self.defect_foreign.id)
        vals.update(values)
        return self._complaint(**vals).with_user(self.officer)

    def test_01_foreign_object_lines(self):
        """A foreign object in food calls for keeping the object for testing: the
        complaint gets the shipped checklist's steps as lines."""
        complaint = self._foreign_object()
        lines = complaint.checklist_line_ids
        self.assertEqual(len(lines), 3)
        self.assertIn("Keep the object and send it for testing", lines.mapped("name"))
        self.assertEqual(len(lines.filtered("required")), 2)

    def test_02_required_before_hand_over(self):
        """The complaint is not handed over to QA until the required steps are
        ticked and the facts filled in; the message names what is missing."""
        complaint = self._foreign_object()
        with self.assertRaisesText(
            UserError, "Keep the object and send it for testing"
        ):
            complaint.action_hand_over_to_qa()
        self.assertEqual(complaint.intake_state, "receiving")
        keep, where = complaint.checklist_line_ids.filtered("required").sorted(
            "sequence"
        )
        keep.done = True
        with self.assertRaisesText(UserError, "laboratory"):
            complaint.action_hand_over_to_qa()
        where.value = "Sealed bag in the manager's office; sent to City Lab"
        complaint.action_hand_over_to_qa()
        self.assertEqual(complaint.intake_state, "handed_over")

    def test_03_stage_check_too(self):
        """Moving the complaint to a stage that checks the intake needs the
        checklist too."""
        stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "QA check", "complaint_intake_check": True}
        )
        complaint = self._foreign_object()
        with self.assertRaisesText(UserError, "situation checklist"):
            complaint.write({"stage_id": stage.id})

    def test_04_illness_and_injury_by_category(self):
        """A guest taken ill is recorded with the diners, the dishes eaten, the
        hospital and the general manager informed; an injury with witnesses."""
        ill = self._complaint(**self._complete_intake(), category_id=self.illness.id)
        names = ill.checklist_line_ids.mapped("name")
        self.assertEqual(len(names), 4)
        self.assertIn("Dishes eaten", names)
        self.assertIn("General manager informed", names)
        ill.category_id = self.injury
        self.assertEqual(
            ill.checklist_line_ids.mapped("name"),
            [
                "First aid given, or the guest taken to hospital with a manager",
                "Witnesses (names and contacts)",
                "What happened, as noted at the time",
            ],
        )

    def test_05_filled_lines_stay_when_recoded(self):
        """Recoding a complaint keeps what was already recorded of the earlier
        checklist and drops its untouched steps."""
        complaint = self._foreign_object()
        first = complaint.checklist_line_ids.sorted("sequence")[0]
        first.done = True
        complaint.sudo().defect_type_id = self.defect_scratch
        self.assertEqual(complaint.checklist_line_ids, first)

    def test_06_what_a_line_asks_is_the_application_s(self):
        """Who handles the complaint ticks and fills; nobody makes a step
        optional, rewrites it, adds one or deletes one."""
        complaint = self._foreign_object()
        line = complaint.checklist_line_ids.filtered("required")[:1]
        with self.assertRaises(ValidationError):
            line.with_user(self.officer).write({"required": False})
        with self.assertRaises(ValidationError):
            line.with_user(self.officer).write({"name": "Nothing to do"})
        with self.assertRaises(AccessError):
            line.with_user(self.officer).unlink()
        with self.assertRaises(ValidationError):
            self.env["complaint.checklist.line"].with_user(self.officer).create(
                {"ticket_id": complaint.id, "name": "Extra", "kind": "action"}
            )
        line.with_user(self.officer).write({"done": True})
        self.assertTrue(line.done)

    def test_07_printed_section(self):
        """The checklist section a complaint form includes prints each step and
        what was recorded."""
        complaint = self._foreign_object()
        where = complaint.checklist_line_ids.filtered(lambda line: line.kind == "fact")
        where.value = "Sealed bag, City Lab"
        html = self.env["ir.qweb"]._render(
            "complaint_management.report_complaint_checklist_section",
            {"ticket": complaint},
        )
        self.assertIn("Keep the object and send it for testing", str(html))
        self.assertIn("Sealed bag, City Lab", str(html))

    def test_08_laying_out_costs_the_same_for_any_batch(self):
        """Laying out the checklists of 20 complaints costs the queries of 2."""
        vals = dict(self._complete_intake(), defect_type_id=self.defect_foreign.id)
        small = self._batch(2, vals)
        large = self._batch(20, vals)
        costs = []
        for tickets in (small, large):
            tickets.checklist_line_ids._protected_context().unlink()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            tickets._checklist_sync()
            self.env.flush_all()
            costs.append(self.cr.sql_log_count - before)
            self.assertEqual(len(tickets.checklist_line_ids), 3 * len(tickets))
        self.assertEqual(costs[0], costs[1], costs)

    def _batch(self, size, vals):
        return self.env["helpdesk.ticket"].create(
            [
                dict(
                    vals, name=f"Wire {i}", description="<p>x</p>", team_id=self.team.id
                )
                for i in range(size)
            ]
        )
