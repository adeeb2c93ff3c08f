# shellcheck shell=bash
# Shared by the test rigs (pcsc-rig.sh, cups-rig.sh, pg-rig.sh): sourced
# after the rig defines say(), which prefixes its messages with the rig's
# name, and missing(), which prints why the rig cannot run here, or nothing.

die() {
	say "$*"
	exit 1
}

# alive PID: the process runs; an exited child its parent has not reaped
# yet (a zombie) counts as gone.
alive() {
	local state
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[[ -n $state && $state != Z ]]
}

# stop_pidfile NAME FILE stops the daemon whose pid FILE holds (TERM, then
# KILL after 10 s) and empties FILE so a second stop does nothing.
stop_pidfile() {
	local name=$1 file=$2 pid i
	[[ -s $file ]] || return 0
	pid=$(cat "$file")
	: >"$file"
	alive "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		alive "$pid" || { say "$name stopped (pid $pid)"; return 0; }
		sleep 0.1
	done
	say "$name (pid $pid) did not stop on TERM; killing it"
	kill -KILL "$pid" 2>/dev/null || true
}

# need_rig dies saying why when the rig cannot run here (missing).
need_rig() {
	local why
	why=$(missing)
	[[ -z $why ]] || die "$why"
}

# port_taken PORT: something listens on 127.0.0.1:PORT.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_on_free_port DAEMON FIRST START STOP DIR LOG... sets the caller's
# port to the first free one on 127.0.0.1 from FIRST up and runs START DIR
# PORT, which starts the rig's DAEMON there. Another rig may take the same
# port at the same moment: when DAEMON does not come up, STOP DIR cleans up
# and the next port is tried. After five tries, or 200 ports, it shows the
# LOG files and dies.
start_on_free_port() {
	local daemon=$1 first=$2 start=$3 stop=$4 dir=$5 try
	shift 5
	port=$first
	for ((try = 0; ; try++)); do
		while port_taken "$port"; do ((++port)); done
		if ((try >= 5 || port >= first + 200)); then
			cat "$@" >&2 2>/dev/null || true
			die "$daemon did not start on 127.0.0.1 (ports $first-$port)"
		fi
		"$start" "$dir" "$port" && return 0
		say "$daemon did not come up on 127.0.0.1:$port; trying the next port"
		"$stop" "$dir"
		((++port))
	done
}

# stop_on_exit STOP DIR: when the script ends, or is interrupted, STOP DIR
# stops the rig and DIR, its state, is removed.
stop_on_exit() {
	rig_stop=$1 rig_dir=$2
	# shellcheck disable=SC2317 # called from the EXIT trap
	cleanup() {
		"$rig_stop" "$rig_dir"
		rm -rf "$rig_dir"
	}
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# run_in_rig KIND NAME START STOP CMD... is `run` of a rig kept in a
# directory: START DIR starts a rig in a fresh temporary directory
# (carddesk-KIND.XXXXXX) and writes its environment to DIR/env, CMD runs
# with that environment, and STOP DIR stops the rig when the script ends.
# Exits with CMD's status.
run_in_rig() {
	local kind=$1 name=$2 start=$3 stop=$4 dir rc=0
	shift 4
	dir=$(mktemp -d "${TMPDIR:-/tmp}/carddesk-$kind.XXXXXX")
	stop_on_exit "$stop" "$dir"
	# Without a rig the NAME tests skip, or fail saying why under
	# CARDDESK_RIGS=required; every other test still runs.
	if ("$start" "$dir"); then
		set -a
		# shellcheck disable=SC1091
		. "$dir/env"
		set +a
	else
		say "running without the $name rig"
	fi
	"$@" || rc=$?
	exit "$rc"
}
