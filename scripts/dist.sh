#!/usr/bin/env bash
# Builds CardDesk's packages into dist/: what `make dist` does.
#
#   scripts/dist.sh              every package this machine can build (below)
#   scripts/dist.sh linux        only the Linux ones
#   scripts/dist.sh windows      only the Windows ones
#   scripts/dist.sh version      print the version the packages get
#   scripts/dist.sh installer EXE VERSION OUT
#                                an installer of EXE labelled VERSION at OUT
#                                (the packaging test makes an "older version"
#                                with it)
#
# The version is FyneApp.toml's Version (the one source): it names the files
# and is what `carddesk version` prints (cmd/carddesk/metadata_gen.go is
# generated from FyneApp.toml first), followed by +COMMIT (git describe, or
# COMMIT=... from the environment, as in the Makefile).
#
#   dist/carddesk-V-linux-amd64.tar.xz        fyne package --target linux
#                                             (tar xf it; sudo make install),
#                                             with the .deb's menu entry
#   dist/carddesk_V_amd64.deb                 Debian/Ubuntu package
#   dist/carddesk-V-windows-amd64-setup.exe   NSIS installer (per machine)
#   dist/SHA256SUMS
#
# The macOS .app and .dmg need a Mac: .github/workflows/macos.yml.
#
# Everything in between goes to bin/dist/ (kept: the Go build cache and these
# files make a second run fast). The Windows program is built once, there:
# bin/dist/windows-amd64/carddesk.exe, cross-compiled with MinGW-w64 (cgo),
# with its icon, version information and manifest linked in as a .syso made
# by go-winres (cmd/carddesk/rsrc_windows_amd64.syso while it builds).
# Packages it needs: scripts/deps.sh dist. Tools it needs (fyne, go-winres)
# are installed at pinned versions into bin/tools.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
start=$SECONDS

readonly FYNE_TOOLS_VERSION=v1.7.0 GO_WINRES_VERSION=v0.3.3
readonly DIST=$root/dist WORK=$root/bin/dist
readonly MINGW_CC=x86_64-w64-mingw32-gcc

