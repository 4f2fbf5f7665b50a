from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import plaintext2html

from .helpdesk_ticket import DETECTION_STAGES, RESOLUTIONS
from .helpdesk_ticket_sla import SATISFACTION

# What a customer can know of rules §2 and tells us in the portal form; the
# others (grade, responsibility, supplier, costs...) are the company's own.
PORTAL_TEXT_FIELDS = ("name", "lot_number", "customer_request")
PORTAL_QTY_FIELDS = ("shipped_qty", "lot_qty", "defect_qty")
PORTAL_DATE_FIELDS = ("shipped_date", "purchase_date", "found_date")
PORTAL_REQUIRED_FIELDS = (
    "name",
    "description",
    "product_id",
    "defect_qty",
    "detection_stage",
)
MEGABYTE = 1024 * 1024
# The largest id PostgreSQL's ``integer`` holds: a larger one is no record's.
ID_MAX = 2**31 - 1
# The company's own business in a complaint: grading, responsibility and
# supplier, intake hand-over, audit team, knowledge base.
PORTAL_HIDDEN_FIELDS = frozenset(
    {
        "receiver_id",
        "defect_type_id",
        "defect_family",
        "severity_computed",
        "grading_reason",
        "severity_override",
        "severity_override_reason",
        "complaint_severity",
        "repeat_of_ids",
        "is_repeat",
        "is_major",
        "audit_user_ids",
        "responsibility",
        "supplier_id",
        "intake_state",
        "intake_complete",
        "intake_missing",
        "handed_over_date",
        "intake_return_reason",
        "is_typical_case",
        "lessons_learned",
        "similar_ticket_ids",
        "similar_ticket_count",
    }
)


