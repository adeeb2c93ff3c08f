package postgres

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

var _ enroll.ChangeFeed = (*DB)(nil)

// changesChannel is what the triggers of migration 0009 notify, with the
// changed table as "schema.table".
const changesChannel = "carddesk_changes"

// tableTopics maps each table with a notify trigger to the topic the
// stations know it by. The tests hold it to the triggers.
var tableTopics = map[string]enroll.ChangeTopic{
	"card_requests":    enroll.TopicRequests,
	"cardholders":      enroll.TopicCardholders,
	"credentials":      enroll.TopicCredentials,
	"ordered_cards":    enroll.TopicOrders,
	"temp_cards":       enroll.TopicOrders,
	"reader_configs":   enroll.TopicDevices,
	"printer_profiles": enroll.TopicDevices,
	"card_formats":     enroll.TopicFormats,
}

// Timing of a listener.
const (
	// A batch gathers the notifications that follow each other by no more
	// than quietFor, and none that come later than gatherMost after the
	// first: a request answered at another desk touches several tables, in
	// one transaction or a few in a row, and the screens should read once.
	// The notifications of one transaction arrive together at its commit,
	// so a batch waits little more than quietFor after the change: a
	// fixed window would add all of itself to every change's delay.
	quietFor   = 10 * time.Millisecond
	gatherMost = 50 * time.Millisecond
	// checkEvery is how long a quiet connection goes unchecked: a server
	// that went away without closing the connection (a cable, a failover)
	// would otherwise leave the station deaf until TCP gives up, hours on.
	checkEvery = 30 * time.Second
	// checkWithin bounds the check, and closing a connection.
	checkWithin = 10 * time.Second
	// retryFirst and retryMost bound the wait before connecting again; it
	// doubles with every failure, so a server that is down is not hammered.
	retryFirst = 100 * time.Millisecond
	retryMost  = 15 * time.Second
)

// Listen follows the changes of every station on this database (see
// enroll.ChangeFeed) until ctx ends or the DB closes, then returns nil;
// on a closed DB it returns an error at once.
//
// It holds a connection of its own outside the pool, since a pooled one
// would be handed to queries: LISTEN lasts as long as its connection. The
// triggers notify at commit, so a batch never names a change that was
// rolled back, and a reader that reloads on a batch sees the change. A
// lost connection is logged and made again, waiting longer after every
// failure; once back, every topic is reported, since what changed
// meanwhile was not heard.
func (db *DB) Listen(ctx context.Context, fn func(enroll.ChangeTopics)) error {
	ctx, done, err := db.listeners.join(ctx)
	if err != nil {
		return fmt.Errorf("following changes on %s: %w", db.database, err)
	}
	defer done()
	l := &listener{cfg: db.cfg, database: db.database, log: db.log, fn: fn, quiet: quietFor, most: gatherMost}
	l.run(ctx)
	return nil
}

// errClosed is Listen on a DB that was closed.
var errClosed = errors.New("the database is closed")

// listeners are the Listen calls of a DB, so Close can end them and wait.
// The zero value is ready.
type listeners struct {
	mu      sync.Mutex
	closed  bool
	next    int
	cancels map[int]context.CancelFunc
	running sync.WaitGroup
}

// join registers a Listen: its context also ends when the DB closes; done
// unregisters it.
func (ls *listeners) join(ctx context.Context) (context.Context, func(), error) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.closed {
		return nil, nil, errClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	if ls.cancels == nil {
		ls.cancels = map[int]context.CancelFunc{}
	}
	id := ls.next
	ls.next++
	ls.cancels[id] = cancel
	ls.running.Add(1)
	return ctx, func() {
		cancel()
		ls.mu.Lock()
		delete(ls.cancels, id)
		ls.mu.Unlock()
		ls.running.Done()
	}, nil
}

// close ends every Listen and waits until they have returned.
func (ls *listeners) close() {
	ls.mu.Lock()
	ls.closed = true
	for _, cancel := range ls.cancels {
		cancel()
	}
	ls.mu.Unlock()
	ls.running.Wait()
}

// listener is one Listen: a connection that LISTENs, made again when lost.
type listener struct {
	cfg      *pgx.ConnConfig
	database string
	log      *zap.Logger
	fn       func(enroll.ChangeTopics)
	// quiet and most are quietFor and gatherMost; a test lengthens them.
	quiet, most time.Duration
}

