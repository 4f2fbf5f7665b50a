import importlib.util
from pathlib import Path

from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import ComplaintCommon
from .portal_common import ComplaintPortalCommon

MIGRATION = (
    Path(__file__).parent.parent / "migrations" / "19.0.1.4.0" / "post-number.py"
)


def default_columns(arch):
    """The columns a list view ``arch`` shows before its user asks for more: its
    fields and buttons, without those it hides (``column_invisible``) or leaves
    to the user (``optional="hide"``)."""
    columns = []
    for node in etree.fromstring(arch):
        if node.tag not in ("field", "button"):
            continue
        if node.get("column_invisible") in ("True", "1", "true"):
            continue
        if node.get("optional") == "hide" or node.get("widget") == "handle":
            continue
        columns.append(node.get("name"))
    return columns


@tagged("post_install", "-at_install")
class TestComplaintOneNumber(ComplaintCommon):
    """One number per complaint (rules §11.6): the complaint number is the number
    of the ticket everywhere it is read, quoted and searched; a plain ticket keeps
    its helpdesk number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_sequence = cls.env["ir.sequence"].search(
            [("code", "=", "helpdesk.ticket.sequence")], limit=1
        )

    def _plain(self, name="Printer"):
        return self.env["helpdesk.ticket"].create(
            {"name": name, "description": "x", "team_id": self.other_team.id}
        )

    def test_01_complaint_known_by_its_complaint_number(self):
        """A complaint's number is its complaint number: no ticket number is drawn
        for it; its name, searches by number and a many2one's lookup find it by
        that number. A plain ticket keeps the helpdesk number."""
        before = self.ticket_sequence.number_next_actual
        complaint = self._complaint(partner_id=self.customer.id)
        number = complaint.complaint_number
        self.assertTrue(number.startswith("CC/"), number)
        self.assertEqual(complaint.number, number)
        self.assertEqual(
            self.ticket_sequence.number_next_actual, before, "no ticket number drawn"
        )
        self.assertEqual(complaint.display_name, f"{number} - Calipers leak")
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket.search([("number", "=", number)]), complaint)
        self.assertEqual(Ticket.search([("display_name", "ilike", number)]), complaint)
        self.assertEqual([row[0] for row in Ticket.name_search(number)], complaint.ids)
        plain = self._plain()
        self.assertTrue(plain.number.startswith(self.ticket_sequence.prefix))
        self.assertFalse(plain.complaint_number)
        self.assertEqual(plain.display_name, f"{plain.number} - Printer")
        self.assertEqual(
            [row[0] for row in Ticket.name_search(plain.number)], plain.ids
        )

    def test_02_batch_numbered_once(self):
        """Complaints and plain tickets created together: each complaint carries
        its own complaint number as its number, the plain ticket a ticket number."""
        tickets = self.env["helpdesk.ticket"].create(
            [
                {"name": f"Leak {n}", "description": "x", "team_id": self.team.id}
                for n in range(3)
            ]
            + [{"name": "Printer", "description": "x", "team_id": self.other_team.id}]
        )
        complaints, plain = tickets[:3], tickets[3]
        self.assertEqual(
            complaints.mapped("number"), complaints.mapped("complaint_number")
        )
        self.assertEqual(len(set(complaints.mapped("number"))), 3)
        self.assertTrue(plain.number.startswith(self.ticket_sequence.prefix))

    def test_03_ticket_turned_complaint(self):
        """A plain ticket moved to a complaint team gets a complaint number, and is
        known by it from then on (its number follows, the change is tracked)."""
        ticket = self._plain("Caliper leaks").with_context(
            tracking_disable=False, mail_notrack=False
        )
        ticket_number = ticket.number
        self._flush_tracking()
        ticket.team_id = self.team
        self._flush_tracking()
        self.assertTrue(ticket.is_complaint)
        self.assertTrue(ticket.complaint_number)
        self.assertEqual(ticket.number, ticket.complaint_number)
        self.assertEqual(
            ticket.display_name, f"{ticket.complaint_number} - Caliper leaks"
        )
        tracked = {
            value.field_id.name: (value.old_value_char, value.new_value_char)
            for value in ticket.message_ids.tracking_value_ids
        }
        self.assertEqual(tracked["complaint_number"], (False, ticket.complaint_number))
        self.assertEqual(tracked["number"], (ticket_number, ticket.complaint_number))

    def test_04_copy_and_given_number(self):
        """A copied complaint gets a complaint number of its own as its number; a
        complaint recorded with its number (an import) is known by that number."""
        complaint = self._complaint()
        copy = complaint.copy()
        self.assertNotEqual(copy.complaint_number, complaint.complaint_number)
        self.assertEqual(copy.number, copy.complaint_number)
        imported = self._complaint(complaint_number="CC/2024/00007")
        self.assertEqual(imported.number, "CC/2024/00007")

    def test_05_mails_quote_the_complaint_number(self):
        """The helpdesk's mails about a complaint (assignment, stage, closing)
        quote its complaint number, in the subject and in the assignment's body;
        a plain ticket's quote its ticket number."""
        complaint = self._complaint(user_id=self.officer.id)
        plain = self._plain()
        assignment = self.env.ref("helpdesk_mgmt.assignment_email_template")
        for xmlid in (
            "helpdesk_mgmt.assignment_email_template",
            "helpdesk_mgmt.changed_stage_template",
            "helpdesk_mgmt.closed_ticket_template",
        ):
            template = self.env.ref(xmlid)
            for ticket, number in (
                (complaint, complaint.complaint_number),
                (plain, plain.number),
            ):
                with self.subTest(template=xmlid, ticket=ticket.name):
                    subject = template._render_field("subject", ticket.ids)[ticket.id]
                    self.assertIn(number, subject)
        for ticket, number in (
            (complaint, complaint.complaint_number),
            (plain, plain.number),
        ):
            body = assignment._render_field("body_html", ticket.ids)[ticket.id]
            self.assertIn(number, str(body))

    def test_06_documents_quote_the_complaint_number(self):
        """The feedback form and the 8D report name the complaint by its complaint
        number, and the 8D's name starts with it."""
        complaint = self._complaint(
            **dict(
                self._complete_intake(),
                defect_type_id=self.defect_function.id,
                responsibility="company",
            )
        )
        Report = self.env["ir.actions.report"].with_user(self.officer)
        html, _type = Report._render_qweb_html(
            "complaint_management.action_report_complaint_feedback_form", complaint.ids
        )
        self.assertIn(complaint.complaint_number, html.decode())
        eight_d = (
            self.env["complaint.8d"]
            .with_user(self.engineer)
            .create({"ticket_ids": [Command.link(complaint.id)]})
        )
        self.assertTrue(eight_d.name.startswith(complaint.complaint_number))
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.engineer)
            ._render_qweb_html(
                "complaint_management.action_report_complaint_8d", eight_d.ids
            )
        )
        self.assertIn(complaint.complaint_number, html.decode())

    def test_07_update_gives_old_complaints_their_number(self):
        """Updating the addon gives the complaints recorded with a ticket number
        their complaint number as their number; plain tickets keep theirs."""
        complaint = self._complaint()
        plain = self._plain()
        plain_number = plain.number
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET number = 'HT09999' WHERE id = %s",
            [complaint.id],
        )
        spec = importlib.util.spec_from_file_location("post_number", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "19.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(complaint.number, complaint.complaint_number)
        self.assertEqual(plain.number, plain_number)

    def test_08_lists_show_eight_columns(self):
        """The complaint list and the lists of 8D reports, remedies, chargebacks and
        deadlines show at most eight columns to the officer before they ask for
        more; the complaint list names one number and opens from every complaint
        action, most urgent first then the latest complaint."""
        lists = {
            model: f"complaint_management.{name}"
            for model, name in (
                ("helpdesk.ticket", "helpdesk_ticket_view_list_complaint"),
                ("complaint.8d", "complaint_8d_view_list"),
                ("complaint.remedy", "complaint_remedy_view_list"),
                ("complaint.chargeback", "complaint_chargeback_view_list"),
                ("complaint.sla.milestone", "complaint_sla_milestone_view_list"),
            )
        }
        for model, xmlid in lists.items():
            view = self.env.ref(xmlid)
            arch = (
                self.env[model]
                .with_user(self.officer)
                .get_views([(view.id, "list")])["views"]["list"]["arch"]
            )
            columns = default_columns(arch)
            with self.subTest(model=model):
                self.assertLessEqual(len(columns), 8, columns)
        arch = etree.fromstring(
            self.env["helpdesk.ticket"]
            .with_user(self.officer)
            .get_views([(self.env.ref(lists["helpdesk.ticket"]).id, "list")])["views"][
                "list"
            ]["arch"]
        )
        self.assertEqual(
            default_columns(etree.tostring(arch)),
            [
                "number",
                "name",
                "partner_id",
                "product_id",
                "complaint_severity",
                "sla_next_deadline",
                "stage_id",
                "user_id",
            ],
        )
        self.assertFalse(arch.xpath("//field[@name='complaint_number']"))
        self.assertTrue(
            arch.get("default_order").startswith("priority desc, complaint_date desc")
        )
        list_view = self.env.ref(lists["helpdesk.ticket"])
        for xmlid in (
            "complaint_management.helpdesk_ticket_action_complaint",
            "complaint_management.helpdesk_ticket_action_typical",
            "complaint_management.helpdesk_ticket_action_complaint_analysis",
            "complaint_management.helpdesk_ticket_action_callback",
        ):
            action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
            with self.subTest(action=xmlid):
                views = [list(view) for view in action["views"]]
                self.assertIn([list_view.id, "list"], views)
        complaint = self._complaint()
        action = complaint.action_view_similar()
        self.assertIn((list_view.id, "list"), action["views"])

    def test_09_form_title_is_the_one_number(self):
        """The complaint form's title holds the number alone: no second number
        field beside it."""
        arch = etree.fromstring(
            self.env["helpdesk.ticket"]
            .with_user(self.officer)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        title = arch.xpath("//div[hasclass('oe_title')]//h1")[0]
        self.assertEqual(
            [f.get("name") for f in title.iter("field") if "number" in f.get("name")],
            ["number"],
        )


@tagged("post_install", "-at_install")
class TestComplaintOneNumberPortal(ComplaintPortalCommon):
    """The customer's portal names a complaint by its complaint number, in the
    list and on the complaint's page; a plain ticket by its ticket number."""

    def test_01_portal_pages(self):
        """The customer reads their complaint's number, and no ticket number, on
        their list and on the complaint's page; their plain ticket keeps its own."""
        self.other_team.show_in_portal = True
        plain = self.env["helpdesk.ticket"].create(
            {
                "name": "Invoice copy",
                "description": "x",
                "team_id": self.other_team.id,
                "partner_id": self.portal_a.partner_id.id,
            }
        )
        self.authenticate("t_portal_a", "t_portal_a")
        listing = self.url_open("/my/tickets").text
        self.assertIn(self.complaint_a.complaint_number, listing)
        self.assertIn(plain.number, listing)
        page = self.url_open(f"/my/ticket/{self.complaint_a.id}").text
        self.assertIn(self.complaint_a.complaint_number, page)
        self.assertNotRegex(page, r"\bHT\d+")


@tagged("post_install", "-at_install")
class TestComplaintOneNumberTour(HttpCase):
    """The demo's front-desk officer at 1440 pixels (rules §11.6): the complaint
    list shows at most eight columns and one number; the complaint found by that
    number shows it, and no other, on its form."""

    browser_size = "1440x900"

    def test_01_list_fits(self):
        """The complaint list shows at most eight columns and no ticket number."""
        self.start_tour(
            "/odoo/complaints",
            "complaint_management_list_columns_tour",
            login="complaint_officer",
        )

    def test_02_one_number_on_the_form(self):
        """The officer finds a complaint by its number and its form shows that
        number alone."""
        self.start_tour(
            "/odoo/complaints",
            "complaint_management_one_number_tour",
            login="complaint_officer",
        )
