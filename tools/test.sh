#!/usr/bin/env bash
# `make test`: set-up, then every test of complaint_management on a fresh database, the
# install/uninstall checks and the linters. Exits non-zero on any failure, error, skipped test,
# warning of Odoo's about complaint_management, or lint finding. Ends with one line
# `N passed, N failed, N skipped` computed from Odoo's own test results.
#
# Settings (environment): TEST_DB (complaint_test), TEST_HTTP_PORT (8169), TEST_TAGS
# (/complaint_management), SKIP_LINT=1 and SKIP_INSTALL_CHECKS=1 to shorten a local run.
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

port_taken "$TEST_HTTP_PORT" && die "Port $TEST_HTTP_PORT is taken, and the browser tests need it.
Stop what listens there, or run with TEST_HTTP_PORT=<a free port>."

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

# 1. The addon's tests, on a fresh database with demo data ----------------------------------
step "Creating a fresh database '$TEST_DB' and running the tests tagged $TEST_TAGS"
dropdb --if-exists "$TEST_DB" || die "Cannot drop the database $TEST_DB (is it in use?)."
log="$LOGDIR/test.log"
odoo_bin -d "$TEST_DB" --db-filter="^$TEST_DB\$" -i complaint_management --with-demo \
    --test-enable --test-tags "$TEST_TAGS" --stop-after-init --http-port "$TEST_HTTP_PORT" \
    --log-level=info >"$log" 2>&1 &
odoo_pid=$!
tail -n +1 -f --pid="$odoo_pid" "$log" | show_important
wait "$odoo_pid"
rc=$?
[ "$rc" = 0 ] || problems+=("Odoo exited with status $rc (see $log)")

result=$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$log" \
    | tail -n 1)
if [ -z "$result" ]; then
    problems+=("Odoo printed no test result: the install failed before the tests ran (see $log)")
    failed=0 errors=0 total=0