say() { printf '\n==> %s\n' "$*"; }
die() {
	echo "dist: $*" >&2
	exit 1
}
elapsed() { local s=$((SECONDS - ${1:-$start})); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
# Interrupted, the EXIT trap still runs (it removes the build's .syso).
trap 'exit 130' INT
trap 'exit 143' TERM

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
export LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8
# xz on every core (tar -J, fyne package)
export XZ_OPT=${XZ_OPT:--T0}

# toml_value SECTION KEY prints KEY's value in [SECTION] of FyneApp.toml
# ("" for the top level), quotes removed.
toml_value() {
	awk -v want="$1" -v key="$2" '
		/^[[:space:]]*\[/ { gsub(/[][[:space:]]/, ""); section = $0; next }
		section == want && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
			sub(/^[^=]*=[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); gsub(/^"|"$/, "")
			print; exit
		}' FyneApp.toml
}

VERSION=$(toml_value Details Version)
BUILD=$(toml_value Details Build)
APP_NAME=$(toml_value Details Name)
APP_ID=$(toml_value Details ID)
WEBSITE=$(toml_value "" Website)
ICON=$root/$(toml_value Details Icon)
[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "FyneApp.toml: Version '$VERSION' is not x.y.z"
[[ $BUILD =~ ^[0-9]+$ ]] || BUILD=1
[[ -n $APP_NAME && -n $APP_ID && -f $ICON ]] || die "FyneApp.toml: Name, ID or Icon missing"

if [[ -z ${COMMIT+x} ]]; then
	COMMIT=$(git describe --always --dirty 2>/dev/null || true)
fi
LDFLAGS="-s -w -X main.commit=$COMMIT"
# As make build: without Fyne's colour emoji font (Makefile: TAGS).
TAGS=no_emoji
FULL_VERSION=$VERSION${COMMIT:++$COMMIT}

# The package file names; the packaging test uses them too.
TARXZ=$DIST/carddesk-$VERSION-linux-amd64.tar.xz
DEB=$DIST/carddesk_${VERSION}_amd64.deb
SETUP=$DIST/carddesk-$VERSION-windows-amd64-setup.exe
LINUX_BIN=$WORK/linux-amd64/carddesk
SYSO=$root/cmd/carddesk/rsrc_windows_amd64.syso
WINDOWS_EXE=$WORK/windows-amd64/carddesk.exe

# install_tool NAME PACKAGE VERSION puts PACKAGE@VERSION into bin/tools
# unless that version is there already (go version -m tells).
install_tool() {
	local name=$1 pkg=$2 version=$3
	if go version -m "bin/tools/$name" 2>/dev/null | grep -qP "^\tmod\t\S+\t\Q$version\E\t"; then
		return 0
	fi
	echo "$name $version: installing into bin/tools"
	GOBIN=$root/bin/tools go install "$pkg@$version"
}

# check_version BIN [RUNNER...] checks that BIN says it is FULL_VERSION.
check_version() {
	local bin=$1 got
	shift
	got=$("$@" "$bin" version | tr -d '\r')
	[[ $got == *"$FULL_VERSION"* ]] || die "$bin version says '$got', expected $FULL_VERSION"
	echo "$(basename "$bin") version: $got"
}

generate() {
	# metadata_gen.go follows FyneApp.toml, as in make build.
	go generate ./cmd/carddesk
}

# --- Linux ------------------------------------------------------------------

build_linux() {
	say "Linux binary (release: -trimpath -s -w)"
	local step=$SECONDS
	mkdir -p "$(dirname "$LINUX_BIN")"
	CGO_ENABLED=1 go build -tags "$TAGS" -trimpath -ldflags "$LDFLAGS" -o "$LINUX_BIN" ./cmd/carddesk
	check_version "$LINUX_BIN"
	echo "linux: built in $(elapsed "$step")"
}

# The archive fyne package makes: usr/local/{bin,share/applications,
# share/pixmaps} and a Makefile whose install target copies them.
package_tarxz() {
	say "$(basename "$TARXZ") (fyne package --target linux)"
	install_tool fyne fyne.io/tools/cmd/fyne "$FYNE_TOOLS_VERSION"
	local work=$WORK/tarxz
	rm -rf "$work"
	mkdir -p "$work"
	# Packages the binary built above (--exe): fyne builds nothing here.
	(cd "$work" && "$root/bin/tools/fyne" package --target linux --release \
		--src "$root/cmd/carddesk" --exe "$LINUX_BIN" --icon "$ICON" \
		--name "$APP_NAME" --app-id "$APP_ID" --app-version "$VERSION" --app-build "$BUILD")
	# Its menu entry is a bare one: the archive gets the .deb's instead
	# (same name and Exec line, so its Makefile installs it the same way).
	mkdir -p "$work/unpack"
	tar -xJf "$work/$APP_NAME.tar.xz" -C "$work/unpack"
	local desktop
	desktop=$(find "$work/unpack/usr" -name "$APP_ID.desktop")
	[[ -f $desktop && -x $(dirname "$desktop")/../../bin/carddesk ]] || die "fyne package made an archive without bin/carddesk or $APP_ID.desktop"
	install -m 0644 "packaging/linux/$APP_ID.desktop" "$desktop"
	tar -cJf "$TARXZ" --owner=0 --group=0 --numeric-owner -C "$work/unpack" usr Makefile
}

# deb_depends prints the Depends of the .deb: what dpkg-shlibdeps finds the
# binary linked against, the libraries every station needs in any case, and
# the X libraries GLFW opens at run time (dlopen: no tool sees them).
deb_depends() {
	local work=$WORK/shlibdeps found
	rm -rf "$work"
	mkdir -p "$work/debian"
	printf 'Source: carddesk\n\nPackage: carddesk\nArchitecture: amd64\n' >"$work/debian/control"
	found=$(cd "$work" && dpkg-shlibdeps -O -e"$LINUX_BIN" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
	[[ -n $found ]] || die "dpkg-shlibdeps found no dependencies of $LINUX_BIN"
	local deps=() p
	IFS=',' read -ra deps <<<"$found"
	deps=("${deps[@]# }")
	for p in libpcsclite1 libgl1 libusb-1.0-0 libx11-6 libxcursor1 libxrandr2 libxinerama1 libxi6 libxxf86vm1; do
		printf '%s\n' "${deps[@]}" | grep -qE "^$p( |$)" || deps+=("$p")
	done
	local IFS=,
	local joined="${deps[*]}"
	echo "${joined//,/, }"
}

package_deb() {
	say "$(basename "$DEB") (dpkg-deb)"
	local stage=$WORK/deb/carddesk
	rm -rf "$WORK/deb"
	mkdir -p "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/doc/carddesk"
	install -m 0755 "$LINUX_BIN" "$stage/usr/bin/carddesk"
	install -m 0644 "packaging/linux/$APP_ID.desktop" "$stage/usr/share/applications/$APP_ID.desktop"
	local size dir
	for size in 16 32 48 64 128 256 512; do
		dir=$stage/usr/share/icons/hicolor/${size}x${size}/apps
		mkdir -p "$dir"
		convert "$ICON" -resize "${size}x${size}" -strip "PNG32:$dir/$APP_ID.png"
		chmod 0644 "$dir/$APP_ID.png"
	done
	install -m 0644 README.md "$stage/usr/share/doc/carddesk/README.md"
	gzip -9n "$stage/usr/share/doc/carddesk/README.md"
	local installed_size
	installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
	cat >"$stage/DEBIAN/control" <<EOF
Package: carddesk
Version: $VERSION
Architecture: amd64
Maintainer: CardDesk developers <carddesk@users.noreply.github.com>
Installed-Size: $installed_size
Depends: $(deb_depends)
Recommends: pcscd
Section: utils
Priority: optional
Homepage: $WEBSITE
Description: enrollment station for a building's security desk
 CardDesk is a desktop application for the enrollment desk of a building's
 security team: cardholders, card requests, credentials and photo badges.
 It reads cards with any PC/SC smart-card reader (pcscd), raw CCID over USB
 and keyboard-wedge readers, and prints badges through CUPS.
 .
 The same binary (carddesk) has a command line for scripts and bulk jobs.
EOF
	find "$stage" -type d -exec chmod 0755 {} +
	dpkg-deb --root-owner-group -Zxz --build "$stage" "$DEB" >/dev/null
	dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'
}

# --- Windows ----------------------------------------------------------------

# The .syso with the icon (256..16 px from the app icon), the manifest
# (per-monitor DPI aware, common controls 6, long paths, runs as invoker)
# and the version information, made by go-winres from a JSON it is given.
windows_resources() {
	local dir=$1 v4=$VERSION.$BUILD icon
	install_tool go-winres github.com/tc-hib/go-winres "$GO_WINRES_VERSION"
	# go-winres reads files relative to the JSON's folder.
	icon=$(realpath --relative-to="$dir" "$ICON")
	cat >"$dir/winres.json" <<EOF
{
  "RT_GROUP_ICON": {"APP": {"0000": "$icon"}},
  "RT_MANIFEST": {"#1": {"0409": {
    "description": "$APP_NAME",
    "minimum-os": "win10",
    "execution-level": "as invoker",
    "dpi-awareness": "per monitor v2",
    "long-path-aware": true,
    "use-common-controls-v6": true
  }}},
  "RT_VERSION": {"#1": {"0000": {
    "fixed": {"file_version": "$v4", "product_version": "$v4"},
    "info": {"0409": {
      "CompanyName": "$APP_NAME",
      "FileDescription": "$APP_NAME enrollment station",
      "FileVersion": "$FULL_VERSION",
      "InternalName": "carddesk",
      "LegalCopyright": "$APP_NAME contributors",
      "OriginalFilename": "carddesk.exe",
      "ProductName": "$APP_NAME",
      "ProductVersion": "$FULL_VERSION"
    }}
  }}}
}
EOF
	rm -f "$dir"/rsrc_windows_*.syso
	bin/tools/go-winres make --in "$dir/winres.json" --out "$dir/rsrc" --arch amd64
	[[ -s $dir/rsrc_windows_amd64.syso ]] || die "go-winres made no $dir/rsrc_windows_amd64.syso"
}

build_windows() {
	say "Windows program (MinGW-w64 cgo cross build, GUI subsystem, resources)"
	command -v "$MINGW_CC" >/dev/null || die "$MINGW_CC is missing: scripts/deps.sh dist"
	local step=$SECONDS dir
	dir=$(dirname "$WINDOWS_EXE")
	mkdir -p "$dir"
	windows_resources "$dir"
	# go build links the .syso files in the package's folder (go build
	# -overlay cannot add one), so it is there during this build only; its
	# _windows_amd64 suffix keeps every other build (Linux, tests) from
	# seeing it.
	cp "$dir/rsrc_windows_amd64.syso" "$SYSO"
	trap 'rm -f "$SYSO"' EXIT
	local rc=0
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=$MINGW_CC \
		go build -tags "$TAGS" -trimpath -ldflags "$LDFLAGS -H=windowsgui" -o "$WINDOWS_EXE" ./cmd/carddesk || rc=$?
	rm -f "$SYSO"
	trap - EXIT
	((rc == 0)) || die "the Windows build failed (exit $rc)"
	x86_64-w64-mingw32-objdump -h "$WINDOWS_EXE" | grep -q '\.rsrc' || die "$WINDOWS_EXE has no resources"
	echo "windows: built in $(elapsed "$step")"
}

# make_installer EXE VERSION OUT
make_installer() {
	local exe=$1 version=$2 out=$3 dir=$WORK/nsis
	command -v makensis >/dev/null || die "makensis is missing: scripts/deps.sh dist"
	[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "installer version '$version' is not x.y.z"
	mkdir -p "$dir" "$(dirname "$out")"
	convert "$ICON" -define icon:auto-resize=256,64,48,32,16 "$dir/carddesk.ico"
	makensis -V2 -NOCD -INPUTCHARSET UTF8 \
		"-DVERSION=$version" "-DVERSION4=$version.$BUILD" "-DEXE=$exe" "-DICON=$dir/carddesk.ico" \
		"-DWEBSITE=$WEBSITE" "-DOUTFILE=$out" packaging/windows/carddesk.nsi
	[[ -s $out ]] || die "makensis made no $out"
}

package_installer() {
	say "$(basename "$SETUP") (NSIS)"
	make_installer "$WINDOWS_EXE" "$VERSION" "$SETUP"
}

# --- main -------------------------------------------------------------------

checksums() {
	(cd "$DIST" && rm -f SHA256SUMS && sha256sum -- * >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
}

what=${1:-all}
case $what in
version)
	echo "$VERSION"
	exit 0
	;;
installer)
	[[ $# -eq 4 ]] || die "usage: $0 installer EXE VERSION OUT"
	make_installer "$2" "$3" "$4"
	exit 0
	;;
all | linux | windows) ;;
*) die "usage: $0 [all|linux|windows|version|installer EXE VERSION OUT]" ;;
esac

say "CardDesk $FULL_VERSION: packages into dist/"
scripts/deps.sh dist
generate
mkdir -p "$DIST"
if [[ $what == all || $what == linux ]]; then
	rm -f "$DIST"/carddesk*linux* "$DIST"/carddesk_*.deb
	build_linux
	package_tarxz
	package_deb
fi
if [[ $what == all || $what == windows ]]; then
	rm -f "$DIST"/carddesk*windows*
	build_windows
	package_installer
fi
checksums
say "dist/ ($(elapsed))"
ls -l "$DIST"
