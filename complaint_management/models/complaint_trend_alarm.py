from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..lib import control_limits, ratios
from .complaint_defect_type import DEFECT_FAMILIES

ACTIVITY_ALARM = "complaint_management.mail_act_complaint_trend_alarm"
MANAGER_GROUP = "complaint_management.group_complaint_manager"
RULES = [("limit", "Beyond the control limit"), ("run", "Rising run")]
CHARTS = [("p", "p-chart (rate per million delivered)"), ("c", "c-chart (count)")]


class ComplaintTrendAlarm(models.Model):
    """A trend alarm (rules §21.2-§21.5): the complaints of a product (or of one
    defect family of it) in a period lie beyond their control limit, or rose
    period after period, against the base periods before it.

    Raised by the scheduled job alone (``_cron_raise_trend_alarms``), never
    twice for the same product, family, period and rule, with the figures
    behind it (count, delivered, rate, centre line, limits, the rule hit), and
    assigned to the QA manager with an activity. The QA manager then opens an
    internal complaint (and its 8D) from it, or dismisses it with a reason.

    Access: quality engineers, managers and auditors read the alarms of their
    companies; only the QA manager decides; nobody creates, edits or deletes
    one (no access right allows it): every field is the application's (rules
    §10), written after the guard by the application itself, so a decided
    alarm stays as decided.
    """

    _name = "complaint.trend.alarm"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "complaint.workflow.mixin",
        "complaint.chatter.mixin",
    ]
    _description = "Complaint Trend Alarm"
    _order = "period desc, id desc"
    _check_company_auto = True
    # The decision is the application's, after its guard; the figures are
    # written by nobody else either: no access right lets a user create or
    # write an alarm (ir.model.access.csv).
    _protected_fields = (
        "state", "ticket_id", "eight_d_id", "dismiss_reason", "decided_by_id",
        "decided_date",
    )  # fmt: skip
    # Readers of alarms discuss them in the chatter (writing is the
    # application's alone).
    _mail_post_access = "read"
    _transitions = {
        "open_complaint": (("new",), "complaint"),
        "dismiss": (("new",), "dismissed"),
    }
    _workflow_can = {"can_decide": "dismiss"}

    company_id = fields.Many2one("res.company", required=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True
    )
    defect_family = fields.Selection(
        DEFECT_FAMILIES,
        help="Empty: all the complaints of the product; else those of this family.",
    )
    period = fields.Date(required=True, index=True, help="The period's first day.")
    period_type = fields.Selection(
        [("week", "Week"), ("month", "Month")], required=True, default="month"
    )
    rule = fields.Selection(RULES, string="Rule Hit", required=True)
    chart = fields.Selection(CHARTS, required=True)
    complaint_count = fields.Integer(string="Complaints")
    delivered_qty = fields.Float(string="Delivered Quantity", digits="Product Unit")
    rate = fields.Float(
        string="Complaints per Million Delivered",
        digits=(16, 1),
        help="Complaints ÷ delivered × 1,000,000 (p-chart only).",
    )
    value = fields.Float(
        digits=(16, 2), help="The point plotted: the rate (p-chart) or the count."
    )
    centre = fields.Float(string="Centre Line", digits=(16, 2))
    upper = fields.Float(string="Upper Control Limit", digits=(16, 2))
    lower = fields.Float(string="Lower Control Limit", digits=(16, 2))
    sigma = fields.Float(string="Sigma Level", digits=(16, 1))
    base_periods = fields.Integer(string="Base (periods)")
    state = fields.Selection(
        [
            ("new", "To Decide"),
            ("complaint", "Complaint Opened"),
            ("dismissed", "Dismissed"),
        ],
        required=True,
        default="new",
        tracking=True,
    )
    user_id = fields.Many2one("res.users", string="QA Manager", tracking=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Internal Complaint",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    eight_d_id = fields.Many2one(
        "complaint.8d", string="8D Report", index="btree_not_null", tracking=True
    )
    dismiss_reason = fields.Text(tracking=True)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided By User", tracking=True
    )
    decided_date = fields.Datetime(string="Decided On")
    can_decide = fields.Boolean(compute="_compute_can_actions")

    # Constraints and indexes
    _signal_unique = models.UniqueIndex(
        "(company_id, product_id, COALESCE(defect_family, ''), period, rule)",
        "This signal was already raised for the product and period.",
    )

    # Computes
    @api.depends("product_id", "defect_family", "period", "period_type")
    def _compute_display_name(self):
        families = dict(self._fields["defect_family"]._description_selection(self.env))
        for alarm in self:
            name = alarm.product_id.display_name or ""
            if alarm.defect_family:
                name = f"{name} ({families[alarm.defect_family]})"
            alarm.display_name = self.env._(
                "%(subject)s: %(period)s", subject=name, period=alarm._period_label()
            )

    # The guard
    def _refusal_rights(self, action):
        """Only a quality manager decides on an alarm (rules §21.5)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            return self.env._(
                "Only a quality manager decides on the trend alarm %(alarm)s.",
                alarm=self.display_name,
            )
        return False

    def _action_label(self, action, infinitive=False):
        labels = {
            "open_complaint": self.env._("turned into a complaint"),
            "dismiss": self.env._("dismissed"),
        }
        return labels.get(action) or super()._action_label(action, infinitive)

    # Actions
    def action_open_complaint(self):
        """Open an internal complaint about the product, with its 8D, and show
        it (rules §21.5)."""
        self.ensure_one()
        self._check_transition("open_complaint")
        ticket = self._open_complaint()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "views": [(False, "form")],
        }

    @api.readonly
    def action_open_outreach_wizard(self):
        """Tell the other customers of the alarm's product (rules §22.1): those
        who bought it within the company's outreach period up to the end of the
        alarm's period."""
        self.ensure_one()
        if self.period_type == "week":
            date_to = self.period + relativedelta(days=6)
        else:
            date_to = self.period + relativedelta(day=31)
        days = self.company_id.complaint_outreach_days
        return self.env["complaint.outreach.wizard"]._open_action(
            {
                "company_id": self.company_id.id,
                "product_id": self.product_id.id,
                "date_from": fields.Date.to_string(date_to - relativedelta(days=days)),
                "date_to": fields.Date.to_string(date_to),
                "name": self.env._(
                    "Customers of %(product)s (%(alarm)s)",
                    product=self.product_id.display_name,
                    alarm=self.display_name,
                ),
            }
        )

    def action_dismiss(self):
        """Ask the reason of the dismissal (the wizard decides)."""
        self.ensure_one()
        self._check_transition("dismiss")
        return {
            "type": "ir.actions.act_window",
            "res_model": "complaint.trend.alarm.dismiss",
            "name": self.env._("Dismiss the Alarm"),
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_alarm_id": self.id},
        }

    # Business methods
    def _open_complaint(self):
        """The internal complaint of this alarm: the company complains about its
        own product, in the first complaint team of the company, with the
        figures behind the alarm in its description; its 8D is started."""
        self.ensure_one()
        team = self.env["helpdesk.ticket.team"].search(
            [
                ("complaint_team", "=", True),
                ("company_id", "in", (self.company_id.id, False)),
            ],
            limit=1,
        )
        if not team:
            raise UserError(
                self.env._(
                    "%(company)s has no complaint team to open the complaint in: "
                    "create one (Helpdesk > Configuration > Teams, Complaint Team).",
                    company=self.company_id.name,
                )
            )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": self.env._("Trend alarm: %(alarm)s", alarm=self.display_name),
                "description": self._figures_html(),
                "team_id": team.id,
                "company_id": self.company_id.id,
                "partner_id": self.company_id.partner_id.id,
                "product_id": self.product_id.id,
                "responsibility": "company",
                "user_id": self.env.user.id,
            }
        )
        eight_d = self.env["complaint.8d"].create({"ticket_ids": [(4, ticket.id)]})
        self.sudo()._set_state(
            "open_complaint",
            ticket_id=ticket.id,
            eight_d_id=eight_d.id,
            decided_by_id=self.env.user.id,
            decided_date=fields.Datetime.now(),
        )
        self.sudo().activity_feedback(
            [ACTIVITY_ALARM], feedback=self.env._("Complaint opened.")
        )
        return ticket

    def _dismiss(self, reason):
        """Dismiss the alarm with the reason given (rules §21.5: a reason is
        required)."""
        self._check_transition("dismiss")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Say why the trend alarm is dismissed (e.g. a known cause "
                    "already being corrected): the reason is kept with it."
                )
            )
        self.sudo()._set_state(
            "dismiss",
            dismiss_reason=reason,
            decided_by_id=self.env.user.id,
            decided_date=fields.Datetime.now(),
        )
        self.sudo().activity_feedback([ACTIVITY_ALARM], feedback=reason)

    def _period_label(self):
        self.ensure_one()
        if not self.period:
            return ""
        if self.period_type == "week":
            return self.env._("week of %(day)s", day=self.period.isoformat())
        return self.period.strftime("%Y-%m")

    def _figures_html(self):
        """The figures behind the alarm, for the complaint's description."""
        self.ensure_one()
        rules = dict(self._fields["rule"]._description_selection(self.env))
        unit = (
            self.env._("complaints per million delivered")
            if self.chart == "p"
            else self.env._("complaints")
        )
        return self.env._(
            "<p>%(rule)s in %(period)s: %(value)s %(unit)s (%(count)s complaints, "
            "%(delivered)s delivered); centre line %(centre)s, upper limit "
            "%(upper)s (%(sigma)s sigma over %(base)s periods).</p>",
            rule=rules[self.rule],
            period=self._period_label(),
            value=round(self.value, 2),
            unit=unit,
            count=self.complaint_count,
            delivered=self.delivered_qty,
            centre=round(self.centre, 2),
            upper=round(self.upper, 2),
            sigma=self.sigma,
            base=self.base_periods,
        )

    # The job
    @api.model
    def _cron_raise_trend_alarms(self):
        """Scheduled: watch every company's products (rules §21.2)."""
        # the companies with complaints about a product: the others have no trend
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [("is_complaint", "=", True), ("product_id", "!=", False)],
                ["company_id"],
            )
        )
        for (company,) in groups:
            self.with_company(company)._raise_trend_alarms(company)

    @api.model
    def _raise_trend_alarms(self, company, day=None):
        """Watch the products of ``company`` up to ``day`` (today by default):
        per product, and per product and defect family, the complaints of each
        period of the window (the base periods and the period holding ``day``)
        against the delivered quantities, on a p-chart where the product was
        delivered in the base and in the period, else a c-chart; a signal of a
        rule the company keeps raises an alarm, once; the control chart's points
        of the window are written again. One query for the complaints, one for
        the deliveries, whatever the number of products (rules §21.2-§21.4).
        Returns the alarms raised. The application's own step: it runs as
        superuser, whoever triggers it."""
        return self.sudo()._trend_run(company, day).with_env(self.env)

    @api.model
    def _trend_run(self, company, day=None):
        """The body of ``_raise_trend_alarms``, as superuser."""
        tz = self._trend_tz(company)
        day = day or fields.Date.context_today(self.with_context(tz=tz))
        granularity = company.complaint_trend_period
        window = control_limits.periods(
            day, company.complaint_trend_base_periods + 1, granularity
        )
        counts = self._trend_counts(company, window, day, tz)
        products = self.env["product.product"].browse({p for p, _f, _d in counts})
        delivered = {}
        if products and not (
            granularity == "week" and company.complaint_delivered_source == "import"
        ):
            delivered = self.env["complaint.delivery"]._delivered_quantities(
                products, window[0], day, granularity
            )
        series = defaultdict(lambda: [0] * len(window))
        index = {period: i for i, period in enumerate(window)}
        for (product_id, family, period), count in counts.items():
            series[product_id, False][index[period]] += count
            if family:
                series[product_id, family][index[period]] += count
        existing = {
            (alarm.product_id.id, alarm.defect_family or False, alarm.rule)
            for alarm in self.search(
                [
                    ("company_id", "=", company.id),
                    ("period", "=", window[-1]),
                    ("product_id", "in", products.ids),
                ]
            )
        }
        alarm_vals, point_vals = [], []
        for (product_id, family), values in series.items():
            if family and values == series[product_id, False]:
                continue  # all the product's complaints: the product's signal
            quantities = [
                delivered.get((company.id, product_id, period), 0.0)
                for period in window
            ]
            points = self._trend_points(company, values, quantities)
            if not family:
                point_vals += [
                    dict(point, company_id=company.id, product_id=product_id, period=p)
                    for point, p in zip(points, window, strict=True)
                ]
            for rule in self._trend_signals(company, values, points):
                if (product_id, family, rule) in existing:
                    continue
                alarm_vals.append(
                    self._trend_alarm_vals(
                        company, product_id, family, window, rule, points[-1]
                    )
                )
        alarms = self._protected_context().create(alarm_vals)
        self._trend_notify(company, alarms)
        self.env["complaint.trend.point"]._trend_replace(
            company, products, window, point_vals
        )
        return alarms

    @api.model
    def _trend_tz(self, company):
        """The time zone in which complaints fall into periods: the company's,
        else the user's, else UTC."""
        return company.partner_id.tz or self.env.user.tz or "UTC"

    @api.model
    def _trend_counts(self, company, window, day, tz):
        """``{(product id, defect family, period): complaints}`` of ``company``
        from the first period of ``window`` to ``day``, in one query; internal
        complaints opened from alarms do not count (rules §21.2)."""
        Ticket = self.env["helpdesk.ticket"]
        Ticket.flush_model(
            ["is_complaint", "active", "company_id", "product_id", "defect_family",
             "complaint_date"]
        )  # fmt: skip
        self.flush_model(["ticket_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.product_id, t.defect_family,
                       date_trunc(%(granularity)s,
                                  t.complaint_date AT TIME ZONE 'UTC'
                                  AT TIME ZONE %(tz)s)::date,
                       COUNT(*)
                  FROM helpdesk_ticket t
                 WHERE t.is_complaint AND t.active
                   AND t.company_id = %(company)s
                   AND t.product_id IS NOT NULL
                   AND t.complaint_date >= %(utc_from)s
                   AND t.complaint_date < %(utc_to)s
                   AND (t.complaint_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                       BETWEEN %(date_from)s AND %(date_to)s
                   AND NOT EXISTS (SELECT 1 FROM complaint_trend_alarm a
                                    WHERE a.ticket_id = t.id)
                 GROUP BY 1, 2, 3
                """,
                granularity=company.complaint_trend_period,
                tz=tz,
                company=company.id,
                # the index's range, a day wider than the local dates either side
                utc_from=datetime.combine(window[0] - timedelta(days=1), time.min),
                utc_to=datetime.combine(day + timedelta(days=2), time.min),
                date_from=window[0],
                date_to=day,
            )
        )
        return {
            (product_id, family, period): count
            for product_id, family, period, count in rows
            if period in window
        }

    @api.model
    def _trend_points(self, company, counts, quantities):
        """The chart's figures of each period of a series: its ``counts`` and
        delivered ``quantities`` (oldest first, the period watched last)
        against the base (every period before the last): a p-chart (per
        million delivered) when the base and the last period delivered, else a
        c-chart."""
        sigma = company.complaint_trend_sigma
        base = list(zip(counts[:-1], quantities[:-1], strict=True))
        points = []
        p_chart = control_limits.p_chart(base, counts[-1], quantities[-1], sigma)
        for count, quantity in zip(counts, quantities, strict=True):
            if p_chart:
                limits = control_limits.p_chart(base, count, quantity, sigma)
                scale = ratios.PPM
            else:
                limits = control_limits.c_chart(counts[:-1], count, sigma)
                scale = 1.0
            points.append(
                {
                    "chart": "p" if p_chart else "c",
                    "complaint_count": count,
                    "delivered_qty": quantity,
                    "value": limits.value * scale if limits else 0.0,
                    "centre": limits.centre * scale if limits else 0.0,
                    "upper": limits.upper * scale if limits else 0.0,
                    "lower": limits.lower * scale if limits else 0.0,
                    "beyond": control_limits.beyond(limits),
                    "known": limits is not None,
                }
            )
        return points

    @api.model
    def _trend_signals(self, company, counts, points):
        """The rules the last period of a series hits (rules §21.4), among
        those the company keeps, once it holds enough complaints."""
        last = points[-1]
        if counts[-1] < company.complaint_trend_min_count:
            return []
        signals = []
        if company.complaint_trend_rule_limit and last["beyond"]:
            signals.append("limit")
        values = [point["value"] if point["known"] else None for point in points]
        if control_limits.rising(values, company.complaint_trend_run_periods):
            signals.append("run")
        return signals

    @api.model
    def _trend_alarm_vals(self, company, product_id, family, window, rule, point):
        return {
            "company_id": company.id,
            "product_id": product_id,
            "defect_family": family,
            "period": window[-1],
            "period_type": company.complaint_trend_period,
            "rule": rule,
            "chart": point["chart"],
            "complaint_count": point["complaint_count"],
            "delivered_qty": point["delivered_qty"],
            "rate": point["value"] if point["chart"] == "p" else 0.0,
            "value": point["value"],
            "centre": point["centre"],
            "upper": point["upper"],
            "lower": point["lower"],
            "sigma": company.complaint_trend_sigma,
            "base_periods": company.complaint_trend_base_periods,
        }

    @api.model
    def _trend_notify(self, company, alarms):
        """Assign the new alarms to the company's QA manager, with an activity
        each, created in one batch."""
        if not alarms:
            return
        user = company.complaint_trend_user_id or self.env["res.users"].search(
            [
                ("group_ids", "in", self.env.ref(MANAGER_GROUP).id),
                ("company_ids", "in", company.id),
                ("share", "=", False),
            ],
            order="id",
            limit=1,
        )
        if not user:
            return
        alarms._protected_context().write({"user_id": user.id})
        alarms.activity_schedule(ACTIVITY_ALARM, user_id=user.id)
