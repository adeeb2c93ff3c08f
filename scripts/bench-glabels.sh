#!/usr/bin/env bash
# Renders the same badge for the same 1,000 cardholders with gLabels
# (glabels-3-batch, on a CR80 template of our own) and with CardDesk, and
# prints both times and the ratio. `make bench-glabels` runs it.
#
#   scripts/bench-glabels.sh [N]     N cardholders (default 1000)
#
# The badge is the one of the badge package's benchmarks: a photo, three
# lines of text and a QR code of the card number. badge/glabels_test.go
# writes the cardholders (a CSV and a photo file each), the .glabels
# document and CardDesk's PDF, timed on one core (GOMAXPROCS=1) from
# reading the photo files to the written PDF; glabels-3-batch is timed
# from its start to its exit. Both PDFs must have a page per cardholder.
# Installs the Debian package glabels when it is missing (as root, or
# through sudo).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-1000}
goal=5

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
	as_root=(sudo)
fi
need() { # command package
	command -v "$1" >/dev/null 2>&1 && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "bench-glabels: $1 is missing; install the $2 package" >&2
		exit 1
	fi
	echo "bench-glabels: installing $2"
	"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
		install -y -qq --no-install-recommends "$2" >/dev/null
}
need glabels-3-batch glabels
need pdfinfo poppler-utils

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "bench-glabels: $n cardholders in $work"
out=$(GOMAXPROCS=1 CARDDESK_BENCH_GLABELS=$work CARDDESK_BENCH_N=$n \
	go test -count=1 -run '^$' -v ./badge/)
carddesk_ms=$(sed -n 's/^carddesk-ms \([0-9]*\)$/\1/p' <<<"$out")
if [[ -z $carddesk_ms ]]; then
	echo "$out" >&2
	echo "bench-glabels: the CardDesk run printed no time" >&2
	exit 1
fi

start=$(date +%s%N)
(cd "$work" && glabels-3-batch -i cardholders.csv -o glabels.pdf badge.glabels >/dev/null 2>"$work/glabels.log") || {
	cat "$work/glabels.log" >&2
	exit 1
}
glabels_ms=$((($(date +%s%N) - start) / 1000000))

pages() { pdfinfo "$1" | sed -n 's/^Pages:[[:space:]]*//p'; }
for pdf in carddesk glabels; do
	p=$(pages "$work/$pdf.pdf")
	if [[ $p != "$n" ]]; then
		echo "bench-glabels: $pdf.pdf has $p pages, want $n" >&2
		exit 1
	fi
done

awk -v n="$n" -v c="$carddesk_ms" -v g="$glabels_ms" -v goal="$goal" 'BEGIN {
	c = (c < 1) ? 1 : c
	printf "%-10s %8d ms  %8.0f badges/s\n", "CardDesk", c, n * 1000 / c
	printf "%-10s %8d ms  %8.0f badges/s\n", "gLabels", g, n * 1000 / g
	r = g / c
	printf "ratio: CardDesk is %.1fx faster than glabels-3-batch (goal: %dx) %s\n", r, goal, (r >= goal) ? "ok" : "BELOW GOAL"
	exit (r >= goal) ? 0 : 1
}'
