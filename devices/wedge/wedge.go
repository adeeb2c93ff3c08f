// Package wedge picks out what keyboard-wedge card readers (RF IDeas pcProx
// and the like) type. Such a reader is a USB keyboard: for each card it
// types the card's number as keystrokes and presses Enter. The station
// cannot tell its keystrokes from a person's by where they come from, only
// by how fast they come: a reader types a key every 5-15 ms, a person at
// best every 60 ms or so.
//
// A Detector is fed every typed character (Key) and Enter with the time
// each happened, and reports each burst that looks like a reader's. What
// the characters mean (a UID in hex, a decimal card number, bits of a
// custom format) depends on how the reader is configured, so interpreting
// a burst is left to enroll.
package wedge

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// Defaults for Options' zero fields.
const (
	// DefaultMinLen: card numbers are longer than this even in decimal
	// with leading zeros dropped, while a person's keys can come fast for
	// two or three characters (a roll of the fingers).
	DefaultMinLen = 4
	// DefaultMaxLen covers a 10-byte UID in decimal (25 digits) and 16
	// bytes in hex (32 digits).
	DefaultMaxLen = 32
	// DefaultMaxGap sits between a reader's 5-15 ms per key and a person's
	// 60 ms and more, with room for the event loop delivering keys late.
	DefaultMaxGap = 30 * time.Millisecond
	// DefaultQuiet is longer than a reader stalls or the event loop holds
	// keys back, and shorter than anyone takes from typing to holding a
	// card to the reader.
	DefaultQuiet = 200 * time.Millisecond
)

// Options tune what counts as a reader's burst. A zero field takes its
// default; MaxDuration zero means no bound on the whole burst.
type Options struct {
	// MinLen and MaxLen bound the characters before Enter.
	MinLen, MaxLen int
	// MaxGap is the longest pause allowed between two keys of a burst,
	// and between its last key and Enter; a pause of exactly MaxGap is
	// still fast.
	MaxGap time.Duration
	// Quiet is the least pause before a burst's first key since the key
	// or Enter before it. A shorter pause means the keys before were
	// fast as well: a reader that stalled, whose tail is not a card
	// number. Quiet equal to MaxGap turns the check off.
	Quiet time.Duration
	// MaxDuration, when set, bounds the time from a burst's first key to
	// its Enter.
	MaxDuration time.Duration
}

// DefaultOptions are the options a zero Options stands for.
func DefaultOptions() Options {
	return Options{MinLen: DefaultMinLen, MaxLen: DefaultMaxLen, MaxGap: DefaultMaxGap, Quiet: DefaultQuiet}
}

// withDefaults fills the zero fields.
func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.MinLen == 0 {
		o.MinLen = d.MinLen
	}
	if o.MaxLen == 0 {
		o.MaxLen = max(d.MaxLen, o.MinLen)
	}
	if o.MaxGap == 0 {
		o.MaxGap = d.MaxGap
	}
	if o.Quiet == 0 {
		o.Quiet = max(d.Quiet, o.MaxGap)
	}
	return o
}

// ErrBadOptions is what Validate's errors match.
var ErrBadOptions = errors.New("bad keyboard-wedge reader options")

// Validate checks the options as New would use them (zero fields filled).
func (o Options) Validate() error {
	o = o.withDefaults()
	var errs []error
	if o.MinLen < 1 {
		errs = append(errs, fmt.Errorf("minimum length %d: must be at least 1", o.MinLen))
	}
	if o.MaxLen < o.MinLen {
		errs = append(errs, fmt.Errorf("maximum length %d is below the minimum %d", o.MaxLen, o.MinLen))
	}
	if o.MaxGap < 0 {
		errs = append(errs, fmt.Errorf("maximum gap %v is negative", o.MaxGap))
	}
	if o.Quiet < o.MaxGap {
		errs = append(errs, fmt.Errorf("quiet time %v is below the maximum gap %v", o.Quiet, o.MaxGap))
	}
	if o.MaxDuration < 0 {
		errs = append(errs, fmt.Errorf("maximum duration %v is negative", o.MaxDuration))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrBadOptions, errors.Join(errs...))
	}
	return nil
}

// ErrClosed: the Detector was closed while or before someone waited.
var ErrClosed = errors.New("the keyboard reader input was closed")

