#!/usr/bin/env bash
# The packaging test (make test-dist; make test runs it after the Go tests):
# builds dist/ with scripts/dist.sh and uses each package as a desk or an IT
# department would.
#
#   files      the versioned file names (FyneApp.toml's Version), SHA256SUMS
#   exe        the Windows program: PE32+, GUI subsystem, its icon, manifest
#              and version information (FyneApp.toml's version) in resources;
#              the installer's own version information
#   windows    under Wine, in a private prefix (a temp dir): an older version
#              installed silently (/S) into Program Files with its Start-menu
#              entry and Add/Remove Programs entry; a station set up with it
#              in the user's AppData; the new version installed over it (the
#              upgrade): program replaced, data kept; carddesk.exe version,
#              formats encode (the same JSON as the Linux binary), setup and a
#              CSV import on a temp database; the log file in AppData; the
#              uninstaller run silently: program files, shortcut and registry
#              entry gone, the users' data still there
#   wine-gui   the app's window opens under Wine on an X display (screenshot:
#              bin/dist-test/wine-gui.png)
#   deb        dpkg-deb --info/--contents (fields, files, owners, icon sizes,
#              the .desktop file validated); installed with apt-get, run
#              (version, formats encode, the window opens: screenshot
#              bin/dist-test/deb-gui.png), purged: its files gone
#   tar.xz     its files; the binary in it runs; its Makefile installs it
#
# Wine needs bcryptprimitives.dll, which Wine 8 lacks and every Go 1.22+
# program loads: scripts/test-dist/bcryptprimitives.c is built and copied
# into the private prefix only (Windows itself ships that DLL; the installer
# never ships it).
#
# Ends with "test-dist: N passed, N failed"; exits non-zero when a check
# failed. Nothing skips: a missing tool is a failure (scripts/deps.sh
# dist-test installs them). Stops only what it started: its wineserver
# (wineserver -k with its own WINEPREFIX), its Xvfb and app windows by pid;
# removes the .deb it installed, also when interrupted.

# The checks are functions that check runs indirectly, and fail exits.
# shellcheck disable=SC2317
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
start=$SECONDS

