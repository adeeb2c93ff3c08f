package wedge_test

import (
	"testing"
	"time"

	"github.com/carddesk/carddesk/devices/wedge"
)

// alphabet is mostly what readers type, with some of what they must not.
var alphabet = []rune("0123456789abcdefABCDEF" + "0123456789" + "xXgG-;?% \t\u0663\u00e9\U0001F600")

// event is one step as fed to the Detector, with its absolute time.
type event struct {
	kind stepKind
	r    rune
	at   time.Time
}

// decode turns fuzz bytes into events: two bytes each, what and the gap
// before it. Gaps are fine-grained around MaxGap, coarse around Quiet,
// and sometimes huge or negative (a clock step).
func decode(data []byte) []event {
	var out []event
	at := t0
	for i := 0; i+1 < len(data); i += 2 {
		what, g := data[i], data[i+1]
		var gap time.Duration
		switch {
		case g < 160:
			gap = time.Duration(g) * 250 * time.Microsecond
		case g < 250:
			gap = time.Duration(g-160) * 4 * time.Millisecond
		case g < 255:
			gap = 2 * time.Second
		default:
			gap = -5 * time.Millisecond
		}
		switch {
		case what < 0xD0:
			at = at.Add(gap)
			out = append(out, event{kind: key, r: alphabet[int(what)%len(alphabet)], at: at})
		case what < 0xF0:
			at = at.Add(gap)
			out = append(out, event{kind: enter, at: at})
		default:
			out = append(out, event{kind: reset})
		}
	}
	return out
}

// expect says what Enter at events[j] must report, straight from the
// rules in Detector's documentation rather than from its state machine:
// walk back from Enter over the keys that came within MaxGap of each
// other, then check the run they make.
func expect(o wedge.Options, events []event, j int) (string, bool) {
	fast := func(from, to time.Time) bool { d := to.Sub(from); return d >= 0 && d <= o.MaxGap }
	prevTimed := func(i int) int { // the key or Enter before events[i], or -1
		for i--; i >= 0 && events[i].kind == reset; i-- {
		}
		return i
	}
	last := prevTimed(j)
	if last < 0 || events[last].kind != key || !fast(events[last].at, events[j].at) {
		return "", false
	}
	start := last
	for {
		p := prevTimed(start)
		if p < 0 {
			break // the first key seen: quiet enough
		}
		if events[p].kind == key && fast(events[p].at, events[start].at) {
			start = p
			continue
		}
		if gap := events[start].at.Sub(events[p].at); gap < o.Quiet || fast(events[p].at, events[start].at) {
			return "", false // not quiet: the tail of something fast, or a clock step
		}
		break
	}
	var text []rune
	for _, e := range events[start:j] {
		switch {
		case e.kind == reset:
			return "", false
		case e.kind != key:
			panic("an Enter inside a run")
		case !('0' <= e.r && e.r <= '9' || 'a' <= e.r && e.r <= 'f' || 'A' <= e.r && e.r <= 'F'):
			return "", false
		}
		text = append(text, e.r)
	}
	if len(text) < o.MinLen || len(text) > o.MaxLen {
		return "", false
	}
	if o.MaxDuration > 0 && events[j].at.Sub(events[start].at) > o.MaxDuration {
		return "", false
	}
	return string(text), true
}

func FuzzDetector(f *testing.F) {
	// A reader's card after a person's keys, with default-like options.
	seed := []byte{'1', 200, '2', 200}
	for _, c := range []byte{0, 1, 2, 3, 4, 5, 6, 7} {
		seed = append(seed, c, 32) // 8 ms
	}
	seed = append(seed, 0xD0, 32)
	f.Add(uint8(4), uint8(28), uint8(30), uint8(170), uint16(0), seed)
	f.Add(uint8(1), uint8(0), uint8(1), uint8(0), uint16(10), []byte{0, 0, 0xD0, 0, 0xF0, 0, 1, 4, 0xD0, 4})
	f.Add(uint8(2), uint8(3), uint8(8), uint8(4), uint16(100), []byte{0, 255, 1, 32, 2, 160, 3, 0, 0xE0, 120, 0xFF, 254})
	f.Fuzz(func(t *testing.T, minLen, lenRange, maxGapMs, quietExtraMs uint8, maxDurMs uint16, data []byte) {
		o := wedge.Options{
			MinLen:      1 + int(minLen%16),
			MaxGap:      time.Duration(1+maxGapMs%60) * time.Millisecond,
			MaxDuration: time.Duration(maxDurMs%1000) * time.Millisecond,
		}
		o.MaxLen = o.MinLen + int(lenRange%40)
		o.Quiet = o.MaxGap + time.Duration(quietExtraMs)*time.Millisecond
		d, err := wedge.New(o)
		if err != nil {
			t.Fatalf("valid options %+v refused: %v", o, err)
		}
		if d.Options() != o {
			t.Fatalf("options %+v in use, set %+v", d.Options(), o)
		}
		events := decode(data)
		for j, e := range events {
			switch e.kind {
			case key:
				d.Key(e.r, e.at)
			case reset:
				d.Reset()
			case enter:
				b, ok := d.Enter(e.at)
				want, wantOK := expect(o, events, j)
				if ok != wantOK || b.Text != want || (ok && !b.At.Equal(e.at)) {
					t.Fatalf("Enter #%d at +%v: got %q,%v (at %v), want %q,%v; options %+v\nevents: %s",
						j, e.at.Sub(t0), b.Text, ok, b.At.Sub(t0), want, wantOK, o, describe(events[:j+1]))
				}
			}
		}
	})
}

func describe(events []event) string {
	var s []byte
	var prev time.Time
	for _, e := range events {
		switch e.kind {
		case key:
			s = append(s, []byte(string(e.r))...)
		case enter:
			s = append(s, "⏎"...)
		case reset:
			s = append(s, "⟲ "...)
			continue
		}
		if !prev.IsZero() {
			s = append(s, "+"+e.at.Sub(prev).String()...)
		}
		s = append(s, ' ')
		prev = e.at
	}
	return string(s)
}
