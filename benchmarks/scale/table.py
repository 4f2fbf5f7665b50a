"""Scale benchmark (issue 14): the one table, from the figures of a run.

    .venv/bin/python benchmarks/scale/table.py .bench/<run>

reads ``results.jsonl`` (the steps' figures) and ``load-*.json`` (the load runs)
of that directory. A figure is reported, never asserted: the exit code is 0.
"""

import json
import sys
from pathlib import Path

from server_profile import lines as profile_lines
from server_profile import profile

HEADER = ("#", "metric", "value", "baseline", "ratio", "target", "met")


def fmt(value, unit=""):
    if value is None:
        return "-"
    if isinstance(value, float):
        value = (
            f"{value:,.3f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.1f}"
        )
    return f"{value} {unit}".strip()


def met(flag):
    return "-" if flag is None else ("yes" if flag else "NO")


def figure_rows(figures):
    rows = []
    for fig in figures:
        fid = fig.get("id")
        if fid in ("4", "7check"):
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
    return rows


def escalation_rows(figures):
    escalation = [f for f in figures if f.get("id") == "4"]
    rows = []
    for fig in escalation:
        label = (
            f"escalation job at {fig['scale']} tickets: {fig['open']} open "
            f"complaints in {fig['seconds']} s ({fig['queries']} queries)"
        )
        rows.append(("4", label, fmt(fig["value"], "complaints/s"), "", "", "", ""))
    if len(escalation) > 1:
        small, large = escalation[0], escalation[-1]
        # time per open complaint at the large scale over that at the small one
        per_small = small["seconds"] / max(small["open"], 1)
        per_large = large["seconds"] / max(large["open"], 1)
        growth = per_large / per_small
        label = (
            f"escalation: time per open complaint, {large['scale']} vs "
            f"{small['scale']} tickets"
        )
        rows.append(
            (
                "4",
                label,
                fmt(per_large * 1000, "ms"),
                fmt(per_small * 1000, "ms"),
                fmt(growth),
                "≤ 1.2 (linear)",
                met(growth <= 1.2),
            )
        )
    return rows


def load_rows(c, base, run_dir):
    head = f"load, {c['clients']} clients, {c['seconds']:.0f} s"
    rows = [
        (
            "7",
            f"{head}: requests served",
            fmt(c["requests"]),
            fmt(base.get("requests")),
            ratio(c["requests"], base.get("requests")),
            "",
            "",
        ),
        (
            "7",
            "load: errors (refused on purpose apart: "
            f"{c['refused']} vs {base.get('refused', '-')})",
            fmt(c["errors"]),
            fmt(base.get("errors")),
            "",
            "0",
            met(c["errors"] == 0),
        ),
    ]
    profiles = server_profiles(run_dir)
    if len(profiles) == 2:
        per_request = {}
        for mode, (prof, _seconds) in profiles.items():
            ops = prof["ops"].values()
            count = sum(o["count"] for o in ops)
            per_request[mode] = sum(o["seconds"] for o in ops) / max(count, 1)
        rows.append(
            (
                "7",
                "load: server time per request (mean, from the server log)",
                fmt(per_request["complaint"] * 1000, "ms"),
                fmt(per_request["plain"] * 1000, "ms"),
                ratio(per_request["complaint"], per_request["plain"]),
                "",
                "",
            )
        )
    for key in ("p50", "p95"):
        value, baseline = c.get(key), base.get(key)
        flag = None
        if key == "p95" and value and baseline:
            flag = value / baseline <= 1.5
        rows.append(
            (
                "7",
                f"load: {key} latency",
                fmt(value and value * 1000, "ms"),
                fmt(baseline and baseline * 1000, "ms"),
                ratio(value, baseline),
                "≤ 1.5" if key == "p95" else "",
                met(flag),
            )
        )
    for op, figures in sorted(c["per_op"].items()):
        base_op = base.get("per_op", {}).get(op, {})
        rows.append(
            (
                "7",
                f"  {op}: {figures['count']} requests, p95",
                fmt(figures["p95"] and figures["p95"] * 1000, "ms"),
                fmt(base_op.get("p95") and base_op["p95"] * 1000, "ms"),
                ratio(figures["p95"], base_op.get("p95")),
                "",
                "",
            )
        )
    return rows


def check_rows(checks):
    rows = []
    check = checks.get("complaint")
    if check:
        missing = check["lost"] + check["without_deadlines"]
        rows.append(
            (
                "7",
                f"after the load: complaints created ({check['created']}) lost or "
                "without deadlines",
                fmt(missing),
                "",
                "",
                "0",
                met(missing == 0),
            )
        )
        rows.append(
            (
                "7",
                f"after the load: remedies approved twice (of {check['approved']} "
                f"approved, {check['told_approved']} told)",
                fmt(check["doubled"]),
                "",
                "",
                "0",
                met(check["doubled"] == 0 and not check["told_but_not_approved"]),
            )
        )
    plain = checks.get("plain")
    if plain:
        rows.append(
            (
                "7",
                f"after the plain load: tickets created ({plain['created']}) lost",
                fmt(plain["lost"]),
                "",
                "",
                "0",
                met(plain["lost"] == 0),
            )
        )
    return rows


def rows_of(run_dir):
    figures = []
    path = run_dir / "results.jsonl"
    if path.exists():
        figures = [json.loads(line) for line in path.read_text().splitlines() if line]
    rows = figure_rows(figures) + escalation_rows(figures)
    loads = {}
    for mode in ("complaint", "plain"):
        path = run_dir / f"load-{mode}.json"
        if path.exists():
            loads[mode] = json.loads(path.read_text())
    if loads.get("complaint"):
        rows += load_rows(loads["complaint"], loads.get("plain") or {}, run_dir)
    rows += check_rows({f["mode"]: f for f in figures if f.get("id") == "7check"})
    for fid in ("5", "6"):
        if not any(r[0].startswith(fid) for r in rows):
            rows.append((fid, "(reports)", "not available", "", "", "", ""))
    order = {"0": 0, "0b": 0, "1": 1, "2": 2, "3a": 3, "3b": 3, "4": 4}
    rows.sort(key=lambda r: order.get(r[0], int(r[0][:1]) if r[0][:1].isdigit() else 9))
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
        print(
            "  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        )
        if not n:
            print("  ".join("-" * w for w in widths))
    for mode in ("complaint", "plain"):
        path = run_dir / f"load-{mode}.json"
        if path.exists():
            samples = json.loads(path.read_text()).get("error_samples")
            for line in samples[:5]:
                print(f"{mode} load error: {line}")
    profiles = server_profiles(run_dir)
    if profiles:
        print()
        print("Figure 7, where the server's time goes (its own log, measured window):")
        for mode, (prof, seconds) in profiles.items():
            print("\n".join(profile_lines(mode, prof, seconds)))
    return 0


def server_profiles(run_dir):
    """{mode: (profile, seconds)} of the load runs whose server log is kept."""
    profiles = {}
    for mode in ("complaint", "plain"):
        load = run_dir / f"load-{mode}.json"
        log = run_dir / f"server-{mode}.log"
        if load.exists() and log.exists():
            data = json.loads(load.read_text())
            if data.get("window"):
                profiles[mode] = (profile(log, data["window"]), data["seconds"])
    return profiles


if __name__ == "__main__":
    sys.exit(main())
