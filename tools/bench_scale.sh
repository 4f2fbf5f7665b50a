#!/usr/bin/env bash
# `make bench-scale`: the scale benchmark of issue 14, on databases of its own. It prints one
# table (metric, value, baseline, ratio, target, met) and exits 0 whatever the figures: it
# reports, it does not judge. See README.md, "Scale benchmark".
#
# Settings (environment):
#   BENCH_SCALE (100000)        tickets in the full database (60 % complaints)
#   BENCH_CLONES (10)           the full database is this many copies of a history of
#                               BENCH_SCALE / BENCH_CLONES tickets built through the ORM, which
#                               is measured too (figures 2 and 4 at both sizes)
#   BENCH_DB_PREFIX (complaint_scale)   databases <prefix>_template, <prefix>_<size>, <prefix>_load
#   BENCH_HTTP_PORT (8075), BENCH_GEVENT_PORT (8079)   the load run's Odoo server
#   BENCH_WORKERS (4)           its HTTP workers (plus one cron worker)
#   BENCH_LOAD_CLIENTS (40), BENCH_LOAD_SECONDS (300), BENCH_LOAD_THINK (1.0 s)
#   BENCH_LOAD_REMEDIES (600)   remedies waiting for approval when the load run starts
#   BENCH_SKIP (unset)          comma-separated parts to skip: measure, load
#   BENCH_REPLICA (unset)       1: the complaint load run once more with a streaming replica of
#                               the cluster (tools/replica.sh, port BENCH_REPLICA_PORT, 5433) as
#                               the server's db_replica_host/port; prints the primary's and the
#                               replica's load from pg_stat_database with and without it; the
#                               replica is stopped and deleted at the end (BENCH_REPLICA_KEEP=1:
#                               left running, stop it with tools/replica.sh's replica_stop)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$ROOT/tools/common.sh"

bash "$ROOT/tools/setup.sh"
SCALE=${BENCH_SCALE:-100000}
CLONES=${BENCH_CLONES:-10}
BASE=$((SCALE / CLONES))
PREFIX=${BENCH_DB_PREFIX:-complaint_scale}
TEMPLATE_DB=${PREFIX}_template
BASE_DB=${PREFIX}_${BASE}
FULL_DB=${PREFIX}_${SCALE}
LOAD_DB=${PREFIX}_load
BENCH_HTTP_PORT=${BENCH_HTTP_PORT:-8075}
BENCH_GEVENT_PORT=${BENCH_GEVENT_PORT:-8079}
BENCH_WORKERS=${BENCH_WORKERS:-4}
SKIP=",${BENCH_SKIP:-},"
OUT="$ROOT/.bench/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"
FILESTORE="$ROOT/.data/filestore"
export BENCH_DIR="$ROOT/benchmarks" BENCH_RESULTS="$RESULTS" BENCH_CLONES="$CLONES"

db_exists() { psql -d postgres -lqtA | cut -d'|' -f1 | grep -qx "$1"; }
db_param() {
    psql -d "$1" -tAc "SELECT value FROM ir_config_parameter WHERE key = '$2'" 2>/dev/null || true
}
set_param() {
    psql -q -d "$1" -c "INSERT INTO ir_config_parameter (key, value) VALUES ('$2', '$3')
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
}
copy_db() {  # copy_db SOURCE TARGET: the database and its filestore
    dropdb --if-exists "$2"
    rm -rf "${FILESTORE:?}/$2"
    createdb -T "$1" "$2"
    if [ -d "$FILESTORE/$1" ]; then cp -r "$FILESTORE/$1" "$FILESTORE/$2"; fi
}
shell_step() {  # shell_step DATABASE STEP [VAR=value...]
    local db=$1 step=$2
    shift 2
    env "$@" BENCH_STEP="$step" "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell \
        -c "$ODOO_CONF" -d "$db" --no-http --log-level=warn <"$ROOT/benchmarks/scale/steps.py"
}
# The addon's source: a database built with other code is upgraded before it is measured.
SOURCE=$(cd "$ROOT" && find complaint_management -path '*/tests' -prune -o -type f \
    \( -name '*.py' -o -name '*.xml' -o -name '*.csv' \) -print | sort | xargs cat | sha256sum \
    | cut -c1-16)
upgrade_if_needed() {
    if [ "$(db_param "$1" complaint_bench.source)" != "$SOURCE" ]; then
        step "Upgrading complaint_management in '$1' (the addon changed)"
        odoo_bin -d "$1" -u complaint_management --stop-after-init --no-http --log-level=warn
        set_param "$1" complaint_bench.source "$SOURCE"
    fi
}

# 1. Databases: the addon installed, the history built through the ORM, then copied ---------
if ! db_exists "$TEMPLATE_DB"; then
    step "Creating '$TEMPLATE_DB' with complaint_management installed"
    odoo_bin -d "$TEMPLATE_DB" -i complaint_management --with-demo --stop-after-init --no-http --log-level=warn
    set_param "$TEMPLATE_DB" complaint_bench.source "$SOURCE"
fi
upgrade_if_needed "$TEMPLATE_DB"
if [ "$(db_param "$BASE_DB" complaint_bench.scale)" != "$BASE" ]; then
    if ! db_exists "$BASE_DB"; then copy_db "$TEMPLATE_DB" "$BASE_DB"; fi
    step "Building '$BASE_DB': $BASE tickets through the ORM (resumes where it stopped)"
    shell_step "$BASE_DB" populate BENCH_SCALE="$BASE"
