package ccid

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

// A listener that comes while the watcher's first pass is under way (a
// reader and its card announced, the synced note not yet) is told what
// was announced, so NextCard then waits for a card presented instead of
// calling the reader not connected.
func TestReplayDuringTheFirstPass(t *testing.T) {
	p := &picture{refusals: map[string]error{}, cards: map[string]note{}}
	r := enroll.ReaderInfo{Name: "R", Kind: enroll.ReaderCCID, Status: StatusReady}
	p.Apply(&note{ev: enroll.ReaderEvent{Kind: enroll.ReaderAdded, Reader: r}})
	p.Apply(&note{ev: enroll.ReaderEvent{Kind: enroll.ReaderCard, Reader: r, Card: enroll.CardRead{UID: []byte{1, 2, 3, 4}}}, lying: true})

	var replayed []note
	p.Replay(func(n note) { replayed = append(replayed, n) })
	if len(replayed) != 2 || replayed[0].ev.Kind != enroll.ReaderAdded || replayed[1].ev.Kind != enroll.ReaderCard || !replayed[1].lying {
		t.Fatalf("replayed %+v, want the reader and its card lying there, without the synced note", replayed)
	}

	w := cardWait{reader: "R"}
	for _, n := range append(replayed, note{synced: true}) {
		if done, _, err := w.step(n); done {
			t.Fatalf("NextCard ended (%v) where it should wait for a card", err)
		}
	}

	p.Apply(&note{synced: true})
	replayed = nil
	p.Replay(func(n note) { replayed = append(replayed, n) })
	if len(replayed) != 3 || !replayed[2].synced {
		t.Fatalf("after the first pass: replayed %+v, want the synced note last", replayed)
	}
}
