import json

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .access_matrix import JsonRpcMixin
from .chargeback_common import ChargebackCommon
from .portal_common import CSRF, ComplaintPortalCommon

# What a browser never sends but a script does: not numbers, not finite, beyond
# any quantity or amount, below zero.
BAD_NUMBERS = ("nan", "NaN", "inf", "-inf", "Infinity", "1e308", "1e13", "-5", "abc")


@tagged("post_install", "-at_install")
class TestComplaintPortalInput(JsonRpcMixin, ComplaintPortalCommon):
    """What a customer types in the portal is checked on the server: numbers are
    finite and in range, the product is one the company sells to them, the
    closing rules hold; each refusal is a message, never an error page, and
    nothing is saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Other Brakes Ltd"})
        cls.product_company_2 = cls.env["product.product"].create(
            {
                "name": "Secret Rotor",
                "sale_ok": True,
                "company_id": cls.company_2.id,
            }
        )
        cls.product_not_sold = cls.env["product.product"].create(
            {"name": "Internal Jig", "sale_ok": False}
        )

    def _form(self, **values):
        form = {
            "name": "Calipers leak",
            "description": "Leak at the bleed screw",
            "product_id": str(self.product.id),
            "defect_qty": "12",
            "lot_qty": "500",
            "shipped_qty": "1000",
            "detection_stage": "incoming",
        }
        form.update(values)
        return form

    def _complaints(self):
        return self.env["helpdesk.ticket"].search_count([("is_complaint", "=", True)])

    def _refused(self, form, message):
        before = self._complaints()
        response = self._post("/my/complaint/new", form)
        self.assertEqual(response.status_code, 400, form)
        self.assertIn("o_complaint_portal_error", response.text, form)
        self.assertIn(message, response.text, form)
        self.assertEqual(self._complaints(), before, form)
        return response

    def test_01_numbers_finite_and_in_range(self):
        """Each quantity of the complaint form refuses nan, inf, 1e308, a negative
        number and text with the form's message; nothing is saved. A plain number
        is accepted."""
        self.authenticate("t_portal_a", "t_portal_a")
        labels = {
            "shipped_qty": "Shipped Quantity",
            "lot_qty": "Lot Size",
            "defect_qty": "Defective Quantity",
        }
        for name, label in labels.items():
            for value in BAD_NUMBERS:
                self._refused(self._form(**{name: value}), label)
        before = self._complaints()
        response = self._post("/my/complaint/new", self._form(defect_qty="12.5"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._complaints(), before + 1)

    def test_02_product_of_another_company(self):
        """Another company's product is not offered and is refused without its
        name shown back."""
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open("/my/complaint/new").text
        self.assertNotIn("Secret Rotor", page)
        response = self._refused(
            self._form(product_id=str(self.product_company_2.id)),
            "Choose the product from the list.",
        )
        self.assertNotIn("Secret Rotor", response.text)

    def test_03_product_not_for_sale(self):
        """A product the company does not sell is not offered and is refused
        without its name shown back."""
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open("/my/complaint/new").text
        self.assertNotIn("Internal Jig", page)
        self.assertIn("Caliper", page)
        response = self._refused(
            self._form(product_id=str(self.product_not_sold.id)),
            "Choose the product from the list.",
        )
        self.assertNotIn("Internal Jig", response.text)
        for value in ("abc", "-1", "99999999", "1e308"):
            self._refused(self._form(product_id=value), "Choose the product")

    def test_04_product_domain_is_the_server_check(self):
        """With "bought products only" on and invoices posted, the form offers
        the bought products the company sells, and the server accepts exactly
        those; with it off, every product the company sells."""
        Ticket = self.env["helpdesk.ticket"]
        company = self.env.company
        partner = self.portal_a.partner_id
        company.complaint_portal_check_purchase = True
        bought = self.product | self.product_not_sold | self.product_company_2
        self.patch(type(Ticket), "_portal_bought_products", lambda self, p, c: bought)
        offered = Ticket._portal_complaint_products(partner, company)
        self.assertEqual(offered, self.product)
        for product, accepted in (
            (self.product, True),
            (self.product_other, False),
            (self.product_not_sold, False),
            (self.product_company_2, False),
        ):
            _product, errors = Ticket._portal_check_product(
                partner, {"product_id": str(product.id)}, company
            )
            self.assertEqual(not errors, accepted, product.name)
        company.complaint_portal_check_purchase = False
        offered = Ticket._portal_complaint_products(partner, company)
        self.assertIn(self.product_other, offered)
        self.assertNotIn(self.product_not_sold, offered)
        self.assertNotIn(self.product_company_2, offered)

    def test_05_close_refused_by_closing_rules(self):
        """Closing one's complaint from the portal while the closing rules refuse
        it shows the complaint's page with the reason; nothing changes."""
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        stage.close_from_portal = True
        before = self.complaint_a.stage_id
        self.authenticate("t_portal_a", "t_portal_a")
        response = self.url_open(
            f"/ticket/close?ticket_id={self.complaint_a.id}&stage_id={stage.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_complaint_portal_error", response.text)
        self.assertIn("Decide who is responsible", response.text)
        self.complaint_a.invalidate_recordset()
        self.assertEqual(self.complaint_a.stage_id, before)
        for query in (
            f"ticket_id={self.complaint_a.id}&stage_id=abc",
            f"ticket_id={self.complaint_a.id}&stage_id=99999999",
            f"ticket_id={self.complaint_a.id}",
            f"ticket_id={self.complaint_b.id}&stage_id={stage.id}",
            "ticket_id=1e308&stage_id=1",
        ):
            response = self.url_open(f"/ticket/close?{query}")
            self.assertIn(response.status_code, (200, 303), query)
            self.assertNotIn("Internal Server Error", response.text, query)
        for complaint in (self.complaint_a, self.complaint_b):
            complaint.invalidate_recordset()
            self.assertNotEqual(complaint.stage_id, stage)

    def test_06_no_message_from_the_address(self):
        """The complaint's page shows only the refusals of the server, not a
        message written into its address."""
        self.authenticate("t_portal_a", "t_portal_a")
        response = self.url_open(
            f"/my/ticket/{self.complaint_a.id}?complaint_error=Call+0900+123"
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Call 0900 123", response.text)

    def _call_kw_nan(self, model, method, args):
        """A JSON-RPC call whose body holds ``NaN`` and ``Infinity`` as Python's
        json writes them (a client library refuses to)."""
        params = {"model": model, "method": method, "args": args, "kwargs": {}}
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _assert_refused(self, reply, label):
        self.assertIn("error", reply)
        error = reply["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError", error)
        self.assertIn(label, error["message"])

    def test_07_rpc_numbers_refused(self):
        """Over JSON-RPC, a quantity or an amount that is not finite, beyond range
        or negative is refused with a message naming the field (JSON carries
        NaN and Infinity too); nothing is written."""
        complaint = self._portal_complaint(self.portal_a.partner_id, "RPC")
        self._login(self.officer)
        for value in (float("nan"), float("inf"), 1e308, "1e308", -1.0):
            reply = self._call_kw_nan(
                "helpdesk.ticket", "write", [complaint.ids, {"shipped_qty": value}]
            )
            self._assert_refused(reply, "Shipped Quantity")
            reply = self._call_kw_nan(
                "complaint.remedy",
                "create",
                [{"ticket_id": complaint.id, "amount": value}],
            )
            self._assert_refused(reply, "mount")
        complaint.invalidate_recordset()
        self.assertEqual(complaint.shipped_qty, 1000)
        self.assertFalse(complaint.remedy_ids)
        with self.assertRaises(ValidationError):
            complaint.sudo().write({"defect_qty": float("nan")})


@tagged("post_install", "-at_install")
class TestComplaintSupplierPortalInput(HttpCase, ChargebackCommon):
    """What a supplier types in the portal is checked on the server: the
    accepted amount is finite and in range; a refusal is the page with a message,
    never an error page, and nothing is saved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier_user = new_test_user(
            cls.env,
            login="t_spi_castings",
            groups="base.group_portal",
            partner_id=cls.supplier.child_ids[:1].id,
        )

    def _answer(self, chargeback, **data):
        page = f"/my/chargeback/{chargeback.id}"
        found = CSRF.search(self.url_open(page).text)
        self.assertTrue(found, page)
        return self.url_open(
            f"{page}/answer", data=dict(data, csrf_token=found.group(0))
        )

    def test_01_accepted_amount_finite_and_in_range(self):
        """The accepted amount refuses nan, inf, 1e308, a negative amount and text
        with the page's message, whatever the decision; the chargeback stays sent
        and its offer unanswered."""
        chargeback = self._sent()
        self.authenticate("t_spi_castings", "t_spi_castings")
        for decision in ("partial", "accept", "dispute"):
            for value in BAD_NUMBERS:
                response = self._answer(
                    chargeback,
                    decision=decision,
                    accepted_amount=value,
                    comment="Our answer",
                )
                self.assertEqual(response.status_code, 200, (decision, value))
                self.assertIn("o_supplier_portal_error", response.text, value)
                self.assertIn(value, response.text, "the amount typed is kept")
                chargeback.invalidate_recordset()
                self.assertEqual(chargeback.state, "sent", (decision, value))
                self.assertFalse(chargeback.offer_ids.decision, (decision, value))
        self._answer(chargeback, decision="partial", accepted_amount="99,5")
        chargeback.invalidate_recordset()
        self.assertEqual(chargeback.state, "partly_accepted")
        self.assertAlmostEqual(chargeback.accepted_amount, 99.5)

    def test_02_model_refuses_what_the_portal_refuses(self):
        """The model's answer refuses the same numbers when called directly, and
        the accepted amount's own check refuses them when written."""
        chargeback = self._sent()
        for value in (float("nan"), float("inf"), 1e308, -5.0, "nan"):
            with self.assertRaises(ValidationError):
                chargeback._record_answer("partial", accepted_amount=value)
        self.assertEqual(chargeback.state, "sent")
        with self.assertRaises(ValidationError):
            self._engine(chargeback).write({"accepted_amount": float("inf")})
        with self.assertRaises(ValidationError):
            self._engine(chargeback.offer_ids).write({"accepted_amount": float("nan")})
        self.assertFalse(chargeback.accepted_amount)
