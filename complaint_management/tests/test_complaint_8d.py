import io
import unicodedata
from datetime import date, datetime, timedelta
from unittest.mock import patch

import PyPDF2

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import config

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaint8D(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["complaint.8d"]
        cls.reopen_wizard = cls.env["complaint.8d.reopen.wizard"]

    # Helpers
    def _our_complaint(self, **values):
        """A serious complaint (functional defect) the company is responsible for."""
        vals = self._complete_intake()
        vals.update(
            defect_type_id=self.defect_function.id,
            responsibility="company",
            lot_number="L-2610-01",
        )
        vals.update(values)
        return self._complaint(**vals)

    def _new_8d(self, complaint=None):
        complaint = complaint or self._our_complaint()
        return self.Report.with_user(self.engineer).create(
            {"ticket_ids": [fields.Command.link(complaint.id)]}
        )

    def _fill(self, report, root_cause="Worn seal press die"):
        """Complete every discipline, as a quality engineer would; the team is
        the engineer's proposal, or once the 8D is started the team the QA
        manager named (rules §17.5; written as the application, so that the QA
        manager stays free to approve)."""
        as_engineer = report.with_user(self.engineer)
        team = as_engineer if report.state == "proposed" else as_engineer.sudo()
        team.member_ids = [
            fields.Command.create({"user_id": uid, "role": role})
            for uid, role in (
                (self.engineer.id, "leader"),
                (self.qa_manager.id, "champion"),
                (self.officer.id, "sales"),
                (self.engineer.id, "quality_engineer"),
            )
        ]
        as_engineer.write(
            {
                "emergency_response": "Stopped shipments, informed the customer.",
                "problem_why": "The customer's line stopped.",
                "problem_how": "Leak at the bleed screw at 6 bar.",
                "closure_summary": "Contained, fixed and verified.",
                "recognition": "Thanked the team at the monthly meeting.",
            }
        )
        as_engineer.write(
            {
                "action_ids": [
                    fields.Command.create(
                        {
                            "action_type": "containment",
                            "name": "Sort the stock",
                            "containment_kind": "reinspect",
                            "qty_checked": 500,
                            "qty_bad": 12,
                            "date_due": "2026-11-03",
                            "date_done": "2026-11-03",
                        }
                    )
                ],
                "cause_ids": [
                    fields.Command.create(
                        {
                            "cause_kind": "occurrence",
                            "category": "machine",
                            "name": root_cause,
                            "method": "fishbone",
                            "is_verified": True,
                            "date_verified": "2026-11-05",
                        }
                    ),
                    fields.Command.create(
                        {
                            "cause_kind": "escape",
                            "category": "measurement",
                            "name": "Leak test pressure too low",
                            "escape_point": "End-of-line leak test",
                            "method": "test",
                            "is_verified": True,
                            "date_verified": "2026-11-06",
                        }
                    ),
                ],
                "control_ids": [
                    fields.Command.create(
                        {
                            "document_type": "control_plan",
                            "name": "CP-CAL-1",
                            "revision": "Rev. C",
                        }
                    )
                ],
            }
        )
        for cause in report.cause_ids:
            self._corrective(report, cause)
        return report

    def _corrective(self, report, cause, **values):
        vals = {
            "eight_d_id": report.id,
            "action_type": "corrective",
            "name": f"Fix: {cause.name}",
            "cause_id": cause.id,
            "date_due": "2026-11-20",
            "date_done": "2026-11-08",
            "criterion_improves": True,
            "criterion_no_new_problem": True,
            "criterion_no_recurrence": True,
            "date_verified": "2026-11-09",
        }
        vals.update(values)
        return self.env["complaint.8d.action"].with_user(self.engineer).create(vals)

    def _submit(self, report):
        if report.state == "proposed":  # the QA manager starts it (rules §17.5)
            report.with_user(self.qa_manager).action_start()
        report.with_user(self.engineer).action_request_approval()
        report.invalidate_recordset()

    def _approve(self, report):
        self._submit(report)
        report.with_user(self.qa_manager).validate_tier()
        report.invalidate_recordset()
        return report

    def _approved_8d(self, **values):
        return self._approve(self._fill(self._new_8d(self._our_complaint(**values))))

    def _pdf_text(self, report):
        """The text of the report's PDF, rendered by wkhtmltopdf."""
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "complaint_management.action_report_complaint_8d", report.ids
            )
        )
        self.assertEqual(report_type, "pdf")
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        text = " ".join(page.extract_text() for page in reader.pages)
        # Fonts map some CJK glyphs to compatibility code points (U+2F53 for 气):
        # NFKC gives the characters back; words are separated by any whitespace.
        return " ".join(unicodedata.normalize("NFKC", text).split())

    def _set_report_url(self):
        """Let wkhtmltopdf fetch the assets from this test server."""
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )

    # Name and complaints
    def test_01_name_is_complaint_number_and_product_code(self):
        """An 8D is named <complaint number>-<product code> (domain.md §6)."""
        complaint = self._our_complaint()
        report = self._new_8d(complaint)
        self.assertEqual(report.name, f"{complaint.complaint_number}-CAL-1")
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual(report.product_id, self.product)
        action = self.env.ref("complaint_management.action_report_complaint_8d")
        self.assertEqual(action.print_report_name, "object.name")
        self.assertEqual(complaint.eight_d_ids, report)
        self.assertEqual(complaint.eight_d_count, 1)

    def test_02_repeat_complaint_shares_the_8d(self):
        """A later repeat complaint joins the 8D of the first one, which keeps its
        name; an 8D without product code is named by the complaint number."""
        first = self._our_complaint()
        report = self._new_8d(first)
        repeat = self._our_complaint(complaint_date=datetime(2026, 11, 20, 8, 0))
        report.with_user(self.engineer).ticket_ids = [fields.Command.link(repeat.id)]
        self.assertEqual(report.main_ticket_id, first)
        self.assertEqual(report.name, f"{first.complaint_number}-CAL-1")
        self.assertEqual(repeat.eight_d_ids, report)
        no_code = self._our_complaint(product_id=False)
        self.assertEqual(self._new_8d(no_code).name, no_code.complaint_number)

    def test_03_one_8d_per_complaint_and_only_for_complaints(self):
        """A complaint has one 8D in use; tickets that are not complaints have
        none."""
        complaint = self._our_complaint()
        report = self._new_8d(complaint)
        with self.assertRaisesText(ValidationError, "already has the 8D"):
            self._new_8d(complaint)
        report.with_user(self.engineer).action_cancel()
        self.assertTrue(self._new_8d(complaint))
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer", "description": "x", "team_id": self.other_team.id}
        )
        with self.assertRaisesText(ValidationError, "Only complaints"):
            self.Report.create({"ticket_ids": [fields.Command.link(ticket.id)]})

    # D0: is an 8D required?
    def test_04_serious_complaint_of_ours_requires_an_8d(self):
        """By default every complaint the company is responsible for requires an
        8D, a general one too (rules §17.1; a general one used not to); a
        supplier's does not (domain.md §5)."""
        ours = self._our_complaint()
        self.assertTrue(ours.eight_d_required)
        self.assertIn("we are responsible for", ours.eight_d_required_reason)
        general = self._our_complaint(defect_type_id=self.defect_scratch.id)
        self.assertTrue(general.eight_d_required)
        supplier = self._our_complaint(
            responsibility="supplier", supplier_id=self.supplier.id
        )
        self.assertFalse(supplier.eight_d_required)
        supplier.eight_d_requested = True
        self.assertTrue(supplier.eight_d_required)

    def test_05_requirement_rules_are_data(self):
        """A rule by customer, or by defect family, makes the matching complaints
        require an 8D, open ones at once."""
        # Without the shipped rule (every complaint of ours, rules §17.1).
        self.env.ref(
            "complaint_management.complaint_8d_requirement_company"
        ).active = False
        general = self._our_complaint(defect_type_id=self.defect_scratch.id)
        Rule = self.env["complaint.8d.requirement"]
        rule = Rule.create(
            {
                "name": "Acme asks an 8D for everything",
                "responsibility": False,
                "partner_ids": [fields.Command.link(self.customer.id)],
            }
        )
        self.assertTrue(general.eight_d_required)
        self.assertIn("Acme", general.eight_d_required_reason)
        rule.active = False
        self.assertFalse(general.eight_d_required)
        Rule.create({"name": "Appearance defects", "defect_family": "appearance"})
        self.assertTrue(general.eight_d_required)
        other = self._our_complaint(defect_type_id=self.defect_short.id)
        self.assertFalse(other.eight_d_required)

    def test_06_complaint_closes_only_with_an_approved_8d(self):
        """A complaint that requires an 8D cannot close until its 8D is approved."""
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        complaint = self._our_complaint()
        with self.assertRaisesText(UserError, "requires an 8D report"):
            complaint.stage_id = done
        report = self._fill(self._new_8d(complaint))
        with self.assertRaisesText(UserError, "requires an 8D report"):
            complaint.stage_id = done
        self._approve(report)
        complaint.stage_id = done
        self.assertTrue(complaint.closed)

    # Disciplines
    def test_07_disciplines_complete_by_rules(self):
        """Each discipline is complete by its rule; the first incomplete one blocks
        the approval and says what is missing."""
        report = self._new_8d().with_user(self.engineer)
        self.assertEqual(report.blocking_discipline, "d0")
        self.assertEqual(report.progress, 0)
        report.emergency_not_needed = True
        self.assertTrue(report.d0_complete)
        self.assertEqual(report.blocking_discipline, "d1")
        report.member_ids = [
            fields.Command.create({"user_id": self.engineer.id, "role": "leader"})
        ]
        self.assertFalse(report.d1_complete)
        self.assertIn("Champion", report.missing_summary)
        self.assertEqual(report.leader_id, self.engineer)
        # D2 is started from the complaint: what, when, where, who, how much.
        self.assertIn("CAL-1", report.problem_what)
        self.assertEqual(
            report.problem_how_much,
            "20 defective of a lot of 500 (4.00 %), 1,000 shipped",
        )
        self.assertEqual(report.problem_who, "Acme Motors")
        self.assertIn("Why", report.missing_summary)
        report.problem_why = "Leaks."
        self.assertTrue(report.d2_complete)

    def test_08_root_cause_needs_verified_occurrence_and_escape(self):
        """D4 needs a verified occurrence cause and a verified escape point; an
        escape cause names the control point that should have caught the defect."""
        report = self._new_8d().with_user(self.engineer)
        Cause = self.env["complaint.8d.cause"].with_user(self.engineer)
        occurrence = Cause.create(
            {"eight_d_id": report.id, "name": "Worn die", "is_verified": True}
        )
        self.assertEqual(
            occurrence.date_verified, fields.Date.context_today(occurrence)
        )
        self.assertFalse(report.d4_complete)
        self.assertIn("escape point", report.missing_summary)
        with self.assertRaisesText(ValidationError, "control point"):
            Cause.create({"eight_d_id": report.id, "cause_kind": "escape", "name": "x"})
        escape = Cause.create(
            {
                "eight_d_id": report.id,
                "cause_kind": "escape",
                "name": "Test too weak",
                "escape_point": "Final inspection",
            }
        )
        self.assertFalse(report.d4_complete)
        escape.is_verified = True
        self.assertTrue(report.d4_complete)
        self.assertTrue(report.root_cause_date)

    def test_09_corrective_actions_verified_on_three_criteria(self):
        """D5 needs a corrective action for every verified cause; D6 needs each one
        implemented and verified on all three criteria of domain.md §6."""
        report = self._fill(self._new_8d())
        self.assertTrue(report.d5_complete and report.d6_complete)
        cause = report.cause_ids[0]
        report.corrective_action_ids.filtered(lambda a: a.cause_id == cause).unlink()
        self.assertFalse(report.d5_complete)
        self.assertIn(cause.display_name, report.missing_summary)
        action = self._corrective(report, cause, criterion_no_new_problem=False)
        self.assertEqual(action.state, "failed")
        self.assertTrue(report.d5_complete)
        self.assertFalse(report.d6_complete)
        action.criterion_no_new_problem = True
        self.assertEqual(action.state, "verified")
        self.assertTrue(report.d6_complete)

    def test_10_prevention_needs_revision_references(self):
        """D7 cannot be complete until every control named there carries a revision
        reference, and the preventive actions are implemented (IATF 16949
        10.2.3)."""
        report = self._fill(self._new_8d())
        self.assertTrue(report.d7_complete)
        pfmea = (
            self.env["complaint.8d.control"]
            .with_user(self.engineer)
            .create(
                {"eight_d_id": report.id, "document_type": "pfmea", "name": "PFMEA-7"}
            )
        )
        self.assertFalse(report.d7_complete)
        self.assertIn(
            "revision reference of Process FMEA PFMEA-7", report.missing_summary
        )
        pfmea.revision = "Rev. B"
        self.assertTrue(report.d7_complete)
        preventive = (
            self.env["complaint.8d.action"]
            .with_user(self.engineer)
            .create(
                {
                    "eight_d_id": report.id,
                    "action_type": "preventive",
                    "name": "Same test on the rear caliper line",
                    "date_due": "2026-12-01",
                }
            )
        )
        self.assertFalse(report.d7_complete)
        preventive.date_done = "2026-11-12"
        self.assertTrue(report.d7_complete)
        self.assertEqual(report.progress, 100)
        self.assertFalse(report.blocking_discipline)

    def test_11_containment_hook_and_reporting_days(self):
        """D3 complete calls the containment hook once and dates the containment;
        the days from the complaint to containment, root cause and approval are
        stored."""
        report = self._new_8d()
        Action = self.env["complaint.8d.action"].with_user(self.engineer)
        original = type(self.Report)._on_containment_complete
        with patch.object(
            type(self.Report),
            "_on_containment_complete",
            autospec=True,
            side_effect=original,
        ) as hook:
            sort = Action.create(
                {
                    "eight_d_id": report.id,
                    "action_type": "containment",
                    "name": "Sort",
                    "date_due": "2026-11-03",
                }
            )
            hook.assert_not_called()
            sort.date_done = "2026-11-04"
            hook.assert_called_once()
            self.assertEqual(hook.call_args.args[0], report)
            sort.name = "Sort the stock"
            hook.assert_called_once()
        self.assertEqual(report.containment_date, date(2026, 11, 4))
        self.assertEqual(report.days_to_containment, 2)
        self._fill(report)
        self.assertEqual(report.days_to_root_cause, 4)
        self._approve(report)
        self.assertEqual(
            report.days_to_approval,
            (fields.Date.context_today(report) - date(2026, 11, 2)).days,
        )

    def test_12_timeline_from_the_complaint(self):
        """D2's timeline holds the complaint's dates and the agreed pauses the
        deadlines module provides."""
        complaint = self._our_complaint(handed_over_date=datetime(2026, 11, 2, 15, 0))
        report = self._new_8d(complaint)
        events = report._timeline_events()
        labels = [event["label"] for event in events]
        self.assertEqual(events[0]["date"], date(2026, 10, 1))
        self.assertIn(f"{complaint.complaint_number} received", labels)
        self.assertIn(f"{complaint.complaint_number} handed over to QA", labels)
        pause = {
            "date_from": date(2026, 11, 5),
            "date_to": date(2026, 11, 8),
            "reason": "Salt-spray test",
        }
        with patch.object(
            type(self.Report), "_timeline_pauses", autospec=True, return_value=[pause]
        ):
            self.assertIn("Salt-spray test", str(report._timeline_events()))
        self.assertIn("received", report.timeline_html)

    # Bad input
    def test_13_action_dates_refused(self):
        """An action due before the complaint, and a verification before the
        implementation, are refused with a clear message."""
        report = self._new_8d()
        Action = self.env["complaint.8d.action"].with_user(self.engineer)
        vals = {"eight_d_id": report.id, "name": "Sort", "date_due": "2026-10-30"}
        with self.assertRaisesText(ValidationError, "is before the complaint"):
            Action.create(vals)
        action = Action.create(dict(vals, date_due="2026-11-05"))
        with self.assertRaisesText(ValidationError, "not implemented yet"):
            action.date_verified = "2026-11-06"
        action.date_done = "2026-11-06"
        with self.assertRaisesText(ValidationError, "before it was implemented"):
            action.date_verified = "2026-11-05"
        with self.assertRaisesText(ValidationError, "cannot exceed"):
            action.write({"qty_checked": 10, "qty_bad": 11})
        action.date_verified = "2026-11-06"
        self.assertEqual(action.verified_by_id, self.engineer)

    def test_14_incomplete_8d_cannot_be_approved(self):
        """Submitting or approving an 8D with an incomplete discipline is refused,
        naming the discipline and what it lacks."""
        report = self._fill(self._new_8d())
        report.with_user(self.qa_manager).action_start()
        report.control_ids.revision = False
        with self.assertRaisesText(UserError, "D7 Prevention: give the revision"):
            report.with_user(self.engineer).action_request_approval()
        self.assertEqual(report.state, "draft")
        with self.assertRaisesText(UserError, "cannot be written directly"):
            report.with_user(self.qa_manager).state = "approved"
        with self.assertRaisesText(UserError, "cannot be written directly"):
            report.with_user(self.qa_manager).write({"state": "to_approve"})
        with self.assertRaisesText(UserError, "D7 Prevention"):
            report.with_user(self.qa_manager).action_request_approval()

    # Approval
    def test_15_only_the_qa_manager_approves(self):
        """Only the QA manager approves an 8D: through the review, not by writing
        its state; approval archives the PDF with the complaint."""
        report = self._fill(self._new_8d())
        self._submit(report)
        self.assertEqual(report.state, "to_approve")
        self.assertEqual(report.validation_status, "pending")
        self.assertFalse(report.with_user(self.engineer).can_review)
        with self.assertRaisesText(UserError, "You requested or wrote"):
            report.with_user(self.engineer).validate_tier()
        with self.assertRaisesText(UserError, "You requested or wrote"):
            report.with_user(self.engineer).reject_tier()
        other_engineer = self._new_user("t_engineer_2", "group_complaint_engineer")
        with self.assertRaisesText(UserError, "You cannot decide on"):
            report.with_user(other_engineer).validate_tier()
        with self.assertRaises(ValidationError):
            report.with_user(self.engineer).state = "approved"
        with self.assertRaises(ValidationError):
            report.with_user(self.engineer).problem_why = "Changed under review"
        with self.assertRaises(AccessError):
            report.with_user(self.officer).action_withdraw()
        report.with_user(self.qa_manager).validate_tier()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.qa_manager)
        self.assertTrue(report.approval_date)
        archived = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", report.main_ticket_id.id),
                ("name", "like", report.name),
            ]
        )
        self.assertEqual(len(archived), 1)

    def test_16_refused_8d_goes_back_to_the_team(self):
        """A refused 8D is back in progress with the manager's comment, and can be
        submitted again."""
        report = self._fill(self._new_8d())
        self._submit(report)
        # The reviewer writes the comment (an author may not write it for them).
        report.review_ids.with_user(
            self.qa_manager
        ).comment = "D4 lacks the X-ray evidence"
        report.with_user(self.qa_manager).reject_tier()
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.review_ids)
        self.assertIn("X-ray", report.message_ids[0].body)
        self._approve(report)
        self.assertEqual(report.state, "approved")

    def test_17_approved_8d_is_locked(self):
        """An approved 8D refuses changes and deletion, of itself and of its
        disciplines, from everyone."""
        report = self._approved_8d()
        for user in (self.engineer, self.qa_manager):
            with self.assertRaisesText(UserError, "approved and locked"):
                report.with_user(user).problem_why = "Changed"
        with self.assertRaisesText(UserError, "reopen it first"):
            report.cause_ids[0].with_user(self.engineer).name = "Another cause"
        with self.assertRaisesText(UserError, "reopen it first"):
            self._corrective(report, report.cause_ids[0])
        with self.assertRaisesText(UserError, "reopen it first"):
            report.member_ids[0].with_user(self.engineer).unlink()
        with self.assertRaisesText(UserError, "cannot be deleted"):
            report.with_user(self.qa_manager).unlink()
        with self.assertRaisesText(UserError, "cannot be cancelled"):
            report.with_user(self.qa_manager).action_cancel()
        self.assertEqual(report.state, "approved")

    def test_18_qa_manager_reopens_with_a_tracked_reason(self):
        """Only a QA manager reopens an approved 8D, with a reason that is tracked;
        it then needs a new approval."""
        report = self._approved_8d()
        with self.assertRaises(AccessError):
            self.reopen_wizard.with_user(self.engineer).create(
                {"eight_d_ids": report.ids, "reason": "x"}
            )
        with self.assertRaisesText(UserError, "only a QA manager can reopen"):
            report.with_user(self.engineer)._reopen("I want to change it")
        with self.assertRaisesText(UserError, "Say why"):
            report.with_user(self.qa_manager)._reopen(" ")
        with self.assertRaisesText(UserError, "cannot be written directly"):
            report.with_user(self.qa_manager).write(
                {"state": "draft", "reopen_reason": "Typed over RPC"}
            )
        tracked = report.with_context(tracking_disable=False, mail_notrack=False)
        wizard = Form(
            self.reopen_wizard.with_user(self.qa_manager).with_context(
                default_eight_d_ids=tracked.ids,
                tracking_disable=False,
                mail_notrack=False,
            )
        )
        wizard.reason = "The customer asks for the gauge used in D3"
        wizard.save().action_confirm()
        self._flush_tracking()
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.reopen_count, 1)
        self.assertFalse(report.approved_by_id)
        tracking = report.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "reopen_reason"
        )
        self.assertEqual(
            tracking.new_value_text, "The customer asks for the gauge used in D3"
        )
        self.assertTrue(report.activity_ids)
        report.with_user(self.engineer).problem_why = "Reworked"
        self._approve(report)
        self.assertEqual(report.state, "approved")

    # Effectiveness
    def test_19_effectiveness_checks_planned_as_activities(self):
        """Approval plans checks at 30, 60 and 90 days, each an activity of the
        team leader; the intervals are the company's setting."""
        report = self._approved_8d()
        approved_on = fields.Date.context_today(report)
        self.assertEqual(report.check_ids.mapped("day_offset"), [30, 60, 90])
        self.assertEqual(
            report.check_ids.mapped("date_planned"),
            [approved_on + timedelta(days=d) for d in (30, 60, 90)],
        )
        self.assertEqual(len(report.check_ids.activity_id), 3)
        self.assertEqual(report.check_ids.activity_id.user_id, self.engineer)
        self.assertEqual(report.effectiveness_state, "planned")
        self.env.company.complaint_8d_check_days = "15, 45"
        other = self._approved_8d()
        self.assertEqual(other.check_ids.mapped("day_offset"), [15, 45])
        with self.assertRaisesText(ValidationError, "whole numbers"):
            self.env.company.complaint_8d_check_days = "30, soon"

    def test_20_check_without_recurrence(self):
        """A check that finds no new complaint of the product and defect records it
        and closes its activity."""
        report = self._approved_8d()
        check = report.check_ids[0]
        check.with_user(self.engineer).action_run()
        self.assertEqual(check.state, "effective")
        self.assertEqual(check.user_id, self.engineer)
        self.assertIn("No new complaint", check.note)
        self.assertFalse(check.activity_id.active)
        self.assertEqual(report.state, "approved")
        with self.assertRaisesText(UserError, "already done"):
            check.action_run()

    def test_21_recurrence_reopens_and_notifies_the_team(self):
        """A new complaint of the same product and defect after the fix reopens the
        8D, notifies the team and stops the other checks."""
        report = self._approved_8d()
        before_fix = self._our_complaint(complaint_date=datetime(2026, 11, 7, 9, 0))
        recurrence = self._our_complaint(complaint_date=datetime(2026, 11, 15, 9, 0))
        self._our_complaint(
            complaint_date=datetime(2026, 11, 15, 9, 0),
            defect_type_id=self.defect_scratch.id,
        )
        check = report.check_ids[0]
        check.with_user(self.engineer).action_run()
        self.assertEqual(check.state, "recurrence")
        self.assertEqual(check.recurrence_ticket_ids, recurrence)
        self.assertNotIn(before_fix, check.recurrence_ticket_ids)
        self.assertEqual(report.state, "draft")
        self.assertIn(recurrence.complaint_number, report.reopen_reason)
        self.assertEqual(report.effectiveness_state, "recurred")
        self.assertEqual(
            report.check_ids.mapped("state"), ["recurrence", "cancel", "cancel"]
        )
        notice = report.message_ids.filtered(lambda m: "reopened" in m.body)[:1]
        self.assertIn(self.officer.partner_id, notice.partner_ids)
        self.assertIn(self.qa_manager.partner_id, notice.partner_ids)

    # Suppliers, sending, access
    def test_22_supplier_actions_link_the_supplier(self):
        """A corrective action asked from a supplier names it, for the chargeback."""
        report = self._fill(self._new_8d())
        self._corrective(
            report,
            report.cause_ids[0],
            supplier_id=self.supplier.id,
            supplier_reference="SCAR-1",
        )
        self.assertEqual(report.supplier_ids, self.supplier)
        self.assertEqual(
            self.Report.search([("supplier_ids", "=", self.supplier.id)]), report
        )

    def test_23_send_to_customer(self):
        """Only an approved 8D is sent; sending mails the report with the feedback
        and notes it on the complaint."""
        report = self._fill(self._new_8d())
        report.customer_feedback = "We changed the die and the leak test."
        with self.assertRaisesText(UserError, "not approved yet"):
            report.action_send_to_customer()
        self._approve(report)
        action = report.with_user(self.officer).action_send_to_customer()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({})
        )
        self.assertIn(report.name, composer.subject)
        self.assertIn("We changed the die", composer.body)
        self.assertEqual(composer.partner_ids, self.customer)
        self.assertTrue(composer.attachment_ids[0].name.startswith(report.name))
        composer._action_send_mail()
        self.assertTrue(report.sent_date)
        message = report.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertTrue(message[0].attachment_ids)
        self.assertIn("sent to the customer", report.main_ticket_id.message_ids[0].body)

    def test_24_officers_read_their_teams_8d_reports(self):
        """Complaint officers read the 8D reports of their teams and change
        nothing; engineers do not delete them."""
        report = self._fill(self._new_8d())
        self.assertEqual(report.with_user(self.officer).name, report.name)
        self.assertEqual(len(report.with_user(self.officer).cause_ids), 2)
        with self.assertRaises(AccessError):
            report.with_user(self.officer).problem_why = "x"
        with self.assertRaises(AccessError):
            self.Report.with_user(self.officer).create(
                {"ticket_ids": [fields.Command.link(self._our_complaint().id)]}
            )
        with self.assertRaises(AccessError):
            report.with_user(self.engineer).unlink()
        outsider = self._new_user("t_officer_2", "group_complaint_officer")
        with self.assertRaises(AccessError):
            report.with_user(outsider).check_access("read")
        with self.assertRaises(AccessError):
            report.cause_ids.with_user(outsider).check_access("read")

    # PDF
    def test_25_pdf_in_english(self):
        """The approved 8D renders to a PDF holding its name, the root cause and the
        approval; the archived copy is that PDF."""
        self._set_report_url()
        report = self._fill(self._new_8d())
        with self.allow_pdf_render():
            report = report.with_context(force_report_rendering=True)
            self._approve(report)
            text = self._pdf_text(report)
        self.assertIn(report.name, text)
        self.assertIn("Worn seal press die", text)
        self.assertIn("Approved by", text)
        self.assertIn(self.qa_manager.name, text)
        archived = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", report.main_ticket_id.id),
                ("name", "=", f"{report.name}.pdf"),
            ]
        )
        self.assertTrue(archived.raw.startswith(b"%PDF"))

    def test_26_pdf_in_chinese(self):
        """A Chinese-speaking customer's 8D renders in Chinese characters."""
        self._set_report_url()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.customer.lang = "zh_CN"
        report = self._fill(
            self._new_8d(), root_cause="压铸模具缺少排气孔，铸件产生气孔"
        )
        with self.allow_pdf_render():
            text = self._pdf_text(report)
        self.assertIn(report.name, text)
        self.assertIn("气孔", text)

    # With the deadlines
    def test_27_d3_meets_the_containment_deadline(self):
        """D3 complete meets the complaint's containment deadline (domain.md §4)."""
        complaint = self._our_complaint(complaint_date=datetime.now())
        containment = complaint.sla_milestone_ids.filtered(
            lambda m: m.milestone == "containment"
        )
        self.assertEqual(containment.state, "running")
        report = self._new_8d(complaint)
        self.env["complaint.8d.action"].with_user(self.engineer).create(
            {
                "eight_d_id": report.id,
                "action_type": "containment",
                "name": "Quarantine the stock",
                "date_due": fields.Date.context_today(report),
                "date_done": fields.Date.context_today(report),
            }
        )
        self.assertTrue(complaint.containment_date)
        self.assertEqual(containment.state, "met")

    def test_28_d2_lists_the_real_pauses(self):
        """The pauses of the complaint's deadlines appear in D2's timeline."""
        complaint = self._our_complaint()
        self.env["complaint.sla.pause"].create(
            {
                "ticket_id": complaint.id,
                "reason": "Salt-spray test of the returned calipers",
                "customer_informed_date": "2026-11-03",
                "sales_agreed_user_id": self.officer.id,
                "sales_agreed_date": "2026-11-03 08:00:00",
            }
        )
        report = self._new_8d(complaint)
        timeline = str(report._timeline_events())
        self.assertIn("Salt-spray test of the returned calipers", timeline)
        self.assertIn(f"agreed with sales by {self.officer.name}", timeline)


