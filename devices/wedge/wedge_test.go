package wedge_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/carddesk/carddesk/devices/wedge"
	"github.com/carddesk/carddesk/enroll"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

const (
	readerSpeed = 8 * time.Millisecond   // a pcProx types a key every 5-15 ms
	personSpeed = 150 * time.Millisecond // a quick typist
	settle      = time.Second            // from the last key to holding a card up
)

type stepKind int

const (
	key stepKind = iota
	enter
	reset
)

// step is one thing typed; gap is from the step before (a Reset has none).
type step struct {
	kind stepKind
	r    rune
	gap  time.Duration
}

// typed is text typed with gap before each character.
func typed(text string, gap time.Duration) []step {
	var out []step
	for _, r := range text {
		out = append(out, step{kind: key, r: r, gap: gap})
	}
	return out
}

// after makes the first step of steps come gap after the one before.
func after(gap time.Duration, steps []step) []step {
	out := slices.Clone(steps)
	out[0].gap = gap
	return out
}

func pressEnter(gap time.Duration) []step { return []step{{kind: enter, gap: gap}} }
func pressReset() []step                  { return []step{{kind: reset}} }

// card is what a reader types for one card, a while after what came before.
func card(text string) []step {
	return append(after(settle, typed(text, readerSpeed)), pressEnter(readerSpeed)...)
}

func script(parts ...[]step) []step { return slices.Concat(parts...) }

// play feeds steps, starting at t0, and returns what Enter reported.
func play(d *wedge.Detector, steps []step) []enroll.KeyBurst {
	var bursts []enroll.KeyBurst
	at := t0
	for _, s := range steps {
		at = at.Add(s.gap)
		switch s.kind {
		case key:
			d.Key(s.r, at)
		case enter:
			if b, ok := d.Enter(at); ok {
				bursts = append(bursts, b)
			}
		case reset:
			d.Reset()
		}
	}
	return bursts
}

