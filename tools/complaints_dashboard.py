"""Write the Complaints dashboard of Odoo's Dashboards app (spreadsheet_dashboard).

Odoo Community shows spreadsheet dashboards but has no editor for them (the editor
is Enterprise): this script is the dashboard's source. It writes
``complaint_management/data/files/complaints_dashboard.json``, the file
``data/spreadsheet_dashboard_data.xml`` loads; run it after changing the layout,
the pivots or the filters, and commit both:

    python3 tools/complaints_dashboard.py

Standard library only. Texts are English: those in ``_t("...")`` formulas, chart
titles and filter labels are translated through the addon's .po files (Odoo's
exporter reads ``*_dashboard.json``); table headers are the fields' labels.
"""

import json
from pathlib import Path

OUT = (
    Path(__file__).resolve().parent.parent
    / "complaint_management/data/files/complaints_dashboard.json"
)

# Global filters: every figure follows each of them (rules §26).
PERIOD = "8a3f2c10-5b1e-4c8d-9d6e-0c0f1a2b3c01"
TEAM = "8a3f2c10-5b1e-4c8d-9d6e-0c0f1a2b3c02"
COMPANY = "8a3f2c10-5b1e-4c8d-9d6e-0c0f1a2b3c03"
GLOBAL_FILTERS = [
    {"id": PERIOD, "type": "date", "label": "Period", "defaultValue": "last_12_months"},
    {
        "id": TEAM,
        "type": "relation",
        "label": "Team",
        "modelName": "helpdesk.ticket.team",
        "defaultValueDisplayNames": [],
    },
    {
        "id": COMPANY,
        "type": "relation",
        "label": "Company",
        "modelName": "res.company",
        "defaultValueDisplayNames": [],
    },
]
# The date each model is filtered by, and its type (Datetime or Date).
DATE_FIELD = {
    "complaint.report": "datetime",
    "complaint.milestone.report": "datetime",
    "complaint.ppm.report": "date",
    "complaint.cost.report": "date",
}


def field_matching(model, period=True):
    """The fields of ``model`` the global filters apply to."""
    matching = {
        TEAM: {"chain": "team_id", "type": "many2one"},
        COMPANY: {"chain": "company_id", "type": "many2one"},
    }
    if period:
        matching[PERIOD] = {"chain": "date", "type": DATE_FIELD[model], "offset": 0}
    return matching


PIVOTS = {}


def pivot(pid, model, name, measures, rows=(), domain=(), sort=None, period=True):
    """An Odoo pivot: ``measures`` are field names (``__count`` counts rows),
    ``rows`` group-bys (``date:month`` for a date by month)."""
    definition = {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": model,
        "domain": [list(term) for term in domain],
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": [],
        "fieldMatching": field_matching(model, period),
    }
    for row in rows:
        fname, _sep, granularity = row.partition(":")
        dimension = {"fieldName": fname}
        if granularity:
            dimension["granularity"] = granularity
            dimension["order"] = "asc"
        definition["rows"].append(dimension)
    if sort:
        definition["sortedColumn"] = {"measure": sort, "order": "desc", "domain": []}
    PIVOTS[pid] = definition
    return pid


# The figures ------------------------------------------------------------------------
RECEIVED = pivot(
    "1",
    "complaint.report",
    "Key figures",
    ["__count", "sla_on_time_count", "sla_due_count", "sla_compliance"],
)
CLOSED = pivot(
    "2", "complaint.report", "Closed", ["__count"], domain=[("closed", "=", True)]
)
OPEN = pivot(
    "3", "complaint.report", "Open", ["__count"], domain=[("closed", "=", False)]
)
OVERDUE = pivot(
    "4",
    "complaint.report",
    "Overdue",
    ["__count"],
    domain=[("closed", "=", False), ("sla_missed_count", ">", 0)],
)
PARETO = pivot(
    "5",
    "complaint.report",
    "Pareto of defect types",
    ["__count", "defect_qty"],
    rows=["defect_type_id"],
    sort="__count",
)
MILESTONES = pivot(
    "6",
    "complaint.milestone.report",
    "Deadline compliance per milestone",
    ["due_count", "on_time_count", "missed_count", "compliance"],
    rows=["milestone"],
)
PPM = pivot("7", "complaint.ppm.report", "PPM", ["defect_qty", "delivered_qty", "ppm"])
PPM_PRODUCTS = pivot(
    "8",
    "complaint.ppm.report",
    "PPM per product",
    ["defect_qty", "delivered_qty", "ppm"],
    rows=["product_id"],
    domain=[("product_id", "!=", False)],
    sort="defect_qty",
)
COST = pivot(
    "9",
    "complaint.cost.report",
    "Cost of poor quality",
    ["paid", "claimed", "recovered", "net_cost", "recovered_share"],
)
COST_SOURCES = pivot(
    "10",
    "complaint.cost.report",
    "Cost per document",
    ["promised", "paid", "claimed", "recovered", "net_cost"],
    rows=["source"],
)
# Months of every year: the period's months are read from it beside the same
# months a year earlier, so it follows the period through its formulas (Data!J:M)
# and the team and company through its filters.
MONTHS = pivot(
    "11",
    "complaint.report",
    "Complaints per month",
    ["__count"],
    rows=["date:month"],
    period=False,
)

