from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

CRON = "complaint_management.ir_cron_complaint_acknowledge"


@tagged("post_install", "-at_install")
class TestComplaintAcknowledgementConcurrency(BaseCase):
    """The acknowledgement job against officers editing the same complaints
    (issue 14, figure 7): with two real cursors, as Odoo's own concurrency tests
    do, a complaint being changed is left for the next run without an error, and
    no customer is written to twice."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # What the demo data left queued is sent first: the runs below see ours.
            env["helpdesk.ticket"]._cron_send_acknowledgements(batch_size=100000)
            team = env["helpdesk.ticket.team"].create(
                {"name": "Acknowledgement Desk", "complaint_team": True}
            )
            customer = env["res.partner"].create(
                {"name": "Busy Brakes", "email": "quality@busy-brakes.example.com"}
            )
            complaints = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Squealing pads {n}",
                        "description": "<p>Noise</p>",
                        "team_id": team.id,
                        "partner_id": customer.id,
                    }
                    for n in range(3)
                ]
            )
            self.assertEqual(
                set(complaints.mapped("acknowledgement_state")), {"pending"}
            )
            self.ids = {
                "team": team.id,
                "customer": customer.id,
                "complaints": complaints.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            complaints = env["helpdesk.ticket"].browse(self.ids["complaints"])
            env["mail.mail"].search(
                [("model", "=", "helpdesk.ticket"), ("res_id", "in", complaints.ids)]
            ).unlink()
            complaints.unlink()
            env["helpdesk.ticket.team"].browse(self.ids["team"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()

    def _state(self, env):
        return {
            ticket.id: ticket.acknowledgement_state
            for ticket in env["helpdesk.ticket"].browse(self.ids["complaints"])
        }

    def _mails(self, env):
        """How many acknowledgement e-mails each complaint's customer was sent."""
        mails = env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "in", self.ids["complaints"]),
            ]
        )
        return {
            ticket_id: len(mails.filtered(lambda m, t=ticket_id: m.res_id == t))
            for ticket_id in self.ids["complaints"]
        }

    def _scheduler_run(self, env):
        """Run the job as the scheduler does: with its cron and a progress record,
        so each batch (of one complaint here) is committed on its own."""
        cron = env.ref(CRON)
        cron, _progress = cron._add_progress()
        env.cr.commit()
        env["helpdesk.ticket"].with_context(
            cron_id=cron.id, ir_cron_progress_id=cron.env.context["ir_cron_progress_id"]
        )._cron_send_acknowledgements(batch_size=1)

    def test_01_complaint_being_edited_is_left_for_next_run(self):
        """An officer is changing a complaint (its row locked, not committed): the
        scheduled job sends the other acknowledgements batch by batch and leaves
        that one queued without an error; the next run sends it."""
        edited, *others = self.ids["complaints"]
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            officer_env = api.Environment(cr1, SUPERUSER_ID, {})
            officer_env["helpdesk.ticket"].browse(edited).write(
                {"name": "Squealing pads (checked on site)"}
            )
            officer_env.flush_all()
            job_env = api.Environment(cr2, SUPERUSER_ID, {})
            with self.assertNoLogs("odoo", "ERROR"):
                self._scheduler_run(job_env)
            cr2.commit()
            cr1.commit()
        with self.registry.cursor() as cr3:
            env = api.Environment(cr3, SUPERUSER_ID, {})
            state = self._state(env)
            self.assertEqual(state[edited], "pending")
            self.assertEqual({state[i] for i in others}, {"sent"})
            self.assertEqual(self._mails(env), {edited: 0, **dict.fromkeys(others, 1)})
            # the job comes back for the skipped complaint a little later
            trigger = env["ir.cron.trigger"].search(
                [
                    ("cron_id", "=", env.ref(CRON).id),
                    ("call_at", ">", fields.Datetime.now()),
                ]
            )
            self.assertTrue(trigger, "the job comes back for the skipped complaint")
        with self.registry.cursor() as cr4:
            env = api.Environment(cr4, SUPERUSER_ID, {})
            self._scheduler_run(env)
            self.assertEqual(set(self._state(env).values()), {"sent"})
            self.assertEqual(set(self._mails(env).values()), {1})

    def test_02_two_runs_at_once_never_send_twice(self):
        """Two runs of the job at the same time (two cron workers): the second
        skips what the first holds, and after both and one more run every customer
        has exactly one acknowledgement."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            first = api.Environment(cr1, SUPERUSER_ID, {})
            second = api.Environment(cr2, SUPERUSER_ID, {})
            first["helpdesk.ticket"]._cron_send_acknowledgements()
            first.flush_all()
            with self.assertNoLogs("odoo", "ERROR"):
                second["helpdesk.ticket"]._cron_send_acknowledgements()
            self.assertEqual(set(self._mails(second).values()), {0})
            cr2.commit()
            cr1.commit()
        with self.registry.cursor() as cr3:
            env = api.Environment(cr3, SUPERUSER_ID, {})
            self._scheduler_run(env)
            self.assertEqual(set(self._state(env).values()), {"sent"})
            self.assertEqual(set(self._mails(env).values()), {1})
