package enroll

import (
	"strings"
	"testing"
	"time"
)

func chainEvent() AuditEvent {
	return AuditEvent{Seq: 7, ID: 42, At: time.UnixMilli(1_764_000_000_123).UTC(), OperatorID: 3, Operator: "olga",
		Action: "cardholder.update", Entity: "cardholder", EntityID: "17", Details: "renamed Jan",
		Before: `{"first_name":"Jan"}`, After: `{"first_name":"Johan"}`, PrevHash: strings.Repeat("ab", 32)}
}

// The encoding is what every stored hash depends on: changing it would
// make every existing log fail verification, so the hash of one event is
// pinned here (the value was computed from the encoding documented at
// AuditHash by a separate implementation, not by this one).
func TestAuditHashIsPinned(t *testing.T) {
	const want = "95cc5c04f78d9c0e63a4fc4e402bcb1b2930d6f7b6ab368abcbc16586ea3af47"
	if got := AuditHash(chainEvent()); got != want {
		t.Errorf("AuditHash = %s, want %s (the encoding changed)", got, want)
	}
}

// Every stored field and the previous hash count; moving text from one
// field to the next does not give the same encoding.
func TestAuditHashCoversEveryField(t *testing.T) {
	base := AuditHash(chainEvent())
	for name, change := range map[string]func(*AuditEvent){
		"seq":         func(e *AuditEvent) { e.Seq++ },
		"id":          func(e *AuditEvent) { e.ID++ },
		"at":          func(e *AuditEvent) { e.At = e.At.Add(time.Millisecond) },
		"operator id": func(e *AuditEvent) { e.OperatorID = 0 },
		"operator":    func(e *AuditEvent) { e.Operator = "Olga" },
		"action":      func(e *AuditEvent) { e.Action = "cardholder.create" },
		"entity":      func(e *AuditEvent) { e.Entity = "operator" },
		"entity id":   func(e *AuditEvent) { e.EntityID = "18" },
		"details":     func(e *AuditEvent) { e.Details = "renamed Jan." },
		"before":      func(e *AuditEvent) { e.Before = "" },
		"after":       func(e *AuditEvent) { e.After = `{"first_name":"Jan"}` },
		"prev hash":   func(e *AuditEvent) { e.PrevHash = AuditGenesis },
		"text moved between fields": func(e *AuditEvent) {
			e.Entity, e.EntityID = "cardholder1", "7"
		},
	} {
		e := chainEvent()
		change(&e)
		if AuditHash(e) == base {
			t.Errorf("changing the %s leaves the hash as it was", name)
		}
	}
	// What storage does not keep does not count: time below a millisecond,
	// and the hash itself.
	e := chainEvent()
	e.At, e.Hash = e.At.Add(999*time.Microsecond), "anything"
	if AuditHash(e) != base {
		t.Error("the hash depends on what is not stored")
	}
}

func TestAuditEventChain(t *testing.T) {
	first := chainEvent()
	first.Chain(AuditLink{})
	if first.Seq != 1 || first.PrevHash != AuditGenesis || first.Hash != AuditHash(first) || len(first.Hash) != 64 {
		t.Errorf("the first event: %+v", first)
	}
	second := chainEvent()
	second.Chain(AuditLink{Seq: first.Seq, Hash: first.Hash})
	if second.Seq != 2 || second.PrevHash != first.Hash || second.Hash == first.Hash {
		t.Errorf("the second event: %+v", second)
	}
}

// checkLink tells the kinds of break apart in the order verify reports
// them: the place in the chain first, then the content, then the link.
func TestCheckLink(t *testing.T) {
	chained := func(prev AuditLink, edit func(*AuditEvent)) AuditEvent {
		e := chainEvent()
		e.Chain(prev)
		if edit != nil {
			edit(&e)
		}
		return e
	}
	head := AuditLink{Seq: 4, Hash: strings.Repeat("cd", 32)}
	for _, tc := range []struct {
		name     string
		prev     AuditLink
		e        AuditEvent
		want     AuditBreakKind // "" = checks out
		from, to int64
	}{
		{"the first event", AuditLink{}, chained(AuditLink{}, nil), "", 0, 0},
		{"a later event", head, chained(head, nil), "", 0, 0},
		{"content changed", head, chained(head, func(e *AuditEvent) { e.Details = "nothing" }), AuditChanged, 0, 0},
		{"one event missing", head, chained(AuditLink{Seq: 5, Hash: "x"}, nil), AuditMissing, 5, 5},
		{"events missing at the start", AuditLink{}, chained(AuditLink{Seq: 3, Hash: "x"}, nil), AuditMissing, 1, 3},
		{"changed and out of place", head, chained(AuditLink{Seq: 9}, func(e *AuditEvent) { e.Details = "x" }), AuditMissing, 5, 9},
		{"follows another event", head, chained(AuditLink{Seq: 4, Hash: strings.Repeat("ef", 32)}, nil), AuditUnlinked, 0, 0},
		{"first without the genesis", AuditLink{}, chained(AuditLink{Seq: 0, Hash: head.Hash}, nil), AuditUnlinked, 0, 0},
		{"added without the chain", head, AuditEvent{ID: 9, Action: "x"}, AuditInserted, 0, 0},
		{"a number repeated", head, chained(AuditLink{Seq: 3}, nil), AuditInserted, 0, 0},
	} {
		b := checkLink(tc.prev, tc.e)
		switch {
		case tc.want == "" && b != nil:
			t.Errorf("%s: break %+v, want none", tc.name, *b)
		case tc.want == "":
		case b == nil:
			t.Errorf("%s: checks out, want %s", tc.name, tc.want)
		case b.Kind != tc.want || b.MissingFrom != tc.from || b.MissingTo != tc.to || b.Event.ID != tc.e.ID || b.After != tc.prev:
			t.Errorf("%s: break %+v, want %s (%d to %d)", tc.name, *b, tc.want, tc.from, tc.to)
		}
	}
}

func TestAuditBreakDescribe(t *testing.T) {
	e := chainEvent()
	for _, tc := range []struct {
		b    AuditBreak
		want []string
	}{
		{AuditBreak{Kind: AuditChanged, Event: e}, []string{"event 42 (", "cardholder.update", "was changed"}},
		{AuditBreak{Kind: AuditMissing, Event: e, MissingFrom: 5, MissingTo: 6}, []string{"events #5 to #6", "missing", "event 42"}},
		{AuditBreak{Kind: AuditMissing, Event: e, MissingFrom: 5, MissingTo: 5}, []string{"event #5 of the chain is missing", "event 42"}},
		{AuditBreak{Kind: AuditUnlinked, Event: e}, []string{"event 42", "does not follow"}},
		{AuditBreak{Kind: AuditInserted, Event: e, After: AuditLink{Seq: 9}}, []string{"event 42", "#7 after #9", "behind CardDesk's back"}},
	} {
		got := tc.b.Describe()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tc.b.Kind, got, w)
			}
		}
	}
}
