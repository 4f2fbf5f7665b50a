#!/usr/bin/env bash
# `make i18n`: export complaint_management's terms to i18n/complaint_management.pot and merge
# them into every i18n/*.po, keeping the translations already made. New terms arrive
# untranslated: translate them before committing (`make test` fails on missing ones).
# The terms of helpdesk_mgmt and helpdesk_product that a complaint user meets are exported
# the same way and merged into i18n_extra/*.po (see tools/i18n_extra.py).
# Settings: I18N_DB (complaint_i18n), a database the addon is (or gets) installed in.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$ROOT/tools/common.sh"

bash "$ROOT/tools/setup.sh"
I18N_DB=${I18N_DB:-complaint_i18n}
if psql -lqtA | cut -d'|' -f1 | grep -qx "$I18N_DB"; then
    odoo_bin -d "$I18N_DB" -u complaint_management --stop-after-init --no-http --log-level=warn
else
    # with the demo data: their records carry terms too (teams, products)
    odoo_bin -d "$I18N_DB" -i complaint_management --with-demo --stop-after-init --no-http --log-level=warn
fi
i18n="$ROOT/complaint_management/i18n"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$I18N_DB" \
    -o "$i18n/complaint_management.pot" complaint_management
for po in "$i18n"/*.po; do
    msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$i18n/complaint_management.pot"
    # the layout the OCA's po check (run by make test) expects
    "$VENV/bin/oca-checks-po" --fix "$po" >/dev/null || true
done
"$VENV/bin/python" "$ROOT/tools/check_translations.py" "$i18n/complaint_management.pot" \
    "$i18n"/*.po || echo "Translate the terms above, then run make test."
extra="$ROOT/complaint_management/i18n_extra"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$I18N_DB" \
    -o "$extra/helpdesk.pot" helpdesk_mgmt helpdesk_product
"$VENV/bin/python" "$ROOT/tools/i18n_extra.py" filter "$extra/helpdesk.pot"
for po in "$extra"/*.po; do
    msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$extra/helpdesk.pot"
    "$VENV/bin/oca-checks-po" --fix "$po" >/dev/null || true
done
"$VENV/bin/python" "$ROOT/tools/check_translations.py" "$extra/helpdesk.pot" \
    "$extra"/*.po || echo "Translate the helpdesk terms above, then run make test."
rm -f "$extra/helpdesk.pot"
