package main

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/pcsc/rigtest"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
)

// mifare1K is the ATR a PC/SC reader gives for a MIFARE Classic 1K card.
var mifare1K = []byte{0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6a}

// vpcdPort is the rig's virtual reader port (scripts/pcsc-rig.sh).
func vpcdPort(t *testing.T) int {
	t.Helper()
	p := os.Getenv("CARDDESK_VPCD_PORT")
	if p == "" {
		if os.Getenv("CARDDESK_RIGS") == "required" {
			t.Fatal("the PC/SC rig is required but CARDDESK_VPCD_PORT is not set; run make test")
		}
		t.Skip("no PC/SC rig (CARDDESK_VPCD_PORT not set); run make test")
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatalf("CARDDESK_VPCD_PORT=%q: %v", p, err)
	}
	rigtest.Lock(t)
	return n
}

// keepPresenting waves a card with uid at the virtual reader until done is
// closed: the command only takes cards presented while it waits.
func keepPresenting(t *testing.T, port int, uid []byte, done <-chan struct{}) {
	for {
		card, err := vpcdcard.Insert(port, uid, mifare1K)
		if err != nil {
			t.Error(err)
			return
		}
		select {
		case <-done:
			card.Remove()
			return
		case <-time.After(1500 * time.Millisecond):
			card.Remove()
		}
		select {
		case <-done:
			return
		case <-time.After(300 * time.Millisecond):
		}
	}
}

func TestReadersAndAutoConnectOnPCSC(t *testing.T) {
	port := vpcdPort(t)
	s := newStation(t)
	var readers []map[string]string
	if err := json.Unmarshal([]byte(s.must("readers", "list", "--json")), &readers); err != nil {
		t.Fatal(err)
	}
	reader := ""
	for _, r := range readers {
		if r["kind"] == "pcsc" && strings.HasPrefix(r["name"], os.Getenv("CARDDESK_VPCD_READER")) {
			reader = r["name"]
			break
		}
	}
	if reader == "" {
		t.Fatalf("readers list --json = %v; want the rig's PC/SC reader", readers)
	}

	s.setUp()
	holder := strings.TrimSpace(s.must("cardholders", "add", "--first-name", "Noor", "--last-name", "Jansen"))
	req := strings.TrimSpace(s.must("requests", "create", "--cardholder", holder))
	done := make(chan struct{})
	go keepPresenting(t, port, []byte{0x04, 0x5a, 0x6b, 0x7c}, done)
	o := s.run("requests", "connect", req, "--auto", "--reader", reader, "--timeout", "30s")
	close(done)
	if o.code != 0 || !strings.Contains(o.stdout, "enrolled and assigned for Noor Jansen") {
		t.Fatalf("connect --auto: exit %d\nstdout: %s\nstderr: %s", o.code, o.stdout, o.stderr)
	}
	var creds []map[string]any
	if err := json.Unmarshal([]byte(s.must("credentials", "list", "--json")), &creds); err != nil || len(creds) != 1 ||
		creds[0]["format"] != "csn32" || creds[0]["fields"].(map[string]any)["csn"] != "045a6b7c" || creds[0]["cardholder_id"] != holder {
		t.Fatalf("credentials after connect --auto: %v (%v)", creds, err)
	}
}

// A station that opted in to CCID lists its USB readers beside the PC/SC
// ones; this machine has no USB bus, which the list says as a status.
func TestReadersListWithCCIDOptIn(t *testing.T) {
	vpcdPort(t)
	s := newStation(t)
	s.setUp()
	s.must("settings", "set", "readers.ccid.enabled", "true")
	var readers []map[string]any
	if err := json.Unmarshal([]byte(s.must("readers", "list", "--json")), &readers); err != nil {
		t.Fatal(err)
	}
	var pcscReader, usb bool
	for _, r := range readers {
		switch r["kind"] {
		case "pcsc":
			pcscReader = pcscReader || strings.HasPrefix(r["name"].(string), os.Getenv("CARDDESK_VPCD_READER"))
		case "ccid":
			usb = true
			if _, err := os.Stat("/dev/bus/usb"); err != nil && (r["service"] != true || !strings.Contains(r["status"].(string), "USB")) {
				t.Errorf("without a USB bus the CCID entry is %v; want a service status naming USB", r)
			}
		}
	}
	if !pcscReader || !usb {
		t.Fatalf("readers list --json = %v; want the PC/SC reader and a CCID entry", readers)
	}
}
