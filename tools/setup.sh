#!/usr/bin/env bash
# Set-up shared by `make run` and `make test`: idempotent, and quick once done.
#
#   1. Debian packages: PostgreSQL, wkhtmltopdf, chromium, build headers, pandoc (the addons'
#      README.rst from readme/*.md, tools/gen_addon_readme.py) (root: installs them;
#      otherwise prints the apt-get line to run).
#   2. A PostgreSQL cluster running and a role for Odoo.
#   3. A virtualenv in .venv with Odoo (from $ODOO_SRC), the OCA addons and the tools of
#      requirements.txt.
#   4. An Odoo configuration file (.odoo.conf) generated from tools/odoo.conf.template.
#
# Each step leaves a stamp holding a hash of its inputs, so a second run skips what is done.
# Settings (environment): ODOO_SRC (/opt/odoo), DB_HOST (localhost), DB_PORT (5432),
# DB_USER (odoo), DB_PASSWORD (odoo), HTTP_PORT (8069), PYTHON (python3.11 or python3).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$ROOT/tools/common.sh"

# 1. Debian packages ---------------------------------------------------------------------------
APT_PACKAGES="postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf \
chromium fonts-noto-cjk fonts-liberation fonts-dejavu-core git gettext pandoc"
missing_system() {
    local missing=""
    command -v pg_ctlcluster >/dev/null || missing="$missing postgresql"
    command -v psql >/dev/null || missing="$missing postgresql-client"
    command -v pg_config >/dev/null || missing="$missing libpq-dev"
    [ -f /usr/include/ldap.h ] || missing="$missing libldap2-dev"
    [ -f /usr/include/sasl/sasl.h ] || missing="$missing libsasl2-dev"
    command -v wkhtmltopdf >/dev/null || missing="$missing wkhtmltopdf"
    command -v chromium >/dev/null || missing="$missing chromium"
    for font in fonts-noto-cjk fonts-liberation fonts-dejavu-core; do
        dpkg-query -W -f='${Status}' "$font" 2>/dev/null | grep -q "ok installed" \
            || missing="$missing $font"
    done
    command -v git >/dev/null || missing="$missing git"
    command -v msgmerge >/dev/null || missing="$missing gettext"
    command -v pandoc >/dev/null || missing="$missing pandoc"
    echo "$missing"
}
missing=$(missing_system)
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        step "Installing Debian packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        # shellcheck disable=SC2086
        apt-get install -y -q --no-install-recommends $APT_PACKAGES >/dev/null
    else
        die "Missing Debian packages:$missing
Run as root:  apt-get update && apt-get install -y $APT_PACKAGES
then run this command again."
    fi
fi

# 2. PostgreSQL --------------------------------------------------------------------------------
pg_as_postgres() { env -u PGHOST -u PGUSER -u PGPASSWORD runuser -u postgres -- "$@"; }
if [ "$DB_HOST" = localhost ] || [ "$DB_HOST" = 127.0.0.1 ]; then
    if ! pg_isready -q -h "$DB_HOST" -p "$DB_PORT"; then
        [ "$(id -u)" = 0 ] || die "PostgreSQL does not answer on $DB_HOST:$DB_PORT.
Start it (as root: pg_ctlcluster <version> main start) or point DB_HOST/DB_PORT at a running server."
        version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
            step "Creating PostgreSQL $version cluster 'main' on port $DB_PORT"
            pg_createcluster --port "$DB_PORT" "$version" main >/dev/null
        fi
        step "Starting PostgreSQL $version"
        if ! pg_ctlcluster "$version" main start 2>"$ROOT/.pg-start.log"; then
            die "PostgreSQL $version could not start: $(tail -n 3 "$ROOT/.pg-start.log")
Look at /var/log/postgresql/postgresql-$version-main.log; if port $DB_PORT is taken by another
server, stop it or set DB_PORT to a free port."
        fi
        for _ in $(seq 1 30); do pg_isready -q -h "$DB_HOST" -p "$DB_PORT" && break; sleep 1; done
        pg_isready -q -h "$DB_HOST" -p "$DB_PORT" \
            || die "PostgreSQL started but does not answer on $DB_HOST:$DB_PORT; see /var/log/postgresql/."
    fi
    if [ "$(id -u)" = 0 ] && ! pg_as_postgres psql -p "$DB_PORT" -tAc \
            "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'" postgres | grep -q 1; then
        step "Creating PostgreSQL role '$DB_USER'"
        pg_as_postgres psql -q -p "$DB_PORT" -c \
            "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" postgres
    fi
