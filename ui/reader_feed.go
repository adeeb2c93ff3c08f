package ui

import (
	"context"

	"fyne.io/fyne/v2/lang"

	"github.com/carddesk/carddesk/enroll"
)

// readerFeed brings the reader hub's changes to the session's screens on
// the UI goroutine: the status bar, the Devices screen and the connect
// dialog all show the same picture.
type readerFeed struct {
	hub       *enroll.ReaderHub // nil: no readers set up
	cancel    context.CancelFunc
	states    []enroll.ReaderState
	listeners map[int]func([]enroll.ReaderState)
	next      int
}

func newReaderFeed(d *Desk) *readerFeed {
	f := &readerFeed{hub: d.cfg.Readers, cancel: func() {}, listeners: map[int]func([]enroll.ReaderState){}}
	if f.hub == nil {
		return f
	}
	ctx, cancel := context.WithCancel(d.ctx)
	f.cancel = cancel
	events := f.hub.Subscribe(ctx)
	f.states = f.hub.States()
	go func() {
		for range events {
			states := f.hub.States()
			d.run.do(func() { f.set(states) })
		}
	}()
	return f
}

func (f *readerFeed) set(states []enroll.ReaderState) {
	f.states = states
	for _, l := range f.listeners {
		l(states)
	}
}

// listen calls fn with the picture now and after every change until the
// returned stop is called.
func (f *readerFeed) listen(fn func([]enroll.ReaderState)) (stop func()) {
	id := f.next
	f.next++
	f.listeners[id] = fn
	fn(f.states)
	return func() { delete(f.listeners, id) }
}

func (f *readerFeed) stop() { f.cancel() }

// readerStatus words a reader's status in the operator's language; the
// devices layer reports it in English.
func readerStatus(s string) string { return lang.L(s) }

// readerKind names a kind of reader for people.
func readerKind(k enroll.ReaderKind) string {
	switch k {
	case enroll.ReaderPCSC:
		return lang.L("PC/SC")
	case enroll.ReaderCCID:
		return lang.L("USB (CCID)")
	case enroll.ReaderKeyboard:
		return lang.L("Keyboard")
	case enroll.ReaderSimulated:
		return lang.L("Simulated")
	}
	return string(k)
}
