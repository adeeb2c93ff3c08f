package ccidemu

import (
	"context"
	"sync"
	"time"
)

// queue is one in-pipe: frames the host reads in order, each not before
// its time.
type queue struct {
	mu    sync.Mutex
	items []item
	kick  chan struct{}
}

type item struct {
	frame []byte
	at    time.Time
	every time.Duration // > 0: sent again and again, every this long
}

func (q *queue) init() { q.kick = make(chan struct{}, 1) }

func (q *queue) push(frame []byte, at time.Time) { q.add(item{frame: frame, at: at}) }

func (q *queue) pushRepeating(frame []byte, at time.Time, every time.Duration) {
	q.add(item{frame: frame, at: at, every: max(every, time.Millisecond)})
}

func (q *queue) add(it item) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

// pop waits for the next frame that is due, ctx's end or gone.
func (q *queue) pop(ctx context.Context, gone <-chan struct{}) ([]byte, error) {
	for {
		select {
		case <-gone:
			return nil, errGone
		default:
		}
		frame, wait, ok := q.due()
		if ok {
			return frame, nil
		}
		if err := q.wait(ctx, gone, wait); err != nil {
			return nil, err
		}
	}
}

// due takes the head frame if its time has come; otherwise wait is how
// long until it does (0: the queue is empty).
func (q *queue) due() (frame []byte, wait time.Duration, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return nil, 0, false
	}
	head := q.items[0]
	if d := time.Until(head.at); d > 0 {
		return nil, d, false
	}
	if head.every > 0 {
		q.items[0].at = time.Now().Add(head.every)
	} else {
		q.items = q.items[1:]
	}
	return clone(head.frame), 0, true
}

// wait sleeps until something is pushed, d passes (d > 0), ctx ends or
// gone closes.
func (q *queue) wait(ctx context.Context, gone <-chan struct{}, d time.Duration) error {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-gone:
		return errGone
	case <-q.kick:
	case <-timer:
	}
	return nil
}