def portal_id(raw):
    """The record id a form or an address gave (text), or 0 when it is none: only
    plain digits, within the ids PostgreSQL holds."""
    raw = str(raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or int(raw) > ID_MAX:
        return 0
    return int(raw)


class HelpdeskTicket(models.Model):
    """Complaints filed and followed by customers in the portal (rules §2, §4,
    §8; seeds 001/004: acknowledge at once, keep the customer informed, give a date
    for the answer, ask whether they are satisfied).

    Access: portal users get no access of their own to complaint data beyond
    what helpdesk_mgmt gives them on tickets; the portal controllers check that
    the complaint is the customer's (their commercial partner, or the complaint's
    access token) and then call these methods with ``sudo()``. The methods
    validate everything a customer sends, as a browser may not.

    What a complaint holds that is the company's own business stays the company's
    (rules §8: information is kept confidential from everyone who does not
    need it). helpdesk_mgmt lets portal users read their own tickets, over RPC
    too: the fields of ``PORTAL_HIDDEN_FIELDS`` are refused to portal and public
    users (not by field groups, which would make the internal views that show
    them inconsistent for the portal group helpdesk_mgmt's views are open to)."""

    _inherit = "helpdesk.ticket"

    found_date = fields.Date(
        string="Found On", help="When the customer found the problem."
    )

    # Field access
    @api.model
    def _has_field_access(self, field, operation):
        if (
            field.name in PORTAL_HIDDEN_FIELDS
            and not self.env.su
            and self.env.user.share
        ):
            return False
        return super()._has_field_access(field, operation)

    # Filing a complaint
    @api.model
    def _portal_complaint_teams(self, company):
        """The complaint teams customers of ``company`` may file complaints with."""
        return (
            self.env["helpdesk.ticket.team"]
            .sudo()
            .search(
                [
                    ("complaint_team", "=", True),
                    ("show_in_portal", "=", True),
                    ("company_id", "in", [company.id, False]),
                ],
                order="sequence, id",
            )
        )

    @api.model
    def _portal_bought_products(self, partner, company):
        """The products on the posted customer invoices of ``company`` to
        ``partner``'s company; empty when there are none (no sales data to check
        against)."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id.move_type", "=", "out_invoice"),
                    ("parent_state", "=", "posted"),
                    ("company_id", "=", company.id),
                    (
                        "move_id.commercial_partner_id",
                        "=",
                        partner.commercial_partner_id.id,
                    ),
                    ("product_id", "!=", False),
                ],
                ["product_id"],
            )
        )
        return (
            self.env["product.product"]
            .sudo()
            .union(*(product for (product,) in groups))
        )

    @api.model
    def _portal_catalogue_domain(self, company):
        """The products ``company`` sells: its own or shared ones, for sale."""
        return Domain(
            [("sale_ok", "=", True), ("company_id", "in", [company.id, False])]
        )

    @api.model
    def _portal_product_domain(self, partner, company):
        """The products a customer may complain about in the portal (rules §2.5):
        those ``company`` sells, and among them only those it invoiced to the
        customer when the company checks it and such invoices exist. The form's
        list and the server's check both use it: an id not in the list is
        refused, whatever sent it."""
        domain = self._portal_catalogue_domain(company)
        if company.complaint_portal_check_purchase:
            bought = self._portal_bought_products(partner, company)
            if bought:
                domain &= Domain("id", "in", bought.ids)
        return domain

    @api.model
    def _portal_complaint_products(self, partner, company):
        """The products offered in the portal form (``_portal_product_domain``)."""
        return (
            self.env["product.product"]
            .sudo()
            .search(
                self._portal_product_domain(partner, company),
                order="default_code, name",
                limit=500,
            )
        )

    @api.model
    def _portal_complaint_prepare(self, partner, form, files, company):
        """The values of a complaint filed in the portal and the problems found.

        ``form``: the posted fields (strings); ``files``: ``(name, content,
        mimetype)`` tuples. Returns ``(vals, errors)``: nothing is created when
        there is any error. Checks on the server, whatever the browser checked:
        the required fields, numbers (finite, in range, not negative, rules
        §12.5) and dates, the team, the product (one of the form's list, rules
        §2.5), and the size of each file (the company's limit). Text is kept as text:
        the description is escaped into HTML, so no markup or script survives."""
        vals, errors = self._portal_parse_form(form)
        team, team_errors = self._portal_check_team(form, company)
        product, product_errors = self._portal_check_product(partner, form, company)
        vals["product_id"] = product.id
        missing = [
            self._fields[name]._description_string(self.env)
            for name in PORTAL_REQUIRED_FIELDS
            if not vals.get(name)
        ]
        if missing:
            errors.insert(
                0,
                self.env._("Please fill in: %(fields)s.", fields=", ".join(missing)),
            )
        errors += (
            team_errors + product_errors + self._portal_check_files(files, company)
        )
        if vals.get("lot_qty") and vals.get("defect_qty", 0) > vals["lot_qty"]:
            errors.append(
                self.env._("The defective quantity cannot be larger than the lot size.")
            )
        vals.update(
            {
                "company_id": (team.company_id or company).id,
                "team_id": team.id,
                "is_complaint": True,
                "partner_id": partner.id,
                "partner_name": partner.name,
                "partner_email": partner.email,
                "user_id": False,
                "receiver_id": team.user_id.id or False,
                "channel_id": self.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_channel_web", False
                ).id,
                "stage_id": team._get_applicable_stages()[:1].id,
            }
        )
        return vals, errors

    @api.model
    def _portal_parse_form(self, form):
        """The text, quantities, dates and choices of the portal form, as field
        values, and the problems found in them."""
        errors = []
        vals = {}

        def label(name):
            return self._fields[name]._description_string(self.env)

        for name in PORTAL_TEXT_FIELDS:
            value = (form.get(name) or "").replace("\x00", "").strip()
            vals[name] = value or False
        description = (form.get("description") or "").replace("\x00", "").strip()
        vals["description"] = plaintext2html(description) if description else False
        for name in PORTAL_QTY_FIELDS:
            # a finite number in range (the fields' own rule, from
            # complaint.number.mixin, with its message) and not negative
            value, refusal = self._parse_number(form.get(name), name)
            vals[name] = value or 0.0
            if refusal:
                errors.append(refusal)
        for name in PORTAL_DATE_FIELDS:
            raw = (form.get(name) or "").strip()
            try:
                vals[name] = fields.Date.to_date(raw) if raw else False
            except ValueError:
                vals[name] = False
                errors.append(
                    self.env._("%(field)s must be a date.", field=label(name))
                )
        if vals.get("found_date") and vals["found_date"] > fields.Date.today():
            errors.append(
                self.env._("The date you found the problem cannot be in the future.")
            )
        for name, choices in (
            ("detection_stage", DETECTION_STAGES),
            ("requested_resolution", RESOLUTIONS),
        ):
            value = form.get(name) or False
            if value and value not in dict(choices):
                errors.append(
                    self.env._("Choose %(field)s from the list.", field=label(name))
                )
                value = False
            vals[name] = value
        return vals, errors

    @api.model
    def _portal_check_team(self, form, company):
        """The complaint team chosen in the form (or the only one)."""
        teams = self._portal_complaint_teams(company)
        team = teams[:1]
        if form.get("team_id"):
            team = teams.filtered(lambda t: str(t.id) == str(form["team_id"]))
        if not team:
            return team, [self.env._("Choose where your complaint goes from the list.")]
        return team, []

    @api.model
    def _portal_check_product(self, partner, form, company):
        """The product of the form: one of the list (``_portal_product_domain``).
        A product the company sells but never invoiced to the customer is refused
        by name; any other id (another company's product, one not for sale, one
        that does not exist) is refused without showing a name (rules §2.5)."""
        Product = self.env["product.product"].sudo()
        raw_product = str(form.get("product_id") or "").strip()
        if not raw_product:
            return Product, []
        product = Product.browse(portal_id(raw_product) or [])

        def among(domain):
            return product and Product.search_count(
                Domain("id", "=", product.id) & domain, limit=1
            )

        if among(self._portal_product_domain(partner, company)):
            return product, []
        if among(self._portal_catalogue_domain(company)):
            return Product, [
                self.env._(
                    "We find no invoice of ours to you for %(product)s: choose a "
                    "product you bought from us, or contact us.",
                    product=product.display_name,
                )
            ]
        return Product, [self.env._("Choose the product from the list.")]

    @api.model
    def _portal_check_files(self, files, company):
        """Each file within the company's portal size limit."""
        limit = company.complaint_portal_attachment_mb
        return [
            self.env._(
                "%(file)s is %(size).1f MB; a file may be at most %(limit)s "
                "MB: send a smaller file.",
                file=filename,
                size=len(content) / MEGABYTE,
                limit=limit,
            )
            for filename, content, _mimetype in files
            if len(content) > limit * MEGABYTE
        ]

    @api.model
    def _portal_create_complaint(self, partner, form, files, company):
        """File the complaint of ``partner`` from the portal, with its files, or
        raise a ``ValidationError`` listing every problem and create nothing.

        The files come in a message of the customer, so that they are theirs to
        see in the portal (internal attachments never are)."""
        vals, errors = self._portal_complaint_prepare(partner, form, files, company)
        if errors:
            raise ValidationError("\n".join(errors))
        ticket = self.sudo().create(vals)
        ticket.message_subscribe(partner_ids=partner.ids)
        if files:
            ticket.message_post(
                body=self.env._("Files sent with the complaint."),
                attachments=[(filename, content) for filename, content, _m in files],
                author_id=partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return ticket

    # Following a complaint
    def _portal_is_customer(self, partner):
        """Whether ``partner`` belongs to the customer of this complaint."""
        self.ensure_one()
        return bool(
            partner
            and self.commercial_partner_id
            and partner.commercial_partner_id == self.commercial_partner_id
        )

    def _portal_promised_date(self):
        """The date promised to the customer for our answer: the date agreed with
        them while it is awaited (rules §15.3), never an internal deadline;
        False when no date is agreed (the page says so)."""
        self.ensure_one()
        agreement = self.sudo().answer_agreement_id
        return agreement.answer_date if agreement.state == "agreed" else False

    def _portal_promise(self):
        """What we promised the customer by the agreed date, while it is awaited."""
        self.ensure_one()
        agreement = self.sudo().answer_agreement_id
        return agreement.promise if agreement.state == "agreed" else False

    def _portal_attachments(self):
        """The files the customer may see: those of messages that are not
        internal (their own, and what we sent them); never internal notes'."""
        self.ensure_one()
        messages = self.sudo().message_ids.filtered(
            lambda m: (
                m.message_type in ("comment", "email")
                and not m.is_internal
                and not m.subtype_id.internal
            )
        )
        return messages.attachment_ids

    def _portal_approved_8ds(self):
        """The approved 8D reports of this complaint that the customer may
        download (rules §6: only the approved report is valid and goes to the
        customer). A report shared with complaints of other customers names them:
        it is not offered in the portal."""
        self.ensure_one()
        customer = self.commercial_partner_id
        return self.sudo().eight_d_ids.filtered(
            lambda r: (
                r.state == "approved" and r.ticket_ids.commercial_partner_id == customer
            )
        )

    def _portal_satisfaction_open(self):
        """Whether the customer may answer the satisfaction question: the
        complaint was handled (closed) and not called back since."""
        self.ensure_one()
        return bool(
            self.is_complaint
            and self.closed
            and (
                not self.callback_date
                or (self.closed_date and self.callback_date < self.closed_date)
            )
        )

    def _portal_answer_satisfaction(self, satisfaction, comment=None):
        """The customer answers the satisfaction question from the portal or from
        the link of the call-back e-mail: the same follow-up as the call-back
        wizard (``_record_callback``, rules §8)."""
        self.ensure_one()
        if satisfaction not in dict(SATISFACTION):
            raise UserError(self.env._("Choose how satisfied you are."))
        if not self._portal_satisfaction_open():
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s is not waiting for your opinion: we "
                    "ask once it is handled.",
                    complaint=self.complaint_number,
                )
            )
        comment = (comment or "").replace("\x00", "").strip()
        self._record_callback(satisfaction, comment or False)
        return True

    # Actions
    def action_send_satisfaction_request(self):
        """E-mail the customer the satisfaction question, with a link that answers
        it without logging in (rules §8)."""
        template = self.env.ref(
            "complaint_management.mail_template_complaint_satisfaction"
        )
        for ticket in self:
            if not ticket.closed or not ticket.partner_id.email:
                raise UserError(
                    self.env._(
                        "Ask %(complaint)s's customer once it is closed and the "
                        "customer has an e-mail address.",
                        complaint=ticket.display_name,
                    )
                )
            ticket.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True