else
    step "'$BASE_DB' is at $BASE tickets: reused"
    upgrade_if_needed "$BASE_DB"
fi
if [ "$(db_param "$FULL_DB" complaint_bench.scale)" != "$SCALE" ]; then
    step "Building '$FULL_DB': $CLONES copies of the history of '$BASE_DB'"
    copy_db "$BASE_DB" "$FULL_DB"
    shell_step "$FULL_DB" clone BENCH_SCALE="$SCALE"
else
    step "'$FULL_DB' is at $SCALE tickets: reused"
    upgrade_if_needed "$FULL_DB"
fi

# 2. Figures 1-6, each against its baseline ---------------------------------------------------
if [[ $SKIP != *,measure,* ]]; then
    step "Measuring at $BASE tickets"
    shell_step "$BASE_DB" measure BENCH_SCALE="$BASE" BENCH_MEASURE=create,escalation
    step "Measuring at $SCALE tickets"
    shell_step "$FULL_DB" measure BENCH_SCALE="$SCALE" BENCH_FULL=1
fi

# 3. Figure 7: the load run, on a copy of the full database, complaints then plain tickets ---
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT
REPLICA=${BENCH_REPLICA:-}
if [ -n "$REPLICA" ]; then
    # shellcheck source=tools/replica.sh
    . "$ROOT/tools/replica.sh"
    replica_start
    stop_all() {
        stop_server
        if [ -z "${BENCH_REPLICA_KEEP:-}" ]; then replica_stop; fi
    }
    trap stop_all EXIT
fi
load_run() {  # load_run MODE NAME [server options...]: one load run, its files named NAME
    local mode=$1 name=$2
    shift 2
    step "Load run on $mode tickets ($name): ${BENCH_LOAD_CLIENTS:-40} clients, ${BENCH_LOAD_SECONDS:-300} s"
    copy_db "$FULL_DB" "$LOAD_DB"
    shell_step "$LOAD_DB" load_setup BENCH_SCALE="$SCALE" BENCH_LOAD_MODE="$mode" \
        BENCH_LOAD_SPEC="$OUT/spec-$name.json"
    port_taken "$BENCH_HTTP_PORT" && die "Port $BENCH_HTTP_PORT is taken: set BENCH_HTTP_PORT."
    if [ -n "$REPLICA" ]; then
        replica_wait "$LOAD_DB"
        printf '{"primary_before": %s, "replica_before": %s' "$(pg_load "$LOAD_DB" "$DB_PORT")" \
            "$(pg_load "$LOAD_DB" "$REPLICA_PORT")" >"$OUT/pg-$name.json"
    fi
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$LOAD_DB" \
        --db-filter="^${LOAD_DB}\$" --http-interface=127.0.0.1 \
        --http-port="$BENCH_HTTP_PORT" --gevent-port="$BENCH_GEVENT_PORT" \
        --workers="$BENCH_WORKERS" --max-cron-threads=1 \
        --limit-time-real=600 --limit-time-cpu=300 \
        --log-level=warn --log-handler=werkzeug:INFO \
        --log-handler=odoo.addons.base.models.ir_cron:INFO \
        --logfile="$OUT/server-$name.log" "$@" &
    server_pid=$!
    "$VENV/bin/python" "$ROOT/benchmarks/scale/load.py" --mode "$mode" \
        --url "http://127.0.0.1:$BENCH_HTTP_PORT" --db "$LOAD_DB" \
        --spec "$OUT/spec-$name.json" --out "$OUT/load-$name.json" || true
    stop_server
    if [ -n "$REPLICA" ]; then
        sleep 2  # the backends' last statistics reach pg_stat_database
        printf ', "primary_after": %s, "replica_after": %s}\n' \
            "$(pg_load "$LOAD_DB" "$DB_PORT")" "$(pg_load "$LOAD_DB" "$REPLICA_PORT")" \
            >>"$OUT/pg-$name.json"
    fi
    shell_step "$LOAD_DB" load_check BENCH_SCALE="$SCALE" BENCH_LOAD_OUT="$OUT/load-$name.json"
    dropdb --if-exists "$LOAD_DB"
    rm -rf "${FILESTORE:?}/$LOAD_DB"
}
if [[ $SKIP != *,load,* ]]; then
    for mode in complaint plain; do
        load_run "$mode" "$mode"
    done
    if [ -n "$REPLICA" ]; then
        # the same complaint run, its read-only requests sent to the replica
        load_run complaint complaint-replica \
            --db_replica_host=127.0.0.1 --db_replica_port="$REPLICA_PORT"
    fi
fi

# 4. The table -------------------------------------------------------------------------------
step "Results (kept in $OUT)"
"$VENV/bin/python" "$ROOT/benchmarks/scale/table.py" "$OUT" | tee "$OUT/table.txt"
if [ -n "$REPLICA" ] && [ -f "$OUT/pg-complaint-replica.json" ]; then
    "$VENV/bin/python" "$ROOT/benchmarks/scale/replica_table.py" "$OUT" | tee "$OUT/replica.txt"
fi
exit 0