func newDetector(t testing.TB, o wedge.Options) *wedge.Detector {
	t.Helper()
	d, err := wedge.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDetector(t *testing.T) {
	const maxGap = wedge.DefaultMaxGap
	tests := []struct {
		name  string
		opts  wedge.Options
		steps []step
		want  []string
	}{
		{"reader, hex UID", wedge.Options{}, card("04a1b2c3"), []string{"04a1b2c3"}},
		{"reader, decimal number", wedge.Options{}, card("0012345678"), []string{"0012345678"}},
		{"upper-case hex is passed on as typed", wedge.Options{}, card("04A1B2C3"), []string{"04A1B2C3"}},
		{"the first key of all is a burst's start", wedge.Options{},
			script(typed("04a1b2c3", readerSpeed), pressEnter(readerSpeed)), []string{"04a1b2c3"}},
		{"two cards", wedge.Options{}, script(card("04a1b2c3"), card("04d4e5f6")), []string{"04a1b2c3", "04d4e5f6"}},
		{"a person typing digits", wedge.Options{},
			script(typed("04a1b2c3", personSpeed), pressEnter(personSpeed)), nil},
		{"a person types 12 slowly, then a reader", wedge.Options{},
			script(typed("12", personSpeed), card("04a1b2c3")), []string{"04a1b2c3"}},
		{"a person types, then a reader a moment later", wedge.Options{},
			script(typed("12", personSpeed), after(wedge.DefaultQuiet, typed("04a1b2c3", readerSpeed)), pressEnter(readerSpeed)),
			[]string{"04a1b2c3"}},
		{"a reader too soon after a person's key", wedge.Options{},
			script(typed("12", personSpeed), after(wedge.DefaultQuiet-time.Millisecond, typed("04a1b2c3", readerSpeed)), pressEnter(readerSpeed)),
			nil},
		{"a reader that stalls gives no tail", wedge.Options{},
			script(after(settle, typed("04a1", readerSpeed)), after(50*time.Millisecond, typed("b2c3d4e5", 0)), pressEnter(readerSpeed)),
			nil},
		{"non-hex key spoils the burst", wedge.Options{}, card("04a1-b2c3"), nil},
		{"non-hex key first spoils the burst", wedge.Options{}, card("x04a1b2c3"), nil},
		{"track sentinels are not accepted", wedge.Options{}, card(";04a1b2c3?"), nil},
		{"non-Latin digits are not accepted", wedge.Options{}, card("٠٤١٢٣٤"), nil},
		{"non-hex key, a pause, then a reader", wedge.Options{},
			script(typed("x", 0), card("04a1b2c3")), []string{"04a1b2c3"}},
		{"too short", wedge.Options{}, card("123"), nil},
		{"exactly MinLen", wedge.Options{}, card("1234"), []string{"1234"}},
		{"MinLen set", wedge.Options{MinLen: 8}, script(card("1234567"), card("12345678")), []string{"12345678"}},
		{"exactly MaxLen", wedge.Options{}, card(strings.Repeat("1", wedge.DefaultMaxLen)), []string{strings.Repeat("1", wedge.DefaultMaxLen)}},
		{"a key held down is too long", wedge.Options{}, card(strings.Repeat("1", wedge.DefaultMaxLen+1)), nil},
		{"Enter alone", wedge.Options{}, pressEnter(settle), nil},
		{"Enter right after a burst's Enter", wedge.Options{},
			script(card("04a1b2c3"), pressEnter(readerSpeed)), []string{"04a1b2c3"}},
		{"keys right after a burst's Enter", wedge.Options{},
			script(card("04a1b2c3"), typed("04d4e5f6", readerSpeed), pressEnter(readerSpeed)), []string{"04a1b2c3"}},
		{"slow Enter", wedge.Options{},
			script(after(settle, typed("04a1b2c3", readerSpeed)), pressEnter(personSpeed)), nil},
		{"gaps exactly MaxGap", wedge.Options{},
			script(after(settle, typed("04a1b2c3", maxGap)), pressEnter(maxGap)), []string{"04a1b2c3"}},
		{"one gap just over MaxGap", wedge.Options{},
			script(after(settle, typed("04a1", readerSpeed)), after(maxGap+1, typed("b2c3", readerSpeed)), pressEnter(readerSpeed)), nil},
		{"Enter just over MaxGap", wedge.Options{},
			script(after(settle, typed("04a1b2c3", readerSpeed)), pressEnter(maxGap+1)), nil},
		{"MaxGap set", wedge.Options{MaxGap: 5 * time.Millisecond},
			script(card("04a1b2c3"), after(settle, typed("04a1b2c3", 5*time.Millisecond)), pressEnter(5*time.Millisecond)),
			[]string{"04a1b2c3"}},
		{"within MaxDuration", wedge.Options{MaxDuration: 8 * readerSpeed}, card("04a1b2c3"), []string{"04a1b2c3"}},
		{"over MaxDuration", wedge.Options{MaxDuration: 8*readerSpeed - 1}, card("04a1b2c3"), nil},
		{"Reset mid-burst", wedge.Options{},
			script(after(settle, typed("04a1", readerSpeed)), pressReset(), typed("b2c3", readerSpeed), pressEnter(readerSpeed)), nil},
		{"Reset, then a reader", wedge.Options{}, script(typed("12", personSpeed), pressReset(), card("04a1b2c3")), []string{"04a1b2c3"}},
		{"a clock step back spoils the burst", wedge.Options{},
			script(after(settle, typed("04a1", readerSpeed)), after(-time.Second, typed("b2c3", readerSpeed)), pressEnter(readerSpeed)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := play(newDetector(t, tt.opts), tt.steps)
			var texts []string
			for _, b := range got {
				texts = append(texts, b.Text)
			}
			if !slices.Equal(texts, tt.want) {
				t.Errorf("bursts %q, want %q", texts, tt.want)
			}
		})
	}
}

func TestBurstIsStampedWithItsEnter(t *testing.T) {
	d := newDetector(t, wedge.Options{})
	got := play(d, card("04a1b2c3"))
	if want := t0.Add(settle + 8*readerSpeed); len(got) != 1 || !got[0].At.Equal(want) {
		t.Fatalf("bursts %+v, want one at %v", got, want)
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		opts wedge.Options
		ok   bool
	}{
		{"zero is the defaults", wedge.Options{}, true},
		{"defaults", wedge.DefaultOptions(), true},
		{"MinLen 1", wedge.Options{MinLen: 1}, true},
		{"MinLen above the default MaxLen raises it", wedge.Options{MinLen: 40}, true},
		{"negative MinLen", wedge.Options{MinLen: -1}, false},
		{"MaxLen below MinLen", wedge.Options{MinLen: 8, MaxLen: 6}, false},
		{"negative MaxGap", wedge.Options{MaxGap: -time.Millisecond}, false},
		{"Quiet below MaxGap", wedge.Options{MaxGap: 50 * time.Millisecond, Quiet: 40 * time.Millisecond}, false},
		{"Quiet equal to MaxGap", wedge.Options{MaxGap: 50 * time.Millisecond, Quiet: 50 * time.Millisecond}, true},
		{"MaxGap above the default Quiet raises it", wedge.Options{MaxGap: time.Second}, true},
		{"negative MaxDuration", wedge.Options{MaxDuration: -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, wedge.ErrBadOptions)) {
				t.Fatalf("Validate: %v, want ok=%v", err, tt.ok)
			}
			d, err := wedge.New(tt.opts)
			if (err == nil) != tt.ok {
				t.Fatalf("New: %v, want ok=%v", err, tt.ok)
			}
			if d != nil {
				if used := d.Options(); used.Validate() != nil || used.MinLen == 0 || used.MaxGap == 0 || used.Quiet == 0 {
					t.Errorf("in use: %+v", used)
				}
			}
		})
	}
	if d := newDetector(t, wedge.Options{}); d.Options() != wedge.DefaultOptions() {
		t.Errorf("zero options became %+v, want %+v", d.Options(), wedge.DefaultOptions())
	}
}

