from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_protected_mixin import free_only, locked

STATES = [("planned", "Planned"), ("running", "Running"), ("done", "Done")]
RESULTS = [
    ("pass", "Passed"),
    ("fail", "Failed"),
    ("inconclusive", "Inconclusive"),
]
# What the pause of the deadlines was made from: fixed once the test started.
AGREEMENT_FIELDS = (
    "pauses_deadlines",
    "sales_agreed_user_id",
    "sales_agreed_date",
    "customer_informed_date",
)


class ComplaintSampleTest(models.Model):
    """A test run on a complaint's sample, with its result and time (rules §18.3).

    Starting a test records who and when; when the test is agreed with sales
    (who and when) and told to the customer, the complaint's deadlines stand
    still while it runs (rules §4.6: ``complaint.sla.pause``, made from
    ``_pause_vals``), and ending it resumes them, moving each deadline by the
    test's working time. Ending records the end and needs a result. Once done,
    what was tested and found stays; once the sample is returned or scrapped,
    its tests stay as they were (``complaint.protected.mixin``).
    """

    _name = "complaint.sample.test"
    _inherit = ["complaint.protected.mixin"]
    _description = "Complaint Sample Test"
    _order = "sample_id, id"
    _check_company_auto = True
    _protected_fields = ("state", "start_date", "end_date", "user_id", "pause_id")
    _locks = {
        "running": locked("sample_id", *AGREEMENT_FIELDS),
        "done": locked("sample_id", "name", "result", "result_note", *AGREEMENT_FIELDS),
        "sample_final": free_only(),
    }
    _lock_parents = {"sample_id": "test_ids"}
    _undeletable_states = ("running", "done", "sample_final")

    sample_id = fields.Many2one(
        "complaint.sample",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    ticket_id = fields.Many2one(related="sample_id.ticket_id", store=True, index=True)
    company_id = fields.Many2one(related="sample_id.company_id", store=True)
    name = fields.Char(string="Test", required=True)
    state = fields.Selection(
        STATES, default="planned", required=True, readonly=True, copy=False
    )
    pauses_deadlines = fields.Boolean(
        string="Stops the Deadlines",
        default=True,
        help="The test was agreed with sales and told to the customer, so the "
        "complaint's deadlines stand still while it runs (rules §4.6).",
    )
    sales_agreed_user_id = fields.Many2one(
        "res.users",
        string="Agreed by (Sales)",
        domain=[("share", "=", False)],
        help="Who in sales agreed that the test stops the clock.",
    )
    sales_agreed_date = fields.Date(string="Agreed On (Sales)")
    customer_informed_date = fields.Date(
        string="Customer Told On",
        help="When the customer was told that the clock stops for this test.",
    )
    start_date = fields.Datetime(string="Started", readonly=True, copy=False)
    end_date = fields.Datetime(string="Ended", readonly=True, copy=False)
    user_id = fields.Many2one("res.users", string="Tested By", readonly=True)
    pause_id = fields.Many2one(
        "complaint.sla.pause", string="Deadline Pause", readonly=True, copy=False
    )
    paused_hours = fields.Float(
        related="pause_id.paused_hours",
        string="Working Hours Paused",
        help="Working hours of the team's calendar the test stopped the deadlines.",
    )
    result = fields.Selection(RESULTS)
    result_note = fields.Text(string="Findings")

    # Record protection (complaint.protected.mixin)
    def _lock_key(self):
        """The test's state, or ``sample_final`` once its sample is returned,
        scrapped or cancelled."""
        self.ensure_one()
        if self.sample_id.state in ("returned", "scrapped", "cancel"):
            return "sample_final"
        return self.state

    def _lock_state_label(self):
        self.ensure_one()
        if self._lock_key() == "sample_final":
            return self.sample_id._state_label().lower()
        return super()._lock_state_label()

    # Actions
    def action_start(self):
        """Start the test: who and when; stop the deadlines when agreed."""
        self._check_can("start")
        now = fields.Datetime.now()
        for test in self:
            vals = {"state": "running", "start_date": now, "user_id": self.env.uid}
            if test.pauses_deadlines:
                vals["pause_id"] = (
                    self.env["complaint.sla.pause"].create(test._pause_vals(now)).id
                )
            test._protected_context().write(vals)
        return True

    def action_end(self):
        """End the test with its result; resume the deadlines it stopped."""
        self._check_can("end")
        self._protected_context().write(
            {"state": "done", "end_date": fields.Datetime.now()}
        )
        self.pause_id.filtered("active_pause").action_resume()
        return True

    # Business methods
    def _pause_vals(self, start):
        """The values of the deadline pause this test makes (rules §4.6): its
        complaint, why, since when, and the agreement with sales and the customer
        it rests on."""
        self.ensure_one()
        return {
            "ticket_id": self.ticket_id.id,
            "reason": self.env._(
                "Test %(test)s of sample %(sample)s",
                test=self.name,
                sample=self.sample_id.display_name,
            ),
            "customer_informed_date": self.customer_informed_date,
            "sales_agreed_user_id": self.sales_agreed_user_id.id,
            "sales_agreed_date": fields.Datetime.to_datetime(self.sales_agreed_date),
            "start_date": start,
            "user_id": self.env.uid,
        }

    def _check_can(self, action):
        """Raise why the current user may not ``start`` or ``end`` these tests
        (rules §18.3): quality runs tests, on received samples; a test that stops
        the deadlines needs sales' agreement and the date the customer was told;
        a test ends with its result."""
        self.check_access("write")
        if not self.env.su and not self.env.user.has_group(
            "complaint_management.group_complaint_engineer"
        ):
            raise UserError(self.env._("Only quality runs tests on samples."))
        for test in self:
            if action == "start":
                if test.state != "planned":
                    raise UserError(
                        self.env._(
                            "The test %(test)s has already started.", test=test.name
                        )
                    )
                if test.sample_id.state != "received":
                    raise UserError(
                        self.env._(
                            "Test %(sample)s once its parts have arrived.",
                            sample=test.sample_id.display_name,
                        )
                    )
                if test.pauses_deadlines and not (
                    test.sales_agreed_user_id
                    and test.sales_agreed_date
                    and test.customer_informed_date
                ):
                    raise ValidationError(
                        self.env._(
                            "The test %(test)s stops the deadlines: enter who in "
                            "sales agreed and when, and when the customer was told "
                            "(or untick 'Stops the Deadlines').",
                            test=test.name,
                        )
                    )
            elif action == "end":
                if test.state != "running":
                    raise UserError(
                        self.env._("The test %(test)s is not running.", test=test.name)
                    )
                if not test.result:
                    raise UserError(
                        self.env._(
                            "Enter the result of the test %(test)s before ending it.",
                            test=test.name,
                        )
                    )
