import hashlib

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .complaint_protected_mixin import EDIT_SENTINEL, EDIT_SENTINEL_KEY, is_engine

SEAL_REASONS = [
    ("closed", "Closed"),
    ("reopened", "Reopened"),
]


class ComplaintSeal(models.Model):
    """The seal of a complaint's dossier at one moment of its life (rules §22.3).

    When a complaint closes, the facts of its dossier (``helpdesk.ticket.
    _dossier_facts``, a canonical serialisation, not the PDF) are fingerprinted
    (``content_hash``, SHA-256) and chained to the previous seal of the company
    (``hash`` = SHA-256 of the previous seal's hash and this seal's own facts),
    the way Odoo's accounting chains its posted entries. Reopening a complaint
    seals what it said when it reopened, so the chain records the reopening
    instead of breaking.

    Access: the application alone writes seals (``_seal_tickets``, under the
    addon's marker and as superuser); nobody creates, changes or deletes one,
    whatever the context: no access right grants it and ``create``, ``write`` and
    ``unlink`` refuse it. QA managers and auditors read the seals of their
    companies.
    """

    _name = "complaint.seal"
    _description = "Complaint Dossier Seal"
    _order = "company_id, sequence desc"
    _rec_name = "sequence"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    sequence = fields.Integer(readonly=True, required=True)
    reason = fields.Selection(SEAL_REASONS, required=True, readonly=True)
    sealed_on = fields.Datetime(readonly=True, required=True)
    user_id = fields.Many2one("res.users", string="Sealed By", readonly=True)
    content_hash = fields.Char(string="Dossier Fingerprint", readonly=True)
    tracking_bound = fields.Integer(
        readonly=True,
        help="The last tracked change of the complaint the fingerprint covers.",
    )
    previous_hash = fields.Char(readonly=True)
    hash = fields.Char(string="Seal", readonly=True)

    _company_sequence_uniq = models.Constraint(
        "UNIQUE(company_id, sequence)",
        "A company's seals are numbered once each.",
    )

    # CRUD: the application alone
    @api.model_create_multi
    def create(self, vals_list):
        self._check_engine()
        return super().create(vals_list)

    def write(self, vals):
        self._check_engine()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        """A seal stays: deleting one would break the chain (rules §22.3)."""
        raise AccessError(self.env._("A complaint's seal cannot be deleted."))

    @api.model
    def _check_engine(self):
        if not is_engine(self.env):
            raise AccessError(
                self.env._(
                    "Seals are recorded by the application when a complaint closes "
                    "or reopens; nobody writes them."
                )
            )

    # Business methods
    @api.model
    def _seal_hash(self, previous_hash, ticket_id, sequence, reason, content_hash):
        """The seal's hash: the previous seal's hash chained to this seal's
        facts (rules §22.3)."""
        payload = "|".join(
            [previous_hash or "", str(ticket_id), str(sequence), reason, content_hash]
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    @api.model
    def _seal_tickets(self, tickets, reason, bounds=None):
        """Seal ``tickets`` (complaints) for ``reason``: one seal each, chained,
        per company, after the company's last seal (rules §22.3). A lock per
        company keeps two transactions from taking the same place in the
        chain. ``bounds`` ({complaint id: tracking id}) limits the tracked
        changes fingerprinted (a reopening seals what the closing seal did)."""
        if not tickets:
            return self.browse()
        contents = tickets._dossier_content(bounds)
        vals_list = []
        now = fields.Datetime.now()
        for company in tickets.company_id:
            self.env.cr.execute(
                SQL("SELECT pg_advisory_xact_lock(%s, %s)", 7_221_522, company.id)
            )
            self.env.cr.execute(
                SQL(
                    "SELECT sequence, hash FROM complaint_seal WHERE company_id = %s "
                    "ORDER BY sequence DESC LIMIT 1",
                    company.id,
                )
            )
            sequence, previous = self.env.cr.fetchone() or (0, "")
            for ticket in tickets.filtered(lambda t, c=company: t.company_id == c):
                sequence += 1
                content_hash, bound = contents[ticket.id]
                vals_list.append(
                    {
                        "ticket_id": ticket.id,
                        "company_id": company.id,
                        "sequence": sequence,
                        "reason": reason,
                        "sealed_on": now,
                        "user_id": self.env.uid,
                        "content_hash": content_hash,
                        "tracking_bound": bound,
                        "previous_hash": previous,
                        "hash": self._seal_hash(
                            previous, ticket.id, sequence, reason, content_hash
                        ),
                    }
                )
                previous = vals_list[-1]["hash"]
        return self.sudo()._protected_engine().create(vals_list)

    def _protected_engine(self):
        """These seals in the environment of the application's own writes."""
        return self.with_context(**{EDIT_SENTINEL_KEY: EDIT_SENTINEL})

    @api.model
    def _check_chain(self, companies):
        """What breaks the seals of ``companies`` (rules §22.4): a list of
        ``(seal or complaint, problem)``. A seal whose hash does not follow from
        the previous one and its own facts (a seal altered or removed), and a
        closed complaint whose dossier differs from its last seal (changed
        after it was sealed), or a reopened one whose dossier differed, when it
        reopened, from its closing seal. Reads every seal of the companies once
        and the dossiers of the sealed complaints in one batch."""
        seals = (
            self.sudo()
            .search([("company_id", "in", companies.ids)])
            .sorted(lambda s: (s.company_id.id, s.sequence))
        )
        problems = []
        previous = {}
        expected_sequence = {}
        for seal in seals:
            company = seal.company_id.id
            expected = expected_sequence.get(company, 1)
            if seal.sequence != expected:
                problems.append(
                    (
                        seal.ticket_id,
                        self.env._(
                            "Seal %(expected)s is missing before seal %(sequence)s.",
                            expected=expected,
                            sequence=seal.sequence,
                        ),
                    )
                )
            expected_sequence[company] = seal.sequence + 1
            recomputed = self._seal_hash(
                seal.previous_hash,
                seal.ticket_id.id,
                seal.sequence,
                seal.reason,
                seal.content_hash or "",
            )
            if (
                seal.previous_hash != previous.get(company, "")
                or seal.hash != recomputed
            ):
                problems.append(
                    (
                        seal.ticket_id,
                        self.env._(
                            "Seal %(sequence)s of %(complaint)s was altered: it no "
                            "longer follows from the seal before it.",
                            sequence=seal.sequence,
                            complaint=seal.ticket_id.display_name,
                        ),
                    )
                )
            previous[company] = seal.hash
        # The dossiers as they read now, against their last seals
        last = {}
        closing = {}
        reopenings = []
        for seal in seals:
            if seal.reason == "reopened":
                reopenings.append((seal, closing.get(seal.ticket_id.id)))
            else:
                closing[seal.ticket_id.id] = seal
            last[seal.ticket_id.id] = seal
        for seal, closed_seal in reopenings:
            if closed_seal and closed_seal.content_hash != seal.content_hash:
                problems.append(
                    (
                        seal.ticket_id,
                        self.env._(
                            "%(complaint)s was changed after it was sealed on "
                            "%(date)s: it read differently when it reopened.",
                            complaint=seal.ticket_id.display_name,
                            date=closed_seal.sealed_on,
                        ),
                    )
                )
        tickets = self.env["helpdesk.ticket"].sudo().browse(list(last))
        closed = tickets.filtered(lambda t: t.closed and last[t.id].reason == "closed")
        bounds = {ticket.id: last[ticket.id].tracking_bound for ticket in closed}
        contents = closed._dossier_content(bounds)
        for ticket in closed:
            seal = last[ticket.id]
            if contents[ticket.id][0] != seal.content_hash:
                problems.append(
                    (
                        ticket,
                        self.env._(
                            "%(complaint)s was changed after it was sealed on "
                            "%(date)s (seal %(sequence)s).",
                            complaint=ticket.display_name,
                            date=seal.sealed_on,
                            sequence=seal.sequence,
                        ),
                    )
                )
        return problems
