package demo

import (
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// Options are the enroll options of the throw-away demo station: a lighter
// argon2id cost, the demo's own clock (Seed dates the sample data back), and
// the seed account demo / demo, the only account allowed a password shorter
// than the minimum. Operators added in the demo, and passwords changed there,
// must meet the minimum like anywhere else. Every demo password is public and
// the database is deleted on exit.
func Options(log *zap.Logger) enroll.Options {
	return enroll.Options{
		Log:         log,
		Clock:       &Clock{},
		Password:    enroll.PasswordParams{Time: 1, MemKiB: 19 * 1024, Threads: 1},
		SeedAccount: &enroll.SeedAccount{Name: Operator, Password: Password},
	}
}

// Clock is the demo station's clock: the real time, except while Seed files
// the sample data, which it dates back over the past days and weeks so the
// lists have ages to sort by.
type Clock struct {
	mu sync.Mutex
	at time.Time // zero: the real time
}

// Now is the time Seed set, or the real time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	return c.at
}

// set stops the clock at t; the zero time lets it run again.
func (c *Clock) set(t time.Time) {
	c.mu.Lock()
	c.at = t
	c.mu.Unlock()
}
