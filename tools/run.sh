#!/usr/bin/env bash
# `make run`: set-up, a demo database on the first run (demo data, complaint_management
# installed), an upgrade of the addon on later runs, then Odoo in the foreground.
# Settings (environment): RUN_DB (complaints), HTTP_PORT (8069), and those of tools/setup.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$ROOT/tools/common.sh"

bash "$ROOT/tools/setup.sh"

RUN_DB=${RUN_DB:-complaints}
port_taken "$HTTP_PORT" && die "Port $HTTP_PORT is taken (another Odoo or another server runs there).
Stop it, or run on another port: make run HTTP_PORT=8070"

if psql -lqtA | cut -d'|' -f1 | grep -qx "$RUN_DB"; then
    step "Upgrading complaint_management in the database '$RUN_DB'"
    odoo_bin -d "$RUN_DB" -u complaint_management --stop-after-init --no-http --log-level=warn
else
    step "Creating the demo database '$RUN_DB' (demo data, complaint_management installed)"
    odoo_bin -d "$RUN_DB" -i complaint_management --with-demo --stop-after-init --no-http \
        --log-level=warn
fi

cat <<MSG

Odoo is starting at http://localhost:$HTTP_PORT  (database '$RUN_DB')
Log in as admin / admin, or as a complaint role (the password is the login):
  complaint_officer, quality_engineer, quality_manager, front_desk_manager,
  deputy_store_manager, store_manager, operations_vp
Stop with Ctrl+C.

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$RUN_DB" --db-filter="^$RUN_DB\$" \
    --http-port "$HTTP_PORT"
