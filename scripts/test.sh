#!/usr/bin/env bash
# Runs CardDesk's whole test suite: what `make test` and CI (.ci/run) do.
#
#   scripts/test.sh                 build, vet, staticcheck + every test
#   scripts/test.sh ./enroll/...    the same, but only the tests of the given
#                                   packages (and/or go test flags, e.g. -run X)
#
# 1. installs missing packages (scripts/deps.sh test)
# 2. starts a private Xvfb when DISPLAY is unset, and stops exactly that one
#    (by pid) on exit
# 3. installs the pinned test tools into bin/tools (gotestsum, staticcheck);
#    they are not in go.mod, so `go install tool@version` keeps them out of it
# 4. builds bin/carddesk; CLI and GUI tests run it through CARDDESK_BIN
# 5. go vet ./...
# 6. staticcheck ./...
# 7. go test -race -count=1 -timeout 40m through gotestsum, inside the PC/SC rig
#    (scripts/pcsc-rig.sh: a private pcscd with a vpcd virtual reader, in a
#    mount namespace of its own, stopped when the tests end) and the CUPS rig
#    (scripts/cups-rig.sh: a private cupsd on 127.0.0.1 with a CR80 card queue
#    that keeps each job, stopped by pid when the tests end) and the PostgreSQL
#    rig (scripts/pg-rig.sh: a private PostgreSQL 15 on 127.0.0.1 in a temp
#    directory, run as an unprivileged user, stopped by pg_ctl when the tests
#    end) when they can run here; then, in the same gotestsum run and rigs,
#    the command line's end-to-end tests (packages cli and cmd/carddesk, as
#    far as the run includes them) once more on PostgreSQL:
#    CARDDESK_TEST_DB=postgres gives each test station a fresh database on
#    the PostgreSQL rig instead of a SQLite file. That pass's packages are
#    marked " [postgres]" in the output and the event stream
#    ("github.com/carddesk/carddesk/cli [postgres]"), so its tests stay
#    apart from the SQLite pass's. Without the PostgreSQL rig it is left out.
# 8. the packaging test, scripts/test-dist.sh (make dist, then the Windows
#    installer under Wine, the .deb installed and removed, the .tar.xz), when
#    no packages or flags were given; a failure there is one failure in the
#    summary
#
# Every step runs even when an earlier one failed, so one run shows everything.
# The last line is the summary, e.g.
#   summary: 612 passed, 3 failed, 9 skipped (failed: staticcheck, 2 in go test)
# A failed build, vet or staticcheck, a rig that could not start under
# CARDDESK_RIGS=required, and a go test run that failed without a failing test
# to name (e.g. the rig or go test itself died first) each count as one failure;
# every failing test (or package that failed to build, panicked or timed out
# outside a test) counts as one too, in either pass; the summary says how many
# of them failed on PostgreSQL. The script exits non-zero when anything failed.
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
#   CARDDESK_CUPS_SERVER, CARDDESK_CUPS_CAPTURE, CARDDESK_CUPS_RIG_DIR
#                    the CUPS rig: its scheduler (127.0.0.1:PORT), the directory
#                    its queues' filter writes each job's PDF and options to,
#                    and its state (PPDs, logs)
#   CARDDESK_TEST_DB postgres in the second pass (see 7.), unset in the first
#   CARDDESK_PG_DSN, CARDDESK_PG_ADMIN_DSN, CARDDESK_PG_RIG_DIR, CARDDESK_PG_CTL
#                    the PostgreSQL rig: the role carddesk (password in the URL)
#                    on its database carddesk, the superuser postgres (no password;
#                    tests CREATE DATABASE ... TEMPLATE template0 OWNER carddesk),
#                    its state (data, logs, bin -> the server's programs), and the
#                    script that stops/starts it ("$CARDDESK_PG_CTL stop|start [DIR]")
# The full go test event stream is kept in bin/test-output.jsonl.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
start=$SECONDS

readonly GOTESTSUM_VERSION=v1.13.0 STATICCHECK_VERSION=v0.8.2

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

# Steps that failed outside go test, in order; each is one failure in the summary.
failed_steps=()

