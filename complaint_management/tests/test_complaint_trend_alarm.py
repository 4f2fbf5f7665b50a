from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCommon

TODAY = "2026-11-15 12:00:00"
# The window of a 3-month base: August to October, and November watched.
MONTHS = [date(2026, 8, 10), date(2026, 9, 10), date(2026, 10, 10), date(2026, 11, 10)]


@tagged("post_install", "-at_install")
class TestComplaintTrendAlarm(ComplaintCommon):
    """Trend alarms and delivered quantities (rules §21) on known data, a base
    of three months (August to October 2026) and November 2026 watched, 3 sigma:

    - the caliper (``product``): 1, 1, 1 complaints then 5; no delivery known,
      so a c-chart: c̄ = 1, upper limit 1 + 3·√1 = 4, and 5 > 4: one alarm;
    - the housing (``product_other``): 2, 2, 2 then 2; c̄ = 2, upper limit
      2 + 3·√2 ≈ 6.24: none;
    - the rear caliper (``product_sibling``): 10,000 invoiced each month,
      1, 1, 1 complaints then 5; a p-chart: p̄ = 3 ÷ 30,000 = 1e-4, upper limit
      1e-4 + 3·√(1e-4 × 0.9999 ÷ 10,000) ≈ 400 per million, and 5 ÷ 10,000 =
      500 per million lies beyond: one alarm.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "complaint_delivered_source": "invoice",
                "complaint_trend_period": "month",
                "complaint_trend_base_periods": 3,
                "complaint_trend_sigma": 3.0,
                "complaint_trend_run_periods": 0,
                "complaint_trend_min_count": 3,
                "complaint_trend_user_id": cls.qa_manager.id,
            }
        )
        vals_list = []
        for product, counts in (
            (cls.product, (1, 1, 1, 5)),
            (cls.product_other, (2, 2, 2, 2)),
            (cls.product_sibling, (1, 1, 1, 5)),
        ):
            for day, count in zip(MONTHS, counts, strict=True):
                vals_list += [cls._complaint_vals(product, day)] * count
        cls.complaints = cls.env["helpdesk.ticket"].create(vals_list)
        cls._accounting()
        for day in MONTHS:
            cls._invoice(cls.product_sibling, 10000, day)
        cls.Alarm = cls.env["complaint.trend.alarm"]

    @classmethod
    def _complaint_vals(cls, product, day):
        return dict(
            cls._complete_intake(),
            name=f"{product.name} complaint",
            description="<p>x</p>",
            team_id=cls.team.id,
            product_id=product.id,
            shipped_date=date(2026, 7, 1),
            shipped_qty=1000,
            defect_qty=2,
            complaint_date=datetime.combine(day, datetime.min.time()).replace(hour=9),
        )

    @classmethod
    def _accounting(cls):
        cls.income = cls.env["account.account"].create(
            {"name": "Sales (trend)", "code": "TRD001", "account_type": "income"}
        )
        receivable = cls.env["account.account"].create(
            {"name": "Customers (trend)", "code": "TRD002",
             "account_type": "asset_receivable", "reconcile": True}
        )  # fmt: skip
        cls.journal = cls.env["account.journal"].create(
            {"name": "Trend Sales", "code": "TRDS", "type": "sale",
             "default_account_id": cls.income.id}
        )  # fmt: skip
        cls.customer.property_account_receivable_id = receivable

    @classmethod
    def _invoice(cls, product, quantity, day, post=True):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "journal_id": cls.journal.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": product.id, "quantity": quantity,
                         "price_unit": 1.0, "account_id": cls.income.id,
                         "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )  # fmt: skip
        if post:
            invoice.action_post()
        return invoice

    def _run(self):
        with freeze_time(TODAY):
            return self.Alarm._raise_trend_alarms(self.company, date(2026, 11, 15))

    def _ours(self):
        products = self.product | self.product_other | self.product_sibling
        return self.Alarm.search([("product_id", "in", products.ids)])

    # Delivered quantities
    def test_01_delivered_quantities_per_product_and_month(self):
        """One method answers the delivered quantity per product and period: the
        posted invoices (a draft does not count), per month and per week."""
        self._invoice(self.product_sibling, 777, date(2026, 11, 11), post=False)
        Delivery = self.env["complaint.delivery"]
        delivered = Delivery._delivered_quantities(
            self.product_sibling | self.product,
            date(2026, 8, 1),
            date(2026, 11, 30),
            "month",
        )
        self.assertEqual(
            delivered,
            {
                (self.company.id, self.product_sibling.id, day.replace(day=1)): 10000.0
                for day in MONTHS
            },
        )
        weekly = Delivery._delivered_quantities(
            self.product_sibling, date(2026, 11, 1), date(2026, 11, 30), "week"
        )
        # 10 November 2026 is a Tuesday: the week of Monday 9 November
        self.assertEqual(
            weekly,
            {(self.company.id, self.product_sibling.id, date(2026, 11, 9)): 10000.0},
        )
        with self.assertRaises(ValidationError):
            Delivery._delivered_quantities(self.product, MONTHS[0], MONTHS[-1], "year")

    def test_02_ppm_divides_by_invoiced_quantities(self):
        """A posted invoice of 10,000 units and 2 defective give 200 PPM, not
        the 2,000 PPM of the complaint's own shipped quantity (1,000), which
        stays visible."""
        product = self.env["product.product"].create({"name": "Brake pad"})
        complaint = self.env["helpdesk.ticket"].create(
            self._complaint_vals(product, date(2026, 11, 12))
        )
        self._invoice(product, 10000, date(2026, 11, 2))
        [(defect, delivered, shipped, ppm)] = self.env[
            "complaint.ppm.report"
        ]._read_group(
            [("product_id", "=", product.id)],
            [],
            ["defect_qty:sum", "delivered_qty:sum", "shipped_qty:sum", "ppm:avg"],
        )
        self.assertEqual((defect, delivered, shipped), (2.0, 10000.0, 1000.0))
        self.assertAlmostEqual(ppm, 200.0)
        self.assertEqual(complaint.shipped_qty, 1000.0)

    def test_03_imported_quantities(self):
        """A company invoicing elsewhere divides by the quantities it imported
        per product and month (any day of the month is kept as its first day);
        its invoices no longer count."""
        self.company.complaint_delivered_source = "import"
        Delivery = self.env["complaint.delivery"]
        row = Delivery.create(
            {
                "product_id": self.product_sibling.id,
                "month": "2026-11-17",
                "quantity": 4000,
            }
        )
        self.assertEqual(row.month, date(2026, 11, 1))
        self.assertEqual(
            Delivery._delivered_quantities(
                self.product_sibling, date(2026, 8, 1), date(2026, 11, 30)
            ),
            {(self.company.id, self.product_sibling.id, date(2026, 11, 1)): 4000.0},
        )
        with self.assertRaises(ValidationError):
            Delivery.create(
                {
                    "product_id": self.product.id,
                    "month": "2026-11-01",
                    "quantity": float("nan"),
                }
            )
        self.assertTrue(Delivery.get_import_templates())

    # The job
    def test_04_a_jump_raises_one_alarm_a_stable_product_none(self):
        """The caliper's jump raises exactly one alarm (c-chart, figures of the
        docstring), the rear caliper's one on its invoiced rate (p-chart), the
        stable housing none; each goes to the QA manager with an activity."""
        alarms = self._run()
        self.assertEqual(alarms, self._ours())
        by_product = {alarm.product_id: alarm for alarm in alarms}
        self.assertEqual(len(alarms), 2)
        self.assertNotIn(self.product_other, by_product)
        counted = by_product[self.product]
        self.assertEqual(
            (counted.chart, counted.rule, counted.period, counted.complaint_count),
            ("c", "limit", date(2026, 11, 1), 5),
        )
        self.assertFalse(counted.defect_family, "The family's series is the product's.")
        self.assertAlmostEqual(counted.centre, 1.0)
        self.assertAlmostEqual(counted.upper, 4.0)
        rated = by_product[self.product_sibling]
        self.assertEqual((rated.chart, rated.delivered_qty), ("p", 10000.0))
        self.assertAlmostEqual(rated.rate, 500.0)
        self.assertAlmostEqual(rated.centre, 100.0)
        self.assertAlmostEqual(rated.upper, 399.985, places=2)
        self.assertEqual(alarms.user_id, self.qa_manager)
        self.assertEqual(
            alarms.activity_ids.activity_type_id,
            self.env.ref("complaint_management.mail_act_complaint_trend_alarm"),
        )
        # the control chart: four points per product, the alarm marked
        points = self.env["complaint.trend.point"].search(
            [("product_id", "=", self.product.id)], order="period"
        )
        self.assertEqual(points.mapped("complaint_count"), [1, 1, 1, 5])
        self.assertEqual(points.mapped("alarm_count"), [0, 0, 0, 1])
        self.assertEqual(set(points.mapped("upper")), {4.0})

    def test_05_no_duplicate(self):
        """Running the job again raises the same signal no second time."""
        first = self._run()
        self.assertEqual(len(first), 2)
        self.assertFalse(self._run())
        self.assertEqual(self._ours(), first)
        self.assertEqual(
            self.env["complaint.trend.point"].search_count(
                [("product_id", "=", self.product.id)]
            ),
            4,
        )

    def test_06_dismissing_needs_a_reason(self):
        """The QA manager dismisses with a reason (required by the wizard and by
        the server); the decision is kept and locks the alarm."""
        alarm = self._run().filtered(lambda a: a.product_id == self.product)
        as_manager = alarm.with_user(self.qa_manager)
        with self.assertRaises(UserError):
            as_manager._dismiss("   ")
        wizard = Form(
            self.env["complaint.trend.alarm.dismiss"]
            .with_user(self.qa_manager)
            .with_context(default_alarm_id=alarm.id)
        )
        with self.assertRaises(AssertionError):
            wizard.save()  # the reason is required
        wizard.reason = "Known cause: the supplier's batch 44, already contained."
        wizard.save().action_confirm()
        self.assertEqual(alarm.state, "dismissed")
        self.assertEqual(alarm.decided_by_id, self.qa_manager)
        self.assertIn("batch 44", alarm.dismiss_reason)
        self.assertFalse(alarm.activity_ids)
        with self.assertRaises(UserError):
            as_manager._dismiss("Again")
        with self.assertRaises(ValidationError):
            as_manager.write({"dismiss_reason": "Another story"})

    def test_07_only_the_qa_manager_decides_and_only_the_job_creates(self):
        """An engineer reads alarms but decides nothing; nobody creates, edits the
        figures of or deletes an alarm."""
        alarm = self._run()[:1]
        self.assertTrue(alarm.with_user(self.engineer).read(["complaint_count"]))
        with self.assertRaises(UserError):
            alarm.with_user(self.engineer)._dismiss("Not mine to say")
        with self.assertRaises(UserError):
            alarm.with_user(self.engineer).action_open_complaint()
        with self.assertRaises(ValidationError):
            alarm.with_user(self.qa_manager).write({"state": "dismissed"})
        with self.assertRaises(AccessError):
            alarm.with_user(self.qa_manager).write({"complaint_count": 1})
        self.assertFalse(self.Alarm.with_user(self.qa_manager).has_access("create"))
        with self.assertRaises(UserError):  # the protection speaks before the ACL
            self.Alarm.with_user(self.qa_manager).create(
                {"company_id": self.company.id, "product_id": self.product.id,
                 "period": "2026-11-01", "rule": "limit", "chart": "c"}
            )  # fmt: skip
        with self.assertRaises(AccessError):
            alarm.with_user(self.qa_manager).unlink()

    def test_08_open_a_complaint(self):
        """The QA manager opens an internal complaint and its 8D from the alarm;
        that complaint does not count in the next runs."""
        alarm = self._run().filtered(lambda a: a.product_id == self.product)
        action = alarm.with_user(self.qa_manager).action_open_complaint()
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(alarm.state, "complaint")
        self.assertEqual(alarm.ticket_id, ticket)
        self.assertEqual(ticket.product_id, self.product)
        self.assertEqual(ticket.partner_id, self.company.partner_id)
        self.assertIn(ticket, alarm.eight_d_id.ticket_ids)
        self._run()
        point = self.env["complaint.trend.point"].search(
            [("product_id", "=", self.product.id), ("period", "=", "2026-11-01")]
        )
        self.assertEqual(point.complaint_count, 5)

    def test_10_tell_the_other_customers(self):
        """From an alarm, the QA tells the other customers of its product: the
        outreach lists who bought it up to the end of the alarm's month."""
        alarm = self._run().filtered(lambda a: a.product_id == self.product_sibling)
        action = alarm.with_user(self.qa_manager).action_open_outreach_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.qa_manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(
            (wizard.product_id, wizard.date_to),
            (self.product_sibling, date(2026, 11, 30)),
        )
        outreach = self.env["complaint.outreach"].browse(
            wizard.action_confirm()["res_id"]
        )
        self.assertEqual(outreach.line_ids.partner_id, self.customer)
        self.assertEqual(sum(outreach.line_ids.mapped("quantity")), 40000.0)

    def test_09_one_pass_whatever_the_number_of_products(self):
        """The job reads the complaints and the deliveries once, whatever the
        number of products: three more products cost no more queries."""
        self._run()  # warm the caches, write the first points and alarms
        with freeze_time(TODAY), self.assertQueryCount(__system__=17):
            self.Alarm._raise_trend_alarms(self.company, date(2026, 11, 15))
        extra = self.env["product.product"].create(
            [{"name": f"Extra {n}"} for n in range(3)]
        )
        self.env["helpdesk.ticket"].create(
            [self._complaint_vals(product, day) for product in extra for day in MONTHS]
        )
        self._run()
        with freeze_time(TODAY), self.assertQueryCount(__system__=17):
            self.Alarm._raise_trend_alarms(self.company, date(2026, 11, 15))
