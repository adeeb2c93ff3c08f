package ui

import (
	"context"
	"time"
)

// watcher re-reads something every few seconds on its own goroutine (the
// pending-request count, the mail outbox) so changes made at other desks or
// with the CLI show up, and at once when refresh is called after a local
// change. The result is applied on the UI goroutine.
type watcher[T any] struct {
	r     *runner
	every time.Duration // 0: no ticker, only refresh
	read  func(context.Context) (T, error)
	apply func(T, error) // on the UI goroutine

	ctx    context.Context
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{} // closed when the ticker goroutine has ended
}

func newWatcher[T any](r *runner, every time.Duration, read func(context.Context) (T, error), apply func(T, error)) *watcher[T] {
	return &watcher[T]{r: r, every: every, read: read, apply: apply,
		kick: make(chan struct{}, 1), done: make(chan struct{})}
}

// start reads once and, with a ticker, keeps reading until stop.
func (w *watcher[T]) start(ctx context.Context) {
	w.ctx, w.cancel = context.WithCancel(ctx)
	if w.every <= 0 {
		close(w.done)
		w.refresh()
		return
	}
	go w.loop(w.ctx)
}

func (w *watcher[T]) loop(ctx context.Context) {
	defer close(w.done)
	t := time.NewTicker(w.every)
	defer t.Stop()
	for {
		v, err := w.read(ctx)
		if ctx.Err() != nil {
			return
		}
		w.r.do(func() { w.apply(v, err) })
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.kick:
		}
	}
}

// refresh asks for a new reading now.
func (w *watcher[T]) refresh() {
	if w.every <= 0 {
		ctx := w.ctx
		background(w.r, func() (T, error) { return w.read(ctx) }, func(v T, err error) {
			if ctx.Err() == nil {
				w.apply(v, err)
			}
		})
		return
	}
	select {
	case w.kick <- struct{}{}:
	default: // a reading is already due
	}
}

// stop ends the ticker; it does not wait, so it is safe on the UI goroutine.
func (w *watcher[T]) stop() {
	if w.cancel != nil {
		w.cancel()
	}
}
