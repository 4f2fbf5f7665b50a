import io
from collections import defaultdict
from datetime import date, datetime

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib import ratios

# Complaints read per batch: the cache is emptied after each, so memory stays
# flat however many rows the month has.
BATCH_SIZE = 2000


# The columns of a complaint the workbooks read: its many2ones (shown by their
# display names), its own values, and its selections (shown by their labels).
TICKET_MANY2ONES = {
    "commercial_partner_id": "res.partner",
    "product_id": "product.product",
    "defect_type_id": "complaint.defect.type",
    "channel_id": "helpdesk.ticket.channel",
    "team_id": "helpdesk.ticket.team",
    "user_id": "res.users",
    "supplier_id": "res.partner",
    "stage_id": "helpdesk.ticket.stage",
}
TICKET_COLUMNS = (
    "partner_id",
    "complaint_number",
    "complaint_date",
    "name",
    "lot_number",
    "shipped_qty",
    "lot_qty",
    "defect_qty",
    "is_major",
    "is_repeat",
    "sla_due_count",
    "sla_on_time_count",
    "response_days",
    "containment_days",
    "closure_days",
    "closed_date",
    "qa_response_date",
    "containment_date",
    "resolved_date",
    "remedy_amount_promised",
    "remedy_amount_paid",
)
TICKET_SELECTIONS = (
    "defect_family",
    "complaint_severity",
    "responsibility",
    "satisfaction",
    "detection_stage",
)


