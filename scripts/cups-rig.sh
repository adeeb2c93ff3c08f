#!/usr/bin/env bash
# The CUPS test rig: a private cupsd on 127.0.0.1 with queues that keep every
# job, so tests print through the real scheduler without touching the
# machine's own CUPS (devices/cups).
#
#   scripts/cups-rig.sh run CMD [ARG...]   start a rig, run CMD with its environment,
#                                          stop the rig; exits with CMD's status
#   scripts/cups-rig.sh start DIR          start a rig in the empty directory DIR and
#                                          print its environment (NAME=value lines);
#                                          the tests use it when run on their own
#   scripts/cups-rig.sh stop DIR           stop the rig's cupsd (by its pid)
#   scripts/cups-rig.sh check              exit 0 when the rig can run here
#
# Queues (scripts/cups-rig/*.ppd): "Badge", a CR80 card printer with duplex,
# and "Office", A4/Letter paper only. Their filter (scripts/cups-rig/capture)
# keeps each job as CAPTURE/job-ID.pdf, the PDF byte for byte, and
# CAPTURE/job-ID.options (copies=, options= as CUPS passes them to filters).
#
# Environment CMD gets (and `start` prints):
#   CARDDESK_CUPS_SERVER    127.0.0.1:PORT, the rig's scheduler
#   CARDDESK_CUPS_CAPTURE   the capture directory
#   CARDDESK_CUPS_RIG_DIR   the rig's state: configuration, PPDs, logs, pid
set -euo pipefail

readonly FIRST_PORT=40631
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { printf 'cups-rig: %s\n' "$*" >&2; }
# shellcheck source=scripts/rig-common.sh
. "$here/rig-common.sh"

# missing prints why the rig cannot run here, or nothing.
missing() {
	local c
	for c in cupsd lpadmin cupsenable; do
		PATH=$PATH:/usr/sbin command -v "$c" >/dev/null 2>&1 ||
			{ echo "$c is not installed (scripts/deps.sh test: cups-daemon cups-client)"; return; }
	done
	if [[ $(id -u) -eq 0 ]] && ! id lp >/dev/null 2>&1; then
		echo "there is no user lp for cupsd to run filters as"
	fi
}

# write_conf DIR PORT writes the scheduler's configuration.
write_conf() {
	cat >"$1/cupsd.conf" <<CONF
Listen 127.0.0.1:$2
Browsing Off
DefaultShared No
LogLevel info
MaxLogSize 0
WebInterface No
JobRetryLimit 0
PreserveJobHistory Yes
PreserveJobFiles No
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
# Only this machine can reach it, and tests administer it (add queues,
# pause them): no authentication, and job details are not private.
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
}

# admin PORT ARG...: lpadmin on the rig, without its warning that PPDs are
# deprecated (they are what gives the queues their media).
admin() {
	local port=$1 out rc=0
	shift
	out=$(lpadmin -h "127.0.0.1:$port" "$@" 2>&1) || rc=$?
	grep -v 'drivers are deprecated' <<<"$out" >&2 || true
	return "$rc"
}

# start_cupsd DIR PORT: start the configured cupsd in DIR on PORT; only
# its own log saying it listens there counts.
start_cupsd() {
	local dir=$1 port=$2 pid i
	write_conf "$dir" "$port" || return 1
	: >"$dir/log/error_log"
	cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" </dev/null >"$dir/log/cupsd.out" 2>&1 &
	pid=$!
	echo "$pid" >"$dir/cupsd.pid"
	for ((i = 0; i < 100; i++)); do
		grep -q "Listening to 127.0.0.1:$port " "$dir/log/error_log" 2>/dev/null && port_taken "$port" && break
		grep -q "Unable to open listen socket" "$dir/log/error_log" 2>/dev/null && break
		alive "$pid" || break
		sleep 0.1
	done
	((i < 100)) && alive "$pid" && grep -q "Listening to 127.0.0.1:$port " "$dir/log/error_log"
}

# start_rig DIR: configure and start cupsd in DIR, add the queues.
start_rig() {
	local dir=$1 port pid user=lp
	export PATH=$PATH:/usr/sbin
	[[ -d $dir ]] || die "$dir is not a directory"
	dir=$(cd "$dir" && pwd)
	if [[ $(id -u) -ne 0 ]]; then
		user=$(id -un) # cupsd runs its filters as the user it runs as
	fi
	mkdir -p "$dir"/{cache,spool,spool/tmp,state,log,ppd,capture,out}
	# cupsd runs filters as $user: everything they touch must be readable by
	# it, and the capture and output directories writable.
	chmod 0755 "$dir" "$dir"/{cache,state,log,ppd}
	chmod 0710 "$dir/spool"
	chmod 1777 "$dir/spool/tmp" "$dir/capture" "$dir/out"
	sed "s|@CAPTURE@|$dir/capture|" "$here/cups-rig/capture" >"$dir/capture-filter"
	chmod 0755 "$dir/capture-filter"
	for q in cr80 office; do
		sed "s|@FILTER@|$dir/capture-filter|" "$here/cups-rig/$q.ppd" >"$dir/ppd/$q.ppd"
	done
	cat >"$dir/cups-files.conf" <<CONF
ServerRoot $dir
StateDir $dir/state
RequestRoot $dir/spool
CacheDir $dir/cache
TempDir $dir/spool/tmp
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
FileDevice Yes
Printcap $dir/printcap
User $user
CONF
	start_on_free_port cupsd "$FIRST_PORT" start_cupsd stop_rig "$dir" "$dir/log/cupsd.out" "$dir/log/error_log"
	pid=$(cat "$dir/cupsd.pid")
	if ! admin "$port" -p Badge -E -v "file://$dir/out/badge.out" -P "$dir/ppd/cr80.ppd" \
		-D "CardDesk test card printer" -L "Test rig" -o printer-is-shared=false ||
		! admin "$port" -p Office -E -v "file://$dir/out/office.out" -P "$dir/ppd/office.ppd" \
			-D "CardDesk test office printer" -o printer-is-shared=false ||
		! admin "$port" -d Badge; then
		cat "$dir/log/error_log" >&2 2>/dev/null || true
		stop_rig "$dir"
		die "could not add the test queues"
	fi
	say "cupsd started (pid $pid) on 127.0.0.1:$port, queues Badge (CR80) and Office (A4), dir $dir"
	cat >"$dir/env" <<ENV
CARDDESK_CUPS_SERVER=127.0.0.1:$port
CARDDESK_CUPS_CAPTURE=$dir/capture
CARDDESK_CUPS_RIG_DIR=$dir
ENV
}

stop_rig() { stop_pidfile cupsd "$1/cupsd.pid"; }

[[ $# -ge 1 ]] || die "usage: $0 run CMD [ARG...] | start DIR | stop DIR | check"
cmd=$1
shift
case $cmd in
check) need_rig ;;
start)
	[[ $# -eq 1 ]] || die "usage: $0 start DIR"
	need_rig
	start_rig "$1"
	cat "$1/env"
	;;
stop)
	[[ $# -eq 1 ]] || die "usage: $0 stop DIR"
	stop_rig "$1"
	;;
run)
	[[ $# -ge 1 ]] || die "usage: $0 run CMD [ARG...]"
	need_rig
	run_in_rig cups CUPS start_rig stop_rig "$@"
	;;
*) die "unknown command '$cmd'" ;;
esac
