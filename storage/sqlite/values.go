package sqlite

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Times are stored as unix milliseconds UTC; NULL is the zero time.time.

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

// filter collects WHERE conditions and their arguments in order.
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
// of cols anywhere (LIKE, ASCII case-insensitive), so "jan lost" finds
// Jan's request whose reason is "lost card".
func (f *filter) words(text string, cols ...string) {
	ors := make([]string, len(cols))
	for i, c := range cols {
		ors[i] = c + ` LIKE ? ESCAPE '\'`
	}
	cond := "(" + strings.Join(ors, " OR ") + ")"
	for _, w := range strings.Fields(text) {
		pat := "%" + escapeLike(w) + "%"
		args := make([]any, len(cols))
		for i := range args {
			args[i] = pat
		}
		f.add(cond, args...)
	}
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func escapeLike(s string) string { return likeEscaper.Replace(s) }

// page renders LIMIT/OFFSET; SQLite needs a LIMIT before an OFFSET, and -1
// means no limit.
func page(limit, offset int) string {
	switch {
	case limit <= 0 && offset <= 0:
		return ""
	case limit <= 0:
		return fmt.Sprintf(" LIMIT -1 OFFSET %d", offset)
	case offset <= 0:
		return fmt.Sprintf(" LIMIT %d", limit)
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}
