import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .complaint_protected_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY

# Demo complaints received more than this many days ago are closed; the more
# recent ones are still being handled.
DEMO_OPEN_DAYS = 60

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
        handled to the end (every milestone reached, mostly on time, some late)
        and closed with the customer's satisfaction and their remedies carried
        out, the recent ones in progress with remedies pending; and draft 8D
        reports for those that require one. Created in a few batches, never
        one by one."""
        rng = random.Random(seed)
        ref = self.env.ref
        team = ref("complaint_management.helpdesk_team_year_demo", False)
        if not team:
            return
        now = fields.Datetime.now().replace(microsecond=0)
        today = now.date()
        stage_progress = ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        stage_done = ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
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
                # complaints older than the history's open window are done: every
                # milestone reached, the customer called back, the effectiveness
                # of the fix checked; recent ones are in progress
                closing = elapsed > timedelta(days=DEMO_OPEN_DAYS)
                if closing:
                    events["callback_date"] = resolution + timedelta(days=3)
                    events["effectiveness_date"] = resolution + timedelta(
                        days=rng.randint(14, 25) + (14 if late else 0)
                    )
                    vals["satisfaction"] = rng.choices("12345", (1, 1, 2, 4, 4))[0]
                for fname, delay in events.items():
                    if delay < elapsed:
                        vals[fname] = received + delay
                vals_list.append(vals)
                plans.append((profile, closing, defect_qty))
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
        for ticket, (profile, closing, defect_qty) in zip(tickets, plans, strict=True):
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
        # draft 8D reports for the complaints that require one
        needing = tickets.filtered("eight_d_required")
        if needing:
            self.env["complaint.8d"].sudo().with_context(
                tracking_disable=True, mail_create_nolog=True
            ).create([{"ticket_ids": [(6, 0, t.ids)]} for t in needing])
        # the older complaints closed, as the stage change does it
        closing_ids = {
            ticket.id for ticket, plan in zip(tickets, plans, strict=True) if plan[1]
        }
        to_close = tickets.filtered(
            lambda t: t.id in closing_ids and not t.eight_d_required
        )
        if to_close:
            to_close.with_context(
                tracking_disable=True, mail_notrack=True,
                mail_activity_automation_skip=True,
            ).write({"stage_id": stage_done.id})  # fmt: skip

    @api.model
    def _create_trend_history(self, product_xmlid, months=15):
        """Demo data of the trend alarms (rules §21): the quantities delivered
        each month of the history, as a company invoicing elsewhere imports
        them (five times a complaint's shipment per month, 5,000 of the trend
        product), and complaints about the trend product: one a quarter, then
        five this month, the jump the scheduled job turns into an alarm for the
        demo QA manager."""
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
        Ticket.create(
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
                }
                for received in dates
            ]
        )
