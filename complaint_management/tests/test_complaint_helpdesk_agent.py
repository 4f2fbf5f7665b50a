from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ComplaintCommon

VIEW_TYPES = ("list", "form", "kanban", "search")


def _spec_of(model, arch):
    """The specification the web client reads for ``arch``: every field of the
    view's own model (not those of embedded sub-views), relational ones with
    their display name."""
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        relational = field.type in ("many2one", "one2many", "many2many")
        spec[name] = {"fields": {"display_name": {}}} if relational else {}
    return spec


class HelpdeskAgentMixin:
    """A plain helpdesk agent and a team agent (helpdesk_mgmt's groups, no
    complaint group) and a complaint among the tickets they see."""

    @classmethod
    def _agent_setup(cls):
        cls.agent = new_test_user(
            cls.env,
            login="t_hd_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.team_agent = new_test_user(
            cls.env,
            login="t_hd_team_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
        )
        cls.agent_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaint Desk (agents)",
                "complaint_team": True,
                "user_ids": [(6, 0, (cls.agent | cls.team_agent).ids)],
            }
        )
        cls.plain_ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Printer", "description": "x", "team_id": cls.agent_team.id}
        )
        cls.agent_complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Calipers leak",
                "description": "<p>Leak at the bleed screw</p>",
                "team_id": cls.agent_team.id,
            }
        )
        cls.agent_domain = [("id", "in", (cls.plain_ticket | cls.agent_complaint).ids)]

    def _internal_fields(self, user):
        """The fields of helpdesk.ticket pointing at a model ``user`` may not read:
        the complaint internals."""
        Ticket = self.env["helpdesk.ticket"]
        return {
            name
            for name, field in Ticket._fields.items()
            if field.comodel_name
            and not self.env[field.comodel_name].with_user(user).has_access("read")
        }

    def _check_reply(self, user, fields_seen, records):
        internals = self._internal_fields(user)
        self.assertTrue({"sla_milestone_ids", "remedy_ids"} <= internals)
        self.assertFalse(
            internals & set(fields_seen), "complaint internals in the view"
        )
        self.assertEqual(
            {row["id"] for row in records},
            {self.plain_ticket.id, self.agent_complaint.id},
        )
        for row in records:
            self.assertFalse(internals & set(row), "complaint internals returned")


@tagged("post_install", "-at_install")
class TestComplaintHelpdeskAgent(HelpdeskAgentMixin, ComplaintCommon):
    """A helpdesk agent in no complaint group opens the ticket list, kanban,
    search and form when a complaint is among their tickets: the addon never
    breaks the helpdesk it is installed into."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._agent_setup()

    def _open_views(self, user):
        Ticket = self.env["helpdesk.ticket"].with_user(user)
        views = Ticket.get_views([(False, view_type) for view_type in VIEW_TYPES])
        for view_type in VIEW_TYPES:
            with self.subTest(user=user.login, view=view_type):
                spec = _spec_of(Ticket, views["views"][view_type]["arch"])
                fields_seen = set(spec) | set(
                    views["models"]["helpdesk.ticket"]["fields"]
                )
                found = Ticket.web_search_read(self.agent_domain, spec)["records"]
                self._check_reply(user, fields_seen, found)
                read = (
                    (self.plain_ticket | self.agent_complaint)
                    .with_user(user)
                    .web_read(spec)
                )
                self._check_reply(user, fields_seen, read)

        # the search view's deadline filters work for them too
        for status in ("breached", "at_risk"):
            Ticket.search(self.agent_domain + [("sla_status", "=", status)])

    def test_01_helpdesk_user(self):
        """An agent of helpdesk_mgmt's "all tickets" group reads every view's
        fields of a complaint without error, and no complaint internals."""
        self._open_views(self.agent)

    def test_02_helpdesk_team_user(self):
        """A team agent (member of the complaint's team) reads every view's fields
        of a complaint without error, and no complaint internals."""
        self._open_views(self.team_agent)

    def test_03_internals_refused(self):
        """Asking for a complaint internal by name is refused to an agent, still
        granted to a complaint officer."""
        complaint = self.agent_complaint.with_user(self.agent)
        with self.assertRaises(AccessError):
            complaint.web_read({"sla_milestone_ids": {"fields": {"display_name": {}}}})
        self.agent_team.user_ids = [(4, self.officer.id)]
        self.agent_complaint.with_user(self.officer).web_read(
            {"sla_milestone_ids": {"fields": {"display_name": {}}}, "remedy_ids": {}}
        )


@tagged("post_install", "-at_install")
class TestComplaintHelpdeskAgentRpc(HelpdeskAgentMixin, HttpCase):
    """The same over JSON-RPC, as the web client calls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._agent_setup()

    def _rpc(self, method, args, kwargs):
        response = self.url_open(
            f"/web/dataset/call_kw/helpdesk.ticket/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": "helpdesk.ticket",
                    "method": method,
                    "args": args,
                    "kwargs": kwargs,
                },
            },
        )
        reply = response.json()
        self.assertNotIn("error", reply, reply.get("error"))
        return reply["result"]

    def test_01_agent_over_rpc(self):
        """An agent opens the list and the form of a complaint over JSON-RPC."""
        self.env.flush_all()
        for user in (self.agent, self.team_agent):
            self.authenticate(user.login, user.login)
            views = self._rpc(
                "get_views", [], {"views": [[False, "list"], [False, "form"]]}
            )
            Ticket = self.env["helpdesk.ticket"]
            fields_seen = set(views["models"]["helpdesk.ticket"]["fields"])
            list_spec = _spec_of(Ticket, views["views"]["list"]["arch"])
            found = self._rpc(
                "web_search_read",
                [],
                {"domain": self.agent_domain, "specification": list_spec},
            )["records"]
            self._check_reply(user, fields_seen | set(list_spec), found)
            form_spec = _spec_of(Ticket, views["views"]["form"]["arch"])
            read = self._rpc(
                "web_read",
                [(self.plain_ticket | self.agent_complaint).ids],
                {"specification": form_spec},
            )
            self._check_reply(user, fields_seen | set(form_spec), read)
