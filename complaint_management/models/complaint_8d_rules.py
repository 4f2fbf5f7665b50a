"""The completeness rules of the 8D disciplines D0-D8 (domain.md §5, §6): what
each discipline still lacks, the progress they make, and the refusal to go to
approval while one is incomplete."""

from odoo import api, models
from odoo.exceptions import UserError

from .complaint_8d import DISCIPLINES, PROBLEM_FIELDS, PROGRESS_DEPENDS


class Complaint8D(models.Model):
    _inherit = "complaint.8d"

    # Computes
    @api.depends(*PROGRESS_DEPENDS)
    def _compute_progress(self):
        for report in self:
            missing = report._discipline_missing()
            for code, _label in DISCIPLINES:
                report[f"{code}_complete"] = not missing[code]
            complete = [code for code, items in missing.items() if not items]
            report.progress = round(100 * len(complete) / len(DISCIPLINES))
            report.blocking_discipline = next(
                (code for code, items in missing.items() if items), False
            )

    @api.depends_context("lang")
    @api.depends(*PROGRESS_DEPENDS)
    def _compute_missing_summary(self):
        for report in self:
            report.missing_summary = report._missing_text()

    # Business methods
    def _check_complete(self):
        """Refuse to go on while a discipline is incomplete, naming each one and
        what it lacks."""
        for report in self:
            text = report._missing_text()
            if text:
                raise UserError(
                    self.env._(
                        "8D %(report)s cannot go to approval while a discipline is "
                        "incomplete:\n%(missing)s",
                        report=report.display_name,
                        missing=text,
                    )
                )

    # Discipline rules
    def _discipline_missing(self):
        """What each discipline still lacks: {code: [what to do, ...]}; a
        discipline is complete when its list is empty."""
        self.ensure_one()
        return {
            "d0": self._missing_d0(),
            "d1": self._missing_d1(),
            "d2": self._missing_d2(),
            "d3": self._missing_d3(),
            "d4": self._missing_d4(),
            "d5": self._missing_d5(),
            "d6": self._missing_d6(),
            "d7": self._missing_d7(),
            "d8": self._missing_d8(),
        }

    def _missing_text(self):
        """The incomplete disciplines, one line each: 'D4 Root Cause: ...'."""
        self.ensure_one()
        labels = dict(
            self._fields["blocking_discipline"]._description_selection(self.env)
        )
        return "\n".join(
            f"{labels[code]}: {'; '.join(items)}"
            for code, items in self._discipline_missing().items()
            if items
        )

    def _missing_d0(self):
        """D0 is complete when the emergency response is described, or marked as
        not needed."""
        if self.emergency_not_needed or (self.emergency_response or "").strip():
            return []
        return [
            self.env._(
                "describe the emergency response, or tick 'No Emergency Response "
                "Needed'"
            )
        ]

    def _missing_d1(self):
        """D1 is complete when the team has a member in each role that
        ``complaint.8d.role`` requires: by default a leader and a champion, the
        sales representative and a quality engineer (domain.md §5: the QA manager
        forms a team of sales, QA, and the engineers and managers concerned)."""
        roles = set(self.member_ids.mapped("role"))
        labels = dict(
            self.env["complaint.8d.member"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        lacking = [
            labels[role]
            for role in self.env["complaint.8d.role"]._required_codes()
            if role not in roles
        ]
        if not lacking:
            return []
        return [self.env._("add to the team: %(roles)s", roles=", ".join(lacking))]

    def _missing_d2(self):
        """D2 is complete when all seven 5W2H questions are answered (domain.md §6,
        seed 004)."""
        unanswered = [
            self._fields[name]._description_string(self.env)
            for name in PROBLEM_FIELDS
            if not (self[name] or "").strip()
        ]
        if not unanswered:
            return []
        return [self.env._("answer %(questions)s", questions=", ".join(unanswered))]

    def _missing_d3(self):
        """D3 is complete when there is at least one containment action and every
        containment action is implemented (domain.md §6 D3)."""
        actions = self.action_ids.filtered(lambda a: a.action_type == "containment")
        if not actions:
            return [self.env._("add at least one containment action")]
        open_actions = actions.filtered(lambda a: not a.date_done)
        if open_actions:
            return [
                self.env._(
                    "record when these containment actions were implemented: "
                    "%(actions)s",
                    actions=", ".join(open_actions.mapped("name")),
                )
            ]
        return []

    def _missing_d4(self):
        """D4 is complete when at least one occurrence cause (why it happened) and
        at least one escape point (why our controls did not detect it) are verified
        (domain.md §6 D4)."""
        missing = []
        verified = self.cause_ids.filtered("is_verified")
        if not verified.filtered(lambda c: c.cause_kind == "occurrence"):
            missing.append(
                self.env._("verify at least one occurrence cause (why it happened)")
            )
        if not verified.filtered(lambda c: c.cause_kind == "escape"):
            missing.append(
                self.env._(
                    "verify at least one escape point (why our controls did not "
                    "detect it)"
                )
            )
        return missing

    def _missing_d5(self):
        """D5 is complete when there is at least one corrective action and every
        verified root cause is addressed by one (domain.md §6 D5/D6)."""
        actions = self.action_ids.filtered(lambda a: a.action_type == "corrective")
        if not actions:
            return [self.env._("plan at least one corrective action")]
        unaddressed = self.cause_ids.filtered("is_verified") - actions.cause_id
        if unaddressed:
            return [
                self.env._(
                    "plan a corrective action for each verified root cause: %(causes)s",
                    causes=", ".join(unaddressed.mapped("display_name")),
                )
            ]
        return []

    def _missing_d6(self):
        """D6 is complete when every corrective action is implemented and verified
        on the three criteria of domain.md §6: it improves the problem, creates no
        new one and ensures the error does not recur."""
        actions = self.action_ids.filtered(lambda a: a.action_type == "corrective")
        if not actions:
            return [self.env._("implement and verify the corrective actions")]
        unverified = actions.filtered(lambda a: a.state != "verified")
        if unverified:
            return [
                self.env._(
                    "implement and verify on the three criteria: %(actions)s",
                    actions=", ".join(unverified.mapped("name")),
                )
            ]
        return []

    def _missing_d7(self):
        """D7 is complete when the controls updated for later production are named,
        each with its revision reference (IATF 16949 10.2.3, domain.md §6 D7), and
        every preventive action is implemented."""
        missing = []
        if not self.control_ids:
            missing.append(
                self.env._(
                    "name the controls updated (PFMEA, control plan, flow chart, "
                    "work or inspection instructions)"
                )
            )
        no_revision = self.control_ids.filtered(
            lambda c: not (c.revision or "").strip()
        )
        if no_revision:
            missing.append(
                self.env._(
                    "give the revision reference of %(controls)s",
                    controls=", ".join(no_revision.mapped("display_name")),
                )
            )
        open_actions = self.action_ids.filtered(
            lambda a: a.action_type == "preventive" and not a.date_done
        )
        if open_actions:
            missing.append(
                self.env._(
                    "implement the preventive actions %(actions)s",
                    actions=", ".join(open_actions.mapped("name")),
                )
            )
        return missing

    def _missing_d8(self):
        """D8 is complete when the closure is summarised and the team recognised."""
        missing = []
        if not (self.closure_summary or "").strip():
            missing.append(self.env._("summarise the closure"))
        if not (self.recognition or "").strip():
            missing.append(self.env._("recognise the team"))
        return missing
