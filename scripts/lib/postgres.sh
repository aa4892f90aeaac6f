# shellcheck shell=bash
# ensure_postgres: makes sure a PostgreSQL server is reachable for the tests and exports
# TEST_DATABASE_URL. Uses the one already running on 127.0.0.1:5432 when it accepts the
# postgres user; otherwise installs Debian's postgresql if needed and starts a throwaway
# cluster in a temporary directory. Fails loudly: the PostgreSQL tests are not optional.

pg_usable() {
  psql "$1" -Atqc 'select 1' >/dev/null 2>&1
}

ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ] && pg_usable "$TEST_DATABASE_URL"; then
    echo "postgres: using TEST_DATABASE_URL"
    return 0
  fi
  local default="postgres://postgres@127.0.0.1:5432/postgres"
  if command -v psql >/dev/null 2>&1 && pg_usable "$default"; then
    export TEST_DATABASE_URL="$default"
    echo "postgres: using the server on 127.0.0.1:5432"
    return 0
  fi
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$bindir" ]; then
    echo "postgres: installing Debian's postgresql"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  local dir port=55432
  dir=$(mktemp -d /tmp/classifieds-pg.XXXXXX)
  id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres
  chown postgres "$dir"
  runuser -u postgres -- "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  if ! pg_usable "$TEST_DATABASE_URL"; then
    echo "postgres: could not start a server (see $dir/log)" >&2
    return 1
  fi
  # shellcheck disable=SC2064
  trap "runuser -u postgres -- '$bindir/pg_ctl' -D '$dir/data' -m fast stop >/dev/null 2>&1 || true; rm -rf '$dir'" EXIT
  echo "postgres: started a throwaway server on port $port"
}

# drop_test_databases: removes the per-test databases a run created.
drop_test_databases() {
  local db
  for db in $(psql "$TEST_DATABASE_URL" -Atqc "select datname from pg_database where datname like 'cls_t_%'" 2>/dev/null); do
    psql "$TEST_DATABASE_URL" -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  done
}
