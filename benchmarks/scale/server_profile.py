"""Scale benchmark (issue 14), figure 7: where the server's time goes during a load
run, from the server's own log (not the clients' clocks, which add the time a
request waits for a free worker).

The load run's server logs every request (``werkzeug`` at INFO: path, status,
queries, seconds in SQL, seconds outside SQL) and every scheduled job
(``ir_cron`` at INFO: duration). ``profile(log, window)`` sums them over the
measured window, per operation (model and method) and per job; ``table.py``
prints the result under the table. Standard library only.

    .venv/bin/python benchmarks/scale/server_profile.py \\
        .bench/<run>/server-complaint.log "2026-12-02 05:00:00" "2026-12-02 05:05:00"
"""

import re
import statistics
import sys

REQUEST = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ \d+ INFO \S+ werkzeug: .*"
    r'"POST (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) \S+ '
    r"(?P<queries>\d+) (?P<sql>[\d.]+) (?P<python>[\d.]+)"
)
JOB = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ \d+ INFO \S+ "
    r"odoo\.addons\.base\.models\.ir_cron: Job '(?P<name>.+)' \(\d+\) (?P<status>.+?) "
    r"\(#loop \d+; done (?P<done>\d+); remaining \d+; duration (?P<seconds>[\d.]+)s\)"
)


def operation(path):
    """The model and method of a JSON-RPC path, else the path."""
    if path.startswith("/web/dataset/call_kw/"):
        return ".".join(path.split("#")[0].split("/")[4:6])
    return path


def profile(log_path, window):
    """{"ops": {op: figures}, "jobs": {name: figures}, "busy": seconds} of the
    requests that ended and the jobs that finished within ``window`` (two
    "YYYY-MM-DD HH:MM:SS" strings in the log's clock)."""
    start, end = window
    ops = {}
    jobs = {}
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = REQUEST.match(line)
            if match and start <= match["at"] <= end:
                if not match["path"].startswith("/web/dataset/call_kw/"):
                    continue  # logins, as the clients' own figures leave them out
                seconds = float(match["sql"]) + float(match["python"])
                op = ops.setdefault(
                    operation(match["path"]), {"times": [], "queries": 0, "sql": 0.0}
                )
                op["times"].append(seconds)
                op["queries"] += int(match["queries"])
                op["sql"] += float(match["sql"])
                continue
            match = JOB.match(line)
            if match and start <= match["at"] <= end:
                job = jobs.setdefault(match["name"], {"runs": 0, "seconds": 0.0})
                job["runs"] += 1
                job["seconds"] += float(match["seconds"])
    busy = sum(sum(o["times"]) for o in ops.values()) + sum(
        j["seconds"] for j in jobs.values()
    )
    figures = {}
    for name, op in ops.items():
        times = sorted(op["times"])
        count = len(times)
        figures[name] = {
            "count": count,
            "mean_ms": 1000 * statistics.fmean(times),
            "p95_ms": 1000 * times[min(count - 1, int(0.95 * count))],
            "queries": op["queries"] / count,
            "sql_share": op["sql"] / max(sum(times), 1e-9),
            "seconds": sum(times),
        }
    return {"ops": figures, "jobs": jobs, "busy": busy}


def lines(mode, prof, seconds):
    """The profile of one load run as printable lines."""
    ops = prof["ops"]
    requests = sum(o["count"] for o in ops.values())
    request_seconds = sum(o["seconds"] for o in ops.values())
    out = [
        f"{mode}: {requests} requests, {request_seconds:.1f} s of server time in "
        f"requests ({1000 * request_seconds / max(requests, 1):.1f} ms a request), "
        f"{sum(j['seconds'] for j in prof['jobs'].values()):.1f} s in scheduled "
        f"jobs, over {seconds:.0f} s",
        f"  {'operation':42} {'count':>6} {'mean ms':>9} {'p95 ms':>9} "
        f"{'queries':>8} {'SQL':>5} {'share':>6}",
    ]
    for name, op in sorted(ops.items(), key=lambda kv: -kv[1]["seconds"]):
        out.append(
            f"  {name:42} {op['count']:6} {op['mean_ms']:9.1f} {op['p95_ms']:9.1f} "
            f"{op['queries']:8.1f} {op['sql_share']:5.0%} "
            f"{op['seconds'] / max(prof['busy'], 1e-9):6.1%}"
        )
    for name, job in sorted(prof["jobs"].items(), key=lambda kv: -kv[1]["seconds"]):
        out.append(
            f"  job: {name[:37]:37} {job['runs']:6} runs, {job['seconds']:.1f} s "
            f"({job['seconds'] / max(prof['busy'], 1e-9):.1%})"
        )
    return out


if __name__ == "__main__":
    result = profile(sys.argv[1], (sys.argv[2], sys.argv[3]))
    print("\n".join(lines(sys.argv[1], result, 0)))
