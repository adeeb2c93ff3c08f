#!/usr/bin/env bash
# The PostgreSQL test rig: a private PostgreSQL server on 127.0.0.1, in a
# directory of its own, so the storage tests run against a real server
# without touching any cluster of the machine's own (e.g. Debian's "main"
# on port 5432, which the rig neither uses nor stops).
#
#   scripts/pg-rig.sh run CMD [ARG...]   start a rig, run CMD with its environment,
#                                        stop the rig; exits with CMD's status
#   scripts/pg-rig.sh start DIR          start a rig in the empty directory DIR and
#                                        print its environment (NAME=value lines);
#                                        a DIR that already holds a stopped rig is
#                                        started again on the same port
#   scripts/pg-rig.sh stop [DIR]         stop the rig's server (pg_ctl stop -m fast)
#   scripts/pg-rig.sh start              (no DIR: the rig of CARDDESK_PG_RIG_DIR)
#                                        start it again after a stop
#   scripts/pg-rig.sh check              exit 0 when the rig can run here
#
# The server runs as an unprivileged user (postgres refuses to run as root):
# as root, the user "postgres" when the package made one, else a system user
# "carddesk-pg" the rig creates; otherwise the user running this script.
# Its superuser "postgres" connects without a password (trust, only over the
# rig's own socket and 127.0.0.1); the role "carddesk" owns the database
# "carddesk", may create databases, and needs its password (scram-sha-256),
# a fresh random one per rig. Durability is off (fsync, full_page_writes):
# it is a throwaway server.
#
# Environment CMD gets (and `start` prints):
#   CARDDESK_PG_DSN        postgres://carddesk:PASSWORD@127.0.0.1:PORT/carddesk?sslmode=disable
#   CARDDESK_PG_ADMIN_DSN  postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable,
#                          the superuser: tests make a database each with
#                          CREATE DATABASE test_x TEMPLATE template0 OWNER carddesk
#   CARDDESK_PG_RIG_DIR    the rig's state: data/, log/postgres.log, socket/, and
#                          bin, a link to the server's programs (psql, pg_ctl ...)
#   CARDDESK_PG_CTL        this script: "$CARDDESK_PG_CTL stop|start [DIR]"; the rig
#                          of `run` is shared by every package's tests at once, so
#                          a test that stops a server should start one of its own
#                          ("$CARDDESK_PG_CTL start DIR") and stop that
set -euo pipefail

readonly FIRST_PORT=45432 RIG_USER=carddesk-pg
self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

say() { printf 'pg-rig: %s\n' "$*" >&2; }
# shellcheck source=scripts/rig-common.sh
. "$(dirname "$self")/rig-common.sh"