# The Data sheet: every value a chart or a scorecard shows ----------------------------
DATA_ID = "c0a1b2c3-0000-4000-8000-00000000da7a"
DASH_ID = "c0a1b2c3-0000-4000-8000-00000000da5b"
data_cells = {}


def put(cells, ref, content):
    cells[ref] = content


# Key figures: label, value, formatted value
KEYS = [
    ("Received", f'=PIVOT.VALUE({RECEIVED},"__count")'),
    ("Closed", f'=PIVOT.VALUE({CLOSED},"__count")'),
    ("Open", f'=PIVOT.VALUE({OPEN},"__count")'),
    ("Overdue", f'=PIVOT.VALUE({OVERDUE},"__count")'),
    ("On time", f'=IFERROR(PIVOT.VALUE({RECEIVED},"sla_compliance")/100,"")'),
    ("PPM", f'=PIVOT.VALUE({PPM},"ppm")'),
    ("Paid to customers", f'=PIVOT.VALUE({COST},"paid")'),
    ("Recovered", f'=PIVOT.VALUE({COST},"recovered")'),
    ("Net cost", f'=PIVOT.VALUE({COST},"net_cost")'),
]
for n, (label, formula) in enumerate(KEYS, start=1):
    put(data_cells, f"A{n}", label)
    put(data_cells, f"B{n}", formula)
    put(data_cells, f"C{n}", f"=IFERROR(FORMAT.LARGE.NUMBER(B{n}),B{n})")
# On time as a percentage, PPM as a whole number
data_cells["C5"] = '=IF(B5="","-",TEXT(B5,"0.0%"))'
data_cells["C6"] = '=IF(B6="","-",TEXT(B6,"#,##0"))'

# Pareto: the ten most frequent defect types, their count and cumulative share
PARETO_ROWS = 10
put(data_cells, "E1", "Defect type")
put(data_cells, "F1", '=_t("Complaints")')
put(data_cells, "G1", '=_t("Cumulative share")')
for i in range(1, PARETO_ROWS + 1):
    row = i + 1
    put(data_cells, f"E{row}", f'=PIVOT.HEADER({PARETO},"#defect_type_id",{i})')
    put(
        data_cells, f"F{row}", f'=PIVOT.VALUE({PARETO},"__count","#defect_type_id",{i})'
    )
    put(
        data_cells,
        f"G{row}",
        f'=IF(F{row}="","",SUM(F$2:F{row})/PIVOT.VALUE({PARETO},"__count"))',
    )

# Months: the last twelve months of the period, and the same months a year before
put(data_cells, "I1", "Period from")
put(data_cells, "I2", "Period to")
put(data_cells, "J1", '=IFERROR(INDEX(ODOO.FILTER.VALUE("Period"),1,1),"")')
put(data_cells, "J2", '=IFERROR(INDEX(ODOO.FILTER.VALUE("Period"),1,2),"")')
put(data_cells, "I3", "Latest month")
put(
    data_cells,
    "J3",
    '=IF(J2="",DATE(YEAR(TODAY()),MONTH(TODAY()),1),DATE(YEAR(J2),MONTH(J2),1))',
)
put(data_cells, "L1", "Month")
put(data_cells, "M1", '=_t("This period")')
put(data_cells, "N1", '=_t("A year before")')
for i in range(12):
    row = i + 2
    back = 11 - i
    put(
        data_cells,
        f"L{row}",
        f'=IF(OR(J$1="",EDATE(J$3,-{back})>=DATE(YEAR(J$1),MONTH(J$1),1)),'
        f'EDATE(J$3,-{back}),"")',
    )
    put(
        data_cells,
        f"M{row}",
        f'=IF(L{row}="","",IFERROR(0+PIVOT.VALUE({MONTHS},"__count","date:month",'
        f"L{row}),0))",
    )
    put(
        data_cells,
        f"N{row}",
        f'=IF(L{row}="","",IFERROR(0+PIVOT.VALUE({MONTHS},"__count","date:month",'
        f"EDATE(L{row},-12)),0))",
    )
