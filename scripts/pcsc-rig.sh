#!/usr/bin/env bash
# The PC/SC test rig: a private pcscd with one vsmartcard vpcd reader, so tests
# drive the real smart-card stack with virtual cards (devices/pcsc/vpcdcard).
#
#   scripts/pcsc-rig.sh run CMD [ARG...]   start the rig, run CMD inside it, stop the
#                                          rig; exits with CMD's status
#   scripts/pcsc-rig.sh stop               (from inside run, e.g. a test) stop the rig's pcscd
#   scripts/pcsc-rig.sh start              (from inside run) start it again
#   scripts/pcsc-rig.sh check              exit 0 when the rig can run here
#
# pcsc-lite 1.9.9's daemon always listens on /run/pcscd/pcscd.comm, so `run`
# puts itself and CMD in a private mount (and pid) namespace (unshare, needs
# root) with a fresh tmpfs on /run/pcscd: a system pcscd, if any, is never
# touched or seen. The vpcd reader listens on TCP port 40059 (channel 0x9C7B); it
# shows up as "CardDesk Test Reader 00 00" (slot 0) and "... 00 01" (slot 1).
#
# Environment CMD gets:
#   CARDDESK_VPCD_PORT     40059: where a virtual card connects (127.0.0.1)
#   CARDDESK_VPCD_READER   the reader name of slot 0
#   CARDDESK_PCSCD_CTL     this script: "$CARDDESK_PCSCD_CTL stop|start"
#   CARDDESK_PCSC_RIG_DIR  the rig's state: reader config, pcscd log and pid
set -euo pipefail

readonly PORT=40059 CHANNEL=0x9C7B
readonly READER_NAME="CardDesk Test Reader"
readonly DRIVER=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
readonly SOCKET_DIR=/run/pcscd

self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

say() { printf 'pcsc-rig: %s\n' "$*" >&2; }
# shellcheck source=scripts/rig-common.sh
. "$(dirname "$self")/rig-common.sh"

# missing prints why the rig cannot run here, or nothing.
missing() {
	command -v pcscd >/dev/null 2>&1 || { echo "pcscd is not installed (scripts/deps.sh test)"; return; }
	[[ -e $DRIVER ]] || { echo "the vpcd driver $DRIVER is missing (package vsmartcard-vpcd)"; return; }
	command -v unshare >/dev/null 2>&1 || { echo "unshare is missing (util-linux)"; return; }
	unshare --mount --pid --fork true 2>/dev/null ||
		echo "cannot make a private mount and pid namespace (unshare needs root)"
}

pid_file() { echo "$CARDDESK_PCSC_RIG_DIR/pcscd.pid"; }

# start_pcscd starts the rig's pcscd and waits until it serves the reader;
# it says why and fails when it cannot.
start_pcscd() {
	local dir=$CARDDESK_PCSC_RIG_DIR pid i
	if [[ -s $(pid_file) ]] && alive "$(cat "$(pid_file)")"; then
		say "pcscd is already running (pid $(cat "$(pid_file)"))"
		return 1
	fi
	# The port must be free, or vpcd would quietly fail to add the reader.
	if port_taken "$PORT"; then
		say "port $PORT is taken by another program: is another test rig running?"
		return 1
	fi
	rm -f "$SOCKET_DIR"/pcscd.comm "$SOCKET_DIR"/pcscd.pid # stale files of a pcscd of ours that died
	: >"$dir/pcscd.log.new"
	pcscd --foreground --info --config "$dir/reader.conf.d" </dev/null >>"$dir/pcscd.log.new" 2>&1 &
	pid=$!
	echo "$pid" >"$(pid_file)"
	for ((i = 0; i < 100; i++)); do
		if grep -q 'daemon ready' "$dir/pcscd.log.new" && [[ -S $SOCKET_DIR/pcscd.comm ]]; then
			cat "$dir/pcscd.log.new" >>"$dir/pcscd.log"
			say "pcscd started (pid $pid), reader \"$READER_NAME 00 00\" on port $PORT"
			return 0
		fi
		alive "$pid" || break
		sleep 0.1
	done
	cat "$dir/pcscd.log.new" >&2
	kill "$pid" 2>/dev/null || true
	say "pcscd did not get ready"
	return 1
}

stop_pcscd() { stop_pidfile pcscd "$(pid_file)"; }

# run_inside is `run` once in the private mount namespace.
run_inside() {
	mkdir -p "$SOCKET_DIR"
	mount -t tmpfs -o mode=0755 tmpfs "$SOCKET_DIR"
	CARDDESK_PCSC_RIG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/carddesk-pcsc.XXXXXX")
	export CARDDESK_PCSC_RIG_DIR
	mkdir "$CARDDESK_PCSC_RIG_DIR/reader.conf.d"
	cat >"$CARDDESK_PCSC_RIG_DIR/reader.conf.d/carddesk-test-reader" <<EOF
FRIENDLYNAME "$READER_NAME"
DEVICENAME   /dev/null:$CHANNEL
LIBPATH      $DRIVER
CHANNELID    $CHANNEL
EOF
	stop_on_exit stop_pcscd "$CARDDESK_PCSC_RIG_DIR"
	# Without a rig the PC/SC tests skip, or fail saying why under
	# CARDDESK_RIGS=required; every other test still runs.
	if start_pcscd; then
		export CARDDESK_VPCD_PORT=$PORT CARDDESK_VPCD_READER="$READER_NAME 00 00" CARDDESK_PCSCD_CTL=$self
	else
		say "running without the PC/SC rig"
	fi
	local rc=0
	"$@" || rc=$?
	return "$rc"
}

[[ $# -ge 1 ]] || die "usage: $0 run CMD [ARG...] | stop | start | check"
cmd=$1
shift
case $cmd in
check) need_rig ;;
run)
	[[ $# -ge 1 ]] || die "usage: $0 run CMD [ARG...]"
	if [[ ${CARDDESK_PCSC_RIG_NS:-} != 1 ]]; then
		need_rig
		# --propagation private: the tmpfs on /run/pcscd stays in here.
		# --pid --fork: this script becomes the namespace's init, so it
		# reaps a pcscd a test restarted, and nothing outlives the run.
		exec unshare --mount --propagation private --pid --fork --mount-proc \
			env CARDDESK_PCSC_RIG_NS=1 "$self" run "$@"
	fi
	run_inside "$@"
	;;
stop | start)
	[[ -n ${CARDDESK_PCSC_RIG_DIR:-} && ${CARDDESK_PCSC_RIG_NS:-} == 1 ]] ||
		die "$cmd only works inside '$0 run' (it controls that rig's pcscd)"
	"${cmd}_pcscd" || exit 1
	;;
*) die "unknown command '$cmd'" ;;
esac