# rig_missing NAME WHY: a rig could not start. Under CARDDESK_RIGS=required that
# is a failure of its own (even if no test that needs it runs this time);
# otherwise the tests that need it skip.
rig_missing() {
	if [[ ${CARDDESK_RIGS:-} == required ]]; then
		echo "$1 rig: FAILED, and CARDDESK_RIGS=required: $2" >&2
		failed_steps+=("$1 rig")
	else
		echo "$1 rig not available ($2); the tests that need it skip"
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/carddesk-test.XXXXXX")
xvfb_pid=

# alive PID: the process runs (an exited child we have not reaped yet is a
# zombie, which kill -0 still finds).
alive() {
	local state
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[[ -n $state && $state != Z ]]
}

stop_xvfb() {
	[[ -n $xvfb_pid ]] || return 0
	local i
	kill "$xvfb_pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do
		alive "$xvfb_pid" || break
		sleep 0.1
	done
	if alive "$xvfb_pid"; then
		echo "Xvfb (pid $xvfb_pid) did not stop on TERM; killing it" >&2
		kill -KILL "$xvfb_pid" 2>/dev/null || true
	fi
	wait "$xvfb_pid" 2>/dev/null || true
	xvfb_pid=
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	stop_xvfb
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A virtual X server for tests that open real windows (the GUI smoke test,
# Fyne), on the first display number from 77 up that nobody uses.
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
			alive "$xvfb_pid" || break
			sleep 0.1
		done
		# Lost a race for this number, or Xvfb is broken: stop it, try the next.
		stop_xvfb
		if ((++tries >= 3)); then break; fi
	done
	echo "could not start Xvfb; its log:" >&2
	cat "$tmp/xvfb.log" >&2 || true
	return 1
}

if [[ -z ${DISPLAY:-} ]]; then
	say "Xvfb"
	start_xvfb || rig_missing Xvfb "Xvfb did not start (see its log above)"
else
	echo "using DISPLAY=$DISPLAY"
fi

# install_tool NAME MODULE PACKAGE VERSION puts PACKAGE@VERSION into bin/tools,
# unless that exact module version is there already (go version -m tells).
install_tool() {
	local name=$1 module=$2 pkg=$3 version=$4
	if go version -m "bin/tools/$name" 2>/dev/null | grep -qF "$(printf '\tmod\t%s\t%s\t' "$module" "$version")"; then
		echo "$name $version: bin/tools/$name"
		return 0
	fi
	echo "$name $version: installing into bin/tools"
	GOBIN=$root/bin/tools go install "$pkg@$version"
}

mkdir -p bin/tools
say "test tools"
have_gotestsum=true have_staticcheck=true
install_tool gotestsum gotest.tools/gotestsum gotest.tools/gotestsum "$GOTESTSUM_VERSION" ||
	have_gotestsum=false
install_tool staticcheck honnef.co/go/tools honnef.co/go/tools/cmd/staticcheck "$STATICCHECK_VERSION" ||
	have_staticcheck=false

rm -f bin/carddesk # never let CLI tests run a stale binary after a failed build
# The version is FyneApp.toml's (cmd/carddesk/metadata_gen.go); the build
# only adds the commit it was made from.
commit=$(git describe --always --dirty 2>/dev/null || true)
say "build bin/carddesk (${commit:-no commit})"
step=$SECONDS
build_rc=0
go build -ldflags "-X main.commit=$commit" -o bin/carddesk ./cmd/carddesk || build_rc=$?
echo "build: exit $build_rc in $(elapsed "$step")"
((build_rc == 0)) || failed_steps+=(build)
export CARDDESK_BIN=$root/bin/carddesk

say "go vet ./..."
step=$SECONDS
vet_rc=0
go vet ./... || vet_rc=$?
echo "vet: exit $vet_rc in $(elapsed "$step")"
((vet_rc == 0)) || failed_steps+=(vet)

say "staticcheck ./... ($STATICCHECK_VERSION)"
step=$SECONDS
staticcheck_rc=0
if $have_staticcheck; then
	bin/tools/staticcheck ./... || staticcheck_rc=$?
else
	echo "staticcheck could not be installed (see above)" >&2
	staticcheck_rc=1
fi
echo "staticcheck: exit $staticcheck_rc in $(elapsed "$step")"
((staticcheck_rc == 0)) || failed_steps+=(staticcheck)
say "GOOS=windows go build + vet ./devices/winprint/"; { GOOS=windows go build ./devices/winprint/ && GOOS=windows go vet ./devices/winprint/ && echo "windows build + vet: ok"; } || failed_steps+=("windows build/vet")

# use_rig VAR NAME RIG WHAT: when scripts/RIG-rig.sh can run here, the array
# VAR becomes the command that wraps go test in the rig (its `run`);
# otherwise it stays empty and the rig is missing (rig_missing says why).
use_rig() {
	local -n wrap=$1
	local why
	if why=$(scripts/"$3"-rig.sh check 2>&1); then
		# shellcheck disable=SC2034 # wrap is the caller's array (a nameref)
		wrap=(scripts/"$3"-rig.sh run)
		echo "$2 rig: $4, started around go test"
	else
		rig_missing "$2" "${why#"$3"-rig: }"
	fi
}

# The PC/SC rig wraps the whole go test run; without it the PC/SC tests skip
# (or fail under CARDDESK_RIGS=required, saying why).
rig=()
use_rig rig PC/SC pcsc "pcscd + vpcd reader"

# The CUPS rig wraps it too (outside the PC/SC rig's namespaces: the tests
# reach its cupsd over 127.0.0.1); without it the printing tests skip.
cups_rig=()
use_rig cups_rig CUPS cups "a private cupsd with a capture queue"

# The PostgreSQL rig wraps it innermost, inside the PC/SC rig's pid namespace:
# tests that stop and start it with CARDDESK_PG_CTL (pg_ctl) must see the
# postmaster's pid. Without it the PostgreSQL tests skip.
pg_rig=()
use_rig pg_rig PostgreSQL pg "a private postgres on 127.0.0.1"

pkgs=("$@")
whole_suite=("$@") # empty: the whole suite, the packaging test too (8.)
((${#pkgs[@]})) || pkgs=(./...)
test_flags=(-race -count=1 -timeout 40m)

# pg_pass_args ARG... prints, NUL-separated, the arguments of the PostgreSQL
# pass: the run's go test flags, and those of the command line's test
# packages (./cli, ./cmd/carddesk) that the run's packages include; nothing
# when it includes neither. The words are told apart as go test does: one
# that starts with - is a flag, and takes the next word as its value unless
# it has =value or is a boolean flag (any not listed here).
pg_pass_args() {
	local value_flags='^--?(run|skip|bench|benchtime|count|cpu|parallel|timeout|shuffle|list|fuzz|fuzztime|fuzzminimizetime|cover(profile|mode|pkg)|(cpu|mem|block|mutex)profile|memprofilerate|blockprofilerate|mutexprofilefraction|trace|outputdir|o|exec|vet|tags|p|ldflags|gcflags|asmflags|gccgoflags|mod|modfile|overlay|pkgdir|C|compiler|installsuffix|toolexec|pgo)$'
	local flags=() patterns=() value=false a module p
	for a in "$@"; do
		if $value; then
			flags+=("$a")
			value=false
		elif [[ $a == -* ]]; then
			flags+=("$a")
			[[ $a != *=* && $a =~ $value_flags ]] && value=true
		else
			patterns+=("$a")
		fi
	done
	((${#patterns[@]})) || patterns=(./...)
	module=$(go list -m) || return 0
	local listed
	listed=$(go list -e "${patterns[@]}" 2>/dev/null) || return 0
	local chosen=()
	for p in cli cmd/carddesk; do
		grep -qxF "$module/$p" <<<"$listed" && chosen+=("./$p")
	done
	((${#chosen[@]})) || return 0
	printf '%s\0' "${flags[@]}" "${chosen[@]}"
}

# go_test_passes N ARG... is the command gotestsum runs (--raw-command):
# go test -json with the first N arguments, then, when more follow, go test
# -json with those and CARDDESK_TEST_DB=postgres, its events' "Package"
# marked " [postgres]" (go test -json writes one event a line, Package first
# of the strings: an Output's quotes are escaped). It fails when either
# pass fails. It runs in a bash of its own (declare -f), inside the rigs.
# shellcheck disable=SC2317 # called there, not here
go_test_passes() {
	local n=$1 rc=0 pg_rc
	shift
	go test -json "${@:1:n}" || rc=$?
	(($# > n)) || return "$rc"
	CARDDESK_TEST_DB=postgres go test -json "${@:n+1}" |
		sed -u 's/"Package":"\([^"]*\)"/"Package":"\1 [postgres]"/'
	pg_rc=${PIPESTATUS[0]}
	((rc != 0)) || rc=$pg_rc
	return "$rc"
}

pg_args=()
if ((${#pg_rig[@]})); then
	mapfile -d '' pg_args < <(pg_pass_args "${pkgs[@]}")
fi
say "go test ${test_flags[*]} ${pkgs[*]}"
if ((${#pg_args[@]})); then
	echo "then on PostgreSQL (CARDDESK_TEST_DB=postgres): go test ${test_flags[*]} ${pg_args[*]}"
elif ((${#pg_rig[@]} == 0)); then
	echo "no PostgreSQL rig: the command line's tests run on SQLite only"
fi
pass1=("${test_flags[@]}" "${pkgs[@]}")
((${#pg_args[@]} == 0)) || pg_args=("${test_flags[@]}" "${pg_args[@]}")
step=$SECONDS
rm -f bin/test-output.jsonl
# gotestsum hands its counts to the post-run command in TESTS_* variables; the
# command runs inside the rigs, so it also sees whether the rigs' pcscd,
# cupsd and postgres came up (a rig runs the tests without its daemon when it
# does not). The PostgreSQL rig's directory comes last: it is a path.
counts=$tmp/test-counts
# shellcheck disable=SC2016 # expanded by that sh, not here
counts_hook='sh -c "echo $TESTS_TOTAL $TESTS_FAILED $TESTS_SKIPPED ${CARDDESK_VPCD_PORT:-none} ${CARDDESK_CUPS_SERVER:-none} ${CARDDESK_PG_RIG_DIR:-none} >\"$CARDDESK_TEST_COUNTS\""'
test_rc=0
if $have_gotestsum; then
	CARDDESK_TEST_COUNTS=$counts "${cups_rig[@]}" "${rig[@]}" "${pg_rig[@]}" bin/tools/gotestsum \
		--format pkgname --jsonfile bin/test-output.jsonl --post-run-command "$counts_hook" \
		--raw-command -- bash -c "$(declare -f go_test_passes); go_test_passes \"\$@\"" go_test_passes \
		"${#pass1[@]}" "${pass1[@]}" "${pg_args[@]}" || test_rc=$?
else
	echo "gotestsum could not be installed (see above): no tests ran" >&2
	test_rc=1
fi
echo "test: exit $test_rc in $(elapsed "$step")"

dist_rc=0
if ((${#whole_suite[@]} == 0)); then
	say "packaging test (scripts/test-dist.sh)"
	step=$SECONDS
	scripts/test-dist.sh || dist_rc=$?
	echo "packaging test: exit $dist_rc in $(elapsed "$step")"
	((dist_rc == 0)) || failed_steps+=("packaging test")
fi

passed=0 failed_tests=0 skipped=0 pg_failed=0
if [[ -s $counts ]]; then
	read -r _ failed_tests skipped vpcd_port cups_server pg_dir <"$counts"
	# gotestsum gives no pass count: count the stream's pass events of tests.
	passed=$(grep -c '"Action":"pass","Package":"[^"]*","Test":' bin/test-output.jsonl || true)
	# Of the failures, those of the PostgreSQL pass, counted as gotestsum
	# counts: each failed test, and a package that failed without one.
	pg_failed=$(awk '/"Action":"fail"/ && /"Package":"[^"]* \[postgres\]"/ {
		match($0, /"Package":"[^"]*"/); p = substr($0, RSTART, RLENGTH)
		if (/"Test":/) { n++; tests[p] = 1 } else pkgs[p] = 1
	} END { for (p in pkgs) if (!(p in tests)) n++; print n + 0 }' bin/test-output.jsonl)
	if ((${#rig[@]})) && [[ $vpcd_port == none ]]; then
		rig_missing PC/SC "its pcscd did not start (see the pcsc-rig lines above)"
	fi
	if ((${#cups_rig[@]})) && [[ ${cups_server:-none} == none ]]; then
		rig_missing CUPS "its cupsd did not start (see the cups-rig lines above)"
	fi
	if ((${#pg_rig[@]})) && [[ ${pg_dir:-none} == none ]]; then
		rig_missing PostgreSQL "its postgres did not start (see the pg-rig lines above)"
	fi
fi
# go test failed, yet no failing test was counted: gotestsum, the rig or
# go test itself gave up before any test could fail. That is a failure too.
if ((test_rc != 0 && failed_tests == 0)); then
	failed_steps+=("go test (exit $test_rc, no failing test)")
fi
failed=$((failed_tests + ${#failed_steps[@]}))

rc=0
for r in "$build_rc" "$vet_rc" "$staticcheck_rc" "$test_rc" "$dist_rc"; do
	((r == 0)) || { rc=$r; break; }
done
((rc != 0 || failed == 0)) || rc=1 # a rig that was required but missing

verdict=PASS
((rc == 0)) || verdict=FAIL
echo
echo "test.sh: $verdict (build exit $build_rc, vet exit $vet_rc, staticcheck exit $staticcheck_rc," \
	"go test exit $test_rc, packaging test exit $dist_rc) in $(elapsed)"
what=("${failed_steps[@]}")
if ((pg_failed > 0)); then
	what+=("$failed_tests in go test, $pg_failed of them on PostgreSQL")
elif ((failed_tests > 0)); then
	what+=("$failed_tests in go test")
fi
line="summary: $passed passed, $failed failed, $skipped skipped"
if ((${#what[@]})); then
	list=$(printf '%s, ' "${what[@]}")
	line+=" (failed: ${list%, })"
fi
echo "$line"
exit "$rc"
