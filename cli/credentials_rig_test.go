package cli

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/pcsc/rigtest"
	"github.com/carddesk/carddesk/devices/pcsc/vpcdcard"
	"github.com/carddesk/carddesk/enroll"
)

// rigHarness is a set-up station whose readers are the PC/SC rig's, over
// the real PC/SC service, counted as the command waits at them; it skips
// the test without the rig (rigtest.Need).
func rigHarness(t *testing.T) (rigtest.Rig, *harness, *waitCounter) {
	t.Helper()
	r := rigtest.Need(t, "./cli/")
	h := newHarness(t)
	h.setUp()
	svc := pcsc.Open(nil)
	t.Cleanup(func() { _ = svc.Close() })
	readers := &waitCounter{ReaderSet: svc}
	h.readers = readers
	return r, h, readers
}

// waitCounter is the station's readers with a count of the NextCard calls
// begun, so a test presents each card only once the command waits for it:
// like a real reader, the PC/SC service only hands over cards presented
// while someone waits.
type waitCounter struct {
	enroll.ReaderSet
	mu    sync.Mutex
	calls int
}

func (w *waitCounter) NextCard(ctx context.Context, reader string) (enroll.CardRead, error) {
	w.mu.Lock()
	w.calls++
	w.mu.Unlock()
	return w.ReaderSet.NextCard(ctx, reader)
}

// waitForCall returns once NextCard was called n times.
func (w *waitCounter) waitForCall(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(rigtest.Wait); ; time.Sleep(time.Millisecond) {
		w.mu.Lock()
		calls := w.calls
		w.mu.Unlock()
		if calls >= n {
			// NextCard subscribes to the service right after it is called;
			// pcscd takes far longer than this to notice a card.
			time.Sleep(20 * time.Millisecond)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the command never waited for card %d (%d waits)", n, calls)
		}
	}
}

// runAsync runs a command in the background.
func (h *harness) runAsync(args ...string) <-chan result {
	out := make(chan result, 1)
	go func() { out <- h.run(args...) }()
	return out
}

func awaitResult(t *testing.T, ch <-chan result) result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(2 * rigtest.Wait):
		t.Fatal("the command did not end")
		return result{}
	}
}

// Batch enrollment over the real PC/SC stack (pcscd, the vpcd reader
// driver, the scard binding): a new card, the same card again, a card
// enrolled before by hand and another new card.
func TestRigCredentialsEnrollBatch(t *testing.T) {
	r, h, readers := rigHarness(t)

	fresh, _ := hex.DecodeString("04a1b2c3d4e580") // 7 bytes: csn56
	known, _ := hex.DecodeString("04c0ffee112233")
	other, _ := hex.DecodeString("04d00d02") // 4 bytes: csn32
	h.must("credentials", "add", "csn56", "csn="+hex.EncodeToString(known))

	run := h.runAsync("credentials", "enroll", "--reader", r.Reader, "--count", "4", "--timeout", "30s", "--json")
	var card *vpcdcard.Card
	for i, uid := range [][]byte{fresh, fresh, known, other} {
		readers.waitForCall(t, i+1)
		if card != nil {
			r.Remove(t, card)
		}
		card = r.Insert(t, uid, vpcdcard.MIFAREClassic1KATR)
	}
	res := awaitResult(t, run)
	r.Remove(t, card)
	if res.code != ExitOK || !strings.Contains(res.stderr, "2 enrolled, 2 refused") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}

	lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
	want := []struct{ uid, format, result, reason, credential string }{
		{"04a1b2c3d4e580", "csn56", "enrolled", "", "2"},
		{"04a1b2c3d4e580", "csn56", "refused", "already enrolled as credential 2 (csn56 04a1b2c3d4e580, available)", "2"},
		{"04c0ffee112233", "csn56", "refused", "already enrolled as credential 1 (csn56 04c0ffee112233, available)", "1"},
		{"04d00d02", "csn32", "enrolled", "", "3"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want one per card:\n%s", len(lines), res.stdout)
	}
	for i, line := range lines {
		var got struct {
			UID, Format, Result, Reason, Reader string
			CredentialID                        string            `json:"credential_id"`
			Fields                              map[string]string `json:"fields"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		w := want[i]
		if got.UID != w.uid || got.Format != w.format || got.Fields["csn"] != w.uid || got.Result != w.result ||
			got.Reason != w.reason || got.CredentialID != w.credential || got.Reader != r.Reader {
			t.Errorf("line %d: %s\nwant %+v", i+1, line, w)
		}
	}

	// The store: the card added by hand as it was, the two new ones
	// available and inactive, and nothing else.
	creds := mustJSON[[]map[string]any](h, "credentials", "list", "--json")
	var got []string
	for _, k := range creds {
		got = append(got, k["id"].(string)+" "+k["format"].(string)+" "+k["fields"].(map[string]any)["csn"].(string)+" "+
			k["status"].(string)+" "+strconv.FormatBool(k["cardholder_id"] == nil))
	}
	if strings.Join(got, "\n") != "1 csn56 04c0ffee112233 active true\n2 csn56 04a1b2c3d4e580 inactive true\n3 csn32 04d00d02 inactive true" {
		t.Errorf("credentials stored:\n%s", strings.Join(got, "\n"))
	}
}

// The smart-card service going away mid-batch ends the run with exit 1,
// saying so; the cards enrolled before stay.
func TestRigCredentialsEnrollReaderGone(t *testing.T) {
	r, h, readers := rigHarness(t)

	run := h.runAsync("credentials", "enroll", "--reader", r.Reader, "--timeout", "30s")
	readers.waitForCall(t, 1)
	card := r.Insert(t, []byte{0x04, 0x0e, 0x0e, 0x01}, vpcdcard.MIFAREClassic1KATR)
	readers.waitForCall(t, 2) // the first card is taken; the command waits for the next
	startPCSCD := r.StopPCSCD(t)
	res := awaitResult(t, run)
	<-card.Gone() // the driver hung up with pcscd
	if res.code != ExitRefused || res.stdout != "enrolled csn32 040e0e01 (credential 1)\n1 enrolled, 0 refused\n" ||
		!strings.Contains(res.stderr, "the smart-card service is not running") ||
		!strings.Contains(res.stderr, "stopped after 1 card(s), the 1 enrolled stay enrolled") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	startPCSCD()
	if creds := mustJSON[[]map[string]any](h, "credentials", "list", "--json"); len(creds) != 1 || creds[0]["status"] != "inactive" {
		t.Errorf("credentials stored: %v", creds)
	}
}
