package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// scriptedReader is one reader that hands out a fixed series of cards
// (or errors) to NextCard, then waits until the caller gives up.
type scriptedReader struct {
	name  string
	cards chan scripted
}

type scripted struct {
	read enroll.CardRead
	err  error
}

func newScriptedReader(name string, cards ...scripted) *scriptedReader {
	r := &scriptedReader{name: name, cards: make(chan scripted, len(cards))}
	for _, c := range cards {
		if c.err == nil {
			c.read.Reader, c.read.At = name, time.Now()
		}
		r.cards <- c
	}
	return r
}

func (r *scriptedReader) Readers(context.Context) ([]enroll.ReaderInfo, error) {
	return []enroll.ReaderInfo{{Name: r.name, Kind: enroll.ReaderPCSC, Status: "ready"}}, nil
}

func (r *scriptedReader) NextCard(ctx context.Context, name string) (enroll.CardRead, error) {
	if name != r.name {
		return enroll.CardRead{}, fmt.Errorf("reader %q is not connected: %w", name, enroll.ErrReaderGone)
	}
	select {
	case c := <-r.cards:
		return c.read, c.err
	case <-ctx.Done():
		return enroll.CardRead{}, ctx.Err()
	}
}

func uidCard(uid ...byte) scripted { return scripted{read: enroll.CardRead{UID: uid}} }

const deskReader = "Desk Reader 00 00"

