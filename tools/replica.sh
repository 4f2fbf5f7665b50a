# A streaming replica of the project's PostgreSQL cluster, on this machine, for the load
# benchmark (`BENCH_REPLICA=1 make bench-scale`, README "Running in production"). Sourced by
# tools/bench_scale.sh after tools/common.sh; nothing else creates it (`make test` never does).
#
#   replica_start    copies the primary with `pg_basebackup -R` into .data/pg-replica, through
#                    a replication slot (the primary keeps the WAL the replica has not
#                    received yet), and starts it in hot standby on BENCH_REPLICA_PORT (5433)
#   replica_wait DB  waits until the replica has replayed everything the primary wrote so far
#                    and answers on database DB
#   replica_stop     stops it, drops its slot and deletes its directory: a stopped replica
#                    would hold the primary's WAL, or fall behind what the primary keeps
#   pg_load DB PORT  one line of DB's activity from pg_stat_database on the server at PORT
#
# It needs root (the clusters run as the `postgres` user) and the primary on this machine.
# shellcheck shell=bash
REPLICA_PORT=${BENCH_REPLICA_PORT:-5433}
REPLICA_DIR="$ROOT/.data/pg-replica"
REPLICA_SLOT=${BENCH_REPLICA_SLOT:-complaint_bench_replica}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin}
PG_SOCKET_DIR=${PG_SOCKET_DIR:-/var/run/postgresql}

as_postgres() { env -u PGHOST -u PGUSER -u PGPASSWORD -u PGPORT runuser -u postgres -- "$@"; }
primary_setting() { psql -d postgres -tAc "SHOW $1"; }
drop_slot() {
    as_postgres psql -h "$PG_SOCKET_DIR" -p "$DB_PORT" -d postgres -qtAc \
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
         WHERE slot_name = '$REPLICA_SLOT' AND NOT active" >/dev/null
}

replica_start() {
    [ "$(id -u)" = 0 ] || die "The replica runs as the postgres user: run BENCH_REPLICA=1 as root."
    [ "$DB_HOST" = localhost ] || [ "$DB_HOST" = 127.0.0.1 ] \
        || die "BENCH_REPLICA=1 copies the primary on this machine; DB_HOST is $DB_HOST."
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1; then
        step "Creating a streaming replica of the cluster on port $DB_PORT in $REPLICA_DIR"
        rm -rf "$REPLICA_DIR"
        drop_slot
        mkdir -p "$REPLICA_DIR"
        chown postgres:postgres "$REPLICA_DIR"
        chmod 700 "$REPLICA_DIR"
        # -R writes standby.signal and primary_conninfo (the socket, peer authentication),
        # -C -S creates the slot and names it there
        as_postgres "$PG_BIN/pg_basebackup" -h "$PG_SOCKET_DIR" -p "$DB_PORT" -U postgres \
            -D "$REPLICA_DIR" -R -X stream -c fast -C -S "$REPLICA_SLOT" --no-sync
        # a standby needs at least the primary's values of these
        {
            echo "port = $REPLICA_PORT"
            echo "listen_addresses = 'localhost'"
            echo "unix_socket_directories = '$REPLICA_DIR'"
            echo "hot_standby = on"
            echo "hot_standby_feedback = on"
            echo "max_standby_streaming_delay = 30s"
            # a throwaway copy: no fsync (nor the start-up sync of every file)
            echo "fsync = off"
            for name in max_connections max_worker_processes max_wal_senders \
                max_prepared_transactions max_locks_per_transaction shared_buffers; do
                echo "$name = '$(primary_setting "$name")'"
            done
        } >"$REPLICA_DIR/postgresql.conf"
        cat >"$REPLICA_DIR/pg_hba.conf" <<EOF
local all all peer
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
EOF
        chown postgres:postgres "$REPLICA_DIR/postgresql.conf" "$REPLICA_DIR/pg_hba.conf"
    fi
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1; then
        port_taken "$REPLICA_PORT" && die "Port $REPLICA_PORT is taken: set BENCH_REPLICA_PORT."
        step "Starting the replica on port $REPLICA_PORT"
        as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/server.log" -w -t 300 start \
            >/dev/null || die "The replica did not start: see $REPLICA_DIR/server.log"
    fi
}

replica_wait() {  # replica_wait DATABASE
    local target
    target=$(psql -d postgres -tAc "SELECT pg_current_wal_lsn()")
    for _ in $(seq 1 120); do
        if psql -p "$REPLICA_PORT" -d "$1" -tAc \
            "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null | grep -qx t; then
            return 0
        fi
        sleep 1
    done
    die "The replica did not replay the primary's changes to '$1' within 120 s."
}

replica_stop() {
    if [ -f "$REPLICA_DIR/PG_VERSION" ] \
        && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1; then
        as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w -t 120 stop >/dev/null
    fi
    drop_slot
    rm -rf "${REPLICA_DIR:?}"
}

pg_load() {  # pg_load DATABASE PORT: transactions, rows read, blocks touched (JSON)
    psql -p "$2" -d postgres -tAc "SELECT json_build_object(
        'transactions', xact_commit + xact_rollback,
        'rows_read', tup_returned + tup_fetched,
        'blocks', blks_hit + blks_read,
        'rows_written', tup_inserted + tup_updated + tup_deleted)
        FROM pg_stat_database WHERE datname = '$1'"
}
