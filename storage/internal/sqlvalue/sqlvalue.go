// Package sqlvalue holds how both stores (SQLite and PostgreSQL) put Go
// values into SQL and read rows back: times as unix milliseconds UTC, the
// "none" id and empty blobs as NULL, missing rows as enroll.ErrNotFound.
package sqlvalue

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// MsOrNull stores a time as unix milliseconds; the zero time is NULL.
func MsOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// FromMS reads unix milliseconds as a UTC time.
func FromMS(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// FromNullMS reads a nullable time; NULL is the zero time.
func FromNullMS(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return FromMS(ms.Int64)
}

// IDOrNull stores the "none" id 0 as NULL so foreign keys accept it.
func IDOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// BlobOrNull stores an empty blob as NULL.
func BlobOrNull(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// Scanner is a row or rows.
type Scanner interface{ Scan(dest ...any) error }

// NotFound turns sql.ErrNoRows into enroll.ErrNotFound, naming what was missing.
func NotFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, enroll.ErrNotFound)
	}
	return fmt.Errorf("reading %s: %w", what, err)
}

// Collect scans every row and closes rows.
func Collect[T any](rows *sql.Rows, scan func(Scanner) (T, error), what string) ([]T, error) {
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

// Filter collects WHERE conditions (with ? placeholders) and their
// arguments in order.
type Filter struct {
	Conds []string
	Args  []any
}

// Add appends a condition and its arguments.
func (f *Filter) Add(cond string, args ...any) {
	f.Conds = append(f.Conds, cond)
	f.Args = append(f.Args, args...)
}

// Where is the WHERE clause of the conditions, "" when there are none.
func (f *Filter) Where() string {
	if len(f.Conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(f.Conds, " AND ")
}

// Words adds one condition per typed word, each word matching at least one
// of cols anywhere through like (the store's LIKE or ILIKE), so "jan lost"
// finds Jan's request whose reason is "lost card".
func (f *Filter) Words(text, like string, cols ...string) {
	ors := make([]string, len(cols))
	for i, c := range cols {
		ors[i] = c + " " + like + ` ? ESCAPE '\'`
	}
	cond := "(" + strings.Join(ors, " OR ") + ")"
	for _, w := range strings.Fields(text) {
		pat := "%" + EscapeLike(w) + "%"
		args := make([]any, len(cols))
		for i := range args {
			args[i] = pat
		}
		f.Add(cond, args...)
	}
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// EscapeLike escapes s for a LIKE pattern written with ESCAPE '\'.
func EscapeLike(s string) string { return likeEscaper.Replace(s) }
