#!/usr/bin/env bash
# `make bench`: the benchmarks of benchmarks/, on a database of their own. They print
# figures and assert nothing. Settings: BENCH_DB (complaint_bench), BENCH_ONLY (a name
# pattern, e.g. 'create' runs bench_create.py alone), and each script's own.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$ROOT/tools/common.sh"

bash "$ROOT/tools/setup.sh"
BENCH_DB=${BENCH_DB:-complaint_bench}
if ! psql -lqtA | cut -d'|' -f1 | grep -qx "$BENCH_DB"; then
    step "Creating the benchmark database '$BENCH_DB'"
    odoo_bin -d "$BENCH_DB" -i complaint_management --stop-after-init --no-http --log-level=warn
else
    odoo_bin -d "$BENCH_DB" -u complaint_management --stop-after-init --no-http --log-level=warn
fi
for script in "$ROOT"/benchmarks/bench_*${BENCH_ONLY:-}*.py; do
    step "$(basename "$script")"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$BENCH_DB" --no-http \
        --log-level=warn <"$script"
done
