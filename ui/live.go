package ui

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/screen"
	"github.com/carddesk/carddesk/ui/widgets"
)

// liveSafetyEvery is how often a station whose database reports changes
// (enroll.Live: PostgreSQL) still re-reads the pending count, and the
// shown Card orders section its lists, by itself. The feed reports every
// topic after a lost connection, so this only guards against a feed that
// is silent without an error: a connection pooler between the stations
// and the server (PgBouncer in transaction mode) accepts LISTEN and never
// delivers a notification. A minute keeps the count honest there at a
// thirtieth of the queries the two-second poll costs every desk.
const liveSafetyEvery = time.Minute

// pendingInterval is how often the pending count is re-read: as
// configured without a change feed, the safety net with one; 0 (tests)
// stays 0.
func (d *Desk) pendingInterval() time.Duration {
	if d.pendingEvery > 0 && d.st.Live.On() {
		return max(d.pendingEvery, liveSafetyEvery)
	}
	return d.pendingEvery
}

// followChanges shows what other stations change as it happens, on a
// database that reports it; on SQLite it does nothing and the watchers
// keep polling. It runs until the session's jobs stop.
func (s *session) followChanges() {
	live := s.d.st.Live
	if !live.On() {
		return
	}
	s.jobs.Go(func(ctx context.Context) {
		err := live.Watch(ctx, func(topics enroll.ChangeTopics) {
			s.jobs.Do(func() {
				if !s.jobs.Stopped() && !s.ended {
					s.changedElsewhere(topics)
				}
			})
		})
		if err != nil && ctx.Err() == nil {
			s.d.log.Warn("live updates stopped; the pending count is read every minute", zap.Error(err))
		}
	})
}

// changedElsewhere (UI goroutine) takes a batch of changes: the pending
// count is read again (which updates the top bar, navigation, tray and
// the requests heading), the reader hub takes new reader settings, and
// the screen on display reads again what it shows of them.
func (s *session) changedElsewhere(topics enroll.ChangeTopics) {
	if topics.Has(enroll.TopicRequests) {
		s.pending.refresh()
	}
	if hub := s.d.cfg.Readers; hub != nil && topics.Has(enroll.TopicDevices) {
		ctx := s.jobs.Context()
		widgets.Go(s.jobs, func() (struct{}, error) { return struct{}{}, hub.Reload(ctx) }, func(_ struct{}, err error) {
			if err != nil {
				s.d.log.Warn("cannot read the reader settings again", zap.Error(err))
			}
		})
	}
	if f, ok := s.screens[s.current].(screen.Follower); ok {
		f.ChangedElsewhere(topics)
	}
}
