#!/usr/bin/env bash
# Installs the Debian packages CardDesk needs, and nothing that is already there.
#
#   scripts/deps.sh build   compiler, pkg-config and the C headers Fyne (OpenGL/X11),
#                           gousb (libusb) and PC/SC need for a cgo build
#   scripts/deps.sh test    the build group plus what the test suite uses: a virtual
#                           X server, screenshots, input automation, a D-Bus session
#                           bus for the app under test (as on a desktop: it asks
#                           the bus whether a system tray is shown),
#                           fonts, locales, poppler-utils and zbar-tools (the badge
#                           tests read PDFs and scan barcodes), the PC/SC rig
#                           (pcscd with the vpcd virtual reader driver, pcsc-tools
#                           to poke it by hand), the CUPS rig (cupsd, and the
#                           lpadmin/cupsdisable/cupsenable tools the tests use)
#                           and the PostgreSQL rig (the PostgreSQL 15 server and
#                           psql; the server package makes Debian's own cluster
#                           "main" on port 5432 and starts it where it can: the
#                           rig runs a server of its own and neither uses nor
#                           stops that one), and the QEMU rig (QEMU, a Linux
#                           kernel with its USB modules, busybox-static and
#                           cpio: devices/ccid/qemurig boots a guest with
#                           QEMU's CCID reader and runs carddesk in it)
#   scripts/deps.sh dist    the build group plus what `make dist` uses: the MinGW-w64
#                           cross compiler (cgo for the Windows build), NSIS
#                           (makensis: the Windows installer), ImageMagick (icons),
#                           xz-utils and dpkg-dev (the .tar.xz and the .deb)
#   scripts/deps.sh dist-test
#                           the dist group plus what the packaging test
#                           (scripts/test-dist.sh) uses: Wine (64-bit) to run the
#                           installer and the program, icoutils (wrestool) and
#                           desktop-file-utils to check them, Xvfb, xauth, xdotool
#                           and fonts for the windows they open
#
# Safe to run any number of times: each package is checked with dpkg-query, and
# apt-get only runs (one update, one install) when something is missing.
# Needs root only when it has something to install; uses sudo if not root.
# Also makes sure the en_US.UTF-8 locale exists (Fyne cannot parse locale C) and
# that Go 1.26 or newer is on PATH.
set -euo pipefail

readonly GO_MIN_MAJOR=1 GO_MIN_MINOR=26
readonly LOCALE=en_US.UTF-8

BUILD_PKGS=(gcc pkg-config libgl1-mesa-dev xorg-dev libusb-1.0-0-dev libpcsclite-dev)
DIST_PKGS=(gcc-mingw-w64-x86-64 nsis imagemagick xz-utils dpkg-dev)
DIST_TEST_PKGS=(wine wine64 icoutils desktop-file-utils xvfb xauth xdotool fonts-dejavu-core)
TEST_PKGS=(xvfb xauth imagemagick xdotool dbus-daemon locales fonts-dejavu-core pcscd vsmartcard-vpcd pcsc-tools poppler-utils zbar-tools cups-daemon cups-client postgresql-15 postgresql-client-15)
# The QEMU rig (part of the test group): linux-image-amd64 puts the kernel the
# guest boots in /boot and its USB modules in /lib/modules.
QEMU_RIG_PKGS=(qemu-system-x86 linux-image-amd64 busybox-static cpio)

usage() {
	echo "usage: $0 build|test|dist|dist-test" >&2
	exit 2
}

log() { printf 'deps: %s\n' "$*"; }

[[ $# -eq 1 ]] || usage
group=$1
case $group in
build) pkgs=("${BUILD_PKGS[@]}") ;;
test) pkgs=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${QEMU_RIG_PKGS[@]}") ;;
dist) pkgs=("${BUILD_PKGS[@]}" "${DIST_PKGS[@]}") ;;
dist-test) pkgs=("${BUILD_PKGS[@]}" "${DIST_PKGS[@]}" "${DIST_TEST_PKGS[@]}") ;;
*) usage ;;
esac

# --- Go ---------------------------------------------------------------------
# The toolchain is not a Debian package we can rely on (bookworm ships 1.19),
# and nothing outside the package registries can be downloaded, so only check.
go_help() {
	cat >&2 <<EOF
deps: $1
deps: CardDesk needs Go ${GO_MIN_MAJOR}.${GO_MIN_MINOR} or newer.
deps: Install it from https://go.dev/dl/ (unpack to /usr/local/go) and put
deps: /usr/local/go/bin on your PATH, then run this again.
EOF
	exit 1
}

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || go_help "go was not found on PATH."
# GOTOOLCHAIN=local: report the installed toolchain, never fetch a newer one.
go_version=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null) || go_version=
if [[ $go_version =~ ^go([0-9]+)\.([0-9]+) ]]; then
	major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
	if ((major < GO_MIN_MAJOR || (major == GO_MIN_MAJOR && minor < GO_MIN_MINOR))); then
		go_help "found $go_version at $(command -v go), which is too old."
	fi
else
	go_help "could not tell the version of $(command -v go) (got '${go_version}')."
