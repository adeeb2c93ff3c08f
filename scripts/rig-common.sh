# shellcheck shell=bash
# Shared by the test rigs (pcsc-rig.sh, cups-rig.sh): sourced after the
# rig defines say(), which prefixes its messages with the rig's name.

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
