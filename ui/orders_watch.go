package ui

import (
	"context"
	"time"

	"go.uber.org/zap"
)

// syncOrders keeps the station in step with the card producer while an
// operator is signed in: every production.sync_interval it sends the
// queued cards and applies status changes, and it expires temporary cards
// whose day has passed; credentials past their expiry day are expired at
// sign-in and hourly. The Card orders section reloads when something
// changed.
func (s *session) syncOrders() {
	s.jobs.Go(func(ctx context.Context) {
		var expired time.Time
		for {
			if time.Since(expired) >= expireEvery {
				s.expireCredentials(ctx)
				expired = time.Now()
			}
			every, changed := s.syncOrdersOnce(ctx)
			if changed {
				s.jobs.Do(s.ordersChanged)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(every):
			}
		}
	})
}

// expireEvery is how often credentials past their expiry day are marked
// expired: at sign-in and then hourly, so a day never goes unchecked.
const expireEvery = time.Hour

// expireCredentials marks the credentials whose expiry day has come.
func (s *session) expireCredentials(ctx context.Context) {
	n, err := s.d.st.Credentials.ExpireDue(ctx, s.actor)
	switch {
	case err != nil && ctx.Err() == nil:
		s.d.log.Warn("cannot expire credentials", zap.Error(err))
	case n > 0:
		s.d.log.Info("credentials expired", zap.Int("count", n))
	}
}

// syncOrdersOnce is one round: it says when the next is due and whether
// anything changed.
func (s *session) syncOrdersOnce(ctx context.Context) (time.Duration, bool) {
	d, actor := s.d, s.actor
	every, on, err := d.st.Orders.SyncEvery(ctx)
	if err != nil && ctx.Err() == nil {
		d.log.Warn("cannot read the card production settings", zap.Error(err))
	}
	changed := false
	if on {
		res, err := d.st.Orders.Sync(ctx, actor, false)
		switch {
		case ctx.Err() != nil:
			return every, false
		case err != nil:
			d.log.Warn("card production sync", zap.Error(err))
		case res.Waiting > 0:
			d.log.Info("card production sync", zap.Int("sent", res.Sent), zap.Int("waiting", res.Waiting),
				zap.String("problem", res.Problem))
		}
		changed = res.Sent+res.Failed+res.Updated > 0
	}
	if n, err := d.st.TempCards.ExpireDue(ctx, actor); err != nil && ctx.Err() == nil {
		d.log.Warn("cannot expire temporary cards", zap.Error(err))
	} else if n > 0 {
		changed = true
	}
	return every, changed
}

// ordersChanged reloads the Card orders section when it is on screen.
func (s *session) ordersChanged() {
	if s.ended || s.current != secOrders {
		return
	}
	if sc, ok := s.screens[secOrders]; ok {
		sc.Shown()
	}
}
