package pcsc

import (
	"slices"
	"testing"

	"github.com/ebfe/scard"
)

func TestCardChange(t *testing.T) {
	const (
		empty   = scard.StateEmpty
		present = scard.StatePresent
	)
	count := func(n uint32) scard.StateFlag { return scard.StateFlag(n << 16) }
	tests := []struct {
		name             string
		prev             cardTrack
		ev               scard.StateFlag
		removed, arrived bool
		wantPresent      bool
		wantCounterAfter int
	}{
		{"first look, empty", cardTrack{counter: -1}, empty | scard.StateChanged, false, false, false, 0},
		{"first look, card there", cardTrack{counter: -1}, present | count(1), false, true, true, 1},
		{"card arrives", cardTrack{counter: 2}, present | count(3), false, true, true, 3},
		{"card lifted", cardTrack{present: true, counter: 3}, empty | count(4), true, false, false, 4},
		{"card stays", cardTrack{present: true, counter: 3}, present | scard.StateInuse | count(3), false, false, true, 3},
		{"lifted and back between looks", cardTrack{present: true, counter: 3}, present | count(5), true, true, true, 5},
		{"card kept over a reconnect", cardTrack{present: true, counter: -1}, present | count(9), false, false, true, 9},
		{"mute card counts as present", cardTrack{counter: 0}, present | scard.StateMute | count(1), false, true, true, 1},
		{"reader unavailable", cardTrack{present: true, counter: 1}, scard.StateUnavailable, true, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, removed, arrived := cardChange(tt.prev, tt.ev)
			if removed != tt.removed || arrived != tt.arrived {
				t.Errorf("removed, arrived = %v, %v; want %v, %v", removed, arrived, tt.removed, tt.arrived)
			}
			if next.present != tt.wantPresent || next.counter != tt.wantCounterAfter {
				t.Errorf("next = %+v", next)
			}
		})
	}
}

func TestDiffNames(t *testing.T) {
	added, removed := diffNames([]string{"A", "B", "C"}, []string{"B", "D", "C", "E"})
	if !slices.Equal(added, []string{"D", "E"}) || !slices.Equal(removed, []string{"A"}) {
		t.Fatalf("added %v removed %v", added, removed)
	}
	if a, r := diffNames(nil, nil); a != nil || r != nil {
		t.Fatalf("nothing to nothing: %v %v", a, r)
	}
}

func TestVisibleReadersHidesPnP(t *testing.T) {
	got := visibleReaders([]string{"R1", pnpReader, "", "R2"})
	if !slices.Equal(got, []string{"R1", "R2"}) {
		t.Fatalf("got %q", got)
	}
}

func TestReaderStatesKeepWhatTheyKnew(t *testing.T) {
	prev := []scard.ReaderState{
		{Reader: pnpReader, CurrentState: 5 << 16},
		{Reader: "R1", CurrentState: scard.StatePresent | 3<<16},
		{Reader: "Gone", CurrentState: scard.StateEmpty},
	}
	next := readerStates(prev, []string{"R1", "New"}, true)
	if len(next) != 3 || next[0].Reader != pnpReader || next[1].Reader != "R1" || next[2].Reader != "New" {
		t.Fatalf("states %+v", next)
	}
	if next[0].CurrentState != 5<<16 || next[1].CurrentState != scard.StatePresent|3<<16 || next[2].CurrentState != scard.StateUnaware {
		t.Fatalf("states lost what they knew: %+v", next)
	}
	if next := readerStates(prev, []string{"R1"}, false); len(next) != 1 || next[0].Reader != "R1" {
		t.Fatalf("without PnP: %+v", next)
	}
}

func TestStatusOf(t *testing.T) {
	tests := map[scard.StateFlag]string{
		scard.StateEmpty:                            StatusReady,
		scard.StatePresent:                          StatusCardPresent,
		scard.StatePresent | scard.StateInuse:       StatusCardPresent,
		scard.StatePresent | scard.StateExclusive:   StatusInUse,
		scard.StatePresent | scard.StateMute:        StatusCardMute,
		scard.StateUnavailable:                      StatusUnavailable,
		scard.StateUnknown | scard.StateUnavailable: StatusUnavailable,
	}
	for f, want := range tests {
		if got := statusOf(f); got != want {
			t.Errorf("statusOf(%#x) = %q, want %q", f, got, want)
		}
	}
}
