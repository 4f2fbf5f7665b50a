from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# What the branch and head-office flow writes, behind the application's marker:
# where a complaint was forwarded from, and the department head's sign-off of
# the audit team's findings (rules §20).
BRANCH_PROTECTED_FIELDS = (
    "forwarded_from_team_id",
    "forwarded_date",
    "findings_signed_by_id",
    "findings_signed_date",
)


class HelpdeskTicket(models.Model):
    """Branches and the head office (rules §20.1-§20.4, seed 002 第四篇).

    A branch is a child company of its head office (Odoo's company branches). A
    branch team handles the branch's ordinary complaints, numbered by the
    branch's own sequence; a major complaint of a branch is forwarded at once to
    the head office's major-complaint team (``res.company.complaint_major_team_id``)
    and stays the branch's complaint: its company and number do not change, and
    the team it came from keeps reading it (a record rule on
    ``forwarded_from_team_id``) but no longer changes it (a global rule). The
    head office sends an ordinary complaint to the branch or department it
    concerns (``_send_to_team``). When an audit team investigates, its findings
    are signed by the team's department head before the customer is called
    back (``_branch_callback_refusal``); the call centre records call-backs
    without any other right on complaints (``group_complaint_call_centre``).
    """

    _inherit = "helpdesk.ticket"

    forwarded_from_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Forwarded From",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="The team the complaint came from: a branch's team for a major "
        "complaint forwarded to the head office, the head office's team for an "
        "ordinary complaint sent to a branch or department. It keeps reading the "
        "complaint.",
    )
    forwarded_date = fields.Datetime(string="Forwarded On", readonly=True, copy=False)
    audit_findings = fields.Text(
        tracking=True,
        copy=False,
        help="What the audit team found; the department head signs it before the "
        "customer is called back.",
    )
    findings_signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    findings_signed_date = fields.Datetime(
        string="Findings Signed On", readonly=True, copy=False, tracking=True
    )
    findings_sign_off_required = fields.Boolean(
        compute="_compute_findings_sign_off",
        help="An audit team investigates: its findings need the department head's "
        "signature before the call-back.",
    )
    can_sign_findings = fields.Boolean(compute="_compute_findings_sign_off")
    is_branch_complaint = fields.Boolean(
        string="Branch Complaint",
        compute="_compute_is_branch_complaint",
        help="The complaint belongs to a branch of a head office.",
    )

    # Computes
    @api.depends(
        "is_complaint",
        "audit_user_ids",
        "audit_findings",
        "findings_signed_date",
        "team_id.major_manager_id",
    )
    @api.depends_context("uid")
    def _compute_findings_sign_off(self):
        for ticket in self:
            ticket.findings_sign_off_required = ticket._findings_sign_off_required()
            ticket.can_sign_findings = not ticket._findings_sign_refusal()

    @api.depends("company_id")
    def _compute_is_branch_complaint(self):
        for ticket in self:
            ticket.is_branch_complaint = bool(ticket.company_id.parent_id)

    # Protection (complaint.protected.mixin)
    @api.model
    def _get_protected_fields(self):
        return [*super()._get_protected_fields(), *BRANCH_PROTECTED_FIELDS]

    @api.model
    def _protected_message(self, names):
        """Where a complaint came from and the sign-off of its findings are
        written by the forwarding and the department head's button only."""
        mine = [name for name in names if name in BRANCH_PROTECTED_FIELDS]
        if not mine:
            return super()._protected_message(names)
        return self.env._(
            "%(fields)s cannot be written: a complaint is forwarded by the "
            "application (a branch's major complaint) or with 'Send to a Branch or "
            "Department', and the department head signs the audit findings with "
            "'Sign the Findings'.",
            fields=self._field_labels(mine, sort=True),
        )

    # Actions
    def action_send_to_team(self):
        """Open the wizard in which the head office sends an ordinary complaint
        to the branch or department it concerns (rules §20.2)."""
        self.ensure_one()
        refusal = self._send_refusal()
        if refusal:
            raise UserError(refusal)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send to a Branch or Department"),
            "res_model": "complaint.forward.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_sign_findings(self):
        """The department head signs the audit team's findings (rules §20.3)."""
        self.ensure_one()
        refusal = self._findings_sign_refusal()
        if refusal:
            raise UserError(refusal)
        self._protected_context().sudo().write(
            {
                "findings_signed_by_id": self.env.user.id,
                "findings_signed_date": fields.Datetime.now(),
            }
        )
        self.sudo().message_post(
            body=self.env._(
                "Audit findings signed by %(user)s, department head.",
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_record_callback(self):
        """Refuse the call-back wizard at once while the findings wait for the
        department head's signature (``_branch_callback_refusal``)."""
        self._branch_check_callback()
        return super().action_record_callback()

    # Business methods: forwarding
    def _branch_forward_majors(self):
        """Forward the major complaints of branches to their head office's
        major-complaint team, at once (rules §20.1): the complaint stays the
        branch's (company, number); the team it came from is recorded and keeps
        reading it. Called by ``create`` and ``write`` in place of the major
        notification: the forwarded complaints are notified here, so the head
        office's department head, executive and audit team are those told, as
        the application's own step (whoever recorded the complaint no longer
        changes it); returns the others, for the caller to notify."""
        by_team = {}
        for ticket in self:
            if not ticket.is_complaint or not ticket.is_major:
                continue
            if ticket.forwarded_from_team_id or not ticket.company_id.parent_id:
                continue
            team = ticket.company_id._complaint_major_team()
            if team and team != ticket.team_id:
                by_team.setdefault(team, []).append(ticket)
        now = fields.Datetime.now()
        forwarded = self.browse()
        for team, tickets in by_team.items():
            for ticket in tickets:
                origin = ticket.team_id
                ticket.sudo()._protected_context().write(
                    {
                        "team_id": team.id,
                        "forwarded_from_team_id": origin.id,
                        "forwarded_date": now,
                    }
                )
                ticket.sudo().message_post(
                    body=self.env._(
                        "Major complaint of %(branch)s forwarded from %(origin)s to "
                        "%(team)s of the head office; %(origin)s keeps reading it.",
                        branch=ticket.company_id.name,
                        origin=origin.name or "-",
                        team=team.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                forwarded |= ticket
        # what the caller would do next as the user, who no longer changes them
        forwarded.sudo()._notify_major()
        forwarded.sudo()._complaint_sync_priority()
        return self - forwarded

    def _send_refusal(self, team=None):
        """Why this complaint cannot be sent to ``team`` (or to any team), or
        ``None`` (rules §20.2): the user may change it; it is an open, ordinary
        complaint (a major one stays with the head office's major-complaint
        team); the team is another complaint team of the complaint's company or
        of one of its branches; a complaint with remedies, 8D reports or
        chargebacks stays in its company."""
        self.ensure_one()
        if not self.has_access("write"):
            return self.env._(
                "You may not change %(complaint)s, so you cannot send it on.",
                complaint=self.display_name,
            )
        if not self.is_complaint or self.closed:
            return self.env._(
                "Only an open complaint is sent to a branch or department."
            )
        if self.is_major:
            return self.env._(
                "%(complaint)s is a major complaint: it stays with the head "
                "office's major-complaint team.",
                complaint=self.display_name,
            )
        if team is None:
            return None
        if not team.complaint_team or team == self.team_id:
            return self.env._(
                "Choose another complaint team to send %(complaint)s to.",
                complaint=self.display_name,
            )
        company = team.company_id or self.company_id
        branches = (
            self.env["res.company"]
            .sudo()
            .search([("id", "child_of", self.company_id.id)])
        )
        if company not in branches:
            return self.env._(
                "%(team)s works for %(company)s, which is neither %(own)s nor one "
                "of its branches: a complaint is sent down to a branch or across to "
                "a department, never to another company.",
                team=team.name,
                company=company.name,
                own=self.company_id.name,
            )
        if company != self.company_id:
            documents = self.sudo()
            if (
                documents.remedy_ids
                or documents.eight_d_ids
                or documents.chargeback_ids
            ):
                return self.env._(
                    "%(complaint)s already has remedies, 8D reports or chargebacks "
                    "of %(own)s: it stays in its company.",
                    complaint=self.display_name,
                    own=self.company_id.name,
                )
        return None

    def _send_to_team(self, team, note=None):
        """Send this ordinary complaint to ``team``, the branch or department it
        concerns (rules §20.2): it moves to that team and its company; the team
        that sent it is recorded and keeps reading it. Checked by
        ``_send_refusal`` as the user; then the application's own write."""
        self.ensure_one()
        refusal = self._send_refusal(team)
        if refusal:
            raise UserError(refusal)
        origin = self.team_id
        vals = {
            "team_id": team.id,
            "forwarded_from_team_id": origin.id,
            "forwarded_date": fields.Datetime.now(),
        }
        if team.company_id and team.company_id != self.company_id:
            vals["company_id"] = team.company_id.id
        ticket = self.sudo()._protected_context()
        ticket.write(vals)
        body = self.env._(
            "Sent by %(user)s from %(origin)s to %(team)s.",
            user=self.env.user.name,
            origin=origin.name or "-",
            team=team.name,
        )
        if note:
            body = f"{body} {note}"
        ticket.message_post(
            body=body,
            partner_ids=team.user_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        return True

    # Business methods: findings and call-back
    def _findings_sign_off_required(self):
        """An audit team investigates this complaint: its findings need the
        department head's signature before the call-back (rules §20.3)."""
        self.ensure_one()
        return bool(self.is_complaint and self.audit_user_ids)

    def _findings_sign_refusal(self):
        """Why the current user cannot sign the findings now, or ``None``: the
        findings are written, not signed yet, and the user is the department
        head of the complaint's team."""
        self.ensure_one()
        if not self._findings_sign_off_required():
            return self.env._(
                "No audit team investigates %(complaint)s: there are no findings "
                "to sign.",
                complaint=self.display_name,
            )
        if self.findings_signed_date:
            return self.env._(
                "The findings of %(complaint)s are already signed.",
                complaint=self.display_name,
            )
        if not (self.audit_findings or "").strip():
            return self.env._(
                "The audit team has written no findings on %(complaint)s yet.",
                complaint=self.display_name,
            )
        head = self.team_id.major_manager_id
        if not head or head != self.env.user:
            return self.env._(
                "Only the department head of %(team)s (%(head)s) signs the findings "
                "of %(complaint)s.",
                team=self.team_id.name or "-",
                head=head.name or self.env._("none set on the team"),
                complaint=self.display_name,
            )
        return None

    def _branch_callback_refusal(self):
        """Why the customer of this complaint cannot be called back yet, or
        ``None``: the audit team's findings wait for the department head's
        signature (rules §20.3)."""
        self.ensure_one()
        if self._findings_sign_off_required() and not self.findings_signed_date:
            return self.env._(
                "The audit team's findings on %(complaint)s must be signed by the "
                "department head (%(head)s) before the customer is called back: ask "
                "them to sign with 'Sign the Findings'.",
                complaint=self.display_name,
                head=self.team_id.major_manager_id.name or "-",
            )
        return None

    def _branch_check_callback(self):
        for ticket in self:
            refusal = ticket._branch_callback_refusal()
            if refusal:
                raise UserError(refusal)

    def _branch_check_write(self, vals):
        """Signed findings stay as they were signed (rules §20.3): a change of
        the findings is refused once the department head signed them."""
        if "audit_findings" not in vals or self.env.su:
            return
        signed = self.filtered("findings_signed_date")
        if signed:
            raise UserError(
                self.env._(
                    "The findings of %(complaint)s were signed by %(head)s and stay "
                    "as signed.",
                    complaint=signed[0].display_name,
                    head=signed[0].findings_signed_by_id.name,
                )
            )

    def _record_callback(self, satisfaction, comment, when=None):
        """The call-back waits for the signed findings (rules §20.3); a call-centre
        agent records it on the complaints their role reads, without the right
        to change anything else on them (rules §20.4)."""
        self.ensure_one()
        self._branch_check_callback()
        if not self.env.su and self._callback_by_call_centre():
            return super(HelpdeskTicket, self.sudo())._record_callback(
                satisfaction, comment, when=when
            )
        return super()._record_callback(satisfaction, comment, when=when)

    def _callback_by_call_centre(self):
        """Whether the current user records this call-back as the call centre: a
        call-centre agent who reads the complaint (their record rule: handled
        complaints) and may not write it."""
        self.ensure_one()
        if not self.env.user.has_group(
            "complaint_management.group_complaint_call_centre"
        ):
            return False
        try:
            self.check_access("read")
        except AccessError:
            return False
        return not self.has_access("write")
