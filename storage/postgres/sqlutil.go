package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/carddesk/carddesk/enroll"
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

// Times are stored as unix milliseconds UTC, as in SQLite; NULL is the
// zero time.

func msOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func fromNullMS(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return fromMS(ms.Int64)
}

// idOrNull stores the "none" id 0 as NULL so foreign keys accept it.
func idOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func blobOrNull(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

type scanner interface{ Scan(dest ...any) error }

// notFound turns sql.ErrNoRows into enroll.ErrNotFound, naming what was missing.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, enroll.ErrNotFound)
	}
	return fmt.Errorf("reading %s: %w", what, err)
}

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

// collect scans every row and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error), what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// filter collects WHERE conditions (with ? placeholders) and their
// arguments in order.
type filter struct {
	conds []string
	args  []any
}

func (f *filter) add(cond string, args ...any) {
	f.conds = append(f.conds, cond)
	f.args = append(f.args, args...)
}

func (f *filter) where() string {
	if len(f.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(f.conds, " AND ")
}

// words adds one condition per typed word, each word matching at least one
// of cols anywhere, ignoring case (ILIKE).
func (f *filter) words(text string, cols ...string) {
	ors := make([]string, len(cols))
	for i, c := range cols {
		ors[i] = c + ` ILIKE ? ESCAPE '\'`
	}
	cond := "(" + strings.Join(ors, " OR ") + ")"
	for _, w := range strings.Fields(text) {
		pat := "%" + likeEscaper.Replace(w) + "%"
		args := make([]any, len(cols))
		for i := range args {
			args[i] = pat
		}
		f.add(cond, args...)
	}
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

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