fi
log "go: $go_version ($(command -v go)) ok"

# --- Non-Debian systems -----------------------------------------------------
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
	os=$(uname -s 2>/dev/null || echo unknown)
	log "no apt-get here ($os): not installing anything. Make sure you have:"
	case $os in
	Darwin)
		log "  Xcode command line tools (xcode-select --install) for the C compiler"
		log "  Homebrew: brew install pkg-config libusb"
		log "  PC/SC and OpenGL come with macOS."
		;;
	MINGW* | MSYS* | CYGWIN*)
		log "  MSYS2 MinGW-w64: pacman -S mingw-w64-x86_64-gcc mingw-w64-x86_64-pkg-config mingw-w64-x86_64-libusb"
		log "  (gcc must be on PATH for cgo). PC/SC (WinSCard) and OpenGL come with Windows."
		;;
	*)
		log "  a C compiler, pkg-config, OpenGL and X11 development headers (Xcursor, Xrandr,"
		log "  Xinerama, Xi, Xxf86vm), libusb-1.0 and pcsc-lite development files."
		[[ $group == test ]] && log "  for tests: Xvfb, xauth, ImageMagick, xdotool, dbus-daemon, DejaVu fonts, the $LOCALE locale,"
		[[ $group == test ]] && log "  poppler-utils (pdfinfo, pdftotext) and zbar-tools (zbarimg) for the badge tests,"
		[[ $group == test ]] && log "  pcscd and vsmartcard's vpcd driver (the PC/SC tests skip without them),"
		[[ $group == test ]] && log "  the CUPS scheduler and client tools (cupsd, lpadmin) for the printing tests,"
		[[ $group == test ]] && log "  the PostgreSQL 15 server and psql (initdb, pg_ctl on PATH) for the database tests,"
		[[ $group == test ]] && log "  and for the CCID rig qemu-system-x86_64, a kernel in /boot with its USB modules,"
		[[ $group == test ]] && log "  a static busybox and cpio."
		[[ $group == dist* ]] && log "  for packages: the MinGW-w64 cross compiler (x86_64-w64-mingw32-gcc), NSIS (makensis),"
		[[ $group == dist* ]] && log "  ImageMagick (convert), xz and dpkg-deb; the macOS packages are built on a Mac (see README)."
		[[ $group == dist-test ]] && log "  for the packaging test: Wine 8 (64-bit), wrestool, desktop-file-validate, Xvfb, xdotool."
		;;
	esac
	exit 0
fi

# --- Debian packages --------------------------------------------------------
have_locale() {
	# locale -a spells it en_US.utf8; accept any spelling.
	locale -a 2>/dev/null | grep -qiE '^en_US\.utf-?8$'
}

# Generating the locale needs locale-gen from the locales package, whichever group.
if ! have_locale && [[ " ${pkgs[*]} " != *" locales "* ]]; then
	pkgs+=(locales)
fi

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done

# Root, or sudo when there is one; empty prefix when already root.
as_root=()
need_root() {
	if [[ $(id -u) -ne 0 ]]; then
		if command -v sudo >/dev/null 2>&1; then
			as_root=(sudo)
		else
			log "need root to $1, and there is no sudo: run this script as root." >&2
			exit 1
		fi
	fi
}

# apt can fail on a flaky mirror or a held dpkg lock: a few tries, lock wait on.
retry() {
	local n
	for n in 1 2 3; do
		"$@" && return 0
		log "attempt $n of 3 failed: $*" >&2
		sleep $((n * 5))
	done
	return 1
}

log "checked ${#pkgs[@]} packages for '$group': ${pkgs[*]}"
if ((${#missing[@]} == 0)); then
	log "all installed, nothing to do"
else
	log "missing: ${missing[*]}"
	need_root "install ${missing[*]}"
	apt_opts=(-o DPkg::Lock::Timeout=300 -o APT::Acquire::Retries=3)
	retry "${as_root[@]}" apt-get "${apt_opts[@]}" update
	retry "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
	still=()
	for p in "${missing[@]}"; do installed "$p" || still+=("$p"); done
	if ((${#still[@]} > 0)); then
		log "still not installed after apt-get: ${still[*]}" >&2
		exit 1
	fi
	log "installed: ${missing[*]}"
fi

# --- Locale -----------------------------------------------------------------
if have_locale; then
	log "locale $LOCALE: present"
else
	need_root "generate the $LOCALE locale"
	log "locale $LOCALE: missing, generating"
	gen=/etc/locale.gen
	if [[ -f $gen ]] && grep -qE '^[#[:space:]]*en_US\.UTF-8[[:space:]]+UTF-8' "$gen"; then
		"${as_root[@]}" sed -i -E 's/^[#[:space:]]*(en_US\.UTF-8[[:space:]]+UTF-8)/\1/' "$gen"
	else
		echo "en_US.UTF-8 UTF-8" | "${as_root[@]}" tee -a "$gen" >/dev/null
	fi
	"${as_root[@]}" locale-gen
	if ! have_locale; then
		log "locale-gen ran but $LOCALE is still missing (see locale -a)" >&2
		exit 1
	fi
	log "locale $LOCALE: generated"
fi