// run connects, serves until the connection is lost, and connects again,
// until ctx ends.
func (l *listener) run(ctx context.Context) {
	wait := retryFirst
	missed := false // changes may have gone unheard: report every topic once listening
	failures := 0
	for {
		conn, schema, err := l.connect(ctx)
		if err == nil {
			if missed {
				l.log.Info("live updates: listening again", zap.String("database", l.database),
					zap.Int("failed_attempts", failures))
				l.fn(enroll.AllChangeTopics())
			}
			failures, missed = 0, false
			since := time.Now()
			err = l.serve(ctx, conn, schema)
			l.close(conn)
			if ctx.Err() != nil {
				return
			}
			// A connection that lasted is a new trouble: retry soon. One
			// the server keeps dropping at once is retried ever later.
			if time.Since(since) > retryMost {
				wait = retryFirst
			}
			l.log.Warn("live updates: lost the connection to the database; reconnecting",
				zap.String("database", l.database), zap.Error(err))
		} else {
			if ctx.Err() != nil {
				return
			}
			failures++
			// The first failure in a row is worth a warning; the retries
			// that follow it would fill the log while the server is down.
			level := zap.DebugLevel
			if failures == 1 {
				level = zap.WarnLevel
			}
			l.log.Log(level, "live updates: cannot listen to the database; retrying",
				zap.String("database", l.database), zap.Duration("retry_in", wait), zap.Error(err))
		}
		missed = true
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, retryMost)
	}
}

// connect makes a connection with the pool's settings (so the same
// server, user, password source and TLS), and LISTENs. It also learns the
// schema the triggers name, the first of the search_path.
func (l *listener) connect(ctx context.Context) (*pgx.Conn, string, error) {
	conn, err := pgx.ConnectConfig(ctx, l.cfg.Copy())
	if err != nil {
		return nil, "", err
	}
	var schema string
	if err := conn.QueryRow(ctx, "SELECT coalesce(current_schema(), '')").Scan(&schema); err != nil {
		l.close(conn)
		return nil, "", fmt.Errorf("reading the schema: %w", err)
	}
	// Last, so that pg_stat_activity shows the connection as this.
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		l.close(conn)
		return nil, "", fmt.Errorf("LISTEN %s: %w", changesChannel, err)
	}
	return conn, schema, nil
}

// close ends a connection politely, within checkWithin, whatever ctx says.
func (l *listener) close(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), checkWithin)
	defer cancel()
	_ = conn.Close(ctx) // the connection is done with either way
}

// serve hands each batch of changes to fn until the connection fails or
// ctx ends.
func (l *listener) serve(ctx context.Context, conn *pgx.Conn, schema string) error {
	for {
		batch, err := l.next(ctx, conn, schema)
		if err != nil {
			return err
		}
		l.fn(batch)
	}
}

// next waits for a change, checking a quiet connection every checkEvery,
// then gathers what follows it closely (quiet, most).
func (l *listener) next(ctx context.Context, conn *pgx.Conn, schema string) (enroll.ChangeTopics, error) {
	topics := map[enroll.ChangeTopic]bool{}
	for len(topics) == 0 {
		n, err := l.wait(ctx, conn, time.Now().Add(checkEvery))
		switch {
		case err == nil:
			l.add(topics, n, schema)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case !pgconn.Timeout(err) || conn.IsClosed():
			return nil, err
		default:
			if err := l.check(ctx, conn); err != nil {
				return nil, err
			}
		}
	}
	last := time.Now().Add(l.most)
	for {
		until := time.Now().Add(l.quiet)
		if until.After(last) {
			until = last
		}
		n, err := l.wait(ctx, conn, until)
		switch {
		case err == nil:
			l.add(topics, n, schema)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case pgconn.Timeout(err) && !conn.IsClosed():
			return slices.Sorted(maps.Keys(topics)), nil
		default:
			// What was gathered is not lost: every topic follows the
			// reconnection.
			return nil, err
		}
	}
}

// wait is one WaitForNotification until a deadline. A deadline that
// passes leaves the connection usable (pgconn stops the read, and picks a
// half-read message up again on the next).
func (l *listener) wait(ctx context.Context, conn *pgx.Conn, until time.Time) (*pgconn.Notification, error) {
	ctx, cancel := context.WithDeadline(ctx, until)
	defer cancel()
	return conn.WaitForNotification(ctx)
}

// check asks the server for a round trip. LISTEN again is a no-op that
// keeps the connection showing as LISTEN in pg_stat_activity.
func (l *listener) check(ctx context.Context, conn *pgx.Conn) error {
	ctx, cancel := context.WithTimeout(ctx, checkWithin)
	defer cancel()
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return fmt.Errorf("checking the connection: %w", err)
	}
	return nil
}

// add takes a notification's topic. Notifications of another schema's
// CardDesk in the same database, and of tables no station shows, are
// dropped.
func (l *listener) add(topics map[enroll.ChangeTopic]bool, n *pgconn.Notification, schema string) {
	if n == nil {
		return
	}
	i := strings.LastIndexByte(n.Payload, '.')
	if i < 0 || n.Payload[:i] != schema {
		return
	}
	if t, ok := tableTopics[n.Payload[i+1:]]; ok {
		topics[t] = true
	}
}
