import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from .complaint_8d import PROBLEM_FIELDS
from .complaint_protected_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY

# Demo complaints received more than this many days ago are closed; the more
# recent ones are still being handled.
DEMO_OPEN_DAYS = 30
# What the customers said when called back about the closed demo complaints
# (above the company's unhappy threshold: none of them reopens).
DEMO_SATISFACTION = ("3", "4", "5")
DEMO_SATISFACTION_WEIGHTS = (2, 4, 4)

# The demo year (demo/complaint_report_demo.xml): per sector, the customer, the
# product, its defects (weighted), quantities, who is responsible and the remedy
# usually given (rules §7, §9).
DEMO_PROFILES = [
    {
        "customer": "partner_year_oem_demo",
        "product": "product_year_disc_demo",
        "defects": [("dimension", 4), ("scratch", 3), ("function", 1)],
        "shipped": 2000, "lot": 500, "defect": (4, 40),
        "supplier": "partner_year_supplier_steel_demo",
        "channel": "helpdesk_mgmt.helpdesk_ticket_channel_email",
        "remedy": "replacement", "price": 38.0,
    },
    {
        "customer": "partner_year_oem_demo",
        "product": "product_year_gear_demo",
        "defects": [("assembly", 2), ("short_qty", 3), ("packaging", 2)],
        "shipped": 800, "lot": 400, "defect": (2, 20),
        "supplier": False,
        "channel": "helpdesk_mgmt.helpdesk_ticket_channel_email",
        "remedy": "credit", "price": 55.0,
    },
    {
        "customer": "partner_year_grocer_demo",
        "product": "product_year_yoghurt_demo",
        "defects": [("spoiled", 6), ("label", 3), ("foreign_object", 1)],
        "shipped": 12000, "lot": 3000, "defect": (12, 150),
        "supplier": "partner_year_supplier_dairy_demo",
        "channel": "helpdesk_mgmt.helpdesk_ticket_channel_phone",
        "remedy": "refund", "price": 1.8,
    },
    {
        "customer": "partner_year_retailer_demo",
        "product": "product_year_toaster_demo",
        "defects": [("function", 3), ("colour", 1), ("packaging", 2)],
        "shipped": 600, "lot": 200, "defect": (1, 12),
        "supplier": "partner_year_supplier_electric_demo",
        "channel": "helpdesk_mgmt.helpdesk_ticket_channel_web",
        "remedy": "replacement", "price": 29.0,
    },
    {
        "customer": "partner_year_diner_demo",
        "product": "product_year_meal_demo",
        "defects": [("service", 4), ("billing", 2), ("foreign_object", 1)],
        "shipped": 1, "lot": 1, "defect": (1, 1),
        "supplier": False,
        "channel": "helpdesk_mgmt.helpdesk_ticket_channel_other",
        "remedy": "compensation", "price": 12.0,
    },
]  # fmt: skip


