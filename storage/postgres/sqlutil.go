package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

// conn is one transaction whose queries are written with ? placeholders,
// as the SQLite repositories write them; they are numbered ($1, $2, ...)
// on the way to the server.
type conn struct{ *sql.Tx }

func (c conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.Tx.ExecContext(ctx, rebind(query), args...)
}

func (c conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.Tx.QueryContext(ctx, rebind(query), args...)
}

func (c conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return c.Tx.QueryRowContext(ctx, rebind(query), args...)
}

// rebind numbers the ? placeholders outside quoted strings and quoted
// names.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// recoverable runs one write behind a savepoint, so that when it fails the
// transaction goes on. A statement that fails aborts a whole PostgreSQL
// transaction (every later one fails with 25P02), while in SQLite the
// transaction stays usable; enroll relies on that where it handles a
// write's error and goes on in the same transaction (after ErrDuplicate on
// a cardholder's external id it looks up who holds that id). Two more round
// trips: only for the writes enroll goes on after.
func (c conn) recoverable(ctx context.Context, write func() error) error {
	if _, err := c.ExecContext(ctx, "SAVEPOINT recoverable"); err != nil {
		return err
	}
	if err := write(); err != nil {
		// Undo even when ctx was cancelled; if that fails too, the
		// transaction stays aborted and the caller's next statement says so.
		_, _ = c.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT recoverable")
		return err
	}
	_, err := c.ExecContext(ctx, "RELEASE SAVEPOINT recoverable")
	return err
}

// PostgreSQL's error codes for the constraints the repositories map.
const (
	codeUnique     = "23505"
	codeForeignKey = "23503"
)

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// isUnique reports a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool { return pgCode(err) == codeUnique }

// isForeignKey reports a reference to a row that does not exist.
func isForeignKey(err error) bool { return pgCode(err) == codeForeignKey }

// mustAffect reports ErrNotFound when an UPDATE or DELETE matched nothing.
func mustAffect(res sql.Result, entity string, key any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %v: %w", entity, key, err)
	}
	if n == 0 {
		return fmt.Errorf("%s %v: %w", entity, key, enroll.ErrNotFound)
	}
	return nil
}

// The value and row helpers both stores share (storage/internal/sqlvalue).
var (
	msOrNull   = sqlvalue.MsOrNull
	idOrNull   = sqlvalue.IDOrNull
	blobOrNull = sqlvalue.BlobOrNull
	notFound   = sqlvalue.NotFound
)

type scanner = sqlvalue.Scanner

func collect[T any](rows *sql.Rows, scan func(scanner) (T, error), what string) ([]T, error) {
	return sqlvalue.Collect(rows, scan, what)
}

// filter is the shared WHERE builder, matching words with ILIKE.
type filter struct{ sqlvalue.Filter }

func (f *filter) words(text string, cols ...string) { f.Words(text, "ILIKE", cols...) }

// page renders LIMIT/OFFSET.
func page(limit, offset int) string {
	var s string
	if limit > 0 {
		s = fmt.Sprintf(" LIMIT %d", limit)
	}
	if offset > 0 {
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}
