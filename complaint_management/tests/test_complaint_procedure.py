import base64
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import test_complaint_8d
from .access_matrix import JsonRpcMixin
from .common import ComplaintCommon, ComplaintSlaCommon

FORM = base64.b64encode(b"%PDF-1.4 the customer's own 8D form")


@tagged("post_install", "-at_install")
class TestComplaintProcedure(ComplaintCommon):
    """The manufacturer's procedure as shipped (rules §17): each default of the
    seed 000 第四篇 the addon follows out of the box."""

    _our_complaint = test_complaint_8d.TestComplaint8D._our_complaint
    _new_8d = test_complaint_8d.TestComplaint8D._new_8d
    _fill = test_complaint_8d.TestComplaint8D._fill
    _corrective = test_complaint_8d.TestComplaint8D._corrective

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["complaint.8d"]
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def _general_ours(self, **values):
        """A general complaint (appearance defect) the company caused."""
        vals = dict(self._complete_intake(), responsibility="company")
        vals.update(values)
        return self._complaint(**vals)

    # §17.1 Every complaint of ours is an 8D, unless the customer's own format
    def test_01_general_complaint_we_caused_needs_an_8d(self):
        """A general complaint the company is responsible for needs an 8D and
        does not close without an approved one; not ours, it does not."""
        complaint = self._general_ours()
        self.assertEqual(complaint.complaint_severity, "general")
        self.assertTrue(complaint.eight_d_required)
        self.assertIn("responsible", complaint.eight_d_required_reason)
        with self.assertRaisesText(UserError, "requires an 8D report"):
            complaint.stage_id = self.done
        complaint.responsibility = "customer"
        self.assertFalse(complaint.eight_d_required)

    def test_02_customer_format_closes_with_form_and_approval(self):
        """The customer's own format lifts the 8D; the complaint then closes only
        once a customer-format report with the customer's form is approved by
        the QA manager (not by who requested it)."""
        complaint = self._general_ours()
        complaint.customer_format = True
        self.assertFalse(complaint.eight_d_required)
        with self.assertRaisesText(UserError, "customer's own format"):
            complaint.stage_id = self.done
        action = complaint.with_user(self.engineer).action_view_customer_report()
        report = self.env["complaint.customer.report"].browse(action["res_id"])
        self.assertEqual(report.ticket_id, complaint)
        self.assertEqual(report.state, "draft")
        with self.assertRaisesText(UserError, "Attach the customer's filled-in form"):
            report.with_user(self.engineer).action_request_approval()
        report.with_user(self.engineer).write(
            {"form_file": FORM, "form_filename": "customer-8d.pdf"}
        )
        report.with_user(self.engineer).action_request_approval()
        self.assertEqual(report.state, "to_approve")
        with self.assertRaisesText(UserError, "customer's own format"):
            complaint.stage_id = self.done
        with self.assertRaises(UserError):
            report.with_user(self.engineer).validate_tier()
        report.invalidate_recordset()
        report.with_user(self.qa_manager).validate_tier()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.qa_manager)
        with self.assertRaises(ValidationError):
            report.with_user(self.qa_manager).form_file = False
        complaint.stage_id = self.done
        self.assertTrue(complaint.closed)

    def test_03_customer_format_report_is_protected(self):
        """Nobody writes the approval of a customer-format report by hand, nor
        links one from the complaint's side."""
        complaint = self._general_ours(customer_format=True)
        report = self.env["complaint.customer.report"].create(
            {"ticket_id": complaint.id}
        )
        with self.assertRaises(ValidationError):
            report.with_user(self.engineer).state = "approved"
        with self.assertRaises(ValidationError):
            self.env["complaint.customer.report"].with_user(self.engineer).create(
                {"ticket_id": complaint.id, "state": "approved"}
            )
        with self.assertRaises(ValidationError):
            complaint.with_user(self.engineer).customer_report_ids = [
                Command.unlink(report.id)
            ]

    # §17.2 Repeats: the same product or problem
    def test_04_same_product_other_defect_is_a_repeat(self):
        """By default (either), the same product with another defect repeats an
        earlier complaint, and so does the same defect on another product; with
        "both", neither does."""
        company = self.env["res.company"].create({"name": "Procedure Co."})
        self.assertEqual(company.complaint_repeat_match, "either")
        self.env.company.complaint_repeat_match = "either"  # the tests' is "both"
        earlier = self._complaint(
            product_id=self.product.id,
            defect_type_id=self.defect_scratch.id,
            complaint_date="2020-10-01 09:00:00",
        )
        same_product = self._complaint(
            product_id=self.product.id,
            defect_type_id=self.defect_label.id,
            complaint_date="2020-10-05 09:00:00",
        )
        self.assertEqual(same_product.repeat_of_ids, earlier)
        self.assertEqual(same_product.complaint_severity, "serious")
        same_defect = self._complaint(
            product_id=self.product_other.id,
            defect_type_id=self.defect_scratch.id,
            complaint_date="2020-10-06 09:00:00",
        )
        self.assertEqual(same_defect.repeat_of_ids, earlier)
        self.env.company.complaint_repeat_match = "both"
        later = self._complaint(
            product_id=self.product.id,
            defect_type_id=self.defect_short.id,
            complaint_date="2020-10-07 09:00:00",
        )
        self.assertFalse(later.is_repeat)
        self.env.company.complaint_repeat_match = "product"
        by_product = self._complaint(
            product_id=self.product.id,
            defect_type_id=self.defect_short.id,
            complaint_date="2020-10-08 09:00:00",
        )
        self.assertIn(earlier, by_product.repeat_of_ids)
        self.assertNotIn(same_defect, by_product.repeat_of_ids)

    def test_05_recoding_keeps_a_repeat_that_still_holds(self):
        """Re-coding the defect of the earlier complaint keeps the later one a
        repeat while they still share the product (either)."""
        self.env.company.complaint_repeat_match = "either"
        earlier = self._complaint(
            product_id=self.product.id,
            defect_type_id=self.defect_scratch.id,
            complaint_date="2020-10-01 09:00:00",
        )
        later = self._complaint(
            product_id=self.product.id,
            defect_type_id=self.defect_scratch.id,
            complaint_date="2020-10-05 09:00:00",
        )
        earlier.defect_type_id = self.defect_short
        self.assertEqual(later.repeat_of_ids, earlier)
        earlier.product_id = self.product_other
        self.assertFalse(later.is_repeat)

    # §17.4 The defect rate, or the lot size and defectives
    def test_06_stated_rate_completes_intake(self):
        """A rate the customer states completes the intake without lot size and
        defective quantity, and is the defect rate; quantities win when both
        are known; a rate above 100 % is refused."""
        vals = self._complete_intake()
        del vals["lot_qty"], vals["defect_qty"]
        complaint = self._complaint(**vals)
        self.assertFalse(complaint.intake_complete)
        self.assertIn("Lot Size", complaint.intake_missing)
        complaint.stated_defect_rate = 4.0
        self.assertTrue(complaint.intake_complete)
        self.assertEqual(complaint.defect_rate, 4.0)
        complaint.action_hand_over_to_qa()
        self.assertEqual(complaint.intake_state, "handed_over")
        complaint.write({"lot_qty": 500, "defect_qty": 20})
        self.assertEqual(complaint.defect_rate, 4.0)
        complaint.defect_qty = 10
        self.assertEqual(complaint.defect_rate, 2.0)
        with self.assertRaises(ValidationError):
            complaint.stated_defect_rate = 120

    # §17.5 The QA manager forms the team
    def test_07_engineer_proposes_qa_manager_starts(self):
        """An 8D a quality engineer starts is a proposal: the engineer cannot
        start it nor send it to approval; the QA manager confirms the team and
        starts it, then alone changes the team, and may still approve it."""
        report = self._fill(self._new_8d())
        self.assertEqual(report.state, "proposed")
        as_engineer = report.with_user(self.engineer)
        self.assertFalse(as_engineer.can_start)
        with self.assertRaisesText(UserError, "the QA manager forms its team"):
            as_engineer.action_start()
        with self.assertRaises(UserError):
            as_engineer.action_request_approval()
        self.assertTrue(report.with_user(self.qa_manager).can_start)
        report.with_user(self.qa_manager).action_start()
        self.assertEqual(report.state, "draft")
        with self.assertRaisesText(UserError, "formed by the QA manager"):
            as_engineer.member_ids = [
                Command.create({"user_id": self.officer.id, "role": "engineer"})
            ]
        with self.assertRaisesText(UserError, "formed by the QA manager"):
            report.member_ids[:1].with_user(self.engineer).unlink()
        as_engineer.action_request_approval()
        report.invalidate_recordset()
        self.assertNotIn(self.qa_manager, report._approval_authors())
        report.with_user(self.qa_manager).validate_tier()
        self.assertEqual(report.state, "approved")

    def test_08_start_needs_the_team(self):
        """The QA manager starts a proposed 8D only once its team fills the roles
        D1 requires; an 8D the QA manager opens is started at once; who forms
        teams is the company's setting."""
        report = self._new_8d()
        with self.assertRaisesText(UserError, "cannot start before its team"):
            report.with_user(self.qa_manager).action_start()
        started = self.Report.with_user(self.qa_manager).create(
            {"ticket_ids": [Command.link(self._our_complaint().id)]}
        )
        self.assertEqual(started.state, "draft")
        started.with_user(self.qa_manager).member_ids = [
            Command.create({"user_id": self.officer.id, "role": "engineer"})
        ]
        self.assertEqual(started.member_ids.user_id, self.officer)
        self.env.company.complaint_8d_team_group_id = False
        self.assertEqual(self._new_8d().state, "draft")


