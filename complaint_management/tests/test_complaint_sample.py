import io
import unicodedata
from datetime import datetime

import PyPDF2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from .access_matrix import JsonRpcMixin
from .common import ComplaintCommon, ComplaintSlaCommon


def pdf_text(pdf):
    """The words of a PDF, as a text extractor reads them."""
    reader = PyPDF2.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


class SampleMixin:
    def _sample(self, complaint, user=None, **values):
        vals = {"ticket_id": complaint.id, "requested_qty": 3, "received_qty": 3}
        vals.update(values)
        Sample = self.env["complaint.sample"].with_user(user or self.officer)
        return Sample.create(vals)

    def _test(self, sample, **values):
        vals = {
            "sample_id": sample.id,
            "name": "Salt-spray test, 48 h",
            "sales_agreed_user_id": self.officer.id,
            "sales_agreed_date": "2026-11-02",
            "customer_informed_date": "2026-11-02",
        }
        vals.update(values)
        return self.env["complaint.sample.test"].with_user(self.engineer).create(vals)


@tagged("post_install", "-at_install")
class TestComplaintSample(SampleMixin, ComplaintSlaCommon):
    def test_01_test_time_pauses_the_deadline(self):
        """A test agreed with sales and told to the customer stops the deadlines
        while it runs: two working days of test move QA's response deadline by
        two working days (rules §4.6, §18.3)."""
        with freeze_time("2026-11-02 09:00:00"):
            complaint = self._handed_over()
            response = self._milestone(complaint, "response")
            self.assertEqual(response.deadline, datetime(2026, 11, 4, 9, 0))
            sample = self._sample(complaint)
            self.assertEqual(sample.requested_by_id, self.officer)
            self.assertEqual(sample.requested_date, datetime(2026, 11, 2, 9, 0))
            sample.with_user(self.officer).action_receive()
            self.assertEqual(sample.received_by_id, self.officer)
            self.assertTrue(complaint.has_sample)
            test = self._test(sample)
            test.with_user(self.engineer).action_start()
            self.assertEqual(test.user_id, self.engineer)
            self.assertEqual(test.start_date, datetime(2026, 11, 2, 9, 0))
            self.assertTrue(complaint.sla_paused)
            self.assertEqual(response.state, "paused")
            self.assertIn(test.name, test.pause_id.reason)
        with freeze_time("2026-11-04 09:00:00"):
            with self.assertRaisesText(UserError, "result"):
                test.with_user(self.engineer).action_end()
            test.with_user(self.engineer).result = "fail"
            test.with_user(self.engineer).action_end()
            self.assertEqual(test.state, "done")
            self.assertEqual(test.end_date, datetime(2026, 11, 4, 9, 0))
            self.assertAlmostEqual(test.paused_hours, 16.0)
            self.assertEqual(response.state, "running")
            self.assertEqual(response.deadline, datetime(2026, 11, 6, 9, 0))
            self.assertFalse(complaint.sla_paused)

    def test_02_a_test_stops_the_clock_only_as_agreed(self):
        """A test that stops the deadlines needs who in sales agreed, when, and
        the day the customer was told; one that does not leaves them running; only
        quality runs tests, on received parts."""
        complaint = self._handed_over()
        sample = self._sample(complaint)
        test = self._test(sample, sales_agreed_user_id=False)
        with self.assertRaisesText(UserError, "arrived"):
            test.with_user(self.engineer).action_start()
        sample.with_user(self.officer).action_receive()
        with self.assertRaisesText(ValidationError, "sales agreed"):
            test.with_user(self.engineer).action_start()
        with self.assertRaises(AccessError):
            test.with_user(self.officer).action_start()
        test.with_user(self.engineer).pauses_deadlines = False
        test.with_user(self.engineer).action_start()
        self.assertFalse(test.pause_id)
        self.assertFalse(complaint.sla_paused)

    def test_03_label_holds_the_complaint_number(self):
        """The label of received parts prints the complaint number and the
        sample's barcode; who printed it and when are recorded (rules §18.2)."""
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        complaint = self._handed_over()
        sample = self._sample(complaint)
        with self.assertRaisesText(UserError, "arrived"):
            sample.with_user(self.officer).action_print_label()
        sample.with_user(self.officer).action_receive()
        action = sample.with_user(self.officer).action_print_label()
        self.assertEqual(
            action["report_name"], "complaint_management.report_complaint_sample_label"
        )
        self.assertEqual(sample.label_printed_by_id, self.officer)
        self.assertTrue(sample.label_printed_date)
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_user(self.officer)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    "complaint_management.action_report_complaint_sample_label",
                    sample.ids,
                )
            )
        self.assertEqual(report_type, "pdf")
        text = pdf_text(pdf)
        self.assertIn(complaint.complaint_number, text)
        self.assertIn(sample.name, text)

    def test_04_return_is_recorded_and_final(self):
        """Parts go back by the agreed route, not while a test runs; the return
        is recorded with its date and who, then the sample and its tests stay as
        they were and nobody deletes them (rules §18.4)."""
        complaint = self._handed_over()
        sample = self._sample(complaint)
        sample.with_user(self.officer).action_receive()
        test = self._test(sample, pauses_deadlines=False)
        test.with_user(self.engineer).action_start()
        with self.assertRaisesText(UserError, "route"):
            sample.with_user(self.engineer).action_return()
        sample.with_user(self.engineer).return_route = "Courier to Acme"
        with self.assertRaisesText(UserError, "still running"):
            sample.with_user(self.engineer).action_return()
        test.with_user(self.engineer).result = "pass"
        test.with_user(self.engineer).action_end()
        with self.assertRaisesText(UserError, "Only quality"):
            sample.with_user(self.officer).action_return()
        with freeze_time("2026-11-06 10:00:00"):
            sample.with_user(self.engineer).action_return()
        self.assertEqual(sample.state, "returned")
        self.assertEqual(sample.returned_by_id, self.engineer)
        self.assertEqual(sample.returned_date, datetime(2026, 11, 6, 10, 0))
        with self.assertRaises(ValidationError):
            sample.with_user(self.qa_manager).return_route = "Lost"
        with self.assertRaises(ValidationError):
            test.with_user(self.qa_manager).result = "fail"
        with self.assertRaises(UserError):
            sample.with_user(self.qa_manager).unlink()

    def test_05_scrap_needs_a_reason(self):
        """Parts scrapped instead of returned: the reason, the date and who."""
        complaint = self._handed_over()
        sample = self._sample(complaint, kind="returned_goods")
        sample.with_user(self.officer).action_receive()
        with self.assertRaisesText(UserError, "scrapped"):
            sample.with_user(self.engineer).action_scrap()
        sample.with_user(self.engineer).scrap_reason = "Customer waived the return"
        sample.with_user(self.engineer).action_scrap()
        self.assertEqual(sample.state, "scrapped")
        self.assertEqual(sample.scrapped_by_id, self.engineer)

    def test_06_no_closing_while_a_test_runs(self):
        """A complaint does not close while a test of its samples holds its
        deadlines."""
        complaint = self._handed_over()
        sample = self._sample(complaint)
        sample.with_user(self.officer).action_receive()
        self._test(sample).with_user(self.engineer).action_start()
        with self.assertRaisesText(UserError, "still running"):
            complaint.write(
                {
                    "responsibility": "supplier",
                    "supplier_id": self.supplier.id,
                    "stage_id": self.done.id,
                }
            )

    def test_07_who_sees_and_changes_samples(self):
        """Officers ask for and receive the samples of their teams' complaints;
        finance and auditors read them and change nothing; a helpdesk user in
        no complaint group has no access; an officer of another team sees none
        (rules §18.1)."""
        finance = self._new_user("t_finance", "group_complaint_finance")
        auditor = self._new_user("t_auditor", "group_complaint_auditor")
        outsider = self._new_user("t_other_officer", "group_complaint_officer")
        complaint = self._handed_over()
        sample = self._sample(complaint)
        test = self._test(sample)
        for reader in (finance, auditor):
            self.assertEqual(
                sample.with_user(reader).read(["name"])[0]["id"], sample.id
            )
            self.assertTrue(test.with_user(reader).read(["name"]))
            with self.assertRaises(AccessError):
                sample.with_user(reader).write({"description": "Read only"})
            with self.assertRaises(AccessError):
                test.with_user(reader).write({"result_note": "Read only"})
        with self.assertRaises(AccessError):
            sample.with_user(self.internal_user).read(["name"])
        with self.assertRaises(AccessError):
            sample.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            test.with_user(self.officer).write({"result_note": "Not quality"})


