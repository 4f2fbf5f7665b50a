"""The primary's load with and without a read replica (``BENCH_REPLICA=1 make
bench-scale``): the complaint load run twice, the second time with the server's
``db_replica_host``/``db_replica_port`` on a streaming replica of the cluster.

Reads ``pg-complaint.json`` and ``pg-complaint-replica.json`` (the load
database's ``pg_stat_database`` row on each server before and after the run,
tools/replica.sh ``pg_load``) and the two runs' ``load-*.json``; prints one table.
"""

import json
import sys
from pathlib import Path

FIGURES = (
    ("transactions", "transactions"),
    ("rows_read", "rows read (returned + fetched)"),
    ("blocks", "blocks touched (hit + read)"),
)


def delta(pg, server, key):
    return pg[f"{server}_after"][key] - pg[f"{server}_before"][key]


def main():
    run_dir = Path(sys.argv[1])
    runs = {}
    for name in ("complaint", "complaint-replica"):
        pg_path = run_dir / f"pg-{name}.json"
        load_path = run_dir / f"load-{name}.json"
        if not pg_path.exists() or not load_path.exists():
            sys.exit(f"{pg_path.name} or {load_path.name} is missing")
        runs[name] = (
            json.loads(pg_path.read_text()),
            json.loads(load_path.read_text()),
        )
    without_pg, without_load = runs["complaint"]
    with_pg, with_load = runs["complaint-replica"]
    rows = [("figure (complaint load run)", "no replica", "with replica", "ratio")]

    def add(label, before, after):
        ratio = f"{after / before:.2f}x" if before else "-"
        rows.append((label, f"{before:,}", f"{after:,}", ratio))

    add("requests served", without_load["requests"], with_load["requests"])
    add("errors", without_load["errors"], with_load["errors"])
    for key, label in FIGURES:
        add(
            f"primary: {label}",
            delta(without_pg, "primary", key),
            delta(with_pg, "primary", key),
        )
    for key, label in FIGURES:
        add(
            f"replica: {label}",
            delta(without_pg, "replica", key),
            delta(with_pg, "replica", key),
        )

    def per_request(pg, load):
        return delta(pg, "primary", "transactions") / max(load["requests"], 1)

    rows.append(
        (
            "primary: transactions per request",
            f"{per_request(without_pg, without_load):.2f}",
            f"{per_request(with_pg, with_load):.2f}",
            "",
        )
    )
    rows.append(
        (
            "latency p50 / p95 (s)",
            f"{without_load['p50'] or 0:.3f} / {without_load['p95'] or 0:.3f}",
            f"{with_load['p50'] or 0:.3f} / {with_load['p95'] or 0:.3f}",
            "",
        )
    )
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    print()
    print("Read replica: the load database's activity on each server")
    for index, row in enumerate(rows):
        print(
            "  ".join(
                str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )
        if index == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
