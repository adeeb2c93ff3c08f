package qemurig

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/ccid/ccidemu/tpdu"
	"github.com/carddesk/carddesk/devices/ccid/vscard"
)

// bootLimit bounds one guest run (boot, every case, power off): a run
// takes 10-20 s without KVM; the margin is for a loaded machine.
const bootLimit = 180 * time.Second

// initScript is the guest's /init: the kernel's USB stack, a temporary
// station on tmpfs with CCID on, then each case between markers the test
// reads from the serial console ("=== begin NAME", the command's stdout,
// its stderr as "stderr: " lines, "=== end NAME exit N").
const initScript = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
for m in usb-common usbcore xhci-hcd xhci-pci; do
	insmod /modules/$m.ko || echo "=== insmod $m failed"
done
S=/tmp/station
mkdir -p $S
export HOME=$S LANG=en_US.UTF-8 XDG_CONFIG_HOME=$S/config XDG_CACHE_HOME=$S/cache \
	CARDDESK_DB=$S/carddesk.db CARDDESK_LOG_DIR=$S/logs CARDDESK_SECRET_KEY_FILE=$S/secret.key
run() {
	name=$1
	shift
	echo "=== begin $name"
	"$@" 2>/tmp/stderr
	rc=$?
	sed 's/^/stderr: /' /tmp/stderr
	echo "=== end $name exit $rc"
}
# QEMU's reader is 08e6:4433; libusb finds it in sysfs and /dev/bus/usb.
n=0
until grep -qsx 4433 /sys/bus/usb/devices/*/idProduct; do
	n=$((n + 1))
	[ $n -gt 200 ] && break
	sleep 0.1
done
echo "=== usb $(cat /sys/bus/usb/devices/*/idProduct 2>/dev/null | tr '\n' ' ')"
run setup env CARDDESK_PASSWORD=admin-secret-1 carddesk setup --admin admin
run ccid env CARDDESK_OPERATOR=admin CARDDESK_PASSWORD=admin-secret-1 carddesk settings set readers.ccid.enabled true
run list carddesk readers list --json
run watch carddesk readers watch --count 2 --json
run midread carddesk readers watch --count 1 --json
# For a failure's transcript: what carddesk logged.
run log sh -c 'tail -n 40 $CARDDESK_LOG_DIR/*'
echo "=== done"
poweroff -f
`

// The cards. QEMU's reader offers T=0 only (dwProtocols 1), so the
// host has to choose T=0 from the ATR: card A offers T=0 and T=1 (and
// must not be spoken to in T=1), card B names no protocol (T=0 implied),
// card C is pulled mid-read.
var (
	uidA = []byte{0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6}
	uidB = []byte{0x5A, 0x6B, 0x7C, 0x8D}
	uidC = []byte{0x11, 0x22, 0x33, 0x44}

	atrT0T1 = withTCK(0x3B, 0x82, 0x80, 0x01, 'C', 'D') // TD1: T=0, TD2: T=1
	atrT0   = []byte{0x3B, 0x02, 'C', 'D'}
)

// withTCK appends the check byte an ATR offering T=1 ends with (XOR of
// T0 up to it).
func withTCK(atr ...byte) []byte {
	var x byte
	for _, b := range atr[1:] {
		x ^= b
	}
	return append(atr, x)
}

// getUID answers GET DATA for the UID (FF CA 00 00 Le) as a PC/SC reader
// does, as the vpcd card (devices/pcsc/vpcdcard) does: UID + 90 00, 6CXX
// for a Le too short, 6D00 for anything else.
func getUID(uid []byte) tpdu.APDU {
	return func(cmd []byte) []byte {
		if len(cmd) < 4 || !bytes.Equal(cmd[:4], []byte{0xFF, 0xCA, 0x00, 0x00}) {
			return []byte{0x6D, 0x00}
		}
		if len(cmd) >= 5 && cmd[4] != 0 && int(cmd[4]) < len(uid) {
			return []byte{0x6C, byte(len(uid))}
		}
		return append(append([]byte(nil), uid...), 0x90, 0x00)
	}
}

// pullOnRead is a card taken off the reader the moment it is asked for its
// UID: the GET DATA reached it, its answer never leaves.
type pullOnRead struct {
	tpdu.Card
	asked *bool
}

func (p pullOnRead) Transmit(in []byte) ([]byte, error) {
	out, err := p.Card.Transmit(in)
	if *p.asked {
		return nil, vscard.ErrPulled
	}
	return out, err
}

func cardA() vscard.Card { return tpdu.NewT0(atrT0T1, getUID(uidA)) }
func cardB() vscard.Card { return tpdu.NewT0(atrT0, getUID(uidB)) }
func cardC() vscard.Card {
	asked := new(bool)
	app := getUID(uidC)
	return pullOnRead{Card: tpdu.NewT0(atrT0, func(cmd []byte) []byte {
		*asked = true
		return app(cmd)
	}), asked: asked}
}

// TestCCIDThroughQEMU runs the real carddesk binary in a QEMU guest whose
// kernel, xHCI driver, usbfs and libusb see QEMU's CCID reader (TPDU
// level), with the card played by this test. One boot runs every case.
func TestCCIDThroughQEMU(t *testing.T) {
	r := findRig(t)
	initrd := buildInitramfs(t, r, carddeskBinary(t), initScript)
	card, err := vscard.Listen("CardDesk VSCard")
	if err != nil {
		t.Fatal(err)
	}
	defer card.Close()
	g := boot(t, r, initrd, card)
	select {
	case <-card.Connected():
	case <-card.Done():
		t.Fatalf("QEMU's card connection ended before the reader was added: %v", card.Err())
	case <-time.After(30 * time.Second):
		t.Fatal("QEMU did not connect to the card within 30 s")
	}

	g.mustPass("setup")
	g.mustPass("ccid")
	reader := g.checkList()
	g.checkWatch(card, reader)
	g.checkMidRead(card, reader)
	g.shutDown()
}

// checkList: the QEMU reader is listed as a CCID reader, ready.
func (g *guest) checkList() string {
	g.t.Helper()
	res := g.section("list")
	if res.code != 0 {
		g.t.Fatalf("readers list: exit %d\n%s", res.code, res)
	}
	var readers []map[string]any
	if err := json.Unmarshal([]byte(strings.Join(res.stdout, "\n")), &readers); err != nil {
		g.t.Fatalf("readers list --json is not a JSON list: %v\n%s", err, res)
	}
	for _, r := range readers {
		name, _ := r["name"].(string)
		if r["kind"] != "ccid" || !strings.HasPrefix(name, "QEMU USB CCID") {
			continue
		}
		if r["status"] != "ready" {
			g.t.Fatalf("the QEMU reader (TPDU level) is not ready for the direct CCID path: %v", r)
		}
		return name
	}
	g.t.Fatalf("readers list --json has no CCID reader named QEMU USB CCID: %v\n%s", readers, res)
	return ""
}

// checkWatch: readers watch reports card A, then card B.
func (g *guest) checkWatch(card *vscard.Server, reader string) {
	g.t.Helper()
	g.begin("watch")
	g.idle(startupWait)
	g.presentUntilRead(card, cardA, uidA)
	g.idle(settleWait)
	g.remove(card)
	g.presentUntilRead(card, cardB, uidB)
	res := g.end("watch")
	g.remove(card)
	if res.code != 0 {
		g.t.Fatalf("readers watch: exit %d\n%s", res.code, res)
	}
	var reads []map[string]any
	for _, l := range res.stdout {
		var read map[string]any
		if err := json.Unmarshal([]byte(l), &read); err != nil {
			g.t.Fatalf("readers watch --json printed %q: %v\n%s", l, err, res)
		}
		reads = append(reads, read)
	}
	want := []struct{ uid, atr []byte }{{uidA, atrT0T1}, {uidB, atrT0}}
	if len(reads) != len(want) {
		g.t.Fatalf("readers watch --count 2 printed %d reads; want 2\n%s", len(reads), res)
	}
	for i, w := range want {
		got := reads[i]
		if got["reader"] != reader || got["uid"] != hex.EncodeToString(w.uid) || got["atr"] != hex.EncodeToString(w.atr) {
			g.t.Errorf("read %d = %v; want reader %q, uid %x, atr %x", i+1, got, reader, w.uid, w.atr)
		}
		if _, err := time.Parse(time.RFC3339, fmt.Sprint(got["at"])); err != nil {
			g.t.Errorf("read %d: at %v is not RFC 3339", i+1, got["at"])
		}
	}
	g.checkExchanges(card)
}

// checkExchanges: what crossed the real USB stack was T=0 TPDUs: GET
// DATA as a 5-byte header, first with P3 00 (Le 256), which the cards
// answer 6CXX, then again at once with P3 XX; no T=1 block.
func (g *guest) checkExchanges(card *vscard.Server) {
	g.t.Helper()
	getData := []byte{0xFF, 0xCA, 0x00, 0x00}
	ex := card.Exchanges()
	resent := 0
	for i, e := range ex {
		if !bytes.Contains(e.In, getData) {
			continue
		}
		if len(e.In) != 5 || !bytes.HasPrefix(e.In, getData) {
			g.t.Errorf("GET DATA went out as % X, not as a T=0 header", e.In)
			continue
		}
		if len(e.Out) != 2 || e.Out[0] != 0x6C {
			continue
		}
		want := append(append([]byte(nil), getData...), e.Out[1])
		if i+1 >= len(ex) || !bytes.Equal(ex[i+1].In, want) {
			g.t.Errorf("after 6C%02X the next exchange is not % X", e.Out[1], want)
		}
		resent++
	}
	if resent == 0 {
		g.t.Errorf("no GET DATA was answered 6CXX and sent again with the right Le")
	}
}

// checkMidRead: a card pulled while its UID is being read ends readers
// watch with a clear error naming the reader.
func (g *guest) checkMidRead(card *vscard.Server, reader string) {
	g.t.Helper()
	g.begin("midread")
	g.idle(startupWait)
	res := g.presentUntilPulled(card, cardC, "midread")
	want := fmt.Sprintf("reading the card on %q", reader)
	if res.code != 1 || len(res.stdout) != 0 || !strings.Contains(strings.Join(res.stderr, "\n"), want) ||
		!strings.Contains(strings.Join(res.stderr, "\n"), "taken away") {
		g.t.Fatalf("a card pulled mid-read: exit %d, want 1 with %s on stderr and nothing read\n%s", res.code, want, res)
	}
	g.t.Logf("a card pulled mid-read: %s", strings.Join(res.stderr, " | "))
}

func lrc(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}

func exchanges(card *vscard.Server) string {
	var b strings.Builder
	b.WriteString("card exchanges:")
	for _, e := range card.Exchanges() {
		fmt.Fprintf(&b, "\n  > % X\n  < % X", e.In, e.Out)
		if e.Err != nil {
			fmt.Fprintf(&b, " (%v)", e.Err)
		}
	}
	return b.String()
}

// carddeskBinary is CARDDESK_BIN (make test builds it) or a fresh build.
func carddeskBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("CARDDESK_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "carddesk")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/carddesk/carddesk/cmd/carddesk")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building carddesk: %v\n%s", err, out)
	}
	return bin
}

// guest is one QEMU run, read through its serial console.
type guest struct {
	t        *testing.T
	con      *console
	cmd      *exec.Cmd
	deadline time.Time
	cur      []string  // lines since the last "=== begin"
	began    time.Time // when it came
}

// boot starts QEMU (under timeout) with the CCID reader whose card is
// card. When the test fails, the console, the card's exchanges and
// QEMU's stderr are logged.
func boot(t *testing.T, r rig, initrd string, card *vscard.Server) *guest {
	t.Helper()
	secs := strconv.Itoa(int(bootLimit / time.Second))
	args := []string{"-k", "5", secs, r.qemu,
		"-accel", "tcg", "-m", "1024", "-smp", "1", "-nographic", "-no-reboot",
		"-kernel", r.kernel, "-initrd", initrd,
		"-append", "console=ttyS0 quiet panic=-1", "-net", "none", "-nodefaults", "-serial", "stdio",
		"-device", "qemu-xhci,id=xhci",
		"-chardev", fmt.Sprintf("socket,id=ccid,host=127.0.0.1,port=%d,server=off", card.Port()),
		"-device", "usb-ccid,bus=xhci.0", "-device", "ccid-card-passthru,chardev=ccid"}
	cmd := exec.Command("timeout", args...)
	// A process group of its own: the cleanup stops timeout and QEMU
	// together, whatever state the test left them in.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting QEMU: %v", err)
	}
	g := &guest{t: t, con: readConsole(out), cmd: cmd, deadline: time.Now().Add(bootLimit)}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("%s\n%s\nQEMU's stderr:\n%s", g.con.transcript(), exchanges(card), stderr.String())
		}
	})
	return g
}

// next is the next console line, or ok false when none came within wait.
func (g *guest) next(wait time.Duration) (line string, ok bool) {
	g.t.Helper()
	if left := time.Until(g.deadline); left < wait {
		wait = left
	}
	select {
	case l, open := <-g.con.lines:
		if !open {
			g.t.Fatal("the guest's console ended (QEMU exited) early")
		}
		g.con.log = append(g.con.log, l)
		g.cur = append(g.cur, l)
		return l, true
	case <-time.After(wait):
		if time.Now().After(g.deadline) {
			g.t.Fatalf("the guest did not finish within %s", bootLimit)
		}
		return "", false
	}
}

// begin reads up to the case's "=== begin" marker.
func (g *guest) begin(name string) {
	g.t.Helper()
	for {
		if l, ok := g.next(time.Second); ok && l == "=== begin "+name {
			g.cur, g.began = nil, time.Now()
			return
		}
	}
}

// result is one case's output.
type result struct {
	name           string
	code           int
	stdout, stderr []string
}

func (r result) String() string {
	return fmt.Sprintf("%s: exit %d\nstdout:\n  %s\nstderr:\n  %s", r.name, r.code,
		strings.Join(r.stdout, "\n  "), strings.Join(r.stderr, "\n  "))
}

// end reads up to the case's "=== end NAME exit N" marker; the lines since
// begin are its output.
func (g *guest) end(name string) result {
	g.t.Helper()
	res, _ := g.endWithin(name, time.Until(g.deadline))
	return res
}

// endWithin is end, giving up (ok false) after wait.
func (g *guest) endWithin(name string, wait time.Duration) (res result, ok bool) {
	g.t.Helper()
	prefix := "=== end " + name + " exit "
	for until := time.Now().Add(wait); time.Now().Before(until); {
		l, ok := g.next(time.Until(until))
		if !ok || !strings.HasPrefix(l, prefix) {
			continue
		}
		code, err := strconv.Atoi(strings.TrimPrefix(l, prefix))
		if err != nil {
			g.t.Fatalf("bad marker %q", l)
		}
		res := result{name: name, code: code}
		g.t.Logf("%s: exit %d after %s", name, code, time.Since(g.began).Round(10*time.Millisecond))
		for _, c := range g.cur[:len(g.cur)-1] {
			if s, ok := strings.CutPrefix(c, "stderr: "); ok {
				res.stderr = append(res.stderr, s)
			} else if strings.TrimSpace(c) != "" {
				res.stdout = append(res.stdout, c)
			}
		}
		return res, true
	}
	return result{}, false
}

func (g *guest) section(name string) result {
	g.t.Helper()
	g.begin(name)
	return g.end(name)
}

func (g *guest) mustPass(name string) {
	g.t.Helper()
	if res := g.section(name); res.code != 0 {
		g.t.Fatalf("%s", res)
	}
}

// presentWindow is how long a card stays on the reader waiting to be
// read: a card already there when the command starts watching is read
// but not reported (it has to be presented again), so it is lifted and
// presented again until read. startupWait gives the command time to
// start watching before the first card comes, so that seldom happens.
const (
	presentWindow = 5 * time.Second
	startupWait   = 1500 * time.Millisecond
	// settleWait lets the host finish with a card (power off, a status
	// poll) before it is lifted: QEMU throws away answers the host has not
	// fetched when its card is removed, which a real reader never does.
	settleWait = 2 * time.Second
)

// presentUntilRead presents a card made by mk until the guest prints its
// UID; the card stays on the reader.
func (g *guest) presentUntilRead(card *vscard.Server, mk func() vscard.Card, uid []byte) {
	g.t.Helper()
	want := fmt.Sprintf(`"uid":"%x"`, uid)
	for {
		g.insert(card, mk())
		for until := time.Now().Add(presentWindow); time.Now().Before(until); {
			l, ok := g.next(time.Until(until))
			switch {
			case !ok:
			case strings.Contains(l, want):
				return
			case strings.HasPrefix(l, "=== end "):
				g.t.Fatalf("the command ended before card %x was read", uid)
			}
		}
		g.remove(card)
		g.idle(300 * time.Millisecond)
	}
}

// presentUntilPulled presents a card made by mk until it is pulled in the
// middle of a read and the command ends. A pull the command did not see
// (the card read as already there when it started watching) is followed
// by another presentation.
func (g *guest) presentUntilPulled(card *vscard.Server, mk func() vscard.Card, name string) result {
	g.t.Helper()
	for {
		g.insert(card, mk())
		if g.await(card.Pulled(), presentWindow) {
			if res, ok := g.endWithin(name, presentWindow); ok {
				g.remove(card)
				return res
			}
		}
		g.remove(card)
		g.idle(300 * time.Millisecond)
	}
}

// await reads the console until ch receives or wait passes; a command
// that ends meanwhile fails the test.
func (g *guest) await(ch <-chan struct{}, wait time.Duration) bool {
	g.t.Helper()
	for until := time.Now().Add(wait); time.Now().Before(until); {
		select {
		case <-ch:
			return true
		default:
		}
		if l, ok := g.next(100 * time.Millisecond); ok && strings.HasPrefix(l, "=== end ") {
			g.t.Fatalf("the command ended before the card was pulled: %s", l)
		}
	}
	return false
}

// idle reads the console for d.
func (g *guest) idle(d time.Duration) {
	g.t.Helper()
	for until := time.Now().Add(d); time.Now().Before(until); {
		if l, ok := g.next(time.Until(until)); ok && strings.HasPrefix(l, "=== end ") {
			g.t.Fatalf("the command ended early: %s", l)
		}
	}
}

func (g *guest) insert(card *vscard.Server, c vscard.Card) {
	g.t.Helper()
	if err := card.Insert(c); err != nil {
		g.t.Fatalf("%v", err)
	}
}

func (g *guest) remove(card *vscard.Server) {
	g.t.Helper()
	if err := card.Remove(); err != nil {
		g.t.Fatalf("%v", err)
	}
}

// shutDown reads to the end: the guest powers off and QEMU exits 0.
func (g *guest) shutDown() {
	g.t.Helper()
	for {
		if l, ok := g.next(time.Second); ok && l == "=== done" {
			break
		}
	}
	for range g.con.lines {
	}
	if err := g.cmd.Wait(); err != nil {
		g.t.Fatalf("QEMU did not exit cleanly after the guest powered off: %v (exit 124: the %s timeout)", err, bootLimit)
	}
}