@tagged("post_install", "-at_install")
class TestComplaint8DTour(HttpCase):
    def test_01_engineer_fills_and_manager_approves(self):
        """A quality engineer fills D0-D8 of a demo complaint's 8D and submits it;
        the QA manager approves it."""
        complaint = self.env.ref("complaint_management.ticket_housing_bore_demo")
        self.start_tour(
            "/odoo/complaint-8d-reports",
            "complaint_8d_engineer_tour",
            login="quality_engineer",
        )
        report = complaint.eight_d_ids
        self.assertEqual(len(report), 1)
        # The engineer proposes; the QA manager starts it (rules §17.5).
        self.assertEqual(report.state, "proposed")
        self.assertEqual(report.progress, 100)
        self.start_tour(
            f"/odoo/complaint-8d-reports/{report.id}",
            "complaint_8d_start_tour",
            login="quality_manager",
        )
        self.start_tour(
            f"/odoo/complaint-8d-reports/{report.id}",
            "complaint_8d_submit_tour",
            login="quality_engineer",
        )
        report.invalidate_recordset()
        self.assertEqual(report.state, "to_approve")
        self.start_tour(
            f"/odoo/complaint-8d-reports/{report.id}",
            "complaint_8d_approval_tour",
            login="quality_manager",
        )
        report.invalidate_recordset()
        self.assertEqual(report.state, "approved")
        self.assertEqual(
            report.approved_by_id,
            self.env.ref("complaint_management.user_complaint_manager_demo"),
        )