// Detector tells reader bursts from typing. Its methods are safe for
// concurrent use; Key, Enter and Reset are meant to be called in the order
// the keys happened, from the UI's event loop.
//
// Enter ends a burst when
//   - the keys before it came each within MaxGap of the one before, and
//     Enter within MaxGap of the last: that run of keys is the burst;
//   - the run's first key came at least Quiet, and more than MaxGap,
//     after the key or Enter before it (or is the first key seen);
//   - the run has MinLen to MaxLen keys, all digits or hex letters
//     (0-9, a-f, A-F);
//   - with MaxDuration set, Enter came no later than that after the
//     run's first key;
//   - Reset was not called since the run's first key.
//
// So digits a person typed before never stick to a reader's burst: they
// are further apart than MaxGap and the reader starts after a pause. What
// breaks a rule spoils the run up to the next quiet pause rather than
// restarting it, so part of a number is never taken for a card: a reader
// sending "04a1-b2c3", or one that stalls after "04a1", gives nothing, not
// "b2c3". That includes track sentinels some readers add (';', '%', '?'):
// configure such a reader to send the bare number. A time earlier than the
// key before (a clock step) is a pause that is not quiet.
//
// The text is passed on as typed (case kept): it is for enroll to read.
type Detector struct {
	opts Options

	mu      sync.Mutex
	buf     []rune    // the run's keys, while it can still be a burst
	spoiled bool      // the run can no longer be a burst
	first   time.Time // of the run's first key
	last    time.Time // of the last key or Enter
	seen    bool      // last is set
	waiting map[chan enroll.KeyBurst]struct{}
	closed  bool
}

var _ enroll.KeyboardInput = (*Detector)(nil)

// New returns a Detector with opts (zero fields take the defaults).
func New(opts Options) (*Detector, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	return &Detector{opts: opts, buf: make([]rune, 0, min(opts.MaxLen, DefaultMaxLen)), waiting: map[chan enroll.KeyBurst]struct{}{}}, nil
}

// Options are the options in use, defaults filled in.
func (d *Detector) Options() Options { return d.opts }

// Key takes one typed character and when it was typed.
func (d *Detector) Key(r rune, at time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch gap := at.Sub(d.last); {
	case d.fast(at): // the run goes on
	case !d.seen || gap >= d.opts.Quiet:
		d.startRun(at)
	default:
		d.spoil()
	}
	d.last, d.seen = at, true
	switch {
	case d.spoiled:
	case !isHex(r), len(d.buf) == d.opts.MaxLen, d.tooLong(at):
		// Not a number, a key held down (autorepeat) or something
		// else streaming in: whatever Enter follows, this is no card.
		d.spoil()
	default:
		d.buf = append(d.buf, r)
	}
}

// Enter takes the Enter key. When it ends a burst, the burst goes to
// everyone waiting in NextBurst and is returned with true, so the caller
// can tell a reader's Enter from a person's (and, say, not submit a form).
// Enter always ends the run; keys after it need a quiet pause to start a
// burst.
func (d *Detector) Enter(at time.Time) (enroll.KeyBurst, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ok := !d.closed && !d.spoiled && len(d.buf) >= d.opts.MinLen && d.fast(at) && !d.tooLong(at)
	var b enroll.KeyBurst
	if ok {
		b = enroll.KeyBurst{Text: string(d.buf), At: at}
	}
	d.spoil()
	d.last, d.seen = at, true
	if !ok {
		return enroll.KeyBurst{}, false
	}
	for ch := range d.waiting {
		ch <- b // each channel has room for its one burst
		delete(d.waiting, ch)
	}
	return b, true
}

// Reset spoils the run, for what is not a typed character: another key
// (Tab, Backspace, a shortcut), the window losing focus. Keys that follow
// without a quiet pause belong to the spoiled run.
func (d *Detector) Reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.spoil()
}

// NextBurst waits for the next burst or ctx's end. Only a burst whose
// Enter comes after NextBurst was called counts: a burst nobody waits for
// is dropped, like a card waved at a reader nobody listens to, so a card
// read while no request was open is not taken for the next one. Everyone
// waiting gets the same burst: there is one keyboard.
func (d *Detector) NextBurst(ctx context.Context) (enroll.KeyBurst, error) {
	ch := make(chan enroll.KeyBurst, 1)
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return enroll.KeyBurst{}, ErrClosed
	}
	d.waiting[ch] = struct{}{}
	d.mu.Unlock()
	select {
	case b, ok := <-ch:
		if !ok {
			return enroll.KeyBurst{}, ErrClosed
		}
		return b, nil
	case <-ctx.Done():
		d.mu.Lock()
		delete(d.waiting, ch)
		d.mu.Unlock()
		return enroll.KeyBurst{}, ctx.Err()
	}
}

// Close ends every wait with ErrClosed; later bursts go nowhere.
func (d *Detector) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	for ch := range d.waiting {
		close(ch)
		delete(d.waiting, ch)
	}
	d.spoil()
	return nil
}

// fast: at follows the last key or Enter within MaxGap (and not before it).
func (d *Detector) fast(at time.Time) bool {
	gap := at.Sub(d.last)
	return d.seen && gap >= 0 && gap <= d.opts.MaxGap
}

// tooLong: at is further from the run's first key than MaxDuration allows.
func (d *Detector) tooLong(at time.Time) bool {
	return d.opts.MaxDuration > 0 && at.Sub(d.first) > d.opts.MaxDuration
}

func (d *Detector) startRun(at time.Time) { d.buf, d.spoiled, d.first = d.buf[:0], false, at }

func (d *Detector) spoil() { d.buf, d.spoiled = d.buf[:0], true }

func isHex(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'
}
