from odoo import fields, models
from odoo.exceptions import UserError

from .complaint_remedy import PROTECTED_FIELDS

CUSTOMER_DECISIONS = [("accepted", "Accepted"), ("declined", "Declined")]
# Written only by ``_portal_customer_answer``, after its checks: the customer's
# answer is what the customer said, never what a client wrote.
CUSTOMER_DECISION_FIELDS = (
    "customer_decision",
    "customer_decision_date",
    "customer_decision_comment",
)


class ComplaintRemedy(models.Model):
    """The customer's answer to a remedy offered (domain.md §8, seeds 001/004: the
    customer says whether the solution suits them; if not, it is revised).

    An approved remedy is offered to the customer, who accepts or declines it
    once, in the portal; the answer is recorded in the chatter of the remedy and
    of its complaint. A declined remedy gives the complaint's handler an activity
    to revise the solution."""

    _inherit = "complaint.remedy"

    _protected_fields = (*PROTECTED_FIELDS, *CUSTOMER_DECISION_FIELDS)

    customer_decision = fields.Selection(
        CUSTOMER_DECISIONS,
        string="Customer's Answer",
        readonly=True,
        copy=False,
        tracking=True,
    )
    customer_decision_date = fields.Datetime(
        string="Answered On", readonly=True, copy=False
    )
    customer_decision_comment = fields.Text(
        string="Customer's Comment", readonly=True, copy=False
    )

    def _get_under_validation_exceptions(self):
        return super()._get_under_validation_exceptions() + list(
            CUSTOMER_DECISION_FIELDS
        )

    def _portal_offered(self):
        """The remedies the customer sees: those approved or carried out."""
        return self.filtered(lambda r: r.state in ("approved", "done"))

    def _portal_customer_answer(self, decision, comment=None):
        """The customer accepts or declines this remedy (domain.md §8).

        Only an approved remedy that the customer has not answered yet can be
        answered; the answer is recorded once, with the date and the customer's
        comment, in the chatter of the remedy and of the complaint. Callers check
        that the customer owns the complaint; this method checks the rest."""
        self.ensure_one()
        if decision not in dict(CUSTOMER_DECISIONS):
            raise UserError(
                self.env._("Choose whether you accept or decline the remedy.")
            )
        if self.state != "approved":
            raise UserError(
                self.env._(
                    "Remedy %(remedy)s is not waiting for your answer: only an "
                    "approved remedy that was not carried out yet can be accepted or "
                    "declined.",
                    remedy=self.name,
                )
            )
        if self.customer_decision:
            raise UserError(
                self.env._(
                    "Remedy %(remedy)s was already answered: contact us about "
                    "complaint %(complaint)s to change your answer.",
                    remedy=self.name,
                    complaint=self.ticket_id.complaint_number,
                )
            )
        comment = (comment or "").strip()
        self._protected_context().write(
            {
                "customer_decision": decision,
                "customer_decision_date": fields.Datetime.now(),
                "customer_decision_comment": comment or False,
            }
        )
        partner = self.ticket_id.partner_id
        if decision == "accepted":
            body = self.env._(
                "The customer accepted remedy %(remedy)s. %(comment)s",
                remedy=self.name,
                comment=comment,
            )
        else:
            body = self.env._(
                "The customer declined remedy %(remedy)s. %(comment)s",
                remedy=self.name,
                comment=comment,
            )
        self.message_post(body=body, author_id=partner.id, subtype_xmlid="mail.mt_note")
        self.ticket_id.message_post(
            body=body, author_id=partner.id, subtype_xmlid="mail.mt_note"
        )
        if decision == "declined":
            handler = self.ticket_id.user_id or self.ticket_id.team_id.user_id
            if handler:
                self.ticket_id.activity_schedule(
                    "complaint_management.mail_act_complaint_revision",
                    note=body,
                    user_id=handler.id,
                )
        return True
