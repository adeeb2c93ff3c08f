package spool

import (
	"os"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/devices/cups"
	"github.com/carddesk/carddesk/enroll"
)

// rigServer is the CUPS rig's scheduler (scripts/cups-rig.sh, started by
// scripts/test.sh); without it the test skips, or fails under
// CARDDESK_RIGS=required or CI=true.
func rigServer(t *testing.T) string {
	t.Helper()
	s := os.Getenv("CARDDESK_CUPS_SERVER")
	if s == "" {
		if os.Getenv("CARDDESK_RIGS") == "required" || os.Getenv("CI") == "true" {
			t.Fatal("the CUPS rig is required: CARDDESK_CUPS_SERVER is not set")
		}
		t.Skip("no CUPS rig: CARDDESK_CUPS_SERVER is not set")
	}
	return s
}

// TestCUPSRig prints a two-sided badge to the rig's Badge queue and follows
// it to completed.
func TestCUPSRig(t *testing.T) {
	server := rigServer(t)
	s := New(Options{CUPS: cups.New(server, zaptest.NewLogger(t))})
	ps, err := s.Printers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		if p.Name == "Badge" && p.Kind == KindCUPS && p.Duplex {
			found = true
		}
	}
	if !found {
		t.Fatalf("no duplex Badge queue in %+v", ps)
	}
	doc := enroll.PrintDocument{Title: "Badge test", Template: card(t, true), Copies: 1, Sides: enroll.TwoSidedLongEdge,
		Badges: []badge.Badge{{Values: badge.Values{"full_name": "Anna Kowalska"}}}}
	ref, err := s.Submit(t.Context(), "Badge", doc)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, msg, err := s.JobState(t.Context(), "Badge", ref)
		if err != nil {
			t.Fatal(err)
		}
		if st.Final() {
			if st != enroll.PrintCompleted {
				t.Fatalf("job %s ended %s: %s", ref, st, msg)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s after 30 s", ref, st)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