fi

# 3. Virtualenv, Odoo, OCA addons, tools -------------------------------------------------------
if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/setup.py" ]; then
    if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        die "$ODOO_SRC exists but holds no Odoo source tree (odoo-bin, setup.py, odoo/, addons/).
Set ODOO_SRC to an Odoo 19.0 Community source tree."
    fi
    step "No Odoo source at $ODOO_SRC: cloning Odoo 19.0 Community from its public git repository"
    if ! timeout 900 git clone -q --depth 1 --branch 19.0 https://github.com/odoo/odoo.git \
            "$ODOO_SRC" 2>"$ROOT/.odoo-clone.log"; then
        rm -rf "$ODOO_SRC"
        die "No Odoo 19.0 source tree at $ODOO_SRC, and Odoo's git repository cannot be reached.
Provide one: put an Odoo 19.0 Community source tree (odoo-bin, setup.py, odoo/, addons/) at
$ODOO_SRC, or set ODOO_SRC=/path/to/odoo-19.0 and run this command again."
    fi
fi
grep -q "version_info = (19, 0" "$ODOO_SRC/odoo/release.py" \
    || die "$ODOO_SRC is not Odoo 19.0 (see $ODOO_SRC/odoo/release.py); set ODOO_SRC to a 19.0 tree."

# setuptools in the virtualenv itself: its pkg_resources resolves requirements at run time (the
# legacy console scripts, and gevent's plugins when the gevent/websocket process of a
# multi-worker Odoo starts). A new virtualenv comes with Python's bundled setuptools (65.5 for
# 3.11), which "setuptools<81" leaves in place; its pkg_resources does not match the requirement
# `zope.interface` to the normalised `zope_interface-*.dist-info` of current wheels and fails
# with DistributionNotFound. 80.9+ matches them; 81 dropped pkg_resources, which Odoo's pinned
# requirements still import.
SETUPTOOLS="setuptools>=80.9,<81"
# Odoo from its source tree, editable, as a PEP 660 editable wheel (--use-pep517). Without it pip
# falls back to the legacy `setup.py develop`, whose console script `.venv/bin/odoo` calls
# pkg_resources.require('odoo==19.0') at every start, resolving every dependency by name; the
# PEP 660 script only imports odoo.cli. In setuptools' "compat" mode the editable install is a
# plain path in a .pth file: its default mode adds an import hook whose marker
# ("__editable__.odoo-19.0.finder.__path_hook__") lands in odoo.addons.__path__, and Odoo then
# warns at every start that this addons path is not a directory.
install_odoo_editable() {
    "$VENV/bin/python" -m pip -q install --no-deps --no-build-isolation --use-pep517 \
        --config-settings editable_mode=compat \
        -e "$ODOO_SRC" 2> >(grep -v "^WARNING: Location" >&2)
}
want=$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" \
    "$ROOT/tools/pip-build-constraints.txt" | sha256sum | cut -c1-16)-$ODOO_SRC
# The default .venv is a link to a virtualenv kept outside the clone, in VENV_CACHE, one per
# hash of its inputs: a new clone of the same revision on the same machine reuses it (seconds),
# a changed requirement builds a new one, and a machine without one builds it here. Nothing
# in it depends on the clone (Odoo is installed editable from $ODOO_SRC, the addon is found
# through .odoo.conf). VENV_CACHE=none, or a .venv directory of one's own, keeps it in the clone.
VENV_CACHE=${VENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/complaint_management/venvs}
venv_link=""
if [ "$VENV" = "$ROOT/.venv" ] && [ "$VENV_CACHE" != none ] \
        && { [ -L "$VENV" ] || [ ! -e "$VENV" ]; }; then
    mkdir -p "$VENV_CACHE"
    venv_link=$VENV
    # (what the virtualenv is made of: the requirements, Odoo's version and its setup, Python)
    VENV="$VENV_CACHE/$( (echo "$want"; cat "$ODOO_SRC/setup.py" "$ODOO_SRC/odoo/release.py"
        "$PYTHON" -c 'import sys; print(sys.executable, sys.version)') | sha256sum | cut -c1-16)"
    # One clone at a time builds or repairs a cached virtualenv; the others wait for it.
    exec 9>"$VENV.lock"
    flock 9