else
    read -r failed errors total < <(echo "$result" \
        | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')
fi
skipped=$(grep -cE ": skipped " "$log" || true)
[ "$total" -gt 0 ] || problems+=("no test ran")
[ "$((failed + errors))" = 0 ] || problems+=("$((failed + errors)) test(s) failed")
[ "$skipped" = 0 ] || problems+=("$skipped test(s) skipped (a skipped browser test means chromium \
or websocket-client is missing): $(grep -E ": skipped " "$log" | head -n 3)")
if grep -qE "Chrome executable not found|websocket-client module is not installed" "$log"; then
    problems+=("the browser tests could not start chromium")
fi
if grep -E " (ERROR|CRITICAL) " "$log" >/dev/null; then
    problems+=("Odoo logged errors (see $log)")
fi
if [ -n "$(own_warnings "$log")" ]; then
    problems+=("Odoo logged warnings about complaint_management: $(own_warnings "$log" | head -n 3)")
fi

# 2. Translations complete: every term of the installed addon in every i18n/*.po, -------------
step "Checking that every term is translated in complaint_management/i18n/*.po"
pot="$LOGDIR/complaint_management.pot"
if "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$TEST_DB" -o "$pot" \
        complaint_management >"$LOGDIR/i18n.log" 2>&1; then
    for po in "$ROOT"/complaint_management/i18n/zh_CN.po "$ROOT"/complaint_management/i18n/zh_TW.po; do
        if [ ! -f "$po" ]; then
            problems+=("no translation file $po")
            continue
        fi
        msgfmt -c --check-format -o /dev/null "$po" 2>>"$LOGDIR/i18n.log" \
            || problems+=("$(basename "$po") is not valid (see $LOGDIR/i18n.log)")
    done
    if ! "$VENV/bin/python" "$ROOT/tools/check_translations.py" "$pot" \
            "$ROOT"/complaint_management/i18n/zh_CN.po "$ROOT"/complaint_management/i18n/zh_TW.po \
            >>"$LOGDIR/i18n.log"; then
        grep -A5 "untranslated" "$LOGDIR/i18n.log"
        problems+=("terms are untranslated: run 'make i18n' and translate them (see $LOGDIR/i18n.log)")
    fi
else
    problems+=("could not export the terms to translate (see $LOGDIR/i18n.log)")
fi
# ... and every term of helpdesk_mgmt and helpdesk_product that a complaint user meets
# (their records' terms) in complaint_management/i18n_extra/*.po (tools/i18n_extra.py).
step "Checking that the helpdesk terms are translated in complaint_management/i18n_extra/*.po"
hd_pot="$LOGDIR/helpdesk.pot"
extra="$ROOT/complaint_management/i18n_extra"
if "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$TEST_DB" \
        -o "$hd_pot" helpdesk_mgmt helpdesk_product >>"$LOGDIR/i18n.log" 2>&1 \
    && "$VENV/bin/python" "$ROOT/tools/i18n_extra.py" filter "$hd_pot" >>"$LOGDIR/i18n.log" 2>&1; then
    for po in "$extra"/zh_CN.po "$extra"/zh_TW.po; do
        if [ ! -f "$po" ]; then
            problems+=("no translation file $po")
            continue
        fi
        msgfmt -c --check-format -o /dev/null "$po" 2>>"$LOGDIR/i18n.log" \
            || problems+=("i18n_extra/$(basename "$po") is not valid (see $LOGDIR/i18n.log)")
    done
    if ! "$VENV/bin/python" "$ROOT/tools/check_translations.py" "$hd_pot" \
            "$extra"/zh_CN.po "$extra"/zh_TW.po >>"$LOGDIR/i18n.log"; then
        grep -A5 "untranslated" "$LOGDIR/i18n.log"
        problems+=("helpdesk terms are untranslated: run 'make i18n' and translate them in \
complaint_management/i18n_extra (see $LOGDIR/i18n.log)")
    fi
else
    problems+=("could not export the helpdesk terms (see $LOGDIR/i18n.log)")
fi

# 3. Installs without demo data and uninstalls cleanly --------------------------------------
if [ "${SKIP_INSTALL_CHECKS:-0}" != 1 ]; then
    db2="${TEST_DB}_nodemo"
    step "Installing without demo data, then uninstalling, in '$db2'"
    dropdb --if-exists "$db2"
    log2="$LOGDIR/install-uninstall.log"
    if odoo_bin -d "$db2" --db-filter="^$db2\$" -i complaint_management --stop-after-init \
            --no-http --log-level=warn >"$log2" 2>&1 \
        && "$VENV/bin/python" "$ODOO_SRC/odoo-bin" module uninstall -c "$ODOO_CONF" -d "$db2" \
            complaint_management >>"$log2" 2>&1; then
        if grep -E " (ERROR|CRITICAL) " "$log2" >/dev/null \
                || [ -n "$(own_warnings "$log2")" ]; then
            problems+=("install without demo / uninstall logged errors or warnings (see $log2)")
        fi
        state=$(psql -tAc "SELECT state FROM ir_module_module WHERE name='complaint_management'" "$db2")
        [ "$state" = uninstalled ] || problems+=("uninstall left the module '$state' (see $log2)")
    else
        problems+=("install without demo data or uninstall failed (see $log2)")
    fi
    dropdb --if-exists "$db2"
fi

# 4. Linters ----------------------------------------------------------------------------------
if [ "${SKIP_LINT:-0}" != 1 ]; then
    step "Linting (pre-commit: ruff, pylint-odoo, OCA checks)"
    if ! PATH="$VENV/bin:$PATH" "$VENV/bin/pre-commit" run --all-files --show-diff-on-failure \
            --color never >"$LOGDIR/lint.log" 2>&1; then
        grep -vE "Passed$|Skipped$" "$LOGDIR/lint.log" | head -n 60
        problems+=("the linters found problems (see $LOGDIR/lint.log)")
    fi
fi

# Summary ---------------------------------------------------------------------------------------
echo
if [ "${#problems[@]}" -gt 0 ]; then
    printf 'FAILED: %s\n' "${problems[@]}"
fi
passed=$((total - failed - errors - skipped))
[ "$passed" -ge 0 ] || passed=0
echo "$passed passed, $((failed + errors)) failed, $skipped skipped"
[ "${#problems[@]}" = 0 ]