put(data_cells, "I5", "Complaints in the latest month")
put(data_cells, "J5", "=M13")
put(data_cells, "I6", "The same month a year before")
put(data_cells, "J6", "=N13")

# The Dashboard sheet -----------------------------------------------------------------
dash_cells = {}
figures = []
TITLE, SUBTITLE = 1, 2


def odoo_link(label, action_xmlid):
    """A title linking to the addon's analysis view behind it."""
    return f"[{label}](odoo://ir_menu_xml_id/{action_xmlid})"


def scorecard(fid, title, key, x, y, baseline=None, descr=None, background="#EFF6FF"):
    data = {
        "type": "scorecard",
        "title": {"text": title, "bold": True, "color": "#434343"},
        "background": background,
        "keyValue": key,
        "baselineMode": "difference",
        "baselineColorUp": "#DC6965",
        "baselineColorDown": "#00A04A",
        "humanize": False,
        "chartId": fid,
    }
    if baseline:
        data["baseline"] = baseline
    if descr:
        data["baselineDescr"] = {"text": descr}
    figures.append(
        {
            "id": fid,
            "tag": "chart",
            "width": 190,
            "height": 106,
            "col": 0,
            "row": 0,
            "offset": {"x": x, "y": y},
            "data": data,
        }
    )


def figure_id(n):
    return f"c0a1b2c3-0000-4000-8000-{n:012d}"


# Row 1: the period's complaints; row 2: quality and cost
for n, (title, ref) in enumerate(
    [
        ("Complaints received", "Data!C1"),
        ("Closed", "Data!C2"),
        ("Open", "Data!C3"),
        ("Overdue", "Data!C4"),
        ("Met on time", "Data!C5"),
    ]
):
    scorecard(figure_id(n + 1), title, ref, 200 * n, 12)
for n, (title, ref) in enumerate(
    [
        ("PPM", "Data!C6"),
        ("Paid to customers", "Data!C7"),
        ("Recovered", "Data!C8"),
        ("Net cost", "Data!C9"),
    ]
):
    scorecard(figure_id(n + 11), title, ref, 200 * n, 130, background="#FFF7ED")
scorecard(
    figure_id(15),
    "Latest month",
    "Data!J5",
    200 * 4,
    130,
    baseline="Data!J6",
    descr="vs. a year before",
    background="#F0FDF4",
)