// waitListening returns once n NextBurst calls wait, so what is typed next
// is theirs. It runs in a synctest bubble: synctest.Wait returns when
// every other goroutine of the test is blocked, the waiting calls too.
func waitListening(t *testing.T, d *wedge.Detector, n int) {
	t.Helper()
	synctest.Wait()
	if got := d.Waiting(); got != n {
		t.Fatalf("%d waiting, want %d", got, n)
	}
}

type waitResult struct {
	b   enroll.KeyBurst
	err error
}

func nextBurst(ctx context.Context, d *wedge.Detector) <-chan waitResult {
	out := make(chan waitResult, 1)
	go func() {
		b, err := d.NextBurst(ctx)
		out <- waitResult{b, err}
	}()
	return out
}

func TestNextBurstGetsOnlyLaterBursts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDetector(t, wedge.Options{})
		if got := play(d, card("04a1b2c3")); len(got) != 1 {
			t.Fatalf("the unheard burst was not a burst: %v", got)
		}
		// On the bubble's clock the 50 ms pass at once, and only when
		// nothing else is left to happen.
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		if b, err := d.NextBurst(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("NextBurst after a burst nobody waited for: %+v, %v; want the wait to time out", b, err)
		}
		if n := d.Waiting(); n != 0 {
			t.Fatalf("%d still waiting after the timeout", n)
		}
	})
}

func TestEveryWaiterGetsTheBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDetector(t, wedge.Options{})
		var waits []<-chan waitResult
		for range 3 {
			waits = append(waits, nextBurst(t.Context(), d))
		}
		waitListening(t, d, 3)
		play(d, card("04a1b2c3"))
		for i, w := range waits {
			if r := <-w; r.err != nil || r.b.Text != "04a1b2c3" {
				t.Errorf("waiter %d: %+v, %v", i, r.b, r.err)
			}
		}
		if n := d.Waiting(); n != 0 {
			t.Errorf("%d still waiting after the burst", n)
		}
	})
}

func TestTypingIsNoBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDetector(t, wedge.Options{})
		w := nextBurst(t.Context(), d)
		waitListening(t, d, 1)
		play(d, script(typed("04a1b2c3", personSpeed), pressEnter(personSpeed), card("04d4e5f6")))
		if r := <-w; r.err != nil || r.b.Text != "04d4e5f6" {
			t.Fatalf("got %+v, %v; want only the reader's burst", r.b, r.err)
		}
	})
}

func TestCloseEndsTheWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := newDetector(t, wedge.Options{})
		w := nextBurst(t.Context(), d)
		waitListening(t, d, 1)
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		if r := <-w; !errors.Is(r.err, wedge.ErrClosed) {
			t.Fatalf("wait after Close: %+v, %v", r.b, r.err)
		}
		if _, err := d.NextBurst(t.Context()); !errors.Is(err, wedge.ErrClosed) {
			t.Fatalf("NextBurst after Close: %v", err)
		}
		if got := play(d, card("04a1b2c3")); len(got) != 0 {
			t.Fatalf("bursts after Close: %v", got)
		}
		if err := d.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
	})
}

// Waiters come and go (some give up) while a typist feeds bursts: under
// -race this checks the locking, and every wait must end with a whole
// burst, its own context's error or nothing left behind. It runs on the
// real clock on purpose: waiters give up wherever their timeout falls in
// a burst, which a synctest clock, standing still while the typist types,
// would never let happen. Any interleaving passes, so it cannot flake.
func TestConcurrentWaiters(t *testing.T) {
	d := newDetector(t, wedge.Options{})
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	const waiters = 8
	for i := range waiters {
		wg.Go(func() {
			for ctx.Err() == nil {
				wctx, cancel := context.WithTimeout(ctx, time.Duration(i)*100*time.Microsecond)
				b, err := d.NextBurst(wctx)
				cancel()
				switch {
				case err == nil && (len(b.Text) != 8 || b.At.IsZero()):
					errs <- errors.New("torn burst " + b.Text)
				case err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled):
					errs <- err
				}
			}
		})
	}
	// The typist's clock runs ahead on its own; only the order matters.
	at := t0
	var sent int
	for i := 0; i < 2000; i++ {
		at = at.Add(settle)
		for _, r := range "04a1b2c3" {
			d.Key(r, at)
			at = at.Add(readerSpeed)
		}
		if _, ok := d.Enter(at); ok {
			sent++
		}
		if i%100 == 0 {
			d.Reset()
		}
	}
	stop()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if sent != 2000 {
		t.Errorf("%d of 2000 bursts detected", sent)
	}
	if n := d.Waiting(); n != 0 {
		t.Errorf("%d waits left behind", n)
	}
}
