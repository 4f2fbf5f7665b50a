"""Scale benchmark (issue 14), figure 7: concurrent JSON-RPC clients against an Odoo
server in multi-worker mode, as the web client talks to it (a session cookie from
``/web/session/authenticate``, then ``/web/dataset/call_kw``).

Run by ``tools/bench_scale.sh``; alone:

    .venv/bin/python benchmarks/scale/load.py --mode complaint \\
        --url http://127.0.0.1:8075 --db <database> --spec <spec.json> \\
        --out <result.json>

Roles (``--clients``, default BENCH_LOAD_CLIENTS or 40): one manager opening the
Complaints dashboard (its pivots' requests), one approver in ten approving remedies,
the rest officers creating, updating and opening complaints. ``--mode plain`` runs
the same load on plain helpdesk tickets (the approvers move tickets between stages,
the manager groups tickets). Each client waits a random think time (mean
``--think`` s) between requests. Standard library only.
"""

import argparse
import http.cookiejar
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request

# A business refusal the server gives on purpose (two approvers on one remedy:
# the second is told it is decided): counted apart, not as an error.
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name


class Client:
    def __init__(self, url, db, login, timeout=300):
        self.url = url
        self.db = db
        self.login = login
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.ids = 0

    def post(self, path, params):
        self.ids += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "params": params, "id": self.ids}
        ).encode()
        request = urllib.request.Request(
            self.url + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=self.timeout) as response:
            reply = json.loads(response.read())
        if reply.get("error"):
            data = reply["error"].get("data") or {}
            raise RpcError(
                data.get("name", "error"), data.get("message", reply["error"])
            )
        return reply.get("result")

    def authenticate(self):
        return self.post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.login},
        )

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "en_US", "tz": "Europe/Brussels"})
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Run:
    """What every client records: (op, latency) of each request, errors, the
    complaints created, the remedies each was told it approved."""

    def __init__(self, args, spec):
        self.args = args
        self.spec = spec
        self.lock = threading.Lock()
        self.samples = []  # (op, seconds, outcome)
        self.created = []
        self.approved = []
        self.errors = []
        self.measuring = False
        self.stop = False

    def timed(self, op, func, *args, **kwargs):
        started = time.perf_counter()
        outcome = "ok"
        result = None
        try:
            result = func(*args, **kwargs)
        except RpcError as exc:
            outcome = "refused" if exc.name in REFUSALS else "error"
            if outcome == "error":
                with self.lock:
                    self.errors.append(f"{op}: {exc}"[:300])
        except (urllib.error.URLError, OSError, ValueError) as exc:
            outcome = "error"
            with self.lock:
                self.errors.append(f"{op}: {type(exc).__name__}: {exc}"[:300])
        elapsed = time.perf_counter() - started
        if self.measuring and op != "login":
            with self.lock:
                self.samples.append((op, elapsed, outcome))
        return outcome, result

    def think(self, rng):
        time.sleep(rng.uniform(0, 2 * self.args.think))


