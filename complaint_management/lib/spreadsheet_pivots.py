"""The server requests of a spreadsheet dashboard's Odoo pivots.

Odoo's spreadsheet reads each pivot with one ``formatted_read_grouping_sets``
call on its model: the pivot's domain and, for each global filter that has a
value, the condition of the field the pivot matches to it; one grouping set per
level of the pivot's rows (the total first); the measures with their
aggregators. This module says the same in Python, so that the tests and the
benchmarks ask the server what the Complaints dashboard asks (no database here:
the caller passes the models' field aggregators).
"""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta


def last_12_months(today):
    """The ``last_12_months`` period of Odoo's date filters: the twelve months
    before the current one, as ``(first day, last day)``."""
    first_of_month = today.replace(day=1)
    return first_of_month - relativedelta(months=12), first_of_month - timedelta(days=1)


def pivot_request(definition, filters, aggregators, period=None):
    """``(model, domain, grouping_sets, aggregates)`` of one pivot.

    ``filters``: the spreadsheet's ``globalFilters``; ``period``: ``(first day,
    last day)`` of the date filter or ``None``; ``aggregators``: ``{field:
    aggregator}`` of the pivot's model (``fields_get``'s ``aggregator``); the
    values of relation filters are read from ``filters[i]["value"]``, a list of
    ids (empty: no condition).
    """
    domain = [list(term) for term in definition.get("domain", [])]
    for global_filter in filters:
        matching = definition.get("fieldMatching", {}).get(global_filter["id"])
        if not matching or not matching.get("chain"):
            continue
        chain = matching["chain"]
        if global_filter["type"] == "date" and period:
            first, last = period
            if matching["type"] == "datetime":
                domain += [
                    [chain, ">=", datetime.combine(first, time.min)],
                    [chain, "<=", datetime.combine(last, time(23, 59, 59))],
                ]
            else:
                domain += [[chain, ">=", first], [chain, "<=", last]]
        elif global_filter["type"] == "relation" and global_filter.get("value"):
            domain.append([chain, "in", list(global_filter["value"])])
    rows = [
        f"{row['fieldName']}:{row['granularity']}"
        if row.get("granularity")
        else row["fieldName"]
        for row in definition.get("rows", [])
    ]
    grouping_sets = [rows[:level] for level in range(len(rows) + 1)]
    aggregates = [
        "__count"
        if measure["fieldName"] == "__count"
        else f"{measure['fieldName']}:"
        f"{measure.get('aggregator') or aggregators[measure['fieldName']]}"
        for measure in definition["measures"]
    ]
    if "__count" not in aggregates:
        aggregates.append("__count")
    return definition["model"], domain, grouping_sets, aggregates


def serialize(domain):
    """A domain as JSON carries it (dates and datetimes as Odoo's strings)."""
    return [
        [
            term[0],
            term[1],
            term[2].strftime("%Y-%m-%d %H:%M:%S")
            if isinstance(term[2], datetime)
            else term[2].isoformat()
            if isinstance(term[2], date)
            else term[2],
        ]
        for term in domain
    ]
