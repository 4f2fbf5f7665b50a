from odoo import api, fields, models
from odoo.tools import format_date

from .complaint_language import by_company_lang


class Complaint8D(models.Model):
    """What an 8D tells the complaint's deadlines (domain.md §4, §6).

    The complaint holds the event dates; the 8D records them there with its own
    dates and shows them back (one fact, one place):

    - D3 complete (every containment action implemented) records the complaint's
      *containment* event with D3's date (the latest implementation date), not the
      time of the click;
    - D4 verified (an occurrence cause and an escape point verified) records the
      *root cause* event with the D4 date, which meets the analysis deadline;
    - an effective effectiveness check records the *effectiveness verified* event
      with the check's date (``complaint.8d.check``).

    ``containment_date`` and ``root_cause_date`` on the 8D are the main
    complaint's dates, computed, never written. No create or write override here:
    the 8D lines call ``_sync_deadline_events`` when they change.
    """

    _inherit = "complaint.8d"

    containment_date = fields.Date(
        string="Contained On",
        compute="_compute_event_dates",
        store=True,
        help="When the containment was in place: the main complaint's date, "
        "recorded from D3's completion date (the latest implementation date of "
        "the containment actions).",
    )
    root_cause_date = fields.Date(
        string="Root Cause Verified On",
        compute="_compute_event_dates",
        store=True,
        help="When the root cause was verified: the main complaint's date, recorded "
        "from D4 (the later of the first verification dates of an occurrence "
        "cause and an escape point).",
    )

    @api.depends("main_ticket_id.containment_date", "main_ticket_id.root_cause_date")
    def _compute_event_dates(self):
        for report in self:
            ticket = report.main_ticket_id
            report.containment_date = (
                ticket.containment_date.date() if ticket.containment_date else False
            )
            report.root_cause_date = (
                ticket.root_cause_date.date() if ticket.root_cause_date else False
            )

    # Business methods
    def _d3_done_date(self):
        """The date D3 became complete: the latest implementation date of the
        containment actions, once every one is implemented; False before."""
        self.ensure_one()
        if self._missing_d3():
            return False
        return max(
            self.action_ids.filtered(lambda a: a.action_type == "containment").mapped(
                "date_done"
            )
        )

    def _d4_verified_date(self):
        """The date the root cause was verified: the later of the first
        verification dates of an occurrence cause and an escape point; False
        before both are verified (domain.md §6 D4)."""
        self.ensure_one()
        firsts = []
        for kind in ("occurrence", "escape"):
            dates = self.cause_ids.filtered(
                lambda c, k=kind: (
                    c.cause_kind == k and c.is_verified and c.date_verified
                )
            ).mapped("date_verified")
            firsts.append(min(dates) if dates else False)
        return all(firsts) and max(firsts)

    def _sync_deadline_events(self):
        """Record on the complaints what D3 and D4 have just established (called
        by the 8D lines when they change)."""
        self._sync_containment()
        self._sync_root_cause()

    def _sync_containment(self):
        """Call _on_containment_complete() for the reports whose D3 is complete
        while a complaint of theirs has no containment date yet."""
        newly_contained = self.filtered(
            lambda r: (
                r.ticket_ids.filtered(lambda t: not t.containment_date)
                and r._d3_done_date()
            )
        )
        if newly_contained:
            newly_contained._on_containment_complete()

    def _on_containment_complete(self):
        """D3 has just become complete: the containment is in place on D3's date,
        which meets the complaints' containment deadline (domain.md §4: a serious
        complaint's containment plan within 24 hours), and is said in their
        chatter, in the company's language (an automatic step, issue 15)."""
        for report in self:
            day = report._d3_done_date()
            tickets = report.ticket_ids.sudo().filtered(
                lambda t: not t.containment_date
            )
            tickets._record_event("containment", day)
            for group in by_company_lang(tickets):
                for ticket in group:
                    ticket.message_post(
                        body=group.env._(
                            "Containment in place (8D %(report)s, D3 complete on "
                            "%(date)s).",
                            report=report.display_name,
                            date=format_date(group.env, day),
                        ),
                        subtype_xmlid="mail.mt_note",
                    )

    def _sync_root_cause(self):
        """D4 verified records the root cause on the complaints that have none
        since the customer's newest feedback (new information restarts the
        analysis: an older D4 does not answer it)."""
        for report in self:
            day = report._d4_verified_date()
            if not day:
                continue
            tickets = report.ticket_ids.sudo().filtered(
                lambda t, d=day: (
                    not t.root_cause_date
                    and (
                        not t.sla_feedback_date
                        or fields.Date.to_date(t.sla_feedback_date) <= d
                    )
                )
            )
            if tickets:
                tickets._record_event("root_cause", day)