class ComplaintXlsxBase(models.AbstractModel):
    """What the monthly complaint workbooks share (rules §7): the period,
    the complaints it selects, streamed reading and writing, and the layout made
    for people (frozen header, autofilter, column widths, number, date and
    currency formats, a totals row, sheet and column names in the reader's
    language).

    Printed from the complaints' Print menu, a workbook lists the selected
    complaints; from the wizard or the monthly mailing (``data``: ``month``,
    ``company_id``, ``team_id``), the complaints received that month. Rows are
    written with xlsxwriter's ``constant_memory`` in ascending order; complaints
    are read ``BATCH_SIZE`` at a time with ``fetch`` and ``_read_group``, never
    one by one.
    """

    _name = "report.complaint_management.complaint_xlsx_base"
    _inherit = "report.report_xlsx.abstract"
    _description = "Complaint Workbook Base"

    def get_workbook_options(self):
        return {"constant_memory": True, "strings_to_numbers": False}

    def create_xlsx_report(self, docids, data):
        """As report_xlsx does it, but hand the workbook's bytes over without
        copying them (``getvalue``, not ``seek`` and ``read``): the peak memory
        is then the workbook itself, however many rows it has. Only the report's
        groups print it, by any route (rules §11.10)."""
        Report = self.env["ir.actions.report"]
        report = Report._get_report_from_name(self._name.removeprefix("report."))
        if report:
            Report._complaint_check_report_groups(report)
        objs = self._get_objs_for_report(docids, data)
        file_data = io.BytesIO()
        workbook = xlsxwriter.Workbook(file_data, self.get_workbook_options())
        self.generate_xlsx_report(workbook, data, objs)
        workbook.close()
        return file_data.getvalue(), "xlsx"

    def _get_objs_for_report(self, docids, data):
        return self.env["helpdesk.ticket"].browse(docids or [])

    # The period and its complaints
    def _period(self, data):
        """(first day of the month, company, team) of a monthly workbook, or
        ``None`` when it lists selected complaints."""
        if not data or not (data.get("month") or data.get("date_from")):
            return None
        if data.get("date_from"):
            month = fields.Date.to_date(data["date_from"])
        else:
            month = fields.Date.to_date(data["month"]).replace(day=1)
        company = self.env["res.company"].browse(data.get("company_id")).exists()
        team = self.env["helpdesk.ticket.team"].browse(data.get("team_id")).exists()
        return month, company or self.env.company, team

    def _ticket_domain(self, data, objs):
        """The complaints of the workbook: those selected, or those received in
        the month (or from ``date_from`` to ``date_to`` included, when ``data``
        gives them: a register over several months)."""
        period = self._period(data)
        if period is None:
            return Domain("id", "in", objs.ids)
        month, company, team = period
        start = datetime.combine(month, datetime.min.time())
        end = start + relativedelta(months=1)
        if data.get("date_to"):
            end = datetime.combine(
                fields.Date.to_date(data["date_to"]), datetime.min.time()
            ) + relativedelta(days=1)
        domain = (
            Domain("is_complaint", "=", True)
            & Domain("complaint_date", ">=", start)
            & Domain("complaint_date", "<", end)
            & Domain("company_id", "=", company.id)
        )
        if team:
            domain &= Domain("team_id", "=", team.id)
        return domain

    def _company(self, data, objs):
        period = self._period(data)
        if period:
            return period[1]
        return objs[:1].company_id or self.env.company

    def _ticket_ids(self, domain):
        """The ids of the complaints of ``domain`` in register order (date of
        receipt, then id), in one query."""
        query = self.env["helpdesk.ticket"]._search(domain, order="complaint_date, id")
        return [row[0] for row in self.env.execute_query(query.select())]

    def _ticket_batches(self, domain, fnames):
        """Yield the complaints of ``domain`` in register order (date of
        receipt, then id), ``BATCH_SIZE`` at a time, as rows (id, then the
        stored columns ``fnames``): one query per batch, through ``_search``
        (record rules apply), the next batch starting after the last row read
        (keyset), so that neither the ids of the whole period nor its records
        are ever held in memory."""
        Ticket = self.env["helpdesk.ticket"]
        table = Ticket._table
        date_sql = SQL.identifier(table, "complaint_date")
        id_sql = SQL.identifier(table, "id")
        position = 1 + list(fnames).index("complaint_date")
        last = None
        while True:
            query = Ticket._search(domain, order="complaint_date, id", limit=BATCH_SIZE)
            if last and last[0] is None:
                query.add_where(
                    SQL("%s IS NULL AND %s > %s", date_sql, id_sql, last[1])
                )
            elif last:
                # complaints without a date come last (ASC is NULLS LAST)
                query.add_where(
                    SQL(
                        "((%s, %s) > (%s, %s) OR %s IS NULL)",
                        date_sql, id_sql, last[0], last[1], date_sql,
                    )
                )  # fmt: skip
            columns = [Ticket._field_to_sql(table, fname, query) for fname in fnames]
            rows = self.env.execute_query(query.select(id_sql, *columns))
            if rows:
                yield rows
            if len(rows) < BATCH_SIZE:
                return
            last = (rows[-1][position], rows[-1][0])

    def _eight_d_names(self, ticket_ids):
        """{complaint id: names of the 8D reports the user may read, in their
        order}, in one query, as reading ``eight_d_ids`` would give them."""
        EightD = self.env["complaint.8d"].with_context(active_test=False)
        field = self.env["helpdesk.ticket"]._fields["eight_d_ids"]
        query = EightD._search([], order=EightD._order)
        query.add_join(
            "JOIN", field.relation, None,
            SQL("%s = %s", SQL.identifier(field.relation, field.column2),
                SQL.identifier(EightD._table, "id")),
        )  # fmt: skip
        ticket_sql = SQL.identifier(field.relation, field.column1)
        query.add_where(SQL("%s IN %s", ticket_sql, tuple(ticket_ids)))
        names = defaultdict(list)
        for ticket_id, name in self.env.execute_query(
            query.select(ticket_sql, SQL.identifier(EightD._table, "name"))
        ):
            names[ticket_id].append(name or "")
        return names

    # Reading, in batches
    def _ticket_rows(self, domain):
        """Yield one dict per complaint of ``domain``, in register order, with
        every figure the workbooks show; read ``BATCH_SIZE`` complaints at a
        time (one query for their columns and a few grouped queries per batch,
        never one per complaint). The rows are read as columns, not records:
        nothing stays in the cache, so memory stays flat however many rows the
        period has."""
        Ticket = self.env["helpdesk.ticket"]
        # what is pending is written first: the batches empty the cache
        self.env.flush_all()
        labels = self._ticket_selection_labels()
        fnames = [*TICKET_MANY2ONES, *TICKET_COLUMNS, *labels]
        # the user's right to read each field, as reading the records checks it
        Ticket.check_access("read")
        Ticket._determine_fields_to_fetch([*fnames, "eight_d_ids"])
        names = defaultdict(dict)  # model -> {id: display name}, across batches
        partner_names = {}  # customers without a commercial entity: their name
        # the figures are those of now: a deadline past is missed (rules §24.1)
        now = fields.Datetime.now()
        closed_stages = set(
            self.env["helpdesk.ticket.stage"]
            .sudo()
            .with_context(active_test=False)
            ._search([("closed", "=", True)])
        )
        for rows in self._ticket_batches(domain, fnames):
            ids = [row[0] for row in rows]
            self._read_display_names(rows, fnames, names, partner_names)
            missed, overdue = self._missed_milestones(ids, now)
            related = {
                "eight_d": self._eight_d_names(ids),
                "missed": missed,
                "overdue": overdue,
                "closed_stages": closed_stages,
                "remedies": self._remedy_types(ids),
                "extra": self._ticket_rows_extra(Ticket.browse(ids)),
            }
            for values in rows:
                yield self._ticket_row(
                    values, fnames, labels, names, partner_names, related
                )
            # forget what the batch put in the cache (display names, extras)
            self.env.invalidate_all(flush=False)

    def _ticket_selection_labels(self):
        """The labels of the selection fields the workbooks show, in the reader's
        language: {field: {value: label}}."""
        Ticket = self.env["helpdesk.ticket"]
        return {
            fname: dict(Ticket._fields[fname]._description_selection(self.env))
            for fname in TICKET_SELECTIONS
        }

    def _read_display_names(self, rows, fnames, names, partner_names):
        """Add to ``names`` the display names of the many2one targets of ``rows``
        not seen yet (one read per model), and to ``partner_names`` the names of
        customers without a commercial entity."""
        at = {fname: n + 1 for n, fname in enumerate(fnames)}
        wanted = defaultdict(set)
        for fname, model in TICKET_MANY2ONES.items():
            known = names[model]
            for row in rows:
                rid = row[at[fname]]
                if rid and rid not in known:
                    wanted[model].add(rid)
        for model, rids in wanted.items():
            for record in self.env[model].browse(rids):
                names[model][record.id] = record.display_name
        lonely = {
            row[at["partner_id"]]
            for row in rows
            if row[at["partner_id"]]
            and not names["res.partner"].get(
                row[at["commercial_partner_id"]] or row[at["partner_id"]]
            )
        } - partner_names.keys()
        for partner in self.env["res.partner"].browse(lonely):
            partner_names[partner.id] = partner.name or ""

    def _missed_milestones(self, ids, now):
        """({ticket id: [labels of its missed milestones]}, {ticket id: how
        many of them are still open past their deadline}) at ``now``, one
        grouped query: breached, or open past the deadline (rules §24.1)."""
        Milestone = self.env["complaint.sla.milestone"]
        labels = dict(Milestone._fields["milestone"]._description_selection(self.env))
        missed = defaultdict(list)
        overdue = defaultdict(int)
        for ticket, milestone, state, count in Milestone.sudo()._read_group(
            Domain("ticket_id", "in", ids) & Milestone._missed_domain(now),
            ["ticket_id", "milestone", "state"],
            ["__count"],
            order="ticket_id, milestone",
        ):
            label = labels.get(milestone, milestone)
            if label not in missed[ticket.id]:
                missed[ticket.id].append(label)
            if state == "running":
                overdue[ticket.id] += count
        return missed, overdue

    def _remedy_types(self, ids):
        """{ticket id: [labels of its remedies' types]} for the remedies
        submitted, approved or done, one grouped query."""
        labels = dict(
            self.env["complaint.remedy"]
            ._fields["remedy_type"]
            ._description_selection(self.env)
        )
        remedies = defaultdict(list)
        for ticket, remedy_type in (
            self.env["complaint.remedy"]
            .sudo()
            ._read_group(
                [
                    ("ticket_id", "in", ids),
                    ("state", "in", ("to_approve", "approved", "done")),
                ],
                ["ticket_id", "remedy_type"],
                order="ticket_id, remedy_type",
            )
        ):
            remedies[ticket.id].append(labels.get(remedy_type, remedy_type))
        return remedies

    def _ticket_row(self, values, fnames, labels, names, partner_names, related):
        """The workbook row of one complaint, from its columns ``values`` (id
        first, then ``fnames``) and what was read for its batch."""
        ticket_id = values[0]
        v = dict(zip(fnames, values[1:], strict=True))
        lot_qty = v["lot_qty"] or 0.0
        defect_qty = v["defect_qty"] or 0.0
        # met or breached, and open past the deadline (rules §24.1)
        due = (v["sla_due_count"] or 0) + related["overdue"][ticket_id]
        on_time = v["sla_on_time_count"] or 0
        closed = v["stage_id"] in related["closed_stages"] and v["closed_date"]
        partners = names["res.partner"]
        row = {
            "complaint_number": v["complaint_number"] or "",
            "complaint_date": self._local(v["complaint_date"]),
            "name": v["name"] or "",
            "lot_number": v["lot_number"] or "",
            "shipped_qty": v["shipped_qty"] or 0.0,
            "lot_qty": lot_qty,
            "defect_qty": defect_qty,
            "defect_rate": ratios.ratio(defect_qty, lot_qty),
            "is_major": bool(v["is_major"]),
            "is_repeat": bool(v["is_repeat"]),
            "sla_due_count": due,
            "sla_on_time_count": on_time,
            "sla_missed_count": due - on_time,
            "sla_missed": ", ".join(related["missed"][ticket_id]),
            "sla_compliance": ratios.ratio(on_time, due),
            "response_days": (v["response_days"] or 0.0)
            if v["qa_response_date"]
            else None,
            "containment_days": (v["containment_days"] or 0.0)
            if v["containment_date"]
            else None,
            "closure_days": (v["closure_days"] or 0.0) if closed else None,
            "resolved_date": self._local(v["resolved_date"]),
            "remedy_types": ", ".join(related["remedies"][ticket_id]),
            "remedy_amount_promised": v["remedy_amount_promised"] or 0.0,
            "remedy_amount_paid": v["remedy_amount_paid"] or 0.0,
            "eight_d": ", ".join(related["eight_d"][ticket_id]),
            "customer": partners.get(v["commercial_partner_id"] or v["partner_id"], "")
            or partner_names.get(v["partner_id"], ""),
        }
        for fname, model in TICKET_MANY2ONES.items():
            if fname != "commercial_partner_id":
                row[fname] = names[model].get(v[fname], "")
        for fname, selection in labels.items():
            row[fname] = selection.get(v[fname], "")
        row.update(related["extra"].get(ticket_id, {}))
        return row

    def _ticket_rows_extra(self, batch):
        """Hook: more figures per complaint of ``batch`` ({ticket id: {key:
        value}}), read in batch (the chargebacks add theirs)."""
        return {}

    def _local(self, value):
        """A datetime in the reader's time zone, naive as Excel wants it."""
        if not value:
            return None
        return fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)

    # Writing
    def _formats(self, workbook, company):
        currency = company.currency_id
        return {
            "header": workbook.add_format(
                {
                    "bold": True,
                    "bg_color": "#E8E4F0",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),  # fmt: skip
            "text": workbook.add_format({}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "int": workbook.add_format({"num_format": "#,##0"}),
            "float": workbook.add_format({"num_format": "#,##0.00"}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "currency": workbook.add_format(
                {"num_format": self._report_xlsx_currency_format(currency)}
            ),
            "total_label": workbook.add_format({"bold": True, "top": 1}),
            "total_int": workbook.add_format(
                {"bold": True, "top": 1, "num_format": "#,##0"}
            ),
            "total_float": workbook.add_format(
                {"bold": True, "top": 1, "num_format": "#,##0.00"}
            ),
            "total_currency": workbook.add_format(
                {
                    "bold": True,
                    "top": 1,
                    "num_format": self._report_xlsx_currency_format(currency),
                }
            ),  # fmt: skip
            "total_percent": workbook.add_format(
                {"bold": True, "top": 1, "num_format": "0.0%"}
            ),
        }

    def _label(self, fname, default=None):
        """A column's name in the reader's language: the complaint field's label
        when the column shows a field."""
        field = self.env["helpdesk.ticket"]._fields.get(fname)
        if field is not None and default is None:
            return field._description_string(self.env)
        return default

    def _write_table(self, workbook, formats, sheet_name, columns, rows, totals=True):
        """Write ``rows`` (dicts) under a header of ``columns`` (key, label,
        kind, width; kind in text, date, datetime, int, float, percent,
        currency, bool) on a new sheet, streamed in ascending order, then a
        totals row: sums of int, float and currency columns, and the ratio of
        two summed columns for a percent column declaring them
        (``ratio=(numerator, denominator)``). Returns (row count, totals)."""
        sheet = workbook.add_worksheet(sheet_name[:31])
        for col, column in enumerate(columns):
            sheet.set_column(col, col, column["width"])
        sheet.set_row(0, 30)
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column["label"], formats["header"])
        sheet.freeze_panes(1, 0)
        sums = defaultdict(float)
        summed = {
            c["key"] for c in columns if c["kind"] in ("int", "float", "currency")
        }
        for c in columns:
            summed.update(c.get("ratio", ()))
        yes_no = (self.env._("No"), self.env._("Yes"))
        count = 0
        for count, row in enumerate(rows, start=1):
            for key in summed:
                sums[key] += row.get(key) or 0.0
            for col, column in enumerate(columns):
                self._write_cell(sheet, formats, count, col, column, row, yes_no)
        last = count
        sheet.autofilter(0, 0, max(last, 1), len(columns) - 1)
        total_values = {}
        if totals:
            total_row = last + 1
            sheet.write_string(
                total_row, 0, self.env._("Total"), formats["total_label"]
            )
            for col, column in enumerate(columns):
                kind, key = column["kind"], column["key"]
                if col == 0:
                    continue
                if kind in ("int", "float", "currency"):
                    total_values[key] = sums[key]
                    cell = self._cell_range(col, last)
                    sheet.write_formula(
                        total_row, col, f"=SUBTOTAL(109,{cell})",
                        formats[f"total_{kind}"], sums[key],
                    )  # fmt: skip
                elif kind == "percent" and column.get("ratio"):
                    numerator, denominator = column["ratio"]
                    value = ratios.ratio(sums[numerator], sums[denominator]) or 0.0
                    total_values[key] = value
                    sheet.write_number(total_row, col, value, formats["total_percent"])
        return last, total_values

    @staticmethod
    def _write_cell(sheet, formats, row_index, col, column, row, yes_no):
        """Write one value of ``row`` with the format of its column's kind."""
        value = row.get(column["key"])
        kind = column["kind"]
        if kind == "bool":
            sheet.write_string(row_index, col, yes_no[bool(value)])
        elif value is None or value == "" or value is False:
            sheet.write_blank(row_index, col, None)
        elif kind in ("date", "datetime"):
            if not isinstance(value, datetime) and isinstance(value, date):
                value = datetime.combine(value, datetime.min.time())
            sheet.write_datetime(row_index, col, value, formats[kind])
        elif kind == "text":
            sheet.write_string(row_index, col, str(value))
        else:
            sheet.write_number(row_index, col, value, formats[kind])

    @staticmethod
    def _cell_range(col, last):
        letters = ""
        n = col
        while True:
            letters = chr(ord("A") + n % 26) + letters
            n = n // 26 - 1
            if n < 0:
                break
        return f"{letters}2:{letters}{max(last, 1) + 1}"

    def _cost_columns(self):
        """The columns of what a complaint cost, one set for every workbook that
        lists complaints: its remedies, promised and paid (the chargebacks add
        what was claimed and recovered)."""
        c = self._column
        return [
            c("remedy_types", "text", 20, self.env._("Remedies")),
            c(
                "remedy_amount_promised",
                "currency",
                14,
                self.env._("Remedies Promised"),
            ),
            c("remedy_amount_paid", "currency", 14, self.env._("Remedies Paid")),
        ]

    def _write_ticket_sheet(self, workbook, data, objs, sheet_name, columns):
        """A sheet ``sheet_name`` of the workbook's complaints, one row each in
        ``columns``, and the totals."""
        formats = self._formats(workbook, self._company(data, objs))
        self._write_table(
            workbook,
            formats,
            sheet_name,
            columns,
            self._ticket_rows(self._ticket_domain(data, objs)),
        )

    def _column(self, key, kind, width, label=None, **extra):
        return {
            "key": key,
            "kind": kind,
            "width": width,
            "label": label or self._label(key),
            **extra,
        }
