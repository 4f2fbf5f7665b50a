from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .complaint_defect_type import SEVERITIES, SEVERITY_RANK

DETECTION_STAGES = [
    ("incoming", "Incoming inspection"),
    ("production", "Production / Assembly"),
    ("end_use", "End use"),
    ("field", "Field / After sales"),
    ("store", "In store / At purchase"),
    ("other", "Other"),
]
RESOLUTIONS = [
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("repair", "Repair"),
    ("credit", "Credit"),
    ("compensation", "Compensation"),
    ("report", "Corrective-action report"),
    ("explanation", "Explanation / Apology"),
    ("other", "Other"),
]
RESPONSIBILITIES = [
    ("undetermined", "Undetermined"),
    ("company", "Our company"),
    ("supplier", "Supplier"),
    ("customer", "Customer"),
    ("carrier", "Carrier"),
]


class HelpdeskTicket(models.Model):
    """A helpdesk ticket that is a customer complaint.

    Access: complaint officers (front desk, sales, call centre) record the complaints
    of their teams and hand them over to QA; quality engineers see every complaint,
    grade, analyse and send incomplete ones back; the quality manager configures the
    process. Intake fields: domain.md §2; grading: §3; knowledge base: §8.
    """

    _inherit = "helpdesk.ticket"

    # Identity
    is_complaint = fields.Boolean(
        string="Is a Complaint",
        compute="_compute_is_complaint",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Complaints get a complaint number, the intake form, grading and "
        "deadlines. Defaults from the team's 'Complaint Team' setting.",
    )
    complaint_number = fields.Char(
        readonly=True, copy=False, index="btree_not_null", tracking=True
    )
    complaint_date = fields.Datetime(
        string="Complained On",
        default=fields.Datetime.now,
        index=True,
        copy=False,
        help="When the customer complained: the start of every deadline and of the "
        "repeat window.",
    )
    receiver_id = fields.Many2one(
        "res.users",
        string="Received By",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="Who took the complaint: incomplete complaints go back to them.",
    )
    # Intake: customer and product (domain.md §2)
    partner_phone = fields.Char(string="Phone")
    lot_number = fields.Char(string="Lot / Batch", index="btree_not_null")
    shipped_date = fields.Date(string="Shipment Date")
    shipped_qty = fields.Float(string="Shipped Quantity", digits="Product Unit")
    lot_qty = fields.Float(string="Lot Size", digits="Product Unit")
    defect_qty = fields.Float(string="Defective Quantity", digits="Product Unit")
    defect_rate = fields.Float(
        string="Defect Rate (%)",
        compute="_compute_defect_rate",
        store=True,
        digits=(16, 2),
        help="Defective quantity over the lot size, in percent.",
    )
    purchase_date = fields.Date()
    detection_stage = fields.Selection(
        DETECTION_STAGES,
        string="Found At",
        help="Where the customer found the problem.",
    )
    product_usage = fields.Text(
        string="How the Product Was Used",
        help="How the customer used, stored or processed the product.",
    )
    customer_tested = fields.Boolean(
        string="Customer Tested or Processed It",
        help="The customer tested or specially processed the product before finding "
        "the problem.",
    )
    customer_test_conditions = fields.Text(string="Test Conditions")
    customer_assembly_process = fields.Text(string="Customer's Assembly Process")
    customer_request = fields.Text(
        string="Customer's Request", help="What the customer asks for, in their words."
    )
    requested_resolution = fields.Selection(
        RESOLUTIONS,
        string="Wanted Resolution",
        help="How the customer wants it solved.",
    )
    has_sample = fields.Boolean(
        string="Sample Received",
        help="A sample came with the complaint: label it with the complaint number.",
    )
    sample_return_required = fields.Boolean(
        string="Return Sample to Customer",
        help="The sample must go back to the customer after analysis.",
    )
    sample_return_route = fields.Char(string="Return Route")
    # Grading (domain.md §3)
    defect_type_id = fields.Many2one("complaint.defect.type", index=True, tracking=True)
    defect_family = fields.Selection(related="defect_type_id.family", store=True)
    requires_formal_report = fields.Boolean(
        string="Formal Report Demanded",
        tracking=True,
        help="The customer demands a formal corrective-action report (8D).",
    )
    stopped_customer_line = fields.Boolean(
        string="Customer's Line Stopped",
        tracking=True,
        help="The problem stopped the customer's line or production, or seriously "
        "affected the customer.",
    )
    severity_computed = fields.Selection(
        SEVERITIES,
        string="Grade by Rules",
        compute="_compute_severity_computed",
        store=True,
        tracking=True,
    )
    grading_reason = fields.Char(compute="_compute_severity_computed", store=True)
    severity_override = fields.Selection(
        SEVERITIES,
        string="Grade Set by Hand",
        tracking=True,
        copy=False,
        help="Overrides the grade of the rules; a reason is required.",
    )
    severity_override_reason = fields.Text(
        string="Reason for the Grade", tracking=True, copy=False
    )
    complaint_severity = fields.Selection(
        SEVERITIES,
        string="Grade",
        compute="_compute_complaint_severity",
        store=True,
        index=True,
        tracking=True,
    )
    # Repeats
    repeat_of_ids = fields.Many2many(
        "helpdesk.ticket",
        "helpdesk_ticket_repeat_rel",
        "ticket_id",
        "earlier_ticket_id",
        string="Repeats",
        compute="_compute_repeat_of_ids",
        store=True,
        help="Earlier complaints of the same product with the same defect, within the "
        "repeat window.",
    )
    is_repeat = fields.Boolean(compute="_compute_repeat_of_ids", store=True, index=True)
    # Major complaints
    is_major = fields.Boolean(
        string="Major Complaint",
        compute="_compute_is_major",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Major complaints are reported at once to the department head and the "
        "executive in charge, and may be investigated by an audit team.",
    )
    audit_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_ticket_audit_user_rel",
        "ticket_id",
        "user_id",
        string="Audit Team",
        domain=[("share", "=", False)],
    )
    # Responsibility
    responsibility = fields.Selection(
        RESPONSIBILITIES, default="undetermined", tracking=True, index=True
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Responsible Supplier",
        tracking=True,
        index="btree_not_null",
    )
    # Intake completeness and hand-over
    intake_state = fields.Selection(
        [
            ("receiving", "Receiving"),
            ("handed_over", "With QA"),
            ("returned", "Sent Back"),
        ],
        default="receiving",
        tracking=True,
        copy=False,
    )
    intake_complete = fields.Boolean(compute="_compute_intake_complete")
    intake_missing = fields.Char(
        string="Missing Intake", compute="_compute_intake_complete"
    )
    handed_over_date = fields.Datetime(string="Handed Over to QA", copy=False)
    intake_return_reason = fields.Text(string="Sent Back Because", copy=False)
    # Knowledge base (domain.md §8)
    is_typical_case = fields.Boolean(string="Typical Case", tracking=True, copy=False)
    lessons_learned = fields.Html(copy=False)
    similar_ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Similar Complaints",
        compute="_compute_similar_ticket_ids",
    )
    similar_ticket_count = fields.Integer(compute="_compute_similar_ticket_ids")

    _repeat_lookup_idx = models.Index("(product_id, defect_type_id, complaint_date)")

    # Computes
    @api.depends("team_id")
    def _compute_is_complaint(self):
        """A ticket is a complaint when its team is a complaint team."""
        for ticket in self:
            ticket.is_complaint = ticket.team_id.complaint_team

    @api.depends("defect_qty", "lot_qty")
    def _compute_defect_rate(self):
        for ticket in self:
            ticket.defect_rate = (
                100.0 * ticket.defect_qty / ticket.lot_qty if ticket.lot_qty else 0.0
            )

    @api.depends(
        "defect_type_id",
        "requires_formal_report",
        "stopped_customer_line",
        "is_repeat",
        "is_major",
        "company_id",
    )
    def _compute_severity_computed(self):
        """Grade by the rules of domain.md §3 (complaint.grading.rule data).

        The most severe grade among the rules that hold wins; when none holds, the
        defect type's default grade; with no defect type yet, no grade.
        """
        rules_by_company = {}
        for ticket in self:
            company = ticket.company_id or self.env.company
            if company not in rules_by_company:
                rules_by_company[company] = self.env[
                    "complaint.grading.rule"
                ]._rules_for(company)
            severity, reasons = False, []
            for rule in rules_by_company[company]:
                if not rule._holds_for(ticket):
                    continue
                if SEVERITY_RANK[rule.severity] > SEVERITY_RANK[severity]:
                    severity, reasons = rule.severity, [rule.name]
                elif rule.severity == severity:
                    reasons.append(rule.name)
            if not severity and ticket.defect_type_id:
                severity = ticket.defect_type_id.default_severity
                reasons = [
                    self.env._(
                        "default grade of %(defect)s",
                        defect=ticket.defect_type_id.display_name,
                    )
                ]
            ticket.severity_computed = severity
            ticket.grading_reason = "; ".join(reasons)

    @api.depends("severity_computed", "severity_override")
    def _compute_complaint_severity(self):
        for ticket in self:
            ticket.complaint_severity = (
                ticket.severity_override or ticket.severity_computed
            )

    @api.depends("product_id", "defect_type_id", "complaint_date", "company_id")
    def _compute_repeat_of_ids(self):
        """A complaint repeats earlier complaints of the same product (or product
        family, per the company's setting) with the same defect type received within
        the repeat window before it (domain.md §3, 相同產品或問題連續發生).

        One indexed search per complaint: the cost does not grow with the history.
        """
        for ticket in self:
            domain = ticket._repeat_domain()
            earlier = self.search(domain, order="complaint_date desc") if domain else []
            ticket.repeat_of_ids = [fields.Command.set(earlier.ids if earlier else [])]
            ticket.is_repeat = bool(earlier)

    def _repeat_domain(self):
        """The domain of the earlier complaints this one would repeat, or None."""
        self.ensure_one()
        if not (self.is_complaint and self.product_id and self.defect_type_id):
            return None
        company = self.company_id or self.env.company
        since = (self.complaint_date or fields.Datetime.now()) - timedelta(
            days=company.complaint_repeat_window_days
        )
        if company.complaint_repeat_scope == "template":
            product_domain = [
                ("product_id.product_tmpl_id", "=", self.product_id.product_tmpl_id.id)
            ]
        elif company.complaint_repeat_scope == "category":
            product_domain = [("product_id.categ_id", "=", self.product_id.categ_id.id)]
        else:
            product_domain = [("product_id", "=", self.product_id.id)]
        domain = Domain.AND(
            [
                product_domain,
                [
                    ("is_complaint", "=", True),
                    ("defect_type_id", "=", self.defect_type_id.id),
                    ("complaint_date", ">=", since),
                    ("complaint_date", "<=", self.complaint_date),
                    ("company_id", "=", company.id),
                ],
            ]
        )
        if self.id:
            domain &= Domain("id", "!=", self.id)
        return domain

    @api.depends("defect_type_id")
    def _compute_is_major(self):
        """A complaint is major when its defect type is major by default (safety,
        injury, recall: domain.md §3); a person may also set it by hand."""
        for ticket in self:
            ticket.is_major = ticket.is_major or ticket.defect_type_id.makes_major

    @api.depends_context("lang")
    @api.depends("team_id", "is_complaint")
    def _compute_intake_complete(self):
        for ticket in self:
            missing = ticket._intake_missing_fields()
            ticket.intake_complete = not missing
            ticket.intake_missing = ", ".join(missing.mapped("field_description"))

    @api.depends("product_id", "defect_type_id", "partner_id")
    def _compute_similar_ticket_ids(self):
        """Earlier complaints of the same product, defect type or customer, typical
        cases first, so the receiver sees how they were solved (domain.md §8)."""
        for ticket in self:
            keys = []
            if ticket.product_id:
                keys.append([("product_id", "=", ticket.product_id.id)])
            if ticket.defect_type_id:
                keys.append([("defect_type_id", "=", ticket.defect_type_id.id)])
            if ticket.commercial_partner_id:
                keys.append(
                    [("commercial_partner_id", "=", ticket.commercial_partner_id.id)]
                )
            similar = self.browse()
            if ticket.is_complaint and keys:
                domain = Domain.OR(keys) & Domain("is_complaint", "=", True)
                if ticket._origin.id:
                    domain &= Domain("id", "!=", ticket._origin.id)
                similar = self.search(
                    domain, order="is_typical_case desc, complaint_date desc", limit=10
                )
            ticket.similar_ticket_ids = similar
            ticket.similar_ticket_count = len(similar)

    # Constraints
    @api.constrains("shipped_qty", "lot_qty", "defect_qty")
    def _check_quantities(self):
        """Quantities are not negative and the defective quantity fits in the lot."""
        for ticket in self:
            for name in ("shipped_qty", "lot_qty", "defect_qty"):
                if ticket[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(complaint)s cannot be negative: enter the "
                            "quantity as a positive number.",
                            field=ticket._fields[name]._description_string(self.env),
                            complaint=ticket.display_name,
                        )
                    )
            if ticket.lot_qty and ticket.defect_qty > ticket.lot_qty:
                raise ValidationError(
                    self.env._(
                        "The defective quantity (%(defect)s) of %(complaint)s is "
                        "larger than the lot size (%(lot)s): check both quantities.",
                        defect=ticket.defect_qty,
                        lot=ticket.lot_qty,
                        complaint=ticket.display_name,
                    )
                )

    @api.constrains("shipped_date", "purchase_date", "complaint_date")
    def _check_dates(self):
        """Goods are shipped and bought before the customer complains about them."""
        for ticket in self:
            complained = fields.Date.to_date(ticket.complaint_date)
            if not complained:
                continue
            for name in ("shipped_date", "purchase_date"):
                if ticket[name] and ticket[name] > complained:
                    raise ValidationError(
                        self.env._(
                            "%(field)s (%(date)s) of %(complaint)s is after the date "
                            "of the complaint (%(complained)s): correct one of them.",
                            field=ticket._fields[name]._description_string(self.env),
                            date=ticket[name],
                            complaint=ticket.display_name,
                            complained=complained,
                        )
                    )

    @api.constrains("severity_override", "severity_override_reason")
    def _check_severity_override_reason(self):
        """A grade set by hand needs a reason (domain.md §3)."""
        for ticket in self:
            if (
                ticket.severity_override
                and not (ticket.severity_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why you set the grade of %(complaint)s by hand: fill in "
                        "'Reason for the Grade'.",
                        complaint=ticket.display_name,
                    )
                )

    @api.constrains("responsibility", "supplier_id")
    def _check_supplier(self):
        for ticket in self:
            if ticket.responsibility == "supplier" and not ticket.supplier_id:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s is the supplier's responsibility: choose the "
                        "responsible supplier.",
                        complaint=ticket.display_name,
                    )
                )

    @api.constrains("is_typical_case")
    def _check_typical_case_closed(self):
        for ticket in self:
            if ticket.is_typical_case and not ticket.closed:
                raise ValidationError(
                    self.env._(
                        "Only a closed complaint can become a typical case: close "
                        "%(complaint)s first.",
                        complaint=ticket.display_name,
                    )
                )

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        complaints = tickets.filtered("is_complaint")
        complaints._assign_complaint_number()
        complaints.filtered("is_major")._notify_major()
        complaints._send_acknowledgement()
        return tickets

    def write(self, vals):
        stage = "stage_id" in vals and self.env["helpdesk.ticket.stage"].browse(
            vals["stage_id"]
        )
        if stage and stage.complaint_intake_check:
            self.filtered(
                lambda t: t.is_complaint and t.intake_state != "handed_over"
            )._check_intake_complete()
        not_major = self.filtered(lambda t: not t.is_major)
        res = super().write(vals)
        if stage and stage.closed:
            self.filtered("is_complaint")._check_can_close()
        if stage and stage.complaint_intake_check:
            self._mark_handed_over()
        if "is_complaint" in vals or "team_id" in vals:
            self.filtered(
                lambda t: t.is_complaint and not t.complaint_number
            )._assign_complaint_number()
        not_major.filtered(lambda t: t.is_complaint and t.is_major)._notify_major()
        return res

    # Actions
    def action_hand_over_to_qa(self):
        """Hand the complaint over to QA once its intake is complete (domain.md §2)."""
        self._check_intake_complete()
        for ticket in self:
            stage = ticket.team_id.complaint_qa_stage_id
            if stage and ticket.stage_id != stage:
                ticket.stage_id = stage
        self._mark_handed_over()
        return True

    def action_return_to_receiver(self):
        """Open the wizard in which QA says why the complaint goes back."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Back to Receiver"),
            "res_model": "complaint.intake.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_ids": self.ids},
        }

    def action_view_similar(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Similar Complaints"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("id", "in", self.similar_ticket_ids.ids)],
        }

    def action_view_repeats(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Earlier Complaints Repeated"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "domain": [("id", "in", self.repeat_of_ids.ids)],
        }

    # Business methods
    def _intake_missing_fields(self):
        """The intake fields this complaint still lacks (ir.model.fields records).

        Which fields are required is the team's choice; by default the minimum of
        domain.md §2 (000 第四篇 5.1.1), shipped as the default of the team setting.
        """
        self.ensure_one()
        missing = self.env["ir.model.fields"]
        if not self.is_complaint:
            return missing
        for field in self.team_id._complaint_intake_fields():
            value = self[field.name]
            if field.ttype in ("float", "integer", "monetary"):
                filled = value > 0
            else:
                filled = bool(value)
            if not filled:
                missing |= field
        return missing

    def _check_intake_complete(self):
        """Refuse an incomplete complaint, naming exactly what is missing."""
        errors = []
        for ticket in self:
            missing = ticket._intake_missing_fields()
            if missing:
                errors.append(
                    self.env._(
                        "%(complaint)s lacks: %(fields)s",
                        complaint=ticket.display_name,
                        fields=", ".join(missing.mapped("field_description")),
                    )
                )
        if errors:
            raise UserError(
                self.env._(
                    "The complaint cannot go to QA until its intake is complete.\n"
                    "%(details)s",
                    details="\n".join(errors),
                )
            )

    def _mark_handed_over(self):
        to_mark = self.filtered(
            lambda t: t.is_complaint and t.intake_state != "handed_over"
        )
        if to_mark:
            to_mark.write({"intake_state": "handed_over"})
            to_mark._record_event("handed_to_qa")
            to_mark.activity_unlink(["complaint_management.mail_act_complaint_intake"])

    def _return_to_receiver(self, reason):
        """QA sends an incomplete complaint back to whoever received it, saying why."""
        self.write({"intake_state": "returned", "intake_return_reason": reason})
        # Asking the receiver for more is QA's response (domain.md §4).
        self.filtered(lambda t: not t.qa_response_date)._record_event("qa_responded")
        for ticket in self:
            ticket.activity_schedule(
                "complaint_management.mail_act_complaint_intake",
                note=reason,
                user_id=(ticket.receiver_id or ticket.create_uid).id,
            )
            ticket.message_post(
                body=self.env._("Sent back to the receiver: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )

    def _check_can_close(self):
        """A complaint closes only once responsibility is settled (domain.md §5)."""
        for ticket in self:
            if ticket.responsibility in (False, "undetermined"):
                raise UserError(
                    self.env._(
                        "Decide who is responsible for %(complaint)s before closing "
                        "it: set 'Responsibility'.",
                        complaint=ticket.display_name,
                    )
                )

    def _assign_complaint_number(self):
        """Number complaints from the complaint sequence, dated by the complaint."""
        for ticket in self.filtered(lambda t: not t.complaint_number):
            sequence_date = fields.Date.to_date(ticket.complaint_date)
            ticket.complaint_number = (
                self.env["ir.sequence"]
                .with_company(ticket.company_id)
                .next_by_code("helpdesk.ticket.complaint", sequence_date=sequence_date)
            )

    def _notify_major(self):
        """Tell the department head and the executive in charge at once and in
        parallel: followers, a notification and an activity each; assign the team's
        audit team (domain.md §3, seed 002 第四篇)."""
        for ticket in self:
            team = ticket.team_id
            users = team.major_manager_id | team.major_executive_id
            if team.audit_user_ids and not ticket.audit_user_ids:
                ticket.audit_user_ids = team.audit_user_ids
            partners = (users | ticket.audit_user_ids).partner_id
            if partners:
                ticket.message_subscribe(partner_ids=partners.ids)
            ticket.message_post(
                body=self.env._(
                    "Major complaint: %(complaint)s needs the attention of management "
                    "now.",
                    complaint=ticket.display_name,
                ),
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="notification",
            )
            for user in users:
                ticket.activity_schedule(
                    "complaint_management.mail_act_complaint_major", user_id=user.id
                )

    def _send_acknowledgement(self):
        """Tell the customer at once that the complaint is being handled (domain.md
        §4, seeds 001/004), unless the team turned it off. Complaints imported from
        a spreadsheet are history: their customers are not written to again."""
        if self.env.context.get("import_file"):
            return
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement",
            raise_if_not_found=False,
        )
        if not template:
            return
        for ticket in self:
            if ticket.team_id.complaint_acknowledge and ticket.partner_id.email:
                ticket.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment"
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Complaints"),
                "template": "/complaint_management/static/xls/complaint_import.xlsx",
            }
        ]
