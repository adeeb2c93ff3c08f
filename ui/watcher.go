package ui

import (
	"context"
	"time"

	"github.com/carddesk/carddesk/ui/widgets"
)

// watcher re-reads something every few seconds (the pending-request count,
// the mail outbox) so changes made at other desks or with the CLI show up,
// and at once when refresh is called after a local change. The result is
// applied on the UI goroutine. It runs on the session's jobs, so it ends
// with the session.
type watcher[T any] struct {
	jobs  *widgets.Jobs
	every time.Duration // 0: no ticker, only refresh
	read  func(context.Context) (T, error)
	apply func(T, error) // on the UI goroutine
	kick  chan struct{}
	done  chan struct{} // closed when the ticker goroutine has ended
}

func newWatcher[T any](j *widgets.Jobs, every time.Duration, read func(context.Context) (T, error), apply func(T, error)) *watcher[T] {
	return &watcher[T]{jobs: j, every: every, read: read, apply: apply,
		kick: make(chan struct{}, 1), done: make(chan struct{})}
}

// start reads once and, with a ticker, keeps reading until the jobs stop.
func (w *watcher[T]) start() {
	if w.every <= 0 {
		close(w.done)
		w.refresh()
		return
	}
	w.jobs.Go(w.loop)
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
		w.jobs.Do(func() {
			if !w.jobs.Stopped() {
				w.apply(v, err)
			}
		})
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
		ctx := w.jobs.Context()
		widgets.Go(w.jobs, func() (T, error) { return w.read(ctx) }, w.apply)
		return
	}
	select {
	case w.kick <- struct{}{}:
	default: // a reading is already due
	}
}
