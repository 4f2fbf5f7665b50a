"""The Complaints dashboard of the Dashboards app, read as the spreadsheet reads
it: each pivot of its JSON with the request Odoo's spreadsheet sends
(``lib/spreadsheet_pivots.py``), under given filter values."""

import json

from ..lib.spreadsheet_pivots import pivot_request

DASHBOARD = "complaint_management.spreadsheet_dashboard_complaints"


def dashboard_data(env):
    """The dashboard's spreadsheet (its JSON), as the data file ships it."""
    return json.loads(env.ref(DASHBOARD).sudo().spreadsheet_data)


def dashboard_requests(env, period=None, team=None, company=None):
    """``{pivot name: (model, domain, grouping_sets, aggregates)}`` with the
    period ``(first day, last day)``, team and company filters set."""
    data = dashboard_data(env)
    values = {"Team": team, "Company": company}
    filters = [
        dict(f, value=values[f["label"]].ids if values.get(f["label"]) else [])
        for f in data["globalFilters"]
    ]
    requests = {}
    for definition in data["pivots"].values():
        fields = env[definition["model"]]._fields
        aggregators = {name: field.aggregator for name, field in fields.items()}
        requests[definition["name"]] = pivot_request(
            definition, filters, aggregators, period
        )
    return requests


def dashboard_figures(env, **filters):
    """``{pivot name: [groups of each grouping set]}`` read as ``env``'s user
    (``formatted_read_grouping_sets``, what the spreadsheet calls)."""
    return {
        name: env[model].formatted_read_grouping_sets(domain, sets, aggregates)
        for name, (model, domain, sets, aggregates) in dashboard_requests(
            env, **filters
        ).items()
    }


def total(figures, name, aggregate):
    """A pivot's total (its first grouping set, without group-by)."""
    [row] = figures[name][0]
    return row[aggregate]


def rows(figures, name, field, aggregate):
    """``{group value: aggregate}`` of a pivot's rows (its second grouping
    set); many2one values as ids."""
    result = {}
    for group in figures[name][1]:
        key = group[field]
        result[key[0] if isinstance(key, (list, tuple)) else key] = group[aggregate]
    return result
