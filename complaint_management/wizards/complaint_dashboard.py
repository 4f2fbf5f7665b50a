from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..lib import ratios

# The measures of the dashboard's main query, per month.
MAIN_AGGREGATES = (
    "__count",
    "defect_qty:sum",
    "sla_on_time_count:sum",
    "sla_due_count:sum",
    "response_days:avg",
    "containment_days:avg",
    "closure_days:avg",
    "satisfaction_score:avg",
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="100%%" '
    'style="max-width: 900px" class="%s">%s</svg>'
)


class ComplaintDashboard(models.TransientModel):
    """What a manager opens first (rules §8: classify, summarise and analyse
    complaints): the period's key figures, the Pareto of defect types and the
    complaints per month against the same month a year earlier, with buttons to
    the analysis views and the monthly workbooks.

    Figures are read with a few ``_read_group`` calls over the analysis models
    (``complaint.report``, ``complaint.ppm.report``, ``complaint.cost.report``),
    never complaint by complaint; ratios are ratios of sums. They are read as the
    user, so the views' company rules and the complaints' record rules apply
    (rules §11.8): a dashboard opens only for one of the user's current
    companies.
    """

    _name = "complaint.dashboard"
    _description = "Complaint Dashboard"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("helpdesk.ticket.team")
    currency_id = fields.Many2one(related="company_id.currency_id")
    complaint_count = fields.Integer(string="Complaints", compute="_compute_figures")
    open_count = fields.Integer(string="Open", compute="_compute_figures")
    serious_count = fields.Integer(string="Serious", compute="_compute_figures")
    major_count = fields.Integer(string="Major", compute="_compute_figures")
    repeat_count = fields.Integer(string="Repeats", compute="_compute_figures")
    compliance = fields.Float(
        string="Deadlines Met on Time (%)", compute="_compute_figures", digits=(16, 1)
    )
    answer_due_count = fields.Integer(
        string="Answer Dates Due",
        compute="_compute_figures",
        help="Dates agreed with customers for our answer that fell due (kept or "
        "missed); superseded and awaited ones do not count.",
    )
    answer_kept = fields.Float(
        string="Answer Dates Kept (%)",
        compute="_compute_figures",
        digits=(16, 1),
        help="Answer dates kept on time ÷ answer dates due (rules §15.3).",
    )
    response_days = fields.Float(
        string="Days to Response", compute="_compute_figures", digits=(16, 1)
    )
    containment_days = fields.Float(
        string="Days to Containment", compute="_compute_figures", digits=(16, 1)
    )
    closure_days = fields.Float(
        string="Days to Closure", compute="_compute_figures", digits=(16, 1)
    )
    satisfaction = fields.Float(
        string="Satisfaction (1-5)", compute="_compute_figures", digits=(16, 1)
    )
    ppm = fields.Float(string="PPM", compute="_compute_figures", digits=(16, 0))
    cost_paid = fields.Monetary(string="Paid to Customers", compute="_compute_figures")
    cost_recovered = fields.Monetary(string="Recovered", compute="_compute_figures")
    recovered_share = fields.Float(
        string="Recovered (%)", compute="_compute_figures", digits=(16, 1)
    )
    pareto_chart = fields.Html(compute="_compute_figures", sanitize=False)
    trend_chart = fields.Html(compute="_compute_figures", sanitize=False)

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for board in self:
            board.display_name = self.env._("Complaint Dashboard")

    @api.model
    def _default_date_from(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=11)

    def _domain(self, date_from=None, team=True):
        """The rows of the dashboard's period, company and team (PPM rows have
        no team: deliveries are not a team's)."""
        self.ensure_one()
        domain = Domain("date", ">=", date_from or self.date_from) & Domain(
            "date", "<", self.date_to + relativedelta(days=1)
        )
        domain &= Domain("company_id", "=", self.company_id.id)
        if team and self.team_id:
            domain &= Domain("team_id", "=", self.team_id.id)
        return domain

    @api.model
    def _main_read_group(self, domain):
        """The dashboard's main query: complaints per month with their figures
        (``MAIN_AGGREGATES``). The benchmark measures this one."""
        return self.env["complaint.report"]._read_group(
            domain, ["date:month"], list(MAIN_AGGREGATES)
        )

    @api.depends("date_from", "date_to", "company_id", "team_id")
    def _compute_figures(self):
        Report = self.env["complaint.report"]
        for board in self:
            if not (board.date_from and board.date_to and board.company_id):
                board._set_empty()
                continue
            domain = board._domain()
            year_before = board.date_from - relativedelta(years=1)
            months = board._main_read_group(board._domain(date_from=year_before))
            [totals] = Report._read_group(domain, [], list(MAIN_AGGREGATES))
            count, _qty, on_time, due, response, containment, closure, satisfaction = (
                totals
            )
            board.complaint_count = count
            board.compliance = ratios.ratio(on_time, due, ratios.PERCENT) or 0.0
            [(kept, agreed)] = self.env["complaint.milestone.report"]._read_group(
                domain & Domain("milestone", "=", "answer"),
                [],
                ["on_time_count:sum", "due_count:sum"],
            )
            board.answer_due_count = agreed or 0
            board.answer_kept = ratios.ratio(kept, agreed, ratios.PERCENT) or 0.0
            board.response_days = response or 0.0
            board.containment_days = containment or 0.0
            board.closure_days = closure or 0.0
            board.satisfaction = satisfaction or 0.0
            counts = dict(
                Report._read_group(domain, ["complaint_severity"], ["__count"])
            )
            board.serious_count = counts.get("serious", 0)
            board.open_count = Report.search_count(
                domain & Domain("closed", "=", False)
            )
            board.major_count = Report.search_count(
                domain & Domain("is_major", "=", True)
            )
            board.repeat_count = Report.search_count(
                domain & Domain("is_repeat", "=", True)
            )
            [(ppm,)] = self.env["complaint.ppm.report"]._read_group(
                board._domain(team=False), [], ["ppm:avg"]
            )
            board.ppm = ppm or 0.0
            [(paid, recovered, share)] = self.env["complaint.cost.report"]._read_group(
                domain, [], ["paid:sum", "recovered:sum", "recovered_share:avg"]
            )
            board.cost_paid = paid
            board.cost_recovered = recovered
            board.recovered_share = share or 0.0
            pareto = Report._read_group(
                domain, ["defect_type_id"], ["__count"], order="__count desc"
            )
            board.pareto_chart = board._pareto_svg(
                [(d.display_name or self.env._("None"), n) for d, n in pareto]
            )
            board.trend_chart = board._trend_svg(
                {fields.Date.to_date(m): c for m, c, *_ in months}
            )

    def _set_empty(self):
        for fname, field in self._fields.items():
            if field.compute == "_compute_figures":
                self[fname] = False

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        boards = super().create(vals_list)
        boards._check_company_id()
        return boards

    def write(self, vals):
        result = super().write(vals)
        if "company_id" in vals:
            self._check_company_id()
        return result

    def _check_company_id(self):
        """A dashboard shows the figures of one of the companies the user works
        in now (rules §11.8), whatever company a client sends. Checked in the
        caller's environment (constraint methods run as superuser)."""
        if self.env.su:
            return
        if any(board.company_id not in self.env.companies for board in self):
            raise ValidationError(
                self.env._(
                    "The dashboard shows only the figures of the companies you "
                    "work in: choose one of them."
                )
            )

    # Charts, drawn on the server as SVG so that they print and need no script.
    def _pareto_svg(self, rows):
        """Bars of complaints per defect type, most frequent first (the twelve
        first), and the line of their cumulative share of all complaints (the
        Pareto of rules §8)."""
        total = sum(n for _label, n in rows)
        rows = rows[:12]
        if not rows:
            return Markup("<p>%s</p>") % self.env._("No complaints in this period.")
        width, height, left, bottom, top = 760, 320, 90, 90, 40
        plot_h = height - bottom - top
        step = (width - left - 40) / len(rows)
        peak = max(n for _label, n in rows) or 1
        parts, points, cumulative = [], [], 0
        for i, (label, n) in enumerate(rows):
            x = left + i * step
            h = plot_h * n / peak
            cumulative += n
            cy = top + plot_h * (1 - cumulative / total)
            points.append(f"{x + step / 2:.1f},{cy:.1f}")
            parts.append(
                Markup(
                    '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" '
                    'fill="#71639e"><title>%s: %s</title></rect>'
                    '<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s'
                    "</text>"
                    '<text transform="translate(%.1f,%.1f) rotate(-35)" '
                    'font-size="11" text-anchor="end">%s</text>'
                )
                % (
                    x + step * 0.15,
                    top + plot_h - h,
                    step * 0.7,
                    h,
                    label,
                    n,
                    x + step / 2,
                    top + plot_h - h - 3,
                    n,
                    x + step / 2,
                    top + plot_h + 14,
                    label[:24],
                )  # fmt: skip
            )
        line = Markup(
            '<polyline points="%s" fill="none" stroke="#e46f29" stroke-width="2"/>'
        ) % " ".join(points)
        y80 = top + plot_h * 0.2
        guide = Markup(
            '<line x1="%s" x2="%s" y1="%.1f" y2="%.1f" stroke="#e46f29" '
            'stroke-dasharray="4"/><text x="%s" y="%.1f" font-size="11" '
            'fill="#e46f29">80%%</text>'
        ) % (left, width - 30, y80, y80, width - 28, y80 + 4)
        legend = Markup(
            '<text x="%s" y="12" font-size="12">%s</text>'
            '<text x="%s" y="12" font-size="12" fill="#e46f29">%s</text>'
        ) % (left, self.env._("Complaints"), left + 160, self.env._("Cumulative share"))
        return Markup(SVG) % (
            width, height, "o_complaint_pareto",
            Markup("").join(parts) + line + guide + legend,
        )  # fmt: skip

    def _trend_svg(self, per_month):
        """Complaints per month of the period beside the same month a year
        earlier."""
        self.ensure_one()
        start = self.date_from.replace(day=1)
        months = []
        month = start
        while month <= self.date_to and len(months) < 24:
            months.append(month)
            month += relativedelta(months=1)
        if not months:
            return Markup("")
        values = [
            (m, per_month.get(m, 0), per_month.get(m - relativedelta(years=1), 0))
            for m in months
        ]
        width, height, left, bottom, top = 720, 250, 40, 40, 30
        plot_h = height - bottom - top
        step = (width - left - 10) / len(values)
        peak = max(max(now, before) for _m, now, before in values) or 1
        parts = []
        for i, (m, now, before) in enumerate(values):
            x = left + i * step
            for j, (n, colour) in enumerate(((before, "#c9c9c9"), (now, "#017e84"))):
                h = plot_h * n / peak
                parts.append(
                    Markup(
                        '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" '
                        'fill="%s"><title>%s</title></rect>'
                    )
                    % (
                        x + step * (0.1 + 0.4 * j),
                        top + plot_h - h,
                        step * 0.38,
                        h,
                        colour,
                        n,
                    )  # fmt: skip
                )
            parts.append(
                Markup(
                    '<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle">%s'
                    "</text>"
                )
                % (x + step / 2, height - bottom + 14, escape(m.strftime("%m/%y")))
            )
        legend = Markup(
            '<rect x="%s" y="2" width="10" height="10" fill="#017e84"/>'
            '<text x="%s" y="11" font-size="12">%s</text>'
            '<rect x="%s" y="2" width="10" height="10" fill="#c9c9c9"/>'
            '<text x="%s" y="11" font-size="12">%s</text>'
        ) % (left, left + 14, self.env._("This period"), left + 160, left + 174,
             self.env._("A year earlier"))  # fmt: skip
        return Markup(SVG) % (
            width, height, "o_complaint_trend", Markup("").join(parts) + legend
        )  # fmt: skip

    # Actions
    def _open(self, xmlid, domain=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = list(domain if domain is not None else self._domain())
        return action

    def action_open_analysis(self):
        return self._open("complaint_management.complaint_report_action")

    def action_open_pareto(self):
        return self._open("complaint_management.complaint_report_action_pareto")

    def action_open_compliance(self):
        return self._open("complaint_management.complaint_milestone_report_action")

    def action_open_ppm(self):
        self.ensure_one()
        return self._open(
            "complaint_management.complaint_ppm_report_action", self._domain(team=False)
        )

    def action_open_cost(self):
        return self._open("complaint_management.complaint_cost_report_action")

    def action_print_workbooks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_report_wizard_action"
        )
        action["context"] = {
            "default_company_id": self.company_id.id,
            "default_team_id": self.team_id.id,
        }
        return action