# Section rows (1-based in the sheet's references)
PARETO_TITLE = 14
dash_cells[f"A{PARETO_TITLE}"] = odoo_link(
    "Pareto of defect types", "complaint_management.menu_complaint_report_pareto"
)
figures.append(
    {
        "id": figure_id(21),
        "tag": "chart",
        "width": 990,
        "height": 330,
        "col": 0,
        "row": PARETO_TITLE,
        "offset": {"x": 0, "y": 8},
        "data": {
            "type": "combo",
            "chartId": figure_id(21),
            "title": {"text": ""},
            "dataSetsHaveTitle": True,
            "dataSets": [
                {"dataRange": "Data!F1:F11", "yAxisId": "y", "type": "bar"},
                {"dataRange": "Data!G1:G11", "yAxisId": "y1", "type": "line"},
            ],
            "labelRange": "Data!E2:E11",
            "legendPosition": "top",
            "aggregated": False,
            "axesDesign": {
                "y": {"title": {"text": "Complaints"}},
                "y1": {"title": {"text": "Cumulative share"}},
            },
            "humanize": False,
        },
    }
)
MONTH_TITLE = PARETO_TITLE + 17
dash_cells[f"A{MONTH_TITLE}"] = odoo_link(
    "Complaints per month against a year before",
    "complaint_management.menu_complaint_report_yoy",
)
figures.append(
    {
        "id": figure_id(22),
        "tag": "chart",
        "width": 990,
        "height": 300,
        "col": 0,
        "row": MONTH_TITLE,
        "offset": {"x": 0, "y": 8},
        "data": {
            "type": "bar",
            "chartId": figure_id(22),
            "title": {"text": ""},
            "dataSetsHaveTitle": True,
            "dataSets": [
                {"dataRange": "Data!N1:N13", "backgroundColor": "#C9C9C9"},
                {"dataRange": "Data!M1:M13", "backgroundColor": "#017E84"},
            ],
            "labelRange": "Data!L2:L13",
            "legendPosition": "top",
            "aggregated": False,
            "stacked": False,
            "humanize": False,
        },
    }
)
TABLES = MONTH_TITLE + 16
dash_cells[f"A{TABLES}"] = odoo_link(
    "Deadline compliance per milestone",
    "complaint_management.menu_complaint_milestone_report",
)
dash_cells[f"A{TABLES + 1}"] = f"=PIVOT({MILESTONES},20,TRUE,FALSE)"
COST_TABLE = TABLES + 11
dash_cells[f"A{COST_TABLE}"] = odoo_link(
    "Cost of poor quality", "complaint_management.menu_complaint_cost_report"
)
dash_cells[f"A{COST_TABLE + 1}"] = f"=PIVOT({COST_SOURCES},10,TRUE,FALSE)"
PPM_TABLE = COST_TABLE + 7
dash_cells[f"A{PPM_TABLE}"] = odoo_link(
    "PPM per product", "complaint_management.menu_complaint_ppm_report"
)
dash_cells[f"A{PPM_TABLE + 1}"] = f"=PIVOT({PPM_PRODUCTS},10,FALSE,FALSE)"
LAST_ROW = PPM_TABLE + 14

styles = {
    "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
}
dash_styles = {
    f"A{r}": 1 for r in (PARETO_TITLE, MONTH_TITLE, TABLES, COST_TABLE, PPM_TABLE)
}
dash_borders = {
    f"A{r}:F{r}": 1 for r in (PARETO_TITLE, MONTH_TITLE, TABLES, COST_TABLE, PPM_TABLE)
}

spreadsheet = {
    "version": "18.5.10",
    "sheets": [
        {
            "id": DASH_ID,
            "name": "Dashboard",
            "colNumber": 8,
            "rowNumber": LAST_ROW,
            "rows": {},
            "cols": {
                "0": {"size": 250},
                "1": {"size": 148},
                "2": {"size": 148},
                "3": {"size": 148},
                "4": {"size": 148},
                "5": {"size": 148},
                "6": {"size": 60},
                "7": {"size": 60},
            },
            "merges": [],
            "cells": dash_cells,
            "styles": dash_styles,
            "formats": {},
            "borders": dash_borders,
            "conditionalFormats": [],
            "dataValidationRules": [],
            "figures": figures,
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "comments": {},
        },
        {
            "id": DATA_ID,
            "name": "Data",
            "colNumber": 15,
            "rowNumber": 20,
            "rows": {},
            "cols": {},
            "merges": [],
            "cells": data_cells,
            "styles": {},
            "formats": {"G2:G11": 1, "J1:J3": 2, "L2:L13": 3},
            "borders": {},
            "conditionalFormats": [],
            "dataValidationRules": [],
            "figures": [],
            "tables": [],
            "areGridLinesVisible": True,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "comments": {},
        },
    ],
    "styles": styles,
    "formats": {"1": "0%", "2": "yyyy-mm-dd", "3": "mmm yyyy"},
    "borders": {"1": {"bottom": {"style": "thin", "color": "#B7B7B7"}}},
    "revisionId": "START_REVISION",
    "uniqueFigureIds": True,
    "settings": {
        "locale": {
            "name": "English (US)",
            "code": "en_US",
            "thousandsSeparator": ",",
            "decimalSeparator": ".",
            "dateFormat": "mm/dd/yyyy",
            "timeFormat": "hh:mm:ss",
            "formulaArgSeparator": ",",
            "weekStart": 7,
        }
    },
    "pivots": PIVOTS,
    "pivotNextId": len(PIVOTS) + 1,
    "customTableStyles": {},
    "globalFilters": GLOBAL_FILTERS,
    "lists": {},
    "listNextId": 1,
    "chartOdooMenusReferences": {
        figure_id(21): "complaint_management.menu_complaint_report_pareto",
        figure_id(22): "complaint_management.menu_complaint_report_yoy",
    },
}

if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(spreadsheet, indent=1, ensure_ascii=False) + "\n")
    print(f"written {OUT}")
