#!/usr/bin/env bash
# Runs CardDesk's whole test suite: what `make test` and CI (.ci/run) do.
#
#   scripts/test.sh                 vet + every test
#   scripts/test.sh ./enroll/...    vet + the tests of the given packages / go test flags
#
# 1. installs missing packages (scripts/deps.sh test)
# 2. starts a private Xvfb when DISPLAY is unset, and stops exactly that one on exit
# 3. builds bin/carddesk; CLI tests run it through CARDDESK_BIN
# 4. go vet ./...
# 5. go test -race -count=1 -timeout 40m, inside the PC/SC rig (scripts/pcsc-rig.sh:
#    a private pcscd with a vpcd virtual reader, in a mount namespace of its own,
#    stopped when the tests end) when it can run here
#
# Environment it sets for the tests:
#   LANG, LC_ALL     en_US.UTF-8 (Fyne cannot parse locale C)
#   DISPLAY          :N of the Xvfb it started (kept as is when already set)
#   CARDDESK_BIN     absolute path of the freshly built binary
#   CARDDESK_RIGS    "required" under CI=true or make test: tests that need a rig
#                    (pcscd, cupsd, SMTP, PostgreSQL, X) fail instead of skipping
#   CARDDESK_VPCD_PORT, CARDDESK_VPCD_READER, CARDDESK_PCSCD_CTL
#                    the PC/SC rig: where virtual cards plug in, the reader's name,
#                    and the script that stops/starts the rig's pcscd
# The full go test event stream is kept in bin/test-output.jsonl.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
start=$SECONDS

say() { printf '\n==> %s\n' "$*"; }
elapsed() { local s=$((SECONDS - ${1:-$start})); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi

say "dependencies"
scripts/deps.sh test

export LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8
if [[ ${CI:-} == true ]]; then
	export CARDDESK_RIGS=required
fi
echo "CI=${CI:-} CARDDESK_RIGS=${CARDDESK_RIGS:-} LANG=$LANG $(go version)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/carddesk-test.XXXXXX")
xvfb_pid=
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	if [[ -n $xvfb_pid ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A virtual X server for tests that open real windows, on the first display
# number from 77 up that nobody uses. Only when there is no display already.
start_xvfb() {
	local n tries=0
	for ((n = 77; n < 177; n++)); do
		[[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
		Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
		xvfb_pid=$!
		local i
		for ((i = 0; i < 100; i++)); do
			if [[ -S /tmp/.X11-unix/X$n ]]; then
				export DISPLAY=":$n"
				echo "Xvfb started on $DISPLAY (pid $xvfb_pid)"
				return 0
			fi
			kill -0 "$xvfb_pid" 2>/dev/null || break
			sleep 0.1
		done
		# Lost a race for this number, or Xvfb is broken: stop it, try the next.
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
		xvfb_pid=
		if ((++tries >= 3)); then break; fi
	done
	echo "could not start Xvfb; its log:" >&2
	cat "$tmp/xvfb.log" >&2 || true
	return 1
}

if [[ -z ${DISPLAY:-} ]]; then
	say "Xvfb"
	start_xvfb
else
	echo "using DISPLAY=$DISPLAY"
fi

mkdir -p bin
rm -f bin/carddesk # never let CLI tests run a stale binary after a failed build
version=$(git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
say "build bin/carddesk ($version)"
step=$SECONDS
build_rc=0
go build -ldflags "-X main.version=$version" -o bin/carddesk ./cmd/carddesk || build_rc=$?
echo "build: exit $build_rc in $(elapsed "$step")"
export CARDDESK_BIN=$root/bin/carddesk

say "go vet ./..."
step=$SECONDS
vet_rc=0
go vet ./... || vet_rc=$?
echo "vet: exit $vet_rc in $(elapsed "$step")"

# The PC/SC rig wraps the whole go test run; without it the PC/SC tests skip
# (or fail under CARDDESK_RIGS=required, saying why).
rig=()
if rig_why=$(scripts/pcsc-rig.sh check 2>&1); then
	rig=(scripts/pcsc-rig.sh run)
	echo "PC/SC rig: pcscd + vpcd reader, started around go test"
else
	echo "PC/SC rig not available: ${rig_why#pcsc-rig: }"
fi

pkgs=("$@")
((${#pkgs[@]})) || pkgs=(./...)
say "go test -race -count=1 -timeout 40m ${pkgs[*]}"
step=$SECONDS
# Plain go test output plus a pass/fail/skip count. If the summary helper
# cannot be built, fall back to go test's own output.
summary=()
if go build -o "$tmp/testsummary" scripts/testsummary.go; then
	summary=("$tmp/testsummary")
fi
set +e
if ((${#summary[@]})); then
	"${rig[@]}" go test -json -race -count=1 -timeout 40m "${pkgs[@]}" 2>&1 |
		tee bin/test-output.jsonl | "${summary[@]}" "$tmp/counts"
	test_rc=${PIPESTATUS[0]}
else
	"${rig[@]}" go test -race -count=1 -timeout 40m "${pkgs[@]}"
	test_rc=$?
fi
set -e
echo "test: exit $test_rc in $(elapsed "$step")"

rc=0
for r in "$build_rc" "$vet_rc" "$test_rc"; do
	((r == 0)) || { rc=$r; break; }
done
verdict=PASS
((rc == 0)) || verdict=FAIL
echo
echo "test.sh: $verdict (build exit $build_rc, vet exit $vet_rc, go test exit $test_rc) in $(elapsed)"
# Closing line in the usual "N passed, N failed" form; a failed build or vet
# counts as one failure each.
if [[ -s $tmp/counts ]]; then
	read -r passed failed skipped <"$tmp/counts"
	((build_rc == 0)) || failed=$((failed + 1))
	((vet_rc == 0)) || failed=$((failed + 1))
	echo "summary: $passed passed, $failed failed, $skipped skipped"
fi
exit "$rc"
