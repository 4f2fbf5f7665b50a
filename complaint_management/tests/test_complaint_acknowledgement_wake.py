from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

CRON = "complaint_management.ir_cron_complaint_acknowledge"


@tagged("post_install", "-at_install")
class TestComplaintAcknowledgementWake(BaseCase):
    """The acknowledgement job is woken at most once a minute however many
    complaints arrive (rules §23.2): complaints recorded each in its own
    transaction, as the web client's requests are, committed as in production."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # what earlier tests and the demo left queued is sent first
            env["helpdesk.ticket"]._cron_send_acknowledgements(batch_size=100000)
            cron = env.ref(CRON)
            self.lastcall = cron.lastcall
            team = env["helpdesk.ticket.team"].create(
                {"name": "Wake Desk", "complaint_team": True}
            )
            customer = env["res.partner"].create(
                {"name": "Busy Brakes", "email": "quality@busy-brakes.example.com"}
            )
            self.ids = {"team": team.id, "customer": customer.id, "complaints": []}
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
            cron = env.ref(CRON)
            env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()
            cron.lastcall = self.lastcall

    def _job_last_ran(self, when):
        """The job last ran at ``when`` and nothing triggers it (committed)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref(CRON)
            env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()
            cron.lastcall = when

    def _record(self, count):
        """Record ``count`` complaints, each in its own committed transaction."""
        for n in range(count):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                complaint = env["helpdesk.ticket"].create(
                    {
                        "name": f"Squealing pads {n}",
                        "description": "<p>Noise</p>",
                        "team_id": self.ids["team"],
                        "partner_id": self.ids["customer"],
                    }
                )
                self.assertEqual(complaint.acknowledgement_state, "pending")
                self.ids["complaints"].append(complaint.id)

    def _triggers(self):
        """The job's pending triggers: their times."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return (
                env["ir.cron.trigger"]
                .search([("cron_id", "=", env.ref(CRON).id)])
                .mapped("call_at")
            )

    def test_01_fifty_complaints_wake_it_once(self):
        """Fifty complaints recorded one after the other, each in its own
        transaction, while the job has not run for an hour: the first wakes it at
        once, the 49 others find it due and add nothing; its one run then
        acknowledges them all."""
        start = fields.Datetime.now().replace(microsecond=0)
        self._job_last_ran(start - timedelta(hours=1))
        self._record(50)
        triggers = self._triggers()
        self.assertEqual(len(triggers), 1, triggers)
        self.assertLessEqual(triggers[0], fields.Datetime.now())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.ticket"]._cron_send_acknowledgements(batch_size=50)
            complaints = env["helpdesk.ticket"].browse(self.ids["complaints"])
            self.assertEqual(set(complaints.mapped("acknowledgement_state")), {"sent"})

    def test_02_after_a_run_it_waits_for_the_minute(self):
        """The job ran ten seconds ago: complaints recorded now wake it when the
        minute since that run is over, with one trigger for all of them."""
        ran = fields.Datetime.now().replace(microsecond=0) - timedelta(seconds=10)
        self._job_last_ran(ran)
        self._record(5)
        self.assertEqual(self._triggers(), [ran + timedelta(minutes=1)])