@tagged("post_install", "-at_install")
class TestComplaintSampleRpc(SampleMixin, JsonRpcMixin, ComplaintCommon, HttpCase):
    def test_01_client_cannot_rewrite_a_returned_sample(self):
        """Over JSON-RPC, nobody rewrites the facts of a returned sample or its
        tests, nor writes the dates and who the application records."""
        complaint = self._complaint(**self._complete_intake())
        sample = self._sample(complaint, return_route="Courier")
        sample.with_user(self.officer).action_receive()
        test = self._test(sample, pauses_deadlines=False)
        test.with_user(self.engineer).action_start()
        test.with_user(self.engineer).result = "pass"
        test.with_user(self.engineer).action_end()
        # Before the return: the dated facts are the application's own.
        self._login(self.qa_manager)
        with mute_logger("odoo.http"):
            reply = self._call_kw(
                "complaint.sample",
                "write",
                [sample.ids, {"received_date": "2026-01-01 00:00:00"}],
            )
        self.assertIn("error", reply)
        sample.with_user(self.engineer).action_return()
        before = sample.read(["return_route", "returned_date", "received_qty", "state"])
        with mute_logger("odoo.http"):
            for user in (self.engineer, self.qa_manager):
                self._login(user)
                for vals in (
                    {"return_route": "Never returned"},
                    {"received_qty": 1.0},
                    {"returned_date": "2026-01-01 00:00:00"},
                    {"state": "received"},
                ):
                    reply = self._call_kw(
                        "complaint.sample", "write", [sample.ids, vals]
                    )
                    self.assertIn("error", reply, vals)
                reply = self._call_kw(
                    "complaint.sample.test", "write", [test.ids, {"result": "fail"}]
                )
                self.assertIn("error", reply)
                reply = self._call_kw("complaint.sample", "unlink", [sample.ids])
                self.assertIn("error", reply)
        sample.invalidate_recordset()
        self.assertEqual(
            sample.read(["return_route", "returned_date", "received_qty", "state"]),
            before,
        )
        self.assertEqual(test.result, "pass")