@tagged("post_install", "-at_install")
class TestComplaintProcedureSla(ComplaintSlaCommon):
    """§17.3 General and occasional complaints have the limits of serious ones."""

    @freeze_time("2026-11-20 15:00:00")
    def test_01_general_and_occasional_contained_within_24_hours(self):
        """General and occasional complaints get the 24-hour containment and the
        one-week resolution of serious ones; their priority still ranks them."""
        # three problems of three products: none repeats another
        self.env.company.complaint_repeat_match = "both"
        serious = self._handed_over(defect_type_id=self.defect_function.id)
        general = self._handed_over(
            defect_type_id=self.defect_scratch.id, product_id=self.product_other.id
        )
        occasional = self._handed_over(
            defect_type_id=self.defect_short.id, product_id=self.product_sibling.id
        )
        self.assertEqual(occasional.complaint_severity, "occasional")
        for complaint in serious | general | occasional:
            self.assertEqual(
                self._milestone(complaint, "containment").deadline,
                datetime(2026, 11, 21, 15, 0),
            )
            self.assertEqual(
                self._milestone(complaint, "resolution").deadline,
                datetime(2026, 11, 27, 15, 0),
            )
        self.assertGreater(serious.priority, general.priority)
        self.assertGreater(general.priority, occasional.priority)


