# Settings and helpers shared by the scripts of tools/ (sourced, not run).
# shellcheck shell=bash
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
DB_HOST=${DB_HOST:-localhost}
DB_PORT=${DB_PORT:-5432}
DB_USER=${DB_USER:-odoo}
DB_PASSWORD=${DB_PASSWORD:-odoo}
HTTP_PORT=${HTTP_PORT:-8069}
VENV=${VENV:-$ROOT/.venv}
ODOO_CONF=${ODOO_CONF:-$ROOT/.odoo.conf}
if [ -z "${PYTHON:-}" ]; then
    PYTHON=$(command -v python3.11 || command -v python3)
fi
export PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD

step() { printf '==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }
odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
