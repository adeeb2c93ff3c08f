package enroll

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// ChangeTopic names a kind of data that a station shows and another
// station may change: a screen that shows it reads it again when it
// changed. Storage maps its tables to these; the UI never sees a table.
type ChangeTopic string

const (
	TopicRequests    ChangeTopic = "requests"    // card requests (the pending count, the response desk)
	TopicCardholders ChangeTopic = "cardholders" // cardholders, their names and photos in every list
	TopicCredentials ChangeTopic = "credentials" // enrolled cards and who holds them
	TopicOrders      ChangeTopic = "orders"      // cards ordered from production, the temporary card stock
	TopicDevices     ChangeTopic = "devices"     // reader settings, printer profiles
	TopicFormats     ChangeTopic = "formats"     // custom card formats, which decode reads
)

// AllChangeTopics are every topic: what a feed reports when it cannot
// tell what changed (it was disconnected for a while).
func AllChangeTopics() ChangeTopics {
	return ChangeTopics{TopicRequests, TopicCardholders, TopicCredentials, TopicOrders, TopicDevices, TopicFormats}
}

// ChangeTopics is one batch of changes: each topic that changed, once.
type ChangeTopics []ChangeTopic

// Has reports whether any of the given topics changed.
func (ts ChangeTopics) Has(of ...ChangeTopic) bool {
	return slices.ContainsFunc(of, func(t ChangeTopic) bool { return slices.Contains(ts, t) })
}

// ChangeFeed is what a store that several stations share may offer: it
// calls fn with the topics of each batch of committed changes, made by
// any station (this one too), until ctx ends or the store closes; then it
// returns. Bursts arrive as one batch. When it loses its connection it
// keeps trying, and once back it reports every topic, as changes may have
// been missed meanwhile. fn runs on the feed's goroutine, one batch at a
// time, and should return quickly.
//
// A store that one station has to itself (SQLite) has none: enroll.New
// finds a feed by type assertion, and Live tells the UI to poll instead.
type ChangeFeed interface {
	Listen(ctx context.Context, fn func(ChangeTopics)) error
}

// ErrNoChangeFeed is Live.Watch's answer on a store that does not report
// changes: the caller re-reads what it shows now and then instead.
var ErrNoChangeFeed = errors.New("the database does not report changes made elsewhere")

// Live tells the desktop about changes made at other stations on the same
// database, so it shows them within a second without polling. It reveals
// only that something of a topic changed, never what: no permission is
// needed, and every screen still reads through the services.
type Live struct {
	feed ChangeFeed // nil: the store reports no changes
}

// On reports whether Watch will report changes; without, the caller polls.
func (l *Live) On() bool { return l != nil && l.feed != nil }

// Watch calls fn for every batch of changes until ctx ends, then returns
// nil. On a store without a change feed it returns ErrNoChangeFeed at once.
func (l *Live) Watch(ctx context.Context, fn func(ChangeTopics)) error {
	if !l.On() {
		return ErrNoChangeFeed
	}
	if err := l.feed.Listen(ctx, fn); err != nil && ctx.Err() == nil {
		return fmt.Errorf("following changes made at other stations: %w", err)
	}
	return nil
}