func TestCredentialsEnrollBatch(t *testing.T) {
	unplugged := fmt.Errorf("card reader %q was unplugged or stopped answering: %w", deskReader, enroll.ErrReaderGone)
	mute := scripted{read: enroll.CardRead{Reader: deskReader, ATR: []byte{0x3b}, At: time.Now()},
		err: errors.New(`reading the card on "Desk Reader 00 00": the card does not answer`)}
	tests := []struct {
		name   string
		cards  []scripted
		args   []string
		code   int
		stdout []string // lines, in order
		stderr string
	}{
		{"count reached", []scripted{uidCard(0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0x80), uidCard(0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0x80),
			uidCard(0x01, 0x02, 0x03, 0x04, 0x05), mute, uidCard(0x04, 0x00, 0x00, 0x01)},
			[]string{"--count", "4"}, ExitOK, []string{
				"enrolled csn56 04a1b2c3d4e580 (credential 1)",
				"refused 04a1b2c3d4e580: already enrolled as credential 1 (csn56 04a1b2c3d4e580, available)",
				"refused 0102030405: the card read does not decode as csn: the card's serial number 0102030405 is 5 bytes long",
				`refused a card: reading the card on "Desk Reader 00 00": the card does not answer`,
				"1 enrolled, 3 refused",
			}, "present the cards to Desk Reader 00 00 one after another (up to 4, or until none comes for 30s)"},
		{"bits from the reader", []scripted{{read: enroll.CardRead{Format: "h10301", Bits: "10000000100000000000001011"}}},
			[]string{"--count", "1"}, ExitOK, []string{"enrolled h10301 facility=1 card=5 (credential 1)", "1 enrolled, 0 refused"}, ""},
		{"unplugged", []scripted{uidCard(0x04, 0x00, 0x00, 0x02), {err: unplugged}}, nil, ExitRefused,
			[]string{"enrolled csn32 04000002 (credential 1)", "1 enrolled, 0 refused"},
			"carddesk: card reader \"Desk Reader 00 00\" was unplugged or stopped answering: the card reader is no longer available; " +
				"stopped after 1 card(s), the 1 enrolled stay enrolled"},
		{"no card at all", nil, []string{"--timeout", "50ms"}, ExitRefused, []string{"0 enrolled, 0 refused"},
			"carddesk: no card was presented to Desk Reader 00 00 within 50ms; nothing was enrolled"},
		{"no more cards", []scripted{uidCard(0x04, 0x00, 0x00, 0x03)}, []string{"--count", "5", "--timeout", "50ms"}, ExitOK,
			[]string{"enrolled csn32 04000003 (credential 1)", "1 enrolled, 0 refused"}, "no card for 50ms; stopped"},
		{"unknown reader", nil, []string{"--reader", "Door 7"}, ExitRefused, nil, `no card reader named "Door 7"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.setUp()
			h.readers = newScriptedReader(deskReader, tc.cards...)
			args := append([]string{"credentials", "enroll", "--reader", deskReader}, tc.args...)
			r := h.run(args...)
			var lines []string
			if r.stdout != "" {
				lines = strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			}
			if r.code != tc.code || len(lines) != len(tc.stdout) || !strings.Contains(r.stderr, tc.stderr) {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr (want %q):\n%s", r.code, tc.code, r.stdout, tc.stderr, r.stderr)
			}
			for i, want := range tc.stdout {
				if !strings.HasPrefix(lines[i], want) {
					t.Errorf("line %d: %q, want %q", i+1, lines[i], want)
				}
			}
		})
	}
}

func TestCredentialsEnrollJSON(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.must("credentials", "add", "csn32", "csn=04a1b2c3")
	h.readers = newScriptedReader(deskReader, uidCard(0x04, 0xa1, 0xb2, 0xc3), uidCard(0x04, 0x11, 0x22, 0x33),
		scripted{read: enroll.CardRead{Format: "h10301", Bits: "10000000100000000000001011"}},
		scripted{read: enroll.CardRead{Format: "h10301", Bits: "10000000100000000000001010"}})
	r := h.run("credentials", "enroll", "--reader", deskReader, "--count", "4", "--json")
	if r.code != ExitOK || !strings.Contains(r.stderr, "2 enrolled, 2 refused") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want one per card:\n%s", len(lines), r.stdout)
	}
	want := []struct{ uid, format, fields, result, reason, id string }{
		{"04a1b2c3", "csn32", `{"csn":"04a1b2c3"}`, "refused", "already enrolled as credential 1 (csn32 04a1b2c3, available)", "1"},
		{"04112233", "csn32", `{"csn":"04112233"}`, "enrolled", "", "2"},
		{"", "h10301", `{"facility":1,"card":5}`, "enrolled", "", "3"},
		{"", "h10301", `{}`, "refused", "the card read does not decode as h10301: ", ""},
	}
	for i, line := range lines {
		var got map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		for _, key := range []string{"uid", "format", "fields", "result", "reason"} {
			if _, ok := got[key]; !ok {
				t.Errorf("line %d lacks %q: %s", i+1, key, line)
			}
		}
		w := want[i]
		str := func(key string) string {
			var s string
			_ = json.Unmarshal(got[key], &s)
			return s
		}
		if str("uid") != w.uid || str("format") != w.format || string(got["fields"]) != w.fields || str("result") != w.result ||
			!strings.HasPrefix(str("reason"), w.reason) || str("credential_id") != w.id || str("reader") != deskReader {
			t.Errorf("line %d: %s\nwant %+v", i+1, line, w)
		}
	}
	// What was stored: the two new cards, available and inactive.
	creds := mustJSON[[]map[string]any](h, "credentials", "list", "--available", "--status", "inactive", "--json")
	if len(creds) != 2 || creds[0]["id"] != "2" || creds[1]["id"] != "3" || creds[1]["format"] != "h10301" {
		t.Errorf("inactive available credentials: %v", creds)
	}
	if audit := h.must("audit", "list", "--json"); strings.Count(audit, "at reader "+deskReader) != 2 {
		t.Errorf("the audit log should name the reader twice:\n%s", audit)
	}
}

func TestCredentialsEnrollUsageErrors(t *testing.T) {
	checkUsageErrors(t, []usageCase{
		{"no reader", []string{"credentials", "enroll"}, "--reader NAME is required"},
		{"negative count", []string{"credentials", "enroll", "--reader", "R", "--count", "-1"}, "--count -1: give 0 or more"},
		{"no timeout", []string{"credentials", "enroll", "--reader", "R", "--timeout", "0s"}, "--timeout 0s: give a positive duration"},
		{"not a duration", []string{"credentials", "enroll", "--reader", "R", "--timeout", "30"}, "invalid value"},
		{"an argument", []string{"credentials", "enroll", "--reader", "R", "now"}, `unexpected argument "now"`},
	})
}
