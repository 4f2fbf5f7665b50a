"""Scale benchmark (issue 14): the one table, from the figures of a run.

    .venv/bin/python benchmarks/scale/table.py .bench/<run>

reads ``results.jsonl`` (the steps' figures) and ``load-*.json`` (the load runs)
of that directory. A figure is reported, never asserted: the exit code is 0.
"""

import json
import sys
from pathlib import Path

HEADER = ("#", "metric", "value", "baseline", "ratio", "target", "met")


def fmt(value, unit=""):
    if value is None:
        return "-"
    if isinstance(value, float):
        value = f"{value:,.3f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.1f}"
    return f"{value} {unit}".strip()


def met(flag):
    return "-" if flag is None else ("yes" if flag else "NO")


def rows_of(run_dir):
    figures = []
    path = run_dir / "results.jsonl"
    if path.exists():
        figures = [json.loads(line) for line in path.read_text().splitlines() if line]
    rows = []
    escalation = [f for f in figures if f.get("id") == "4"]
    for fig in figures:
        fid = fig.get("id")
        if fid == "4" or fid == "7check":
            continue
        if fig.get("na"):
            rows.append((fid, fig["metric"], fig["na"], "", "", "", ""))
            continue
        unit = fig.get("unit", "")
        label = fig["metric"]
        if fid in ("0", "0b") and fig.get("note"):
            label += f" ({fig['note']})"
        rows.append(
            (
                fid,
                label,
                fmt(fig.get("value"), unit),
                fmt(fig.get("baseline"), unit),
                fmt(fig.get("ratio")),
                fig.get("target", ""),
                met(fig.get("met")),
            )
        )
    if escalation:
        small, large = escalation[0], escalation[-1]
        for fig in escalation:
            rows.append(
                (
                    "4",
                    f"escalation job at {fig['scale']} tickets: {fig['open']} open "
                    f"complaints in {fig['seconds']} s ({fig['queries']} queries)",
                    fmt(fig["value"], "complaints/s"),
                    "",
                    "",
                    "",
                    "",
                )
            )
        if small is not large:
            # time per open complaint at the large scale over that at the small one
            per_small = small["seconds"] / max(small["open"], 1)
            per_large = large["seconds"] / max(large["open"], 1)
            growth = per_large / per_small
            rows.append(
                (
                    "4",
                    f"escalation: time per open complaint, {large['scale']} vs "
                    f"{small['scale']} tickets",
                    fmt(per_large * 1000, "ms"),
                    fmt(per_small * 1000, "ms"),
                    fmt(growth),
                    "≤ 1.2 (linear)",
                    met(growth <= 1.2),
                )
            )
    loads = {}
    for mode in ("complaint", "plain"):
        path = run_dir / f"load-{mode}.json"
        if path.exists():
            loads[mode] = json.loads(path.read_text())
    checks = {f["mode"]: f for f in figures if f.get("id") == "7check"}
    c, p = loads.get("complaint"), loads.get("plain")
    if c:
        head = f"load, {c['clients']} clients, {c['seconds']:.0f} s"
        base = p or {}
        rows.append(("7", f"{head}: requests served", fmt(c["requests"]),
                     fmt(base.get("requests")), ratio(c["requests"], base.get("requests")),
                     "", ""))  # fmt: skip
        rows.append(("7", "load: errors (refused on purpose apart: "
                     f"{c['refused']} vs {base.get('refused', '-')})",
                     fmt(c["errors"]), fmt(base.get("errors")), "", "0",
                     met(c["errors"] == 0)))  # fmt: skip
        for key in ("p50", "p95"):
            value, baseline = c.get(key), base.get(key)
            r = ratio(value, baseline)
            target = "≤ 1.5" if key == "p95" else ""
            flag = None
            if key == "p95" and value and baseline:
                flag = value / baseline <= 1.5
            rows.append(("7", f"load: {key} latency", fmt(value and value * 1000, "ms"),
                         fmt(baseline and baseline * 1000, "ms"), r, target, met(flag)))  # fmt: skip
        for op, figures in sorted(c["per_op"].items()):
            base_op = base.get("per_op", {}).get(op, {})
            rows.append(("7", f"  {op}: {figures['count']} requests, p95",
                         fmt(figures["p95"] and figures["p95"] * 1000, "ms"),
                         fmt(base_op.get("p95") and base_op["p95"] * 1000, "ms"),
                         ratio(figures["p95"], base_op.get("p95")), "", ""))  # fmt: skip
    check = checks.get("complaint")
    if check:
        rows.append(("7", f"after the load: complaints created ({check['created']}) lost "
                     "or without deadlines", fmt(check["lost"] + check["without_deadlines"]),
                     "", "", "0", met(check["lost"] + check["without_deadlines"] == 0)))  # fmt: skip
        rows.append(("7", f"after the load: remedies approved twice (of {check['approved']} "
                     f"approved, {check['told_approved']} told)", fmt(check["doubled"]),
                     "", "", "0", met(check["doubled"] == 0 and
                                      not check["told_but_not_approved"])))  # fmt: skip
    plain_check = checks.get("plain")
    if plain_check:
        rows.append(("7", f"after the plain load: tickets created ({plain_check['created']}) "
                     "lost", fmt(plain_check["lost"]), "", "", "0",
                     met(plain_check["lost"] == 0)))  # fmt: skip
    for fid in ("5", "6"):
        if not any(r[0].startswith(fid) for r in rows):
            rows.append((fid, "(reports)", "not available", "", "", "", ""))
    order = {"0": 0, "0b": 0, "1": 1, "2": 2, "3a": 3, "3b": 3, "4": 4, "5": 5, "6": 6, "7": 7}
    rows.sort(key=lambda r: order.get(r[0], order.get(r[0][:1], 9)))
    return rows


def ratio(value, baseline):
    if not value or not baseline:
        return "-"
    return fmt(value / baseline)


def main():
    run_dir = Path(sys.argv[1])
    rows = [HEADER, *rows_of(run_dir)]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(HEADER))]
    for n, row in enumerate(rows):
        print("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if not n:
            print("  ".join("-" * w for w in widths))
    for mode in ("complaint", "plain"):
        path = run_dir / f"load-{mode}.json"
        if path.exists():
            samples = json.loads(path.read_text()).get("error_samples")
            for line in samples[:5]:
                print(f"{mode} load error: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
