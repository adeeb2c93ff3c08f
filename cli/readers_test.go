package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/enroll"
)

// presentSoon puts a card on the simulated reader as soon as a command
// waits for one.
func presentSoon(sim *simulated.Reader, uid []byte) {
	go func() {
		for !sim.Present(uid) {
			time.Sleep(time.Millisecond)
		}
	}()
}

func TestReadersListAndWatch(t *testing.T) {
	h := newHarness(t)
	sim := simulated.New()
	h.readers = sim
	var list []map[string]any
	if err := json.Unmarshal([]byte(h.must("readers", "list", "--json")), &list); err != nil || len(list) != 1 ||
		list[0]["name"] != simulated.Name || list[0]["kind"] != "simulated" || list[0]["status"] != "ready" {
		t.Fatalf("readers list --json = %v (%v)", list, err)
	}
	presentSoon(sim, []byte{0x04, 0xA1, 0xB2, 0xC3})
	out := h.must("readers", "watch", "--count", "1", "--json")
	var read map[string]any
	if err := json.Unmarshal([]byte(out), &read); err != nil || read["uid"] != "04a1b2c3" || read["reader"] != simulated.Name ||
		read["atr"] == "" || !strings.HasSuffix(read["at"].(string), "Z") || strings.Count(out, "\n") != 1 {
		t.Fatalf("readers watch --json printed %q (%v)", out, err)
	}
	if r := h.run("readers", "watch", "--reader", "Door 7", "--count", "1"); r.code != ExitRefused || !strings.Contains(r.stderr, `no card reader named "Door 7"`) {
		t.Errorf("unknown reader: exit %d, %s", r.code, r.stderr)
	}
	h.readers = nil
	if out := h.must("readers", "list"); out != "no card readers\n" {
		t.Errorf("readers list without readers printed %q", out)
	}
}

// serviceEntry is a smart-card service that is not running: listed as a
// status, with no card to read at it (as the PC/SC service entry).
type serviceEntry struct{}

const serviceName = "Smart-card service (PC/SC)"

func (serviceEntry) Readers(context.Context) ([]enroll.ReaderInfo, error) {
	return []enroll.ReaderInfo{{Name: serviceName, Kind: enroll.ReaderPCSC, Status: "smart-card service not running", Service: true}}, nil
}

func (serviceEntry) NextCard(_ context.Context, name string) (enroll.CardRead, error) {
	return enroll.CardRead{}, fmt.Errorf("reader %q is not connected: %w", name, enroll.ErrReaderGone)
}

// A station without a running smart-card service still watches its other
// readers (a Linux kiosk with CCID over USB): the service entry is no
// reader to watch.
func TestReadersWatchLeavesServiceEntriesOut(t *testing.T) {
	h := newHarness(t)
	sim := simulated.New()
	h.readers = enroll.JoinReaders(serviceEntry{}, sim)
	presentSoon(sim, []byte{0x04, 0xA1, 0xB2, 0xC3})
	out := h.must("readers", "watch", "--count", "1", "--json")
	var read map[string]any
	if err := json.Unmarshal([]byte(out), &read); err != nil || read["uid"] != "04a1b2c3" || read["reader"] != simulated.Name {
		t.Fatalf("readers watch --json printed %q (%v)", out, err)
	}
	if r := h.run("readers", "watch", "--reader", serviceName, "--count", "1"); r.code != ExitRefused || !strings.Contains(r.stderr, `no card reader named "`+serviceName+`"`) {
		t.Errorf("watching the service entry: exit %d, %s", r.code, r.stderr)
	}
	h.readers = serviceEntry{}
	if r := h.run("readers", "watch", "--count", "1"); r.code != ExitRefused || !strings.Contains(r.stderr, "no card reader is connected") ||
		!strings.Contains(r.stderr, "smart-card service not running") {
		t.Errorf("only a service entry: exit %d, %s", r.code, r.stderr)
	}
}

// Where the build reaches no device over raw USB (Windows), readers list
// says so on stderr, and stdout keeps its shape: no reader is made up.
func TestReadersListNotesNoDirectUSB(t *testing.T) {
	sim := simulated.New()
	table := "NAME                     KIND       STATUS\n" + simulated.Name + "  simulated  ready\n"
	noUSB := enroll.ReadersInForce{NoDirectUSB: true}
	cases := []struct {
		name       string
		readers    enroll.ReaderSet
		args       []string
		stdout     string
		note       bool
		jsonLength int
	}{
		{"direct USB", enroll.OpenedReaders{ReaderSet: sim}, nil, table, false, 0},
		{"no direct USB", enroll.OpenedReaders{ReaderSet: sim, Opened: noUSB}, nil, table, true, 0},
		{"no direct USB, no readers", enroll.OpenedReaders{ReaderSet: noReaders{}, Opened: noUSB}, nil, "no card readers\n", true, 0},
		{"a set that does not say", sim, nil, table, false, 0},
		{"no direct USB, JSON", enroll.OpenedReaders{ReaderSet: sim, Opened: noUSB}, []string{"--json"}, "", false, 1},
		{"no direct USB, JSON, no readers", enroll.OpenedReaders{ReaderSet: noReaders{}, Opened: noUSB}, []string{"--json"}, "[]\n", false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.readers = c.readers
			r := h.run(append([]string{"readers", "list"}, c.args...)...)
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if c.stdout != "" && r.stdout != c.stdout {
				t.Errorf("stdout %q, want %q", r.stdout, c.stdout)
			}
			if c.jsonLength > 0 {
				var list []map[string]any
				if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != c.jsonLength ||
					list[0]["name"] != simulated.Name || list[0]["kind"] != "simulated" || list[0]["status"] != "ready" {
					t.Errorf("--json printed %q (%v)", r.stdout, err)
				}
			}
			want := ""
			if c.note {
				want = noDirectUSBNote + "\n"
			}
			if r.stderr != want {
				t.Errorf("stderr %q, want %q", r.stderr, want)
			}
		})
	}
	if !strings.Contains(noDirectUSBNote, "WinSCard") || !strings.Contains(noDirectUSBNote, "print spooler") {
		t.Errorf("the note does not name the services: %q", noDirectUSBNote)
	}
}

func TestConnectAuto(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	sim := simulated.New()
	h.readers = sim
	ids := h.pendingRequests(2)
	presentSoon(sim, []byte{0x04, 0x11, 0x22, 0x33})
	out := h.must("requests", "connect", ids[0], "--auto", "--reader", simulated.Name)
	if !strings.Contains(out, "enrolled and assigned for Pat Doe0") {
		t.Errorf("connect --auto printed %q", out)
	}
	presentSoon(sim, []byte{0x04, 0x11, 0x22, 0x33})
	r := h.run("requests", "connect", ids[1], "--auto")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "already assigned to Pat Doe0") || !strings.Contains(r.stderr, "present the card for Pat Doe1") {
		t.Errorf("another holder's card: exit %d, stderr %q", r.code, r.stderr)
	}
	r = h.run("requests", "connect", ids[1], "--auto", "--timeout", "20ms")
	if r.code != ExitRefused || !strings.Contains(r.stderr, "no card was presented to "+simulated.Name+" within 20ms; nothing was changed") {
		t.Errorf("timeout: exit %d, stderr %q", r.code, r.stderr)
	}
}