# bindir prints the directory of the server's programs: PostgreSQL 15 as on
# Debian 12, else the newest /usr/lib/postgresql/N, else initdb's on PATH.
bindir() {
	local d
	for d in /usr/lib/postgresql/15/bin $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
		[[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && { echo "$d"; return 0; }
	done
	d=$(command -v initdb 2>/dev/null) || return 1
	dirname "$(readlink -f "$d")"
}

# missing prints why the rig cannot run here, or nothing.
missing() {
	local bin c
	bin=$(bindir) || { echo "the PostgreSQL server is not installed (scripts/deps.sh test: postgresql-15)"; return; }
	for c in initdb pg_ctl postgres pg_isready psql; do
		[[ -x $bin/$c ]] || { echo "$bin/$c is missing (scripts/deps.sh test: postgresql-15 postgresql-client-15)"; return; }
	done
	if [[ $(id -u) -eq 0 ]]; then
		command -v runuser >/dev/null 2>&1 || { echo "runuser is missing (util-linux)"; return; }
		id postgres >/dev/null 2>&1 || id "$RIG_USER" >/dev/null 2>&1 || command -v useradd >/dev/null 2>&1 ||
			echo "there is no user postgres or $RIG_USER to run the server as, and no useradd to make one"
	fi
}

# server_user prints the user the server runs as, creating it when needed.
server_user() {
	if [[ $(id -u) -ne 0 ]]; then
		id -un
	elif id postgres >/dev/null 2>&1; then
		echo postgres
	else
		id "$RIG_USER" >/dev/null 2>&1 ||
			useradd --system --user-group --no-create-home --home-dir /nonexistent \
				--shell /usr/sbin/nologin --comment "CardDesk test PostgreSQL" "$RIG_USER" >&2 ||
			id "$RIG_USER" >/dev/null 2>&1 || return 1 # another rig made it meanwhile
		echo "$RIG_USER"
	fi
}

# as_server DIR CMD...: CMD as the rig's server user, from DIR (its own home
# may not exist, and root's is not readable to it).
as_server() {
	local dir=$1 user
	shift
	user=$(cat "$dir/user")
	if [[ $user == "$(id -un)" ]]; then
		(cd "$dir" && "$@")
	else
		(cd "$dir" && runuser -u "$user" -- "$@")
	fi
}

# postgres_pid DIR: the postmaster's pid, from its lock file.
postgres_pid() { head -n1 "$1/data/postmaster.pid" 2>/dev/null; }

# start_server DIR PORT: start the initialised rig in DIR on PORT and wait until
# it accepts connections; fails (server stopped) when it does not come up.
start_server() {
	local dir=$1 port=$2 bin=$1/bin pid
	if [[ -s $dir/postgres.pid ]] && alive "$(cat "$dir/postgres.pid")"; then
		say "postgres is already running (pid $(cat "$dir/postgres.pid"))"
		return 1
	fi
	if port_taken "$port"; then
		say "port $port on 127.0.0.1 is taken"
		return 1
	fi
	if ! as_server "$dir" "$bin/pg_ctl" start -D "$dir/data" -l "$dir/log/postgres.log" -w -t 60 \
		-o "-k $dir/socket -p $port -c listen_addresses=127.0.0.1" >"$dir/log/pg_ctl.out" 2>&1; then
		# pg_ctl gave up; make sure no server it started lingers.
		pid=$(postgres_pid "$dir") || true
		[[ -n $pid ]] && echo "$pid" >"$dir/postgres.pid" && stop_pidfile postgres "$dir/postgres.pid"
		return 1
	fi
	pid=$(postgres_pid "$dir")
	echo "$pid" >"$dir/postgres.pid"
	if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres -t 30; then
		say "postgres (pid $pid) does not accept connections on 127.0.0.1:$port"
		stop_server "$dir"
		return 1
	fi
	echo "$port" >"$dir/port"
	say "postgres started (pid $pid, port $port)"
}

# stop_server DIR: pg_ctl stop -m fast, or TERM/KILL by pid when that fails.
stop_server() {
	local dir=$1 pid
	[[ -s $dir/postgres.pid ]] || return 0
	pid=$(cat "$dir/postgres.pid")
	alive "$pid" || { : >"$dir/postgres.pid"; return 0; }
	if as_server "$dir" "$dir/bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >>"$dir/log/pg_ctl.out" 2>&1 &&
		! alive "$pid"; then
		: >"$dir/postgres.pid"
		say "postgres stopped (pid $pid)"
		return 0
	fi
	say "pg_ctl could not stop postgres (pid $pid); signalling it"
	stop_pidfile postgres "$dir/postgres.pid"
}

# psql_admin DIR SQL...: run SQL as the superuser over the rig's socket.
psql_admin() {
	local dir=$1
	shift
	PGOPTIONS='' PGPASSWORD='' "$dir/bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$(cat "$dir/port")" \
		-U postgres -d postgres "$@"
}

# new_rig DIR: initialise a cluster in the empty DIR, start it on a free port,
# add the role and database carddesk, and write DIR/env.
new_rig() {
	local dir=$1 user bin port password
	[[ -d $dir ]] || die "$dir is not a directory"
	dir=$(cd "$dir" && pwd)
	bin=$(bindir) || die "the PostgreSQL server is not installed"
	user=$(server_user) || die "could not make the user $RIG_USER to run postgres as"
	echo "$user" >"$dir/user"
	ln -sfn "$bin" "$dir/bin"
	mkdir -p "$dir"/{data,log,socket}
	chmod 0755 "$dir" "$dir/log"
	chmod 0700 "$dir/data"
	chown "$user:" "$dir/data" "$dir/log" "$dir/socket"
	as_server "$dir" test -w "$dir/data" ||
		die "$user cannot reach $dir (is a parent directory private? set TMPDIR)"
	if ! as_server "$dir" "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
		--auth=trust --no-sync >"$dir/log/initdb.out" 2>&1; then
		cat "$dir/log/initdb.out" >&2
		die "initdb failed"
	fi
	# Only this machine, only these addresses: the superuser without a
	# password, everyone else (carddesk) with one.
	as_server "$dir" tee "$dir/data/pg_hba.conf" >/dev/null <<HBA
# CardDesk test rig (scripts/pg-rig.sh)
local all postgres                trust
host  all postgres  127.0.0.1/32  trust
local all all                     scram-sha-256
host  all all       127.0.0.1/32  scram-sha-256
HBA
	as_server "$dir" tee -a "$dir/data/postgresql.conf" >/dev/null <<CONF

# CardDesk test rig (scripts/pg-rig.sh): a throwaway server.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
CONF
	# A server that does not come up has stopped already: nothing to clean up.
	start_on_free_port postgres "$FIRST_PORT" start_server true "$dir" "$dir/log/pg_ctl.out" "$dir/log/postgres.log"
	password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	if ! psql_admin "$dir" -c "CREATE ROLE carddesk LOGIN CREATEDB PASSWORD '$password'" ||
		! psql_admin "$dir" -c "CREATE DATABASE carddesk OWNER carddesk TEMPLATE template0 ENCODING 'UTF8'"; then
		stop_server "$dir"
		die "could not create the role and database carddesk"
	fi
	cat >"$dir/env" <<ENV
CARDDESK_PG_DSN=postgres://carddesk:$password@127.0.0.1:$port/carddesk?sslmode=disable
CARDDESK_PG_ADMIN_DSN=postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable
CARDDESK_PG_RIG_DIR=$dir
CARDDESK_PG_CTL=$self
ENV
	chmod 0600 "$dir/env"
}

# rig_dir [DIR]: DIR, or the rig of CARDDESK_PG_RIG_DIR.
rig_dir() {
	local dir=${1:-${CARDDESK_PG_RIG_DIR:-}}
	[[ -n $dir ]] || die "no DIR given and CARDDESK_PG_RIG_DIR is not set"
	[[ -d $dir ]] || die "$dir is not a directory"
	(cd "$dir" && pwd)
}

[[ $# -ge 1 ]] || die "usage: $0 run CMD [ARG...] | start [DIR] | stop [DIR] | check"
cmd=$1
shift
case $cmd in
check) need_rig ;;
start)
	[[ $# -le 1 ]] || die "usage: $0 start [DIR]"
	need_rig
	dir=$(rig_dir "${1:-}")
	if [[ -s $dir/env && -s $dir/port ]]; then
		start_server "$dir" "$(cat "$dir/port")" || die "postgres did not start again (see $dir/log)"
	else
		new_rig "$dir"
	fi
	cat "$dir/env"
	;;
stop)
	[[ $# -le 1 ]] || die "usage: $0 stop [DIR]"
	dir=$(rig_dir "${1:-}")
	stop_server "$dir"
	;;
run)
	[[ $# -ge 1 ]] || die "usage: $0 run CMD [ARG...]"
	need_rig
	run_in_rig pg PostgreSQL new_rig stop_server "$@"
	;;
*) die "unknown command '$cmd'" ;;
esac
