from collections import defaultdict
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Domain

# Complaints read per batch: the cache is emptied after each, so memory stays
# flat however many rows the month has.
BATCH_SIZE = 2000


class ComplaintXlsxBase(models.AbstractModel):
    """What the monthly complaint workbooks share (domain.md §7): the period,
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

    # Reading, in batches
    def _ticket_rows(self, domain):
        """Yield one dict per complaint of ``domain``, in register order, with
        every figure the workbooks show; read ``BATCH_SIZE`` complaints at a
        time (one ``fetch`` and a few ``_read_group`` per batch)."""
        Ticket = self.env["helpdesk.ticket"]
        ids = self._ticket_ids(domain)
        names = defaultdict(dict)  # model -> {id: display name}, across batches
        labels = {
            fname: dict(Ticket._fields[fname]._description_selection(self.env))
            for fname in (
                "defect_family",
                "complaint_severity",
                "responsibility",
                "satisfaction",
                "detection_stage",
            )
        }
        milestone_labels = dict(
            self.env["complaint.sla.milestone"]
            ._fields["milestone"]
            ._description_selection(self.env)
        )
        remedy_labels = dict(
            self.env["complaint.remedy"]
            ._fields["remedy_type"]
            ._description_selection(self.env)
        )
        m2o = {
            "commercial_partner_id": "res.partner",
            "product_id": "product.product",
            "defect_type_id": "complaint.defect.type",
            "channel_id": "helpdesk.ticket.channel",
            "team_id": "helpdesk.ticket.team",
            "user_id": "res.users",
            "supplier_id": "res.partner",
            "stage_id": "helpdesk.ticket.stage",
        }
        fnames = [
            *m2o,
            "complaint_number",
            "complaint_date",
            "lot_number",
            "shipped_qty",
            "lot_qty",
            "defect_qty",
            "defect_family",
            "complaint_severity",
            "is_major",
            "is_repeat",
            "responsibility",
            "satisfaction",
            "sla_due_count",
            "sla_on_time_count",
            "response_days",
            "containment_days",
            "closure_days",
            "qa_response_date",
            "containment_date",
            "resolved_date",
            "remedy_amount_promised",
            "remedy_amount_paid",
            "eight_d_ids",
            "partner_id",
            "name",
            "detection_stage",
        ]
        # Every field the rows read is in this list: reading another one would
        # load every column of the whole batch (descriptions included).
        for start in range(0, len(ids), BATCH_SIZE):
            batch = Ticket.browse(ids[start : start + BATCH_SIZE])
            batch.fetch(fnames)
            # display names of the many2one targets not seen yet, one read each
            wanted = defaultdict(set)
            for fname, model in m2o.items():
                for ticket in batch:
                    rid = ticket[fname].id
                    if rid and rid not in names[model]:
                        wanted[model].add(rid)
            for model, rids in wanted.items():
                for record in self.env[model].browse(rids):
                    names[model][record.id] = record.display_name
            eight_ds = batch.eight_d_ids.sudo()
            eight_ds.fetch(["name"])
            eight_d_names = {e.id: e.name for e in eight_ds}
            missed = defaultdict(list)
            for ticket, milestone in (
                self.env["complaint.sla.milestone"]
                .sudo()
                ._read_group(
                    [("ticket_id", "in", batch.ids), ("state", "=", "breached")],
                    ["ticket_id", "milestone"],
                    order="ticket_id, milestone",
                )
            ):
                missed[ticket.id].append(milestone_labels.get(milestone, milestone))
            remedies = defaultdict(list)
            for ticket, remedy_type in (
                self.env["complaint.remedy"]
                .sudo()
                ._read_group(
                    [
                        ("ticket_id", "in", batch.ids),
                        ("state", "in", ("to_approve", "approved", "done")),
                    ],
                    ["ticket_id", "remedy_type"],
                    order="ticket_id, remedy_type",
                )
            ):
                remedies[ticket.id].append(remedy_labels.get(remedy_type, remedy_type))
            extra = self._ticket_rows_extra(batch)
            for ticket in batch:
                row = {
                    "complaint_number": ticket.complaint_number or "",
                    "complaint_date": self._local(ticket.complaint_date),
                    "name": ticket.name,
                    "lot_number": ticket.lot_number or "",
                    "shipped_qty": ticket.shipped_qty,
                    "lot_qty": ticket.lot_qty,
                    "defect_qty": ticket.defect_qty,
                    "defect_rate": ticket.defect_qty / ticket.lot_qty
                    if ticket.lot_qty
                    else None,
                    "is_major": ticket.is_major,
                    "is_repeat": ticket.is_repeat,
                    "sla_due_count": ticket.sla_due_count,
                    "sla_on_time_count": ticket.sla_on_time_count,
                    "sla_missed_count": ticket.sla_due_count - ticket.sla_on_time_count,
                    "sla_missed": ", ".join(missed[ticket.id]),
                    "sla_compliance": ticket.sla_on_time_count / ticket.sla_due_count
                    if ticket.sla_due_count
                    else None,
                    "response_days": ticket.response_days
                    if ticket.qa_response_date
                    else None,
                    "containment_days": ticket.containment_days
                    if ticket.containment_date
                    else None,
                    "closure_days": ticket.closure_days
                    if ticket.resolved_date
                    else None,
                    "resolved_date": self._local(ticket.resolved_date),
                    "remedy_types": ", ".join(remedies[ticket.id]),
                    "remedy_amount_promised": ticket.remedy_amount_promised,
                    "remedy_amount_paid": ticket.remedy_amount_paid,
                    "eight_d": ", ".join(
                        eight_d_names.get(i, "") for i in ticket.eight_d_ids.ids
                    ),
                    "customer": names["res.partner"].get(
                        (ticket.commercial_partner_id or ticket.partner_id).id, ""
                    )
                    or ticket.partner_id.name
                    or "",
                }
                for fname, model in m2o.items():
                    if fname != "commercial_partner_id":
                        row[fname] = names[model].get(ticket[fname].id, "")
                for fname, selection in labels.items():
                    row[fname] = (
                        selection.get(ticket[fname], "") if ticket[fname] else ""
                    )
                row.update(extra.get(ticket.id, {}))
                yield row
            # forget the batch: memory stays flat however long the month
            batch.invalidate_recordset()
            self.env.invalidate_all(flush=False)

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
                    value = (
                        sums[numerator] / sums[denominator]
                        if sums[denominator]
                        else 0.0
                    )
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

    def _column(self, key, kind, width, label=None, **extra):
        return {
            "key": key,
            "kind": kind,
            "width": width,
            "label": label or self._label(key),
            **extra,
        }
