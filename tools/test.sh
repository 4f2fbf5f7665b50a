#!/usr/bin/env bash
# `make test`: set-up, then every test of complaint_management on a fresh database, the
# install/uninstall checks and the linters. Exits non-zero on any failure, error, skipped test,
# warning of Odoo's about complaint_management, or lint finding. Ends with one line
# `N passed, N failed, N skipped` computed from Odoo's own test results.
#
# The machine's cores are used at once (a run is mostly waiting: on PostgreSQL, on the browser):
# the addon is installed once with demo data; the database is copied (createdb -T, the filestore
# hard-linked) and the tests run in TEST_SHARDS Odoo processes side by side, each on its copy and
# its HTTP port, each test class in exactly one of them; the translation checks (on a copy), the
# install-without-demo/uninstall check and the linters run beside them, at a lower priority.
# Every check is the one of a serial run, and each fails the command as before.
#
# Settings (environment): TEST_DB (complaint_test), TEST_HTTP_PORT (8169; the second process
# uses the next port), TEST_TAGS (/complaint_management; a selection runs in one process),
# TEST_SHARDS (2; 1 runs the tests in one process; the stock bridge's process uses the
# port after the second), SKIP_LINT=1 and SKIP_INSTALL_CHECKS=1 to
# shorten a local run.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$ROOT/tools/common.sh"

bash "$ROOT/tools/setup.sh" || exit 1

TEST_DB=${TEST_DB:-complaint_test}
TEST_HTTP_PORT=${TEST_HTTP_PORT:-8169}
TEST_TAGS=${TEST_TAGS:-/complaint_management}
LOGDIR="$ROOT/.test-logs"
mkdir -p "$LOGDIR"
problems=()

TEST_SHARDS=${TEST_SHARDS:-2}
# A selection of tests (TEST_TAGS set) is run as asked, in one process.
[ "$TEST_TAGS" = /complaint_management ] || TEST_SHARDS=1
[ "$TEST_SHARDS" = 1 ] || TEST_SHARDS=2
for shard in $(seq 1 "$TEST_SHARDS"); do
    port=$((TEST_HTTP_PORT + shard - 1))
    port_taken "$port" && die "Port $port is taken, and the browser tests need it.
Stop what listens there, or run with TEST_HTTP_PORT=<a free port> (the tests use it and the next)."
done
# The classes that run in the second process: about half of the run's time (measured on two
# cores: the JSON-RPC attempts of TestComplaintApprovalRpc take 4-5 minutes, the first process's
# 281 tests as long); every other test, a new one included, runs in the first. A class renamed
# here runs in the first.
SHARD_2_CLASSES="TestComplaintApprovalRpc TestComplaintSupplierPortal"
shard_tags() {
    local tags="" class
    if [ "$TEST_SHARDS" = 1 ]; then
        echo "$TEST_TAGS"
        return
    fi
    for class in $SHARD_2_CLASSES; do
        if [ "$1" = 1 ]; then
            tags="$tags,-/complaint_management:$class"
        else
            tags="$tags,/complaint_management:$class"
        fi
    done
    if [ "$1" = 1 ]; then
        echo "/complaint_management$tags"
    else
        echo "${tags#,}"
    fi
}
shard_db() { if [ "$1" = 1 ]; then echo "$TEST_DB"; else echo "${TEST_DB}_$1"; fi; }
# A copy of the database $TEST_DB (just installed, no connection open) and of its filestore.
copy_db() {
    local try
    dropdb --if-exists "$1" 2>/dev/null || return 1
    # (retried: a connection still closing, or the autovacuum, may hold the database a moment)
    for try in 1 2 3; do
        createdb -T "$TEST_DB" "$1" 2>>"$LOGDIR/copy-db.log" && break
        [ "$try" = 3 ] && return 1
        sleep 3
    done
    local data_dir="$ROOT/.data/filestore"
    rm -rf "${data_dir:?}/$1"
    if [ -d "$data_dir/$TEST_DB" ]; then
        cp -al "$data_dir/$TEST_DB" "$data_dir/$1" 2>/dev/null \
            || cp -a "$data_dir/$TEST_DB" "$data_dir/$1"
    fi
}
drop_copy() {
    dropdb --if-exists "$1" >/dev/null 2>&1
    rm -rf "${ROOT:?}/.data/filestore/$1"
}
# (in a subshell: it and what it starts give way to the tests)
lower_priority() { renice -n 10 -p "$BASHPID" >/dev/null 2>&1 || true; }

