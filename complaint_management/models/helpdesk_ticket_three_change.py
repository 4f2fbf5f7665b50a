from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.exceptions import UserError

from .complaint_groups import COMPLAINT_READER_GROUPS
from .complaint_language import by_company_lang, company_lang, schedule_activity


class HelpdeskTicket(models.Model):
    """The "three changes" when the customer stays unhappy (三換, rules §5,
    §16.2): change the person, the place and the time.

    At any point of the case, the officer records that the customer is still
    unhappy (the "Customer still unhappy" wizard, with a reason), or the
    customer answers the satisfaction question low (the call-back, the portal),
    or a deadline is missed (the escalation job): the complaint climbs one step
    of its dissatisfaction ladder (the escalation rules whose trigger is an
    unhappy customer) and goes to that step's person (change the person); the
    officer may also arrange a meeting with a more senior manager at a place
    (change the place and the time), an Odoo calendar event with the customer
    and the manager as attendees. Each step is one ``complaint.three.change``
    record, history that the application alone writes.
    """

    _inherit = "helpdesk.ticket"

    three_change_ids = fields.One2many(
        "complaint.three.change",
        "ticket_id",
        string="Three Changes",
        groups=COMPLAINT_READER_GROUPS,
    )

    # The steps link themselves, from their own side (rules §10.6, §16.2)
    def _get_protected_fields(self):
        return [*super()._get_protected_fields(), "three_change_ids"]

    # Actions
    def action_customer_unhappy(self):
        """Open the wizard in which the officer records that the customer is still
        unhappy, and takes the three changes (who may change the complaint, while
        it is open)."""
        self.ensure_one()
        self._check_event_button()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Still Unhappy"),
            "res_model": "complaint.three.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # Business methods
    def _three_change_next_steps(self):
        """What the next step of each complaint's dissatisfaction ladder is:
        ``{ticket id: (rule, handler, manager)}`` (rules §16.2).

        The ladder is the escalation rules whose trigger is an unhappy customer
        that apply to the complaint, in sequence; a complaint climbs one step per
        change of person already taken (its ``three_change_ids``) and stays on
        the top step. The handler is the step's person (the team leader, the
        escalation handler or the department head), else the team's escalation
        handler, else its leader; the manager the customer meets is the person
        of the step above, else the handler. One search and one match for the
        batch."""
        rules = (
            self.env["complaint.escalation.rule"]
            .sudo()
            .search(
                [
                    ("company_id", "in", [False, *self.company_id.ids]),
                    ("trigger", "in", ("dissatisfaction", "both")),
                ]
            )
        )
        matches = rules._match(self)
        steps = {}
        for ticket in self:
            ladder = matches.get(ticket.id, rules.browse())
            level = len(ticket.sudo().three_change_ids.filtered("change_person"))
            team = ticket.team_id.sudo()
            fallback = team.escalation_user_id or team.user_id
            if not ladder:
                steps[ticket.id] = (rules.browse(), fallback, fallback)
                continue
            rule = ladder[min(level, len(ladder) - 1)]
            handler = ticket._sla_escalation_target(rule) or fallback
            above = ladder[level + 1 : level + 2]
            manager = (above and ticket._sla_escalation_target(above)) or handler
            steps[ticket.id] = (rule, handler, manager)
        return steps

    def _three_change_take(self, trigger, reason, change_person=True, meeting=None):
        """Take the three changes on these complaints because their customer is
        not satisfied (rules §16.2), once checked that the user may change them:

        - change the person (``change_person``): each complaint goes to the next
          step of its dissatisfaction ladder (``_three_change_next_steps``), who
          gets an activity; nothing changes when the complaint is already there;
        - change the place and the time (``meeting``: ``{"location",
          "start", "manager", "place", "time"}``, the manager defaulting to the
          ladder's): a calendar event at that place and time with the customer,
          the manager and the handler as attendees, named in the customer's
          language.

        One ``complaint.three.change`` per complaint records who, when, why,
        which changes and the meeting; the chatter says it. Returns the steps.
        """
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say what the customer is unhappy about."))
        if not change_person and not meeting:
            raise UserError(
                self.env._(
                    "Choose at least one change: the person, the place or the time."
                )
            )
        steps = self._three_change_next_steps()
        now = fields.Datetime.now()
        vals_list, reassign, events = [], defaultdict(list), []
        for ticket in self:
            rule, handler, manager = steps[ticket.id]
            vals = {
                "ticket_id": ticket.id,
                "date": now,
                "user_id": self.env.uid,
                "trigger": trigger,
                "reason": reason,
                "rule_id": rule.id,
            }
            if change_person and handler and handler != ticket.user_id:
                vals.update(
                    change_person=True,
                    previous_user_id=ticket.user_id.id,
                    new_user_id=handler.id,
                )
                reassign[handler].append(ticket.id)
            elif not meeting:
                raise UserError(
                    self.env._(
                        "%(complaint)s is already with %(user)s, the top of its "
                        "escalation ladder: arrange a meeting with a more senior "
                        "manager instead, or add a step to the ladder.",
                        complaint=ticket.display_name,
                        user=ticket.user_id.name or self.env._("nobody"),
                    )
                )
            if meeting:
                meeting_vals = ticket._three_change_meeting_vals(
                    meeting, manager, vals.get("new_user_id") and handler
                )
                vals.update(
                    change_place=meeting.get("place", True),
                    change_time=meeting.get("time", True),
                    location=meeting_vals["location"],
                    meeting_start=meeting_vals["start"],
                    manager_id=meeting_vals["user_id"],
                )
                events.append((len(vals_list), meeting_vals))
            vals_list.append(vals)
        if events:
            created = (
                self.env["calendar.event"]
                .sudo()
                .create([meeting_vals for _index, meeting_vals in events])
            )
            for (index, _meeting_vals), event in zip(events, created, strict=True):
                vals_list[index]["calendar_event_id"] = event.id
        changes = (
            self.env["complaint.three.change"]
            ._protected_context()
            .sudo()
            .create(vals_list)
        )
        engine = self._protected_context()
        for user, ticket_ids in reassign.items():
            engine.browse(ticket_ids).write({"user_id": user.id})
        for change in changes:
            change.ticket_id._three_change_log(change)
            if change.new_user_id and trigger == "officer":
                schedule_activity(
                    change.ticket_id,
                    "complaint_management.mail_act_complaint_revision",
                    change.new_user_id,
                    note=reason,
                )
        return changes

    def _three_change_meeting_vals(self, meeting, manager, handler):
        """The calendar event of a meeting with a more senior manager (change the
        place and the time, rules §16.2): at the place and time given, else the
        company's defaults, as long as the company says, with the customer, the
        manager and the new handler, named in the customer's language."""
        self.ensure_one()
        company = self.company_id
        manager = meeting.get("manager") or manager
        if not manager:
            raise UserError(
                self.env._(
                    "Name the senior manager who meets the customer of "
                    "%(complaint)s, or set the team's escalation ladder.",
                    complaint=self.display_name,
                )
            )
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "%(complaint)s names no customer to meet: set the customer first.",
                    complaint=self.display_name,
                )
            )
        location = (meeting.get("location") or "").strip() or (
            company.complaint_meeting_location
        )
        if not location:
            raise UserError(self.env._("Say where the customer is received."))
        start = meeting.get("start") or self._three_change_default_start()
        start = fields.Datetime.to_datetime(start).replace(second=0, microsecond=0)
        hours = company.complaint_meeting_hours or 1.0
        local = self.with_context(lang=self.partner_id.lang or company_lang(self))
        partners = self.partner_id | manager.partner_id
        if handler:
            partners |= handler.partner_id
        return {
            "name": local.env._(
                "Complaint %(complaint)s: meeting with %(manager)s",
                complaint=self.complaint_number or self.number,
                manager=manager.name,
            ),
            "start": start,
            "stop": start + timedelta(hours=hours),
            "location": location,
            "user_id": manager.id,
            "partner_ids": [fields.Command.set(partners.ids)],
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "description": self.name,
        }

    def _three_change_default_start(self):
        """When the meeting with a more senior manager is proposed (change the
        time, rules §16.2): the company's number of days ahead, at its hour of the
        day in the user's time zone (UTC without one), as a naive UTC datetime."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local = pytz.utc.localize(fields.Datetime.now()).astimezone(tz)
        day = local.date() + timedelta(days=company.complaint_meeting_days)
        hour = company.complaint_meeting_hour
        start = tz.localize(
            datetime.combine(day, time(int(hour), round(hour % 1 * 60) % 60))
        )
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    def _three_change_log(self, change):
        """Say in the chatter which changes were taken, by whom and why."""
        self.ensure_one()
        lines = [
            self.env._(
                "The customer is still unhappy (%(trigger)s): %(reason)s",
                trigger=dict(
                    change._fields["trigger"]._description_selection(self.env)
                )[change.trigger],
                reason=change.reason,
            )
        ]
        if change.change_person:
            lines.append(
                self.env._(
                    "Change of person: %(old)s → %(new)s.",
                    old=change.previous_user_id.name or "-",
                    new=change.new_user_id.name,
                )
            )
        if change.calendar_event_id:
            lines.append(
                self.env._(
                    "Meeting with %(manager)s at %(location)s on %(date)s.",
                    manager=change.manager_id.name,
                    location=change.location,
                    date=fields.Datetime.to_string(change.meeting_start),
                )
            )
        self.message_post(body="\n".join(lines), subtype_xmlid="mail.mt_note")

    def _three_change_record_breach(self, rule, targets):
        """Record the changes of person a missed deadline's ladder step makes
        (rules §16.2): one step per complaint that changes hands, in one create,
        its reason in the company's language. ``targets``: {ticket: user}."""
        vals_list = []
        now = fields.Datetime.now()
        moving = self.browse(
            [t.id for t, user in targets.items() if user and user != t.user_id]
        )
        for group in by_company_lang(moving):
            reason = group.env._(
                "Deadline missed: %(step)s.", step=rule.with_env(group.env).name
            )
            for ticket in group:
                vals_list.append(
                    {
                        "ticket_id": ticket.id,
                        "date": now,
                        "user_id": self.env.uid,
                        "trigger": "breach",
                        "reason": reason,
                        "rule_id": rule.id,
                        "change_person": True,
                        "previous_user_id": ticket.user_id.id,
                        "new_user_id": targets[ticket].id,
                    }
                )
        if vals_list:
            self.env["complaint.three.change"]._protected_context().sudo().create(
                vals_list
            )

    def _three_change_after_answer(self, satisfaction, comment):
        """A low satisfaction answer (the call-back, the portal) takes the next
        step of the ladder (rules §16.2): the complaint changes hands, recorded
        as a step whose reason is the customer's answer. Returns the person who
        has the complaint now (to revise the solution); its reason and chatter
        line are in the company's language."""
        self.ensure_one()
        # an automatic step: written in the company's language (rules §13)
        local = self.with_context(lang=company_lang(self))
        labels = dict(local._fields["satisfaction"]._description_selection(local.env))
        reason = local.env._(
            "Satisfaction answer: %(answer)s. %(comment)s",
            answer=labels.get(satisfaction, satisfaction or "-"),
            comment=comment or "",
        )
        _rule, handler, _manager = self._three_change_next_steps()[self.id]
        if handler and handler != self.user_id:
            local._three_change_take("satisfaction", reason)
        return self.user_id