@tagged("post_install", "-at_install")
class TestComplaintProcedureRpc(JsonRpcMixin, ComplaintCommon, HttpCase):
    """§17.5 over JSON-RPC: a quality engineer cannot start an 8D alone."""

    def test_01_engineer_cannot_start_an_8d_over_rpc(self):
        """The engineer's 8D is a proposal whatever the call sends; starting it,
        forcing its state or changing the team of a started one is refused."""
        complaint = self._complaint(**self._complete_intake(), responsibility="company")
        self._login(self.engineer)
        with mute_logger("odoo.http"):
            reply = self._call_kw(
                "complaint.8d",
                "create",
                [[{"ticket_ids": [[4, complaint.id]], "state": "draft"}]],
            )
        self.assertIn("error", reply)
        reply = self._call_kw("helpdesk.ticket", "action_create_8d", [complaint.ids])
        self.assertFalse(reply.get("error"), reply)
        report = complaint.eight_d_ids
        self.assertEqual(report.state, "proposed")
        member = {"user_id": self.engineer.id, "role": "quality_engineer"}
        reply = self._call_kw(
            "complaint.8d", "write", [report.ids, {"member_ids": [[0, 0, member]]}]
        )
        self.assertFalse(reply.get("error"), reply)
        with mute_logger("odoo.http"):
            reply = self._call_kw("complaint.8d", "action_start", [report.ids])
            self.assertIn("the QA manager forms its team", str(reply.get("error")))
            reply = self._call_kw(
                "complaint.8d", "write", [report.ids, {"state": "draft"}]
            )
            self.assertIn("error", reply)
        self.env.invalidate_all()
        self.assertEqual(report.state, "proposed")
        report.write(
            {
                "member_ids": [
                    Command.create({"user_id": uid, "role": role})
                    for uid, role in (
                        (self.engineer.id, "leader"),
                        (self.qa_manager.id, "champion"),
                        (self.officer.id, "sales"),
                    )
                ]
            }
        )
        report.with_user(self.qa_manager).action_start()
        self.env.flush_all()
        with mute_logger("odoo.http"):
            reply = self._call_kw(
                "complaint.8d",
                "write",
                [report.ids, {"member_ids": [[2, report.member_ids[0].id]]}],
            )
        self.assertIn("formed by the QA manager", str(reply.get("error")))
        self.env.invalidate_all()
        self.assertEqual(len(report.member_ids), 4)