say() { printf '\n==> %s\n' "$*"; }
elapsed() { local s=$((SECONDS - ${1:-$start})); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
export LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8
# The station under test gets only what each command gives it.
unset CARDDESK_DB CARDDESK_OPERATOR CARDDESK_PASSWORD CARDDESK_NEW_PASSWORD CARDDESK_LOG_DIR

passed=0 failed=0 failures=()
tmp=$(mktemp -d "${TMPDIR:-/tmp}/carddesk-dist-test.XXXXXX")
shots=$root/bin/dist-test
mkdir -p "$shots"
xvfb_pid='' deb_installed=false
export WINEPREFIX=$tmp/wine WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko installer dialogs in a new prefix.
export WINEDLLOVERRIDES="mscoree,mshtml="

alive() {
	local state
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[[ -n $state && $state != Z ]]
}

# stop_pid PID: TERM, then KILL after 5 s.
stop_pid() {
	local pid=$1 i
	kill "$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	alive "$pid" && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

as_root=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
	as_root=(sudo)
fi

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
	if $deb_installed; then
		echo "removing the carddesk package this test installed"
		"${as_root[@]}" dpkg --purge carddesk >/dev/null 2>&1 || true
	fi
	if [[ -d $WINEPREFIX ]]; then
		wineserver -k 2>/dev/null || true
	fi
	[[ -z $xvfb_pid ]] || stop_pid "$xvfb_pid"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# check NAME FUNCTION runs FUNCTION in a subshell with errexit on; it passes
# when the subshell exits 0. fail MESSAGE ends it.
check() {
	local name=$1 rc step=$SECONDS
	shift
	say "$name"
	set +e
	(
		set -e
		"$@"
	)
	rc=$?
	set -e
	if ((rc == 0)); then
		echo "ok   $name ($(elapsed "$step"))"
		passed=$((passed + 1))
	else
		echo "FAIL $name ($(elapsed "$step"))" >&2
		failed=$((failed + 1))
		failures+=("$name")
	fi
}
fail() {
	echo "  FAIL: $*" >&2
	exit 1
}
# want TEXT PATTERN MESSAGE: TEXT has a line matching the extended regex.
indent() { printf '  %s\n' "${1//$'\n'/$'\n'  }"; }
want() { grep -qE -- "$2" <<<"$1" || fail "$3; got: $(head -c 2000 <<<"$1")"; }

finish() {
	echo
	echo "test-dist: $(elapsed)"
	if ((failed > 0)); then
		local list
		list=$(printf '%s, ' "${failures[@]}")
		echo "failed: ${list%, }" >&2
	fi
	echo "test-dist: $passed passed, $failed failed"
	((failed == 0))
	exit
}

# --- build ------------------------------------------------------------------
say "dependencies"
scripts/deps.sh dist-test

version=$(scripts/dist.sh version)
commit=${COMMIT-$(git describe --always --dirty 2>/dev/null || true)}
full_version=$version${commit:++$commit}
tarxz=dist/carddesk-$version-linux-amd64.tar.xz
deb=dist/carddesk_${version}_amd64.deb
setup=dist/carddesk-$version-windows-amd64-setup.exe
exe=bin/dist/windows-amd64/carddesk.exe
linux_bin=bin/dist/linux-amd64/carddesk
app_id=io.github.carddesk.carddesk

build_dist() { COMMIT=$commit scripts/dist.sh all; }
check "make dist (scripts/dist.sh)" build_dist
if ((failed > 0)); then
	finish
fi

# --- files ------------------------------------------------------------------
files() {
	local f
	for f in "$tarxz" "$deb" "$setup" dist/SHA256SUMS; do
		[[ -s $f ]] || fail "$f is missing"
		echo "  $f ($(du -h "$f" | cut -f1))"
	done
	(cd dist && sha256sum --quiet -c SHA256SUMS) || fail "dist/SHA256SUMS does not match"
	[[ $("$linux_bin" version) == "carddesk $full_version" ]] || fail "linux binary version is not $full_version"
}
check "files: versioned names, checksums" files

# --- the Windows program's resources ----------------------------------------
exe_resources() {
	local headers list info
	headers=$(x86_64-w64-mingw32-objdump -p "$exe")
	want "$headers" 'file format pei-x86-64' "not a 64-bit PE"
	want "$headers" '^Subsystem.*Windows GUI' "not a GUI-subsystem program"
	list=$(wrestool -l "$exe")
	indent "$list"
	want "$list" 'type=group_icon' "no icon"
	(($(grep -c 'type=icon' <<<"$list") >= 5)) || fail "the icon has fewer than 5 sizes"
	want "$list" 'type=version' "no version information"
	want "$list" '--type=24 ' "no manifest"
	info=$(wrestool -x --raw --type=16 "$exe" | strings -el)
	want "$info" "^${full_version//+/\\+}$" "the version information is not $full_version"
	want "$info" '^CardDesk$' "the version information does not name CardDesk"
	wrestool -x --raw --type=24 "$exe" | grep -qi 'permonitorv2' || fail "the manifest is not per-monitor DPI aware"
	wrestool -x --raw --type=24 "$exe" | grep -q 'asInvoker' || fail "the manifest does not run as invoker"
	info=$(wrestool -x --raw --type=16 "$setup" | strings -el)
	want "$info" "^$version$" "the installer's version information is not $version"
}
check "exe: icon, manifest, version information" exe_resources

# --- Windows: the installer under Wine --------------------------------------
start_xvfb() {
	local n i
	for ((n = 177; n < 277; n++)); do
		[[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
		Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
		xvfb_pid=$!
		for ((i = 0; i < 100; i++)); do
			if [[ -S /tmp/.X11-unix/X$n ]]; then
				export DISPLAY=":$n"
				echo "Xvfb on $DISPLAY (pid $xvfb_pid)"
				return 0
			fi
			alive "$xvfb_pid" || break
			sleep 0.1
		done
		stop_pid "$xvfb_pid"
		xvfb_pid=
	done
	return 1
}
# An X display from the start: Wine's desktop process, started with the
# prefix, keeps the display it found for every later program (without one,
# GLFW cannot make its windows: "Failed to create helper window").
if [[ -z ${DISPLAY:-} ]]; then
	start_xvfb || echo "Xvfb did not start: $(cat "$tmp/xvfb.log")" >&2
fi

pf=$WINEPREFIX/drive_c/Program\ Files/CardDesk
lnk=$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start\ Menu/Programs/CardDesk.lnk
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\CardDesk'
# run_wine SECONDS PROGRAM ARG...: the program's stdout, CRs removed.
run_wine() {
	local t=$1
	shift
	timeout "$t" wine "$@" | tr -d '\r'
	return "${PIPESTATUS[0]}"
}
carddesk_exe() { run_wine 120 "$pf/carddesk.exe" "$@"; }
# win_path UNIX_PATH: the same file as Wine's Z: drive names it.
win_path() { printf 'Z:%s' "${1//\//\\}"; }
user_dir() {
	local d
	for d in "$WINEPREFIX"/drive_c/users/*/AppData; do
		[[ $d == */Public/* ]] || { echo "${d%/AppData}"; return; }
	done
}
reg_value() { run_wine 60 reg query "$uninstall_key" /v "$1" 2>/dev/null | awk -v k="$1" '$1 == k { $1 = ""; $2 = ""; sub(/^ +/, ""); print }'; }

wine_prefix() {
	command -v wine >/dev/null || fail "wine is missing (scripts/deps.sh dist-test)"
	timeout 300 wineboot -i >/dev/null 2>&1 || fail "wineboot could not make the prefix"
	# The test aid Wine 8 lacks (see the top): into this prefix only.
	x86_64-w64-mingw32-gcc -shared -O2 -s -o "$tmp/bcryptprimitives.dll" \
		scripts/test-dist/bcryptprimitives.c -ladvapi32
	cp "$tmp/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
	wine --version
}
check "windows: private Wine prefix" wine_prefix

# An "older version": the same program with bytes appended (so the upgrade
# must replace it), in an installer labelled 0.0.1.
old_exe=$tmp/old/carddesk.exe
old_setup=$tmp/old/carddesk-0.0.1-windows-amd64-setup.exe
install_old() {
	mkdir -p "$tmp/old"
	cp "$exe" "$old_exe"
	printf 'carddesk upgrade test: older build\n' >>"$old_exe"
	scripts/dist.sh installer "$old_exe" 0.0.1 "$old_setup" >/dev/null
	run_wine 300 "$old_setup" /S || fail "the older installer /S exited $?"
	[[ -f $pf/carddesk.exe && -f $pf/uninstall.exe ]] || fail "nothing in $pf"
	cmp -s "$old_exe" "$pf/carddesk.exe" || fail "Program Files has not the older program"
	[[ -f $lnk ]] || fail "no Start-menu entry $lnk"
	[[ $(reg_value DisplayVersion) == 0.0.1 ]] || fail "DisplayVersion is '$(reg_value DisplayVersion)', not 0.0.1"
	# The older program sets up a station in the user's AppData (the default
	# database) and imports cardholders there.
	CARDDESK_PASSWORD=desk-password-1 carddesk_exe setup --admin desk >/dev/null || fail "setup exited $?"
	printf 'external_id,first_name,last_name,email,department,status\nE1,Ada,Lovelace,ada@example.org,Research,active\n' >"$tmp/upgrade.csv"
	CARDDESK_PASSWORD=desk-password-1 carddesk_exe --operator desk cardholders import "$(win_path "$tmp/upgrade.csv")" >/dev/null ||
		fail "import exited $?"
	local db
	db=$(user_dir)/AppData/Roaming/carddesk/carddesk.db
	[[ -s $db ]] || fail "no database at $db"
	echo "  station data: ${db#"$WINEPREFIX"/}"
}
check "windows: older version installed silently, station set up in AppData" install_old

upgrade() {
	run_wine 300 "$setup" /S || fail "the installer /S exited $?"
	cmp -s "$exe" "$pf/carddesk.exe" || fail "the upgrade did not replace carddesk.exe"
	[[ $(reg_value DisplayVersion) == "$version" ]] || fail "DisplayVersion is '$(reg_value DisplayVersion)', not $version"
	local out
	out=$(CARDDESK_PASSWORD=desk-password-1 carddesk_exe --operator desk cardholders list --json) ||
		fail "cardholders list after the upgrade exited $?"
	want "$out" 'Lovelace' "the station's data did not survive the upgrade"
}
check "windows: upgrade over the older version keeps the data" upgrade

registry() {
	local name value
	for name in DisplayName DisplayVersion Publisher DisplayIcon UninstallString QuietUninstallString InstallLocation; do
		value=$(reg_value "$name")
		[[ -n $value ]] || fail "Add/Remove Programs entry has no $name"
		echo "  $name = $value"
	done
	[[ $(reg_value DisplayName) == CardDesk ]] || fail "DisplayName is not CardDesk"
	[[ $(reg_value QuietUninstallString) == *'uninstall.exe" /S' ]] || fail "QuietUninstallString has no /S"
	[[ $(reg_value InstallLocation) == 'C:\Program Files\CardDesk' ]] || fail "not installed into Program Files"
}
check "windows: Add/Remove Programs entry" registry

windows_cli() {
	local got want_json
	got=$(carddesk_exe version) || fail "carddesk.exe version exited $?"
	[[ $got == "carddesk $full_version" ]] || fail "carddesk.exe version says '$got', not carddesk $full_version"
	echo "  carddesk.exe version: $got"
	got=$(carddesk_exe formats encode h10301 facility=1 card=5 --json) || fail "formats encode exited $?"
	want_json=$("$linux_bin" formats encode h10301 facility=1 card=5 --json)
	[[ $got == "$want_json" ]] || fail "formats encode differs from the Linux binary's: $got"
	echo "  formats encode h10301 facility=1 card=5 --json: $got"
	local db
	db=$(win_path "$tmp/station.db")
	CARDDESK_PASSWORD=admin-password-1 carddesk_exe --db "$db" setup --admin admin >/dev/null || fail "setup exited $?"
	printf 'external_id,first_name,last_name,email,department,status\nE1,Grace,Hopper,grace@example.org,Navy,active\nE2,Alan,Turing,alan@example.org,Research,active\n' >"$tmp/people.csv"
	got=$(CARDDESK_PASSWORD=admin-password-1 carddesk_exe --db "$db" --operator admin cardholders import "$(win_path "$tmp/people.csv")") ||
		fail "cardholders import exited $?"
	[[ $got == "imported 2 cardholders" ]] || fail "import said '$got'"
	got=$(CARDDESK_PASSWORD=admin-password-1 carddesk_exe --db "$db" --operator admin cardholders list --json) ||
		fail "cardholders list exited $?"
	want "$got" 'Hopper' "Grace Hopper is not listed"
	want "$got" 'Turing' "Alan Turing is not listed"
	[[ -s $tmp/station.db ]] || fail "no database at $tmp/station.db"
	local log
	log=$(user_dir)/AppData/Local/carddesk/logs/carddesk.log
	[[ -s $log ]] || fail "no log file at $log"
	echo "  log: ${log#"$WINEPREFIX"/}"
}
check "windows: carddesk.exe version, formats encode, setup and CSV import" windows_cli

# window_shot PID TITLE PNG: waits up to 90 s for a window named TITLE, then
# takes a screenshot of the display; PID must still run. Run it in a
# subshell of its own (fail exits), so the caller can stop PID after it.
window_shot() {
	local pid=$1 title=$2 png=$3 i
	[[ -n ${DISPLAY:-} ]] || fail "no X display"
	for ((i = 0; i < 180; i++)); do
		alive "$pid" || fail "the app exited before its window opened"
		xdotool search --onlyvisible --name "$title" >/dev/null 2>&1 && break
		sleep 0.5
	done
	xdotool search --onlyvisible --name "$title" >/dev/null 2>&1 || fail "no window named $title after 90 s"
	sleep 3 # let it draw
	alive "$pid" || fail "the app exited after its window opened"
	import -window root "$png" || fail "import could not take a screenshot"
	local colours
	colours=$(convert "$png" -format '%k' info:) || fail "cannot read $png"
	((colours > 50)) || fail "the screenshot has $colours colours: the window is empty"
	echo "  screenshot: ${png#"$root"/} ($colours colours)"
}

wine_gui() {
	local pid
	timeout 300 wine "$pf/carddesk.exe" --demo >"$tmp/wine-gui.log" 2>&1 &
	pid=$!
	(window_shot "$pid" CardDesk "$shots/wine-gui.png") || { stop_pid "$pid"; tail -20 "$tmp/wine-gui.log" >&2; exit 1; }
	stop_pid "$pid"
}
check "windows: the window opens under Wine" wine_gui

uninstall() {
	local data
	data=$(user_dir)/AppData/Roaming/carddesk/carddesk.db
	# The uninstaller runs again from a temp copy and returns at once:
	# wineserver -w waits until every program of the prefix has ended.
	run_wine 300 "$pf/uninstall.exe" /S || fail "uninstall.exe /S exited $?"
	timeout 300 wineserver -w || fail "Wine's programs did not end"
	[[ ! -e $pf ]] || fail "$pf is still there: $(ls -A "$pf")"
	[[ ! -e $lnk ]] || fail "the Start-menu entry is still there"
	[[ -z $(reg_value DisplayName) ]] || fail "the Add/Remove Programs entry is still there"
	[[ -s $data ]] || fail "the uninstaller removed the station's data ($data)"
}
check "windows: silent uninstall removes the program, keeps the data" uninstall
wineserver -k 2>/dev/null || true

# --- .deb -------------------------------------------------------------------
deb_contents() {
	local info contents f size
	info=$(dpkg-deb --info "$deb")
	[[ $(dpkg-deb -f "$deb" Package) == carddesk ]] || fail "Package is not carddesk"
	[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version is not $version"
	[[ $(dpkg-deb -f "$deb" Architecture) == amd64 ]] || fail "Architecture is not amd64"
	for f in libpcsclite1 libgl1 libusb-1.0-0 libx11-6 libc6; do
		dpkg-deb -f "$deb" Depends | tr ',' '\n' | grep -qE "^ *$f( |$)" || fail "Depends lacks $f"
	done
	[[ $(dpkg-deb -f "$deb" Recommends) == *pcscd* ]] || fail "Recommends lacks pcscd"
	sed -n '/Package:/,$p' <<<"$info" | sed 's/^/  /'
	contents=$(dpkg-deb --contents "$deb")
	want "$contents" '^-rwxr-xr-x root/root .* \./usr/bin/carddesk$' "no /usr/bin/carddesk (0755 root)"
	want "$contents" "^-rw-r--r-- root/root .* \./usr/share/applications/$app_id\.desktop$" "no desktop file"
	for size in 16 32 48 64 128 256 512; do
		want "$contents" "^-rw-r--r-- root/root .* \./usr/share/icons/hicolor/${size}x$size/apps/$app_id\.png$" "no ${size}px icon"
	done
	grep -v ' root/root ' <<<"$contents" && fail "files not owned by root"
	dpkg-deb -x "$deb" "$tmp/deb"
	desktop-file-validate "$tmp/deb/usr/share/applications/$app_id.desktop" || fail "the desktop file is not valid"
	for size in 16 32 48 64 128 256 512; do
		[[ $(identify -format '%wx%h' "$tmp/deb/usr/share/icons/hicolor/${size}x$size/apps/$app_id.png") == "${size}x$size" ]] ||
			fail "the ${size}px icon has another size"
	done
}
check "deb: control fields and contents" deb_contents

deb_install() {
	if dpkg-query -W -f='${Status}' carddesk 2>/dev/null | grep -q 'ok installed'; then
		fail "a carddesk package is installed on this machine already; the test would replace and remove it (dpkg --purge carddesk first)"
	fi
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$root/$deb" >"$tmp/apt.log" 2>&1 ||
		{ cat "$tmp/apt.log" >&2; fail "apt-get install $deb failed"; }
	[[ $(dpkg-query -W -f='${Version}' carddesk) == "$version" ]] || fail "carddesk $version is not installed"
	local got
	got=$(/usr/bin/carddesk version) || fail "carddesk version exited $?"
	[[ $got == "carddesk $full_version" ]] || fail "carddesk version says '$got'"
	echo "  carddesk version: $got"
	got=$(carddesk formats encode h10301 facility=1 card=5 --json) || fail "formats encode exited $?"
	[[ $got == "$("$linux_bin" formats encode h10301 facility=1 card=5 --json)" ]] || fail "formats encode: $got"
	local pid
	mkdir -p "$tmp/deb-home"
	HOME=$tmp/deb-home XDG_CONFIG_HOME='' XDG_CACHE_HOME='' /usr/bin/carddesk --demo >"$tmp/deb-gui.log" 2>&1 &
	pid=$!
	(window_shot "$pid" CardDesk "$shots/deb-gui.png") || { stop_pid "$pid"; tail -20 "$tmp/deb-gui.log" >&2; exit 1; }
	stop_pid "$pid"
}
# The flag must outlive the subshell: the EXIT trap removes the package.
if ! dpkg-query -W -f='${Status}' carddesk 2>/dev/null | grep -q 'ok installed'; then
	deb_installed=true
fi
check "deb: installs, runs, opens its window" deb_install

deb_remove() {
	"${as_root[@]}" dpkg --purge carddesk >/dev/null || fail "dpkg --purge carddesk failed"
	! dpkg-query -W -f='${Status}' carddesk 2>/dev/null | grep -q 'ok installed' || fail "still installed"
	local f
	for f in /usr/bin/carddesk "/usr/share/applications/$app_id.desktop" "/usr/share/icons/hicolor/48x48/apps/$app_id.png"; do
		[[ ! -e $f ]] || fail "$f is still there"
	done
}
check "deb: removed cleanly" deb_remove
deb_installed=false

# --- tar.xz -----------------------------------------------------------------
tarxz() {
	local list
	list=$(tar -tJf "$tarxz")
	indent "$list"
	want "$list" '^usr/(local/)?bin/carddesk$' "no bin/carddesk"
	want "$list" "^usr/(local/)?share/applications/$app_id\.desktop$" "no desktop file"
	want "$list" "^usr/(local/)?share/pixmaps/$app_id\.png$" "no icon"
	want "$list" '^Makefile$' "no Makefile"
	mkdir -p "$tmp/tarxz" "$tmp/tarxz-root"
	tar -xJf "$tarxz" -C "$tmp/tarxz"
	local bin
	bin=$(find "$tmp/tarxz/usr" -path '*/bin/carddesk')
	[[ $("$bin" version) == "carddesk $full_version" ]] || fail "its carddesk version is not $full_version"
	cmp -s "$(find "$tmp/tarxz/usr" -name "$app_id.desktop")" "packaging/linux/$app_id.desktop" || fail "its menu entry is not packaging/linux/$app_id.desktop"
	make -s -C "$tmp/tarxz" install DESTDIR="$tmp/tarxz-root" >/dev/null || fail "make install failed"
	[[ -x $tmp/tarxz-root/usr/bin/carddesk ]] || fail "make install put no bin/carddesk"
}
check "tar.xz: contents, binary runs, make install" tarxz

finish