fi
venv_stamp="$VENV/.complaint-setup"
if [ "$(cat "$venv_stamp" 2>/dev/null)" != "$want" ]; then
    if [ -n "$venv_link" ] && [ -e "$VENV" ]; then
        step "Removing the unfinished virtualenv $VENV"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        step "Creating the virtualenv in $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    # Odoo's pinned requirements build only with setuptools<81 in pip's build environments.
    export PIP_CONSTRAINT="$ROOT/tools/pip-build-constraints.txt"
    export PIP_DISABLE_PIP_VERSION_CHECK=1
    # (machine-wide pip settings may name local package folders that do not exist: hush those)
    pip() { "$VENV/bin/python" -m pip -q "$@" 2> >(grep -v "^WARNING: Location" >&2); }
    step "Installing Odoo's requirements ($ODOO_SRC/requirements.txt)"
    pip install "$SETUPTOOLS" wheel
    pip install -r "$ODOO_SRC/requirements.txt"
    step "Installing Odoo from $ODOO_SRC (editable)"
    install_odoo_editable
    step "Installing the OCA addons and tools of requirements.txt"
    pip install -r "$ROOT/requirements.txt"
    echo "$want" >"$venv_stamp"
fi
# A virtualenv set up before the fixes above: bring its setuptools up, replace the legacy script.
if ! "$VENV/bin/python" -W ignore -c "import pkg_resources; pkg_resources.require('gevent')" \
        2>/dev/null; then
    step "Upgrading setuptools in $VENV ($SETUPTOOLS): its pkg_resources cannot find zope.interface"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip -q install "$SETUPTOOLS" \
        2> >(grep -v "^WARNING: Location" >&2)
fi
# ... and a script that does not start (a legacy one, or one whose interpreter moved: pip
# writes the interpreter's path as it was called, e.g. through a symlinked virtualenv).
# An editable install of the default mode (an import hook: Odoo warns at every start) is
# replaced too.
if grep -q "EASY-INSTALL-DEV-SCRIPT" "$VENV/bin/odoo" 2>/dev/null \
        || compgen -G "$VENV/lib/python*/site-packages/__editable___odoo_*_finder.py" >/dev/null \
        || ! "$VENV/bin/odoo" --version >/dev/null 2>&1; then
    step "Re-installing Odoo from $ODOO_SRC as a PEP 660 editable (.venv/bin/odoo)"
    PIP_CONSTRAINT="$ROOT/tools/pip-build-constraints.txt" PIP_DISABLE_PIP_VERSION_CHECK=1 \
        install_odoo_editable
fi

if [ -n "$venv_link" ]; then
    [ "$(readlink "$venv_link" 2>/dev/null)" = "$VENV" ] || ln -sfn "$VENV" "$venv_link"
    exec 9>&-
    # (virtualenvs of former requirements, unused for 30 days, go)
    find "$VENV_CACHE" -mindepth 1 -maxdepth 1 -type d -mtime +30 ! -path "$VENV" \
        -exec rm -rf {} + 2>/dev/null || true
    touch "$VENV"
fi

# 4. Odoo configuration file -------------------------------------------------------------------
mkdir -p "$ROOT/.data"
sed -e "s|@ODOO_SRC@|$ODOO_SRC|g" -e "s|@ROOT@|$ROOT|g" -e "s|@DB_HOST@|$DB_HOST|g" \
    -e "s|@DB_PORT@|$DB_PORT|g" -e "s|@DB_USER@|$DB_USER|g" -e "s|@DB_PASSWORD@|$DB_PASSWORD|g" \
    -e "s|@HTTP_PORT@|$HTTP_PORT|g" "$ROOT/tools/odoo.conf.template" >"$ODOO_CONF.tmp"
mv "$ODOO_CONF.tmp" "$ODOO_CONF"