# What a log line of Odoo's looks like: 'date time pid LEVEL db logger: message'.
show_important() {
    grep --line-buffered -E " (ERROR|CRITICAL|WARNING) |FAIL:|ERROR:|tests when loading database|\
Starting (post|at_install) tests|running [0-9]+ tests|skipped " || true
}

# Warnings whose logger or message (not the database name) speaks of our addon, its models
# or its fields.
own_warnings() {
    grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ WARNING " "$1" | cut -d' ' -f6- | grep -i "complaint" || true
}

# Checks that run beside the tests write their findings (one a line) to $LOGDIR/*.problems and
# what they show to $LOGDIR/*.out; both are printed once the tests are over, in this order.
rm -f "$LOGDIR"/*.problems "$LOGDIR"/*.out

# 3. Installs without demo data and uninstalls cleanly (beside the rest, on its own database) --
install_checks() {
    local db2="${TEST_DB}_nodemo" log2="$LOGDIR/install-uninstall.log" state
    dropdb --if-exists "$db2" 2>/dev/null
    if odoo_bin -d "$db2" --db-filter="^$db2\$" -i complaint_management --stop-after-init \
            --no-http --log-level=warn >"$log2" 2>&1 \
        && "$VENV/bin/python" "$ODOO_SRC/odoo-bin" module uninstall -c "$ODOO_CONF" -d "$db2" \
            complaint_management >>"$log2" 2>&1; then
        if grep -E " (ERROR|CRITICAL) " "$log2" >/dev/null \
                || [ -n "$(own_warnings "$log2")" ]; then
            echo "install without demo / uninstall logged errors or warnings (see $log2)"
        fi
        state=$(psql -tAc "SELECT state FROM ir_module_module WHERE name='complaint_management'" "$db2")
        [ "$state" = uninstalled ] || echo "uninstall left the module '$state' (see $log2)"
    else
        echo "install without demo data or uninstall failed (see $log2)"
    fi
    dropdb --if-exists "$db2" 2>/dev/null
}
jobs_pids=()
if [ "${SKIP_INSTALL_CHECKS:-0}" != 1 ]; then
    step "Installing without demo data, then uninstalling, in '${TEST_DB}_nodemo' (beside the tests)"
    (lower_priority; install_checks) >"$LOGDIR/3-install.problems" 2>"$LOGDIR/3-install.out" &
    jobs_pids+=($!)
fi

# 4. Linters (beside the rest) -----------------------------------------------------------------
if [ "${SKIP_LINT:-0}" != 1 ]; then
    step "Linting (pre-commit: ruff, pylint-odoo, OCA checks) (beside the tests)"
    (
        lower_priority
        if ! PATH="$VENV/bin:$PATH" "$VENV/bin/pre-commit" run --all-files --show-diff-on-failure \
                --color never >"$LOGDIR/lint.log" 2>&1; then
            grep -vE "Passed$|Skipped$" "$LOGDIR/lint.log" | head -n 60 >"$LOGDIR/4-lint.out"
            echo "the linters found problems (see $LOGDIR/lint.log)" >"$LOGDIR/4-lint.problems"
        fi
    ) &
    jobs_pids+=($!)
fi

# 5. The stock bridge (complaint_management_stock): installed with Odoo's inventory on a
# database of its own, its tests run in the process that installs it (beside the rest) ------
STOCK_DB="${TEST_DB}_stock"
stock_log="$LOGDIR/test-stock.log"
stock_pid=""
if [ "$TEST_TAGS" = /complaint_management ]; then
    step "Installing the stock bridge and running its tests on '$STOCK_DB' (beside the tests)"
    drop_copy "$STOCK_DB"
    (
        lower_priority
        exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$STOCK_DB" \
            --db-filter="^$STOCK_DB\$" -i complaint_management_stock --with-demo --test-enable \
            --test-tags /complaint_management_stock --stop-after-init \
            --http-port "$((TEST_HTTP_PORT + 2))" --log-level=info
    ) >"$stock_log" 2>&1 &
    stock_pid=$!
fi

# 1. The addon's tests, on a fresh database with demo data ----------------------------------
step "Creating a fresh database '$TEST_DB' with demo data"
for shard in $(seq 2 "$TEST_SHARDS"); do drop_copy "$(shard_db "$shard")"; done
drop_copy "${TEST_DB}_i18n"
dropdb --if-exists "$TEST_DB" || die "Cannot drop the database $TEST_DB (is it in use?)."
log="$LOGDIR/test.log"
: >"$log"
odoo_bin -d "$TEST_DB" --db-filter="^$TEST_DB\$" -i complaint_management --with-demo \
    --stop-after-init --no-http --log-level=info >"$log" 2>&1 &
odoo_pid=$!
tail -n +1 -f --pid="$odoo_pid" "$log" | show_important
wait "$odoo_pid"
rc=$?
[ "$rc" = 0 ] || problems+=("Odoo exited with status $rc while installing (see $log)")

# 2. Translations complete (on a copy of the fresh database, beside the tests) ---------------
translation_checks() {
    local db="${TEST_DB}_i18n" pot="$LOGDIR/complaint_management.pot" po
    local hd_pot="$LOGDIR/helpdesk.pot" extra="$ROOT/complaint_management/i18n_extra"
    # Every term of the installed addon in every i18n/*.po, ...
    if "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$db" -o "$pot" \
            complaint_management >"$LOGDIR/i18n.log" 2>&1; then
        for po in "$ROOT"/complaint_management/i18n/zh_CN.po "$ROOT"/complaint_management/i18n/zh_TW.po; do
            if [ ! -f "$po" ]; then
                echo "no translation file $po"
                continue
            fi
            msgfmt -c --check-format -o /dev/null "$po" 2>>"$LOGDIR/i18n.log" \
                || echo "$(basename "$po") is not valid (see $LOGDIR/i18n.log)"
        done
        if ! "$VENV/bin/python" "$ROOT/tools/check_translations.py" "$pot" \
                "$ROOT"/complaint_management/i18n/zh_CN.po "$ROOT"/complaint_management/i18n/zh_TW.po \
                >>"$LOGDIR/i18n.log"; then
            grep -A5 "untranslated" "$LOGDIR/i18n.log" >&2
            echo "terms are untranslated: run 'make i18n' and translate them (see $LOGDIR/i18n.log)"
        fi
    else
        echo "could not export the terms to translate (see $LOGDIR/i18n.log)"
    fi
    # ... and every term of helpdesk_mgmt and helpdesk_product that a complaint user meets
    # (their records' terms) in complaint_management/i18n_extra/*.po (tools/i18n_extra.py).
    if "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$db" \
            -o "$hd_pot" helpdesk_mgmt helpdesk_product >>"$LOGDIR/i18n.log" 2>&1 \
        && "$VENV/bin/python" "$ROOT/tools/i18n_extra.py" filter "$hd_pot" >>"$LOGDIR/i18n.log" 2>&1; then
        for po in "$extra"/zh_CN.po "$extra"/zh_TW.po; do
            if [ ! -f "$po" ]; then
                echo "no translation file $po"
                continue
            fi
            msgfmt -c --check-format -o /dev/null "$po" 2>>"$LOGDIR/i18n.log" \
                || echo "i18n_extra/$(basename "$po") is not valid (see $LOGDIR/i18n.log)"
        done
        if ! "$VENV/bin/python" "$ROOT/tools/check_translations.py" "$hd_pot" \
                "$extra"/zh_CN.po "$extra"/zh_TW.po >>"$LOGDIR/i18n.log"; then
            grep -A5 "untranslated" "$LOGDIR/i18n.log" >&2
            echo "helpdesk terms are untranslated: run 'make i18n' and translate them in \
complaint_management/i18n_extra (see $LOGDIR/i18n.log)"
        fi
    else
        echo "could not export the helpdesk terms (see $LOGDIR/i18n.log)"
    fi
    drop_copy "$db"
}

logs=("$log")
if [ "$rc" = 0 ]; then
    for shard in $(seq 2 "$TEST_SHARDS"); do
        copy_db "$(shard_db "$shard")" \
            || problems+=("cannot copy the database $TEST_DB to $(shard_db "$shard")")
    done
    step "Checking that every term is translated in complaint_management/i18n/*.po and the \
helpdesk terms in complaint_management/i18n_extra/*.po (beside the tests)"
    if copy_db "${TEST_DB}_i18n"; then
        (lower_priority; translation_checks) >"$LOGDIR/2-i18n.problems" 2>"$LOGDIR/2-i18n.out" &
        jobs_pids+=($!)
    else
        problems+=("cannot copy the database $TEST_DB to ${TEST_DB}_i18n")
    fi

    # The tests, in TEST_SHARDS processes side by side (post_install tests of the installed
    # addon, as in the process that installed it).
    shard_pids=()
    for shard in $(seq 1 "$TEST_SHARDS"); do
        db=$(shard_db "$shard")
        shard_log="$log"
        [ "$shard" = 1 ] || shard_log="$LOGDIR/test-$shard.log"
        [ "$shard" = 1 ] || logs+=("$shard_log")
        [ "$shard" = 1 ] || : >"$shard_log"
        tags=$(shard_tags "$shard")
        step "Running the tests tagged $tags on '$db'"
        odoo_bin -d "$db" --db-filter="^$db\$" --test-enable --test-tags "$tags" \
            --stop-after-init --http-port "$((TEST_HTTP_PORT + shard - 1))" \
            --log-level=info >>"$shard_log" 2>&1 &
        shard_pids+=($!)
        tail -n 0 -f --pid="$!" "$shard_log" | show_important &
    done
    for index in "${!shard_pids[@]}"; do
        wait "${shard_pids[$index]}"
        rc=$?
        [ "$rc" = 0 ] || problems+=("Odoo exited with status $rc (see ${logs[$index]})")
    done
    for shard in $(seq 2 "$TEST_SHARDS"); do drop_copy "$(shard_db "$shard")"; done
fi
if [ -n "$stock_pid" ]; then
    wait "$stock_pid"
    rc=$?
    [ "$rc" = 0 ] || problems+=("Odoo exited with status $rc on the stock bridge (see $stock_log)")
    show_important <"$stock_log"
    logs+=("$stock_log")
    drop_copy "$STOCK_DB"
fi

failed=0 errors=0 total=0 skipped=0
for shard_log in "${logs[@]}"; do
    result=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" \
        "$shard_log" | tail -n 1)
    if [ -z "$result" ]; then
        problems+=("Odoo printed no test result: the install failed before the tests ran (see $shard_log)")
    else
        read -r f e t < <(echo "$result" \
            | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')
        failed=$((failed + f)) errors=$((errors + e)) total=$((total + t))
    fi
    skipped=$((skipped + $(grep -cE ": skipped " "$shard_log" || true)))
done
[ "$total" -gt 0 ] || problems+=("no test ran")
[ "$((failed + errors))" = 0 ] || problems+=("$((failed + errors)) test(s) failed")
[ "$skipped" = 0 ] || problems+=("$skipped test(s) skipped (a skipped browser test means chromium \
or websocket-client is missing): $(cat "${logs[@]}" | grep -E ": skipped " | head -n 3)")
if cat "${logs[@]}" | grep -qE "Chrome executable not found|websocket-client module is not installed"; then
    problems+=("the browser tests could not start chromium")
fi
if cat "${logs[@]}" | grep -qE "addons path is not a directory"; then
    problems+=("Odoo warned at start that an addons path is not a directory (see tools/setup.sh: \
install_odoo_editable)")
fi
if cat "${logs[@]}" | grep -E " (ERROR|CRITICAL) " >/dev/null; then
    problems+=("Odoo logged errors (see ${logs[*]})")
fi
all_logs="$LOGDIR/test-all.log"
cat "${logs[@]}" >"$all_logs"
if [ -n "$(own_warnings "$all_logs")" ]; then
    problems+=("Odoo logged warnings about complaint_management: $(own_warnings "$all_logs" | head -n 3)")
fi
rm -f "$all_logs"

# The checks that ran beside the tests: what they show, then what they found.
[ "${#jobs_pids[@]}" = 0 ] || wait "${jobs_pids[@]}"
for out in "$LOGDIR"/*.out; do
    [ -f "$out" ] && cat "$out"
done
for found in "$LOGDIR"/*.problems; do
    [ -f "$found" ] || continue
    while IFS= read -r line; do
        [ -n "$line" ] && problems+=("$line")
    done <"$found"
done
rm -f "$LOGDIR"/*.problems "$LOGDIR"/*.out

# Summary ---------------------------------------------------------------------------------------
echo
if [ "${#problems[@]}" -gt 0 ]; then
    printf 'FAILED: %s\n' "${problems[@]}"
fi
passed=$((total - failed - errors - skipped))
[ "$passed" -ge 0 ] || passed=0
echo "$passed passed, $((failed + errors)) failed, $skipped skipped"
[ "${#problems[@]}" = 0 ]
