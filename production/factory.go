package production

import (
	"context"
	"fmt"
	"sync"

	"github.com/carddesk/carddesk/enroll"
)

// NewFactory makes the clients enroll asks for. The services ask on every
// use, so the factory hands back the same client while the settings stay
// the same (its token is reused) and a new one when they change. All its
// clients share one HTTP client, so a settings change leaves no idle
// connections behind.
func NewFactory(opt Options) enroll.ProducerFactory {
	if opt.HTTPClient == nil {
		opt.HTTPClient = defaultHTTPClient()
	}
	f := &factory{opt: opt}
	return f.producer
}

type factory struct {
	opt Options

	mu   sync.Mutex
	cfg  enroll.ProducerConfig
	last enroll.Producer // nil until the first call
}

// producer keeps only the latest config's client: a station has one
// producer, and an old client's token is of no use after a change.
func (f *factory) producer(cfg enroll.ProducerConfig) enroll.Producer {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.last != nil && f.cfg == cfg {
		return f.last
	}
	f.cfg = cfg
	c, err := New(cfg, f.opt)
	if err != nil {
		f.last = broken{fmt.Errorf("card producer client: %w", err)}
	} else {
		f.last = c
	}
	return f.last
}

// broken stands in for a client whose settings are invalid, so the error
// reaches whoever uses it (the factory cannot return one).
type broken struct{ err error }

func (b broken) Layouts(context.Context) ([]enroll.Layout, error) { return nil, b.err }

func (b broken) Send(context.Context, enroll.ProducerOrder) (enroll.ProducerCard, error) {
	return enroll.ProducerCard{}, b.err
}

func (b broken) Card(context.Context, string) (enroll.ProducerCard, error) {
	return enroll.ProducerCard{}, b.err
}

func (b broken) Changes(context.Context, int64) ([]enroll.ProducerCard, int64, error) {
	return nil, 0, b.err
}

func (b broken) Cancel(context.Context, string) (enroll.ProducerCard, error) {
	return enroll.ProducerCard{}, b.err
}
