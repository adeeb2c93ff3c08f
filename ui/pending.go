package ui

import (
	"context"
	"time"
)

// pendingWatcher re-reads the number of pending card requests every few
// seconds (a COUNT query) so requests filed at other desks or with the CLI
// show up, and at once when refresh is called after a local change.
type pendingWatcher struct {
	r     *runner
	every time.Duration // 0: no ticker, only refresh
	count func(context.Context) (int, error)
	apply func(int, error) // on the UI goroutine

	ctx    context.Context
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{} // closed when the ticker goroutine has ended
}

func newPendingWatcher(r *runner, every time.Duration, count func(context.Context) (int, error), apply func(int, error)) *pendingWatcher {
	return &pendingWatcher{r: r, every: every, count: count, apply: apply,
		kick: make(chan struct{}, 1), done: make(chan struct{})}
}

// start reads the count once and, with a ticker, keeps reading it until stop.
func (w *pendingWatcher) start(ctx context.Context) {
	w.ctx, w.cancel = context.WithCancel(ctx)
	if w.every <= 0 {
		close(w.done)
		w.refresh()
		return
	}
	go w.loop(w.ctx)
}

func (w *pendingWatcher) loop(ctx context.Context) {
	defer close(w.done)
	t := time.NewTicker(w.every)
	defer t.Stop()
	for {
		n, err := w.count(ctx)
		if ctx.Err() != nil {
			return
		}
		w.r.do(func() { w.apply(n, err) })
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.kick:
		}
	}
}

// refresh asks for a new count now.
func (w *pendingWatcher) refresh() {
	if w.every <= 0 {
		ctx := w.ctx
		background(w.r, func() (int, error) { return w.count(ctx) }, func(n int, err error) {
			if ctx.Err() == nil {
				w.apply(n, err)
			}
		})
		return
	}
	select {
	case w.kick <- struct{}{}:
	default: // a refresh is already due
	}
}

// stop ends the ticker; it does not wait, so it is safe on the UI goroutine.
func (w *pendingWatcher) stop() {
	if w.cancel != nil {
		w.cancel()
	}
}
