import importlib.util
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import ComplaintSlaCommon

# The activity type that reminds of each milestone (MILESTONE_ACTIVITY).
CONTAINMENT = "complaint_management.mail_act_complaint_containment"
RESPONSE = "complaint_management.mail_act_complaint_response"
CALLBACK = "complaint_management.mail_act_complaint_callback"
RESOLUTION = "complaint_management.mail_act_complaint_resolution"


@tagged("post_install", "-at_install")
class TestComplaintReminder(ComplaintSlaCommon):
    """One reminder per complaint, for its next deadline, moved as deadlines are
    met or re-planned (rules §23.1); the milestones stay one per deadline."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._close_without_8d()
        cls.reminder_types = cls.env["mail.activity.type"].union(
            *cls.env["complaint.sla.milestone"]._activity_types().values()
        )

    def _reminders(self, complaint, active=True):
        """The complaint's deadline reminders (done ones with ``active=False``)."""
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", complaint.id),
                    ("activity_type_id", "in", self.reminder_types.ids),
                    ("active", "=", active),
                ]
            )
        )

    def test_01_one_reminder_that_moves_to_the_next_deadline(self):
        """A new complaint carries one reminder, due on its first deadline (the
        24-hour containment, rules §17.3), for its handler, while it has four
        deadlines running; when the containment is met the same reminder moves to
        the next deadline, QA's response two working days after receipt."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
            open_ones = complaint.sla_milestone_ids.filtered("is_open")
            self.assertEqual(
                set(open_ones.mapped("milestone")),
                {"containment", "response", "analysis", "resolution"},
            )
            reminder = self._reminders(complaint)
            self.assertEqual(len(reminder), 1)
            self.assertEqual(reminder.activity_type_id, self.env.ref(CONTAINMENT))
            self.assertEqual(reminder.date_deadline, date(2026, 11, 3))
            self.assertEqual(reminder.user_id, self.engineer)
            self.assertFalse(reminder.summary, "the type's name, in its reader's")
            self.assertEqual(
                self._milestone(complaint, "containment").deadline,
                complaint.sla_next_deadline,
            )
        with freeze_time("2026-11-02 15:00:00"):
            complaint._record_event("containment")
            self.assertEqual(self._milestone(complaint, "containment").state, "met")
            self.assertEqual(self._reminders(complaint), reminder, "moved, not new")
            self.assertEqual(reminder.activity_type_id, self.env.ref(RESPONSE))
            self.assertEqual(reminder.date_deadline, date(2026, 11, 4))
            self.assertEqual(reminder.user_id, self.engineer)
            self.assertFalse(self._reminders(complaint, active=False))
            # the milestones stay as they are: one per deadline
            self.assertEqual(len(complaint.sla_milestone_ids), 4)

    def test_02_a_replanned_deadline_moves_it(self):
        """Two working days of pause move the response deadline, and its
        reminder with it."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
            complaint._record_event("containment")
            reminder = self._reminders(complaint)
            self.assertEqual(reminder.date_deadline, date(2026, 11, 4))
            self.env["complaint.sla.pause"].create(
                {
                    "ticket_id": complaint.id,
                    "reason": "Salt-spray test of the returned samples",
                    "sales_agreed_user_id": self.officer.id,
                    "sales_agreed_date": "2026-11-02 08:30:00",
                    "customer_informed_date": "2026-11-02",
                }
            )
        with freeze_time("2026-11-04 09:00:00"):
            complaint.action_resume_sla()
            response = self._milestone(complaint, "response")
            self.assertEqual(response.deadline, datetime(2026, 11, 6, 9, 0))
            self.assertEqual(self._reminders(complaint), reminder)
            self.assertEqual(reminder.date_deadline, date(2026, 11, 6))

    def test_03_closing_moves_it_to_the_callback_then_done(self):
        """Closing meets the resolution and ends the other handling deadlines:
        the reminder moves to the call-back, for the receiver who calls; the
        call-back, the last deadline, marks it done."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(
                user_id=self.engineer.id, receiver_id=self.officer.id
            )
            reminder = self._reminders(complaint)
        with freeze_time("2026-11-02 16:00:00"):
            complaint.write({"responsibility": "company", "stage_id": self.done.id})
            follow_up = self._milestone(complaint, "follow_up")
            self.assertEqual(follow_up.deadline, datetime(2026, 11, 9, 16, 0))
            self.assertEqual(self._reminders(complaint), reminder)
            self.assertEqual(reminder.activity_type_id, self.env.ref(CALLBACK))
            self.assertEqual(reminder.date_deadline, date(2026, 11, 9))
            self.assertEqual(reminder.user_id, self.officer)
        with freeze_time("2026-11-05 10:00:00"):
            complaint._record_callback("5", "Fine now")
            self.assertFalse(complaint.sla_milestone_ids.filtered("is_open"))
            self.assertFalse(self._reminders(complaint))
            self.assertEqual(self._reminders(complaint, active=False), reminder)
            self.assertEqual(reminder.feedback, "Deadline reached.")

    def test_04_ended_without_its_event_it_goes(self):
        """A complaint whose last open deadline ends without its event (no
        policy asks for it any more) loses its reminder, not marked done."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
            reminder = self._reminders(complaint)
            complaint.sla_milestone_ids._end(datetime.now(), "Re-graded")
            self.assertFalse(reminder.exists())
            self.assertFalse(self._reminders(complaint, active=False))

    def test_05_duplicates_of_older_data_go(self):
        """A complaint that still carries a reminder per deadline (recorded before
        this rule, as the update finds them) keeps one, for its next deadline."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over(user_id=self.engineer.id)
            self.env["mail.activity"].create(
                [
                    {
                        "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                        "res_id": complaint.id,
                        "activity_type_id": self.env.ref(xmlid).id,
                        "user_id": self.engineer.id,
                        "date_deadline": date(2026, 11, 20),
                    }
                    for xmlid in (RESPONSE, CONTAINMENT)
                ]
            )
            self.assertEqual(len(self._reminders(complaint)), 3)
            self.env["complaint.sla.milestone"]._reminder_update(complaint)
            reminder = self._reminders(complaint)
            self.assertEqual(len(reminder), 1)
            self.assertEqual(reminder.activity_type_id, self.env.ref(CONTAINMENT))
            self.assertEqual(reminder.date_deadline, date(2026, 11, 3))

    def test_05b_the_update_keeps_one_per_complaint(self):
        """The update to this version (migrations/19.0.1.4.0/post-one_reminder)
        leaves each complaint that had a reminder per deadline with one, for its
        next deadline, and a closed one whose deadlines are all over with none
        open."""
        with freeze_time("2026-11-02 09:00:00"):
            model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
            complaints = self._handed_over(user_id=self.engineer.id)
            complaints |= self._handed_over(user_id=self.engineer.id)
            over = self._handed_over(user_id=self.engineer.id)
            over.sla_milestone_ids.filtered("is_open")._meet(datetime.now())
            old = [
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": self.env.ref(xmlid).id,
                    "user_id": self.engineer.id,
                    "date_deadline": date(2026, 11, 20),
                }
                for complaint in complaints | over
                for xmlid in (RESPONSE, RESOLUTION, CONTAINMENT)
            ]
            created = self.env["mail.activity"].create(old)
            path = file_path(
                "complaint_management/migrations/19.0.1.4.0/post-one_reminder.py"
            )
            spec = importlib.util.spec_from_file_location("one_reminder", path)
            script = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(script)
            script.migrate(self.env.cr, "19.0.1.2.0")
            for complaint in complaints:
                reminder = self._reminders(complaint)
                self.assertEqual(len(reminder), 1)
                self.assertEqual(reminder.activity_type_id, self.env.ref(CONTAINMENT))
                self.assertEqual(reminder.date_deadline, date(2026, 11, 3))
            self.assertFalse(self._reminders(over))
            # of its three, one marked done (its deadlines were reached), two gone
            left = created.exists().filtered(lambda a: a.res_id == over.id)
            self.assertEqual(len(left), 1)
            self.assertFalse(left.active)

    @freeze_time("2026-11-02 09:00:00")
    def test_06_batch_query_count(self):
        """Keeping the reminders of a batch costs a fixed number of queries, one
        search for the batch's activities and one create or write per change,
        whatever the batch's size."""
        Ticket = self.env["helpdesk.ticket"]
        vals = dict(
            self._complete_intake(),
            user_id=self.engineer.id,
            complaint_date=datetime.now(),
            team_id=self.team.id,
            description="x",
        )
        Milestone = self.env["complaint.sla.milestone"]
        counts = {}
        for size in (1, 10, 30):
            complaints = Ticket.create(
                [dict(vals, name=f"Leak {size}/{n}") for n in range(size)]
            )
            self.assertEqual(len(complaints.activity_ids), size)
            complaints.activity_ids.unlink()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Milestone._reminder_update(complaints)
            self.env.flush_all()
            counts[size] = self.cr.sql_log_count - before
            self.assertEqual(len(complaints.activity_ids), size)
        self.assertEqual(counts[30], counts[10], counts)
        self.assertLessEqual(counts[10], 16, counts)
        # moving them all: one search, one write (fewer than a create)
        complaints.sla_milestone_ids.filtered(
            lambda m: m.milestone == "containment"
        )._meet(datetime.now(), remind=False)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            Milestone._reminder_update(complaints)
            self.env.flush_all()
        # not handed over to QA yet: the resolution's week is next
        self.assertEqual(
            complaints.activity_ids.activity_type_id, self.env.ref(RESOLUTION)
        )
        self.assertEqual(len(complaints.activity_ids), 30)