def ticket_vals(spec, rng, n):
    vals = {
        "name": f"Load {spec['mode']} {n}",
        "description": "<p>The customer called.</p>",
        "partner_id": rng.choice(spec["customers"][:50]),
        "product_id": rng.choice(spec["products"]),
    }
    if spec["mode"] == "plain":
        vals["team_id"] = rng.choice(spec["plain_teams"])
        return vals
    lot = rng.choice((100, 500, 1000))
    vals.update(
        team_id=rng.choice(spec["teams"]),
        defect_type_id=rng.choices(spec["defects"], spec.get("defect_weights"))[0],
        shipped_date=time.strftime("%Y-%m-%d", time.gmtime(time.time() - 8 * 86400)),
        shipped_qty=lot * 2,
        lot_qty=lot,
        defect_qty=rng.randint(1, lot // 10),
        detection_stage=rng.choice(("incoming", "production", "field")),
        lot_number=f"LOAD-{rng.randint(1, 999)}",
    )
    return vals


def officer(run, client, rng):
    spec = run.spec
    mine = []
    n = 0
    while not run.stop:
        roll = rng.random()
        if roll < 0.3:
            n += 1
            outcome, new_id = run.timed(
                "create", client.call, "helpdesk.ticket", "create",
                ticket_vals(spec, rng, n),
            )  # fmt: skip
            if outcome == "ok":
                mine.append(new_id)
                with run.lock:
                    run.created.append(new_id)
        elif roll < 0.6:
            target = rng.choice(mine or spec["open_ids"])
            if spec["mode"] == "complaint":
                vals = {
                    "lot_number": f"LOAD-{rng.randint(1, 999)}",
                    "customer_request": "Please replace them quickly.",
                    "stopped_customer_line": rng.random() < 0.2,
                }
            else:
                vals = {"priority": rng.choice("0123"), "description": "<p>More.</p>"}
            run.timed("update", client.call, "helpdesk.ticket", "write", [target], vals)
        elif roll < 0.8:
            run.timed(
                "list", client.call, "helpdesk.ticket", "web_search_read",
                spec["domain"], spec["list_spec"], offset=0, limit=80,
                order=spec["order"], count_limit=10001,
            )  # fmt: skip
        else:
            run.timed(
                "form", client.call, "helpdesk.ticket", "web_read",
                [rng.choice(spec["open_ids"])], spec["form_spec"],
            )  # fmt: skip
        run.think(rng)


def approver(run, client, rng):
    spec = run.spec
    while not run.stop:
        if spec["mode"] == "plain":
            target = rng.choice(spec["open_ids"])
            stage = rng.choice(
                (spec["stages"]["in_progress"], spec["stages"]["awaiting"])
            )
            run.timed(
                "decide", client.call, "helpdesk.ticket", "write", [target],
                {"stage_id": stage},
            )  # fmt: skip
            run.think(rng)
            continue
        outcome, pending = run.timed(
            "pending", client.call, "complaint.remedy", "search_read",
            [("state", "=", "to_approve")], ["id"], limit=30,
        )  # fmt: skip
        if outcome == "ok" and pending:
            remedy = rng.choice(pending)["id"]
            outcome, action = run.timed(
                "decide", client.call, "complaint.remedy", "validate_tier", [remedy]
            )
            if outcome == "ok" and isinstance(action, dict):
                context = action.get("context") or {}
                outcome, wizard = run.timed(
                    "decide", client.call, "comment.wizard", "create",
                    {"comment": "Receipt checked."}, context=context,
                )  # fmt: skip
                if outcome == "ok":
                    outcome, _res = run.timed(
                        "decide", client.call, "comment.wizard", "add_comment",
                        [wizard], context=context,
                    )  # fmt: skip
            if outcome == "ok":
                with run.lock:
                    run.approved.append(remedy)
        run.think(rng)


def manager(run, client, rng):
    """Complaint mode: the manager opens the Complaints dashboard of the
    Dashboards app, whose pivots each send one ``formatted_read_grouping_sets``
    on an analysis model (``spec["dashboard"]``). Plain mode: a helpdesk
    manager's group-bys of tickets."""
    spec = run.spec
    if spec["mode"] == "complaint":
        requests = [(r["model"], "formatted_read_grouping_sets", r["args"])
                    for r in spec["dashboard"]]  # fmt: skip
    else:
        requests = [
            ("helpdesk.ticket", "formatted_read_group", [spec["domain"], groupby,
                                                         ["__count"]])
            for groupby in (
                ["stage_id", "create_date:month"],
                ["team_id", "priority"],
                ["user_id"],
            )
        ]  # fmt: skip
    while not run.stop:
        for model, method, args in requests:
            run.timed("dashboard", client.call, model, method, *args)
        run.think(rng)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=("complaint", "plain"), default="complaint")
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--out", required=True)
    env = os.environ.get
    parser.add_argument(
        "--clients", type=int, default=int(env("BENCH_LOAD_CLIENTS", "40"))
    )
    parser.add_argument(
        "--seconds", type=float, default=float(env("BENCH_LOAD_SECONDS", "300"))
    )
    parser.add_argument(
        "--think", type=float, default=float(env("BENCH_LOAD_THINK", "1.0"))
    )
    parser.add_argument(
        "--warmup", type=float, default=float(env("BENCH_LOAD_WARMUP", "20"))
    )
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    run = Run(args, spec)

    # The server is up once it answers; every worker loads the registry on its
    # first requests, which the warm-up (not measured) absorbs.
    deadline = time.time() + 180
    while True:
        try:
            Client(args.url, args.db, "x").post("/web/webclient/version_info", {})
            break
        except (urllib.error.URLError, OSError, RpcError):
            if time.time() > deadline:
                sys.exit("the Odoo server did not answer within 180 s")
            time.sleep(1)

    approvers = max(1, args.clients // 10)
    roles = ["manager"] + ["approver"] * approvers
    roles += ["officer"] * (args.clients - len(roles))
    logins = {
        "officer": spec["users"]["officer"],
        "approver": spec["users"]["approver"] + spec["users"]["store"],
        "manager": spec["users"]["qa_manager"],
    }
    if spec["mode"] == "plain":
        # the same people on the plain helpdesk teams (they are members); the
        # approvers' share moves tickets between stages
        logins["approver"] = spec["users"]["officer"]
    loops = {"officer": officer, "approver": approver, "manager": manager}
    counts = {}
    threads = []
    for n, role in enumerate(roles):
        login = logins[role][counts.get(role, 0) % len(logins[role])]
        counts[role] = counts.get(role, 0) + 1
        rng = random.Random(n)

        def work(role=role, login=login, rng=rng):
            client = Client(args.url, args.db, login)
            for _attempt in range(5):
                outcome, _res = run.timed("login", client.authenticate)
                if outcome == "ok":
                    break
                time.sleep(2)
            loops[role](run, client, rng)

        threads.append(threading.Thread(target=work, daemon=True))
    for thread in threads:
        thread.start()
    time.sleep(args.warmup)
    with run.lock:
        run.errors.clear()
    run.measuring = True
    started = time.time()
    time.sleep(args.seconds)
    run.measuring = False
    elapsed = time.time() - started
    run.stop = True
    for thread in threads:
        thread.join(timeout=120)

    def stats(samples):
        times = sorted(s[1] for s in samples if s[2] != "error")
        if not times:
            return {"count": len(samples), "p50": None, "p95": None}
        return {
            "count": len(samples),
            "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
        }

    per_op = {}
    for op in sorted({s[0] for s in run.samples}):
        per_op[op] = stats([s for s in run.samples if s[0] == op])
        per_op[op]["errors"] = sum(
            1 for s in run.samples if s[0] == op and s[2] == "error"
        )
        per_op[op]["refused"] = sum(
            1 for s in run.samples if s[0] == op and s[2] == "refused"
        )
    result = {
        "mode": args.mode,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        # the measured window in the server log's clock (same machine, local time):
        # benchmarks/scale/server_profile.py reads the server's own figures within it
        "window": [
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started + elapsed)),
        ],
        "requests": len(run.samples),
        "errors": sum(1 for s in run.samples if s[2] == "error"),
        "refused": sum(1 for s in run.samples if s[2] == "refused"),
        "error_samples": run.errors[:20],
        **{k: v for k, v in stats(run.samples).items() if k != "count"},
        "per_op": per_op,
        "created": run.created,
        "approved": run.approved,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out)
    print(
        f"  {args.mode}: {result['requests']} requests in {elapsed:.0f} s, "
        f"{result['errors']} errors, {result['refused']} refused, "
        f"p50 {result['p50'] or 0:.3f} s, p95 {result['p95'] or 0:.3f} s"
    )
    for op, figures in per_op.items():
        print(
            f"    {op:10} {figures['count']:6} requests, "
            f"p50 {figures['p50'] or 0:.3f} s, "
            f"p95 {figures['p95'] or 0:.3f} s, {figures['errors']} errors, "
            f"{figures['refused']} refused"
        )
    for line in run.errors[:5]:
        print(f"    error: {line}")


if __name__ == "__main__":
    main()