class ComplaintDemoGenerator(models.AbstractModel):
    """The demo data that is generated rather than listed: a year of complaints
    (demo/complaint_report_demo.xml calls ``_create_history``). Kept apart from
    the models it fills; nothing of it runs outside a demo database."""

    _name = "complaint.demo.generator"
    _description = "Complaint Demo Data Generator"

    @api.model
    def _create_history(self, months=15, seed=2026):
        """Demo data that tells a year (rules §7-§9): complaints over the last
        ``months`` months (a year, and a few months before it to compare with)
        across the seeds' sectors, recorded with their events (so deadlines are
        met or missed as the dates say): those older than ``DEMO_OPEN_DAYS``
        handled to the end along the real path (``_close_history``: resolved,
        closed, called back, the fix checked; mostly on time, some late) with
        their remedies carried out, the recent ones in progress with remedies
        pending; and 8D reports for those that require one: approved at their
        past dates for the old ones (``_approve_history_8d``), drafts for the
        recent ones. Created in a few batches; only the
        walk of the old cases, each at its own dates, goes one by one."""
        rng = random.Random(seed)
        ref = self.env.ref
        team = ref("complaint_management.helpdesk_team_year_demo", False)
        if not team:
            return
        now = fields.Datetime.now().replace(microsecond=0)
        today = now.date()
        stage_progress = ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        handler = ref("complaint_management.user_complaint_engineer_demo")
        vals_list, plans = [], []
        for age in range(months - 1, -1, -1):
            month = today.replace(day=1) - relativedelta(months=age)
            count = 6 + (age * 7) % 5 + (2 if month.month in (1, 7, 12) else 0)
            for n in range(count):
                profile = DEMO_PROFILES[(n + age) % len(DEMO_PROFILES)]
                last_day = (month + relativedelta(months=1, days=-1)).day
                if age == 0:
                    last_day = max(1, today.day - 1)
                day = min(last_day, 1 + rng.randrange(last_day))
                received = datetime.combine(
                    month.replace(day=day), time(8 + rng.randrange(8), 0)
                )
                if received >= now:
                    received = now - timedelta(hours=6)
                defect = rng.choices(
                    [d for d, _w in profile["defects"]],
                    [w for _d, w in profile["defects"]],
                )[0]
                defect_qty = rng.randint(*profile["defect"])
                vals = {
                    "name": "{}: {}".format(
                        ref(f"complaint_management.{profile['product']}").name,
                        ref(f"complaint_management.defect_type_{defect}").name,
                    ),
                    "description": "<p>Demo complaint of the year's history.</p>",
                    "team_id": team.id,
                    "user_id": handler.id,
                    "partner_id": ref(f"complaint_management.{profile['customer']}").id,
                    "product_id": ref(f"complaint_management.{profile['product']}").id,
                    "defect_type_id": ref(
                        f"complaint_management.defect_type_{defect}"
                    ).id,
                    "complaint_date": received,
                    "shipped_date": (received - timedelta(days=10)).date(),
                    "shipped_qty": profile["shipped"],
                    "lot_qty": profile["lot"],
                    "defect_qty": defect_qty,
                    "detection_stage": "incoming",
                    "channel_id": ref(profile["channel"]).id,
                    "intake_state": "handed_over",
                    "handed_over_date": received + timedelta(hours=1),
                    "stage_id": stage_progress.id,
                    "responsibility": "supplier" if profile["supplier"] else "company",
                    "supplier_id": profile["supplier"]
                    and ref(f"complaint_management.{profile['supplier']}").id,
                }
                # how the handling went: mostly on time, sometimes late (a late
                # milestone stays late: it was met after its deadline)
                late = rng.random() < 0.25
                elapsed = now - received
                analysis = timedelta(days=rng.randint(1, 3)) + (
                    timedelta(days=8) if late else timedelta()
                )
                resolution = (
                    analysis
                    + timedelta(days=rng.randint(1, 3))
                    + (timedelta(days=10) if late else timedelta())
                )
                events = {
                    "qa_response_date": timedelta(hours=rng.choice((2, 5, 20, 30)))
                    + (timedelta(days=4) if late else timedelta()),
                    "containment_date": timedelta(hours=rng.choice((4, 8, 18)))
                    + (timedelta(days=3) if late else timedelta()),
                    "root_cause_date": analysis,
                    "resolved_date": resolution,
                }
                # complaints older than the history's open window are done (see
                # _close_history); recent ones are in progress
                closing = elapsed > timedelta(days=DEMO_OPEN_DAYS)
                if closing:
                    # resolved within the window at the latest
                    events["resolved_date"] = min(
                        resolution, elapsed - timedelta(days=DEMO_OPEN_DAYS / 2)
                    )
                for fname, delay in events.items():
                    if delay < elapsed:
                        vals[fname] = received + delay
                vals_list.append(vals)
                plans.append((profile, closing, defect_qty, late))
        Ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                mail_activity_automation_skip=True,
                **{EDIT_SENTINEL_KEY: EDIT_SENTINEL},
            )
        )
        tickets = Ticket.create(vals_list)
        # remedies, in one create: carried out for closed complaints, approved or
        # waiting for approval for open ones
        remedy_vals = []
        for ticket, (profile, closing, defect_qty, _late) in zip(
            tickets, plans, strict=True
        ):
            if rng.random() < 0.2:
                continue
            state = "done" if closing else rng.choice(("approved", "to_approve"))
            remedy_vals.append(
                {
                    "ticket_id": ticket.id,
                    "remedy_type": profile["remedy"],
                    "amount": round(profile["price"] * defect_qty, 2),
                    "date": fields.Date.to_date(
                        ticket.resolved_date or ticket.complaint_date
                    ),
                    "description": "<p>Demo remedy.</p>",
                    "state": state,
                }
            )
        self.env["complaint.remedy"].sudo().with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_activity_automation_skip=True,
            **{EDIT_SENTINEL_KEY: EDIT_SENTINEL},
        ).create(remedy_vals)
        # 8D reports for the complaints that require one: approved for the older
        # complaints (they close), drafts for the recent ones
        closing_ids = {
            ticket.id for ticket, plan in zip(tickets, plans, strict=True) if plan[1]
        }
        needing = tickets.filtered("eight_d_required")
        self._approve_history_8d(needing.filtered(lambda t: t.id in closing_ids))
        drafts = needing.filtered(lambda t: t.id not in closing_ids)
        if drafts:
            self.env["complaint.8d"].sudo().with_context(
                tracking_disable=True, mail_create_nolog=True
            ).create([{"ticket_ids": [(6, 0, t.ids)]} for t in drafts])
        # the older complaints handled to the end
        self._close_history(
            {
                ticket: plan[3]
                for ticket, plan in zip(tickets, plans, strict=True)
                if plan[1]
            },
            rng,
        )

    @api.model
    def _close_history(self, late_by_ticket, rng):
        """Walk resolved demo complaints along the real path of rules §8, each at
        its own past dates: closed a few hours after being resolved (an 8D
        still to approve keeps one open: the stage refuses it), called back a
        few days later with the customer's satisfaction
        (``_record_callback``), the effectiveness of the fix checked two to
        four weeks on (``_record_event``). ``late_by_ticket`` maps each
        complaint to whether its handling was late: its call-back and check
        come late too, so those milestones read breached, as they were."""
        if not late_by_ticket:
            return
        now = fields.Datetime.now().replace(microsecond=0)
        context = {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_notrack": True,
            "mail_activity_automation_skip": True,
            EDIT_SENTINEL_KEY: EDIT_SENTINEL,
        }
        tickets = self.env["helpdesk.ticket"].sudo().with_context(**context)
        tickets = tickets.browse([t.id for t in late_by_ticket])
        late = {t.id: value for t, value in late_by_ticket.items()}
        stage_done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        closable = tickets.filtered(
            lambda t: not t.eight_d_required or t.eight_d_approved
        )
        closable.write({"stage_id": stage_done.id})
        for ticket in tickets:
            resolved = ticket.resolved_date
            if ticket in closable:
                # closed when it was, not when the demo was installed
                closed = resolved + timedelta(hours=rng.randint(1, 6))
                ticket.write({"closed_date": closed, "last_stage_update": closed})
            called = resolved + timedelta(
                days=rng.randint(1, 3) + (6 if late[ticket.id] else 0)
            )
            if called < now:
                ticket._record_callback(
                    rng.choices(DEMO_SATISFACTION, DEMO_SATISFACTION_WEIGHTS)[0],
                    False,
                    when=called,
                )
            checked = resolved + timedelta(
                days=rng.randint(14, 25) + (14 if late[ticket.id] else 0)
            )
            if checked < now:
                ticket._record_event("effectiveness_verified", checked)

    @api.model
    def _approve_history_8d(self, tickets):
        """The 8D reports of old demo complaints that require one (rules §5.2,
        §6), written and approved along the real path, at their own past dates:
        one report answers a complaint and the repeats of its product and
        defect received while it was worked on (approved by the earliest
        resolution among them, so that each complaint closes after it). The
        quality engineer leads the team, fills D0-D8 with the complaints' own
        dates (D3 on the containment, D4 on the root cause, the fix verified at
        approval), requests the approval; the QA manager, the team's champion,
        approves (four eyes). Then the engine's dates are set to the past
        (``_approval_write``, as the generator dates the complaints' events) and
        the effectiveness checks planned from that day (rules §6.8)."""
        if not tickets:
            return
        ref = self.env.ref
        engineer = ref("complaint_management.user_complaint_engineer_demo")
        manager = ref("complaint_management.user_complaint_manager_demo")
        officer = ref("complaint_management.user_complaint_officer_demo")
        groups = []
        by_kind = tickets.grouped(lambda t: (t.product_id, t.defect_type_id))
        for kind_tickets in by_kind.values():
            group = self.env["helpdesk.ticket"]
            for ticket in kind_tickets.sorted(lambda t: (t.complaint_date, t.id)):
                approved = group and min(group.mapped("resolved_date"))
                if group and ticket.complaint_date < approved:
                    group |= ticket
                    continue
                if group:
                    groups.append(group)
                group = ticket
            groups.append(group)
        Report = (
            self.env["complaint.8d"]
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                mail_activity_automation_skip=True,
            )
        )
        vals_list, dates = [], []
        for group in groups:
            main = group.sorted(lambda t: (t.complaint_date, t.id))[:1]
            approved = min(group.mapped("resolved_date"))
            contained = fields.Date.to_date(
                main.containment_date or main.complaint_date
            )
            found = fields.Date.to_date(main.root_cause_date or approved)
            verified = max(found, fields.Date.to_date(approved))
            defect = main.defect_type_id.name
            dates.append((approved, verified))
            vals_list.append(
                {
                    "ticket_ids": [Command.set(group.ids)],
                    "emergency_response": "Informed the customer the same day and "
                    "blocked the shipments of the lot.",
                    "member_ids": [
                        Command.create(
                            {"user_id": user.id, "role": role, "department": dept}
                        )
                        for user, role, dept in (
                            (engineer, "leader", "Quality"),
                            (manager, "champion", "Quality"),
                            (officer, "sales", "Sales"),
                            (engineer, "quality_engineer", "Quality"),
                        )
                    ],
                    "action_ids": [
                        Command.create(
                            {
                                "action_type": "containment",
                                "name": "Sort the stock at the customer and in "
                                "the warehouse",
                                "containment_kind": "reinspect",
                                "location": "warehouse",
                                "user_id": engineer.id,
                                "date_due": contained,
                                "date_done": contained,
                            }
                        )
                    ],
                    "closure_summary": f"{defect}: contained, root cause and "
                    "escape point removed, the fix verified; QA checks its "
                    "effect at the planned intervals.",
                    "recognition": "Thanked by the QA manager at the monthly "
                    "quality meeting.",
                }
            )
        reports = Report.create(vals_list)
        cause_vals, action_vals, control_vals = [], [], []
        for report, (_approved, verified) in zip(reports, dates, strict=True):
            found = fields.Date.to_date(
                report.main_ticket_id.root_cause_date
                or report.main_ticket_id.resolved_date
            )
            for name in PROBLEM_FIELDS:
                if not (report[name] or "").strip():
                    report[name] = "See the complaints of this report."
            cause_vals += [
                {
                    "eight_d_id": report.id,
                    "cause_kind": "occurrence",
                    "category": "method",
                    "name": "The work instruction left the critical step to "
                    "the operator's judgement",
                    "method": "production_records",
                    "is_verified": True,
                    "date_verified": found,
                },
                {
                    "eight_d_id": report.id,
                    "cause_kind": "escape",
                    "category": "measurement",
                    "name": "The final inspection sampled too few parts to catch it",
                    "method": "test",
                    "escape_point": "Final inspection",
                    "is_verified": True,
                    "date_verified": found,
                },
            ]
            control_vals.append(
                {
                    "eight_d_id": report.id,
                    "document_type": "control_plan",
                    "name": f"CP-{report.product_id.default_code or report.id}",
                    "revision": f"Rev. {report.id}",
                    "date_revised": verified,
                    "change": "The critical step is fixed in the instruction "
                    "and checked at final inspection.",
                }
            )
        causes = self.env["complaint.8d.cause"].sudo().create(cause_vals)
        for cause in causes:
            verified = dict(zip(reports.ids, [d[1] for d in dates], strict=True))[
                cause.eight_d_id.id
            ]
            action_vals.append(
                {
                    "eight_d_id": cause.eight_d_id.id,
                    "action_type": "corrective",
                    "name": "Fix the step in the work instruction"
                    if cause.cause_kind == "occurrence"
                    else "Inspect every part at final inspection",
                    "cause_id": cause.id,
                    "user_id": engineer.id,
                    "date_due": cause.date_verified,
                    "date_done": cause.date_verified,
                    "criterion_improves": True,
                    "criterion_no_new_problem": True,
                    "criterion_no_recurrence": True,
                    "date_verified": verified,
                    "verification": "No defect in the lots built since.",
                }
            )
        self.env["complaint.8d.action"].sudo().create(action_vals)
        self.env["complaint.8d.control"].sudo().create(control_vals)
        # the engineer requests, the QA manager (champion, no author) approves
        reports = reports.with_context(
            tracking_disable=True,
            mail_notrack=True,
            mail_activity_automation_skip=True,
        )
        reports.with_user(engineer).action_request_approval()
        # need_validation has no dependencies: computed for the whole batch
        # before the reviews existed, it is read afresh (as _submit_to_tiers does)
        reports.invalidate_recordset(["need_validation"])
        for report in reports:
            report.with_user(manager).action_approve()
        # approved when it was, not when the demo was installed
        for report, (approved, _verified) in zip(reports, dates, strict=True):
            report._approval_write(
                {
                    "requested_date": approved - timedelta(hours=2),
                    "approval_date": approved,
                }
            )
            report.review_ids.sudo().with_context(
                **{EDIT_SENTINEL_KEY: EDIT_SENTINEL}
            ).write({"reviewed_date": approved})
            day = fields.Date.to_date(approved)
            for check in report.check_ids:
                planned = day + timedelta(days=check.day_offset)
                check._protected_context().write({"date_planned": planned})
                check.activity_id.sudo().write({"date_deadline": planned})
        tickets.invalidate_recordset(["eight_d_approved"])

    @api.model
    def _create_trend_history(self, product_xmlid, months=15):
        """Demo data of the trend alarms (rules §21): the quantities delivered
        each month of the history, as a company invoicing elsewhere imports
        them (five times a complaint's shipment per month, 5,000 of the trend
        product), and complaints about the trend product: one a quarter, then
        five this month, the jump the scheduled job turns into an alarm for the
        demo QA manager. The quarterly ones were handled and closed long ago
        (``_close_history``); this month's are new."""
        ref = self.env.ref
        team = ref("complaint_management.helpdesk_team_year_demo", False)
        product = ref(product_xmlid, False)
        if not team or not product:
            return
        now = fields.Datetime.now().replace(microsecond=0)
        first = now.date().replace(day=1)
        company = self.env.company
        company.complaint_trend_user_id = ref(
            "complaint_management.user_complaint_manager_demo", False
        )
        volumes = [
            (ref(f"complaint_management.{profile['product']}"), profile["shipped"] * 5)
            for profile in DEMO_PROFILES
        ] + [(product, 5000)]
        self.env["complaint.delivery"].sudo().create(
            [
                {
                    "company_id": company.id,
                    "product_id": item.id,
                    "month": first - relativedelta(months=age),
                    "quantity": volume,
                }
                for age in range(months)
                for item, volume in volumes
            ]
        )
        dates = [now - relativedelta(months=age) for age in (9, 6, 3)]
        dates += [now - timedelta(minutes=minutes) for minutes in range(1, 6)]
        Ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                mail_activity_automation_skip=True,
                **{EDIT_SENTINEL_KEY: EDIT_SENTINEL},
            )
        )
        handler = ref("complaint_management.user_complaint_engineer_demo")

        def handled(received):
            """The events of a complaint handled on time, received long ago."""
            if now - received < timedelta(days=DEMO_OPEN_DAYS):
                return {}
            return {
                "user_id": handler.id,
                "intake_state": "handed_over",
                "handed_over_date": received + timedelta(hours=1),
                "qa_response_date": received + timedelta(hours=3),
                "containment_date": received + timedelta(hours=8),
                "root_cause_date": received + timedelta(days=2),
                "resolved_date": received + timedelta(days=4),
                # the supplier's wiring, as the 8D-free handling found
                "responsibility": "supplier",
                "supplier_id": ref(
                    "complaint_management.partner_year_supplier_electric_demo"
                ).id,
            }

        tickets = Ticket.create(
            [
                {
                    "name": f"{product.name}: "
                    + ref("complaint_management.defect_type_function").name,
                    "description": "<p>Demo complaint of the trend alarm.</p>",
                    "team_id": team.id,
                    "partner_id": ref(
                        "complaint_management.partner_year_retailer_demo"
                    ).id,
                    "product_id": product.id,
                    "defect_type_id": ref(
                        "complaint_management.defect_type_function"
                    ).id,
                    "complaint_date": received,
                    "shipped_date": (received - timedelta(days=10)).date(),
                    "shipped_qty": 200,
                    "lot_qty": 200,
                    "defect_qty": 1,
                    "detection_stage": "end_use",
                    "channel_id": ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
                    **handled(received),
                }
                for received in dates
            ]
        )
        self._close_history(
            {ticket: False for ticket in tickets if ticket.resolved_date},
            random.Random(product.id),
        )

    @api.model
    def _create_public_holidays(self, calendar_id, holidays):
        """The public holidays ``holidays`` (``(date, name)`` pairs, ISO dates)
        as leaves of no resource on the working calendar ``calendar_id``: the
        whole local day in the calendar's time zone, stored in UTC, so that
        deadlines counted in working time skip them (rules §4)."""
        calendar = self.env["resource.calendar"].browse(calendar_id)
        zone = pytz.timezone(calendar.tz or "UTC")

        def utc(day, at):
            local = zone.localize(datetime.combine(day, at))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        self.env["resource.calendar.leaves"].sudo().create(
            [
                {
                    "name": name,
                    "calendar_id": calendar.id,
                    "company_id": calendar.company_id.id,
                    "resource_id": False,
                    "date_from": utc(fields.Date.to_date(day), time.min),
                    "date_to": utc(fields.Date.to_date(day), time(23, 59, 59)),
                }
                for day, name in holidays
            ]
        )

    @api.model
    def _create_recovered_chargeback(self):
        """A supplier chargeback recovered along the real path of rules §7: the
        quality engineer claims the costs of the steel supplier's two latest
        complaints while they are handled, the QA manager approves, the debit
        note is sent, the supplier's quality manager accepts it in the portal,
        finance settles it by a vendor credit note and posts it. (Closed
        complaints are sealed with the chargebacks approved by then, rules
        §22.3: one claimed after the closing would read as a change to it.)"""
        ref = self.env.ref
        supplier = ref("complaint_management.partner_year_supplier_steel_demo", False)
        supplier_user = ref(
            "complaint_management.user_complaint_portal_supplier_demo", False
        )
        if not supplier or not supplier_user:
            return
        engineer = ref("complaint_management.user_complaint_engineer_demo")
        manager = ref("complaint_management.user_complaint_manager_demo")
        finance = ref("complaint_management.user_complaint_finance_demo")
        complaints = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("supplier_id", "=", supplier.id),
                    ("responsibility", "=", "supplier"),
                    ("closed", "=", False),
                ],
                order="complaint_date desc",
                limit=2,
            )
        )
        if not complaints:
            return
        freight = ref("complaint_management.chargeback_cost_type_freight")
        inspection = ref("complaint_management.chargeback_cost_type_inspection")
        chargeback = (
            self.env["complaint.chargeback"]
            .with_user(engineer)
            .create(
                {
                    "partner_id": supplier.id,
                    "contact_id": supplier_user.partner_id.id,
                    "ticket_ids": [Command.set(complaints.ids)],
                    "user_id": engineer.id,
                    "note": "<p>Costs of the out-of-specification brake discs.</p>",
                    "line_ids": [
                        Command.create(
                            {
                                "cost_type_id": freight.id,
                                "ticket_id": complaint.id,
                                "name": f"Return of the rejected parts of "
                                f"{complaint.complaint_number}",
                                "quantity": 1,
                                "unit_cost": 95.0,
                            }
                        )
                        for complaint in complaints
                    ]
                    + [
                        Command.create(
                            {
                                "cost_type_id": inspection.id,
                                "ticket_id": complaints[0].id,
                                "name": "Sorting of the stock (hours)",
                                "quantity": 8,
                                "unit_cost": 40.0,
                            }
                        )
                    ],
                }
            )
        )
        chargeback.action_request_approval()
        chargeback.with_user(manager).action_approve()
        chargeback.action_send()
        chargeback.with_user(supplier_user).sudo()._portal_answer("accept")
        chargeback.with_user(finance).action_settle()
        chargeback.with_user(finance).credit_note_id.action_post()
