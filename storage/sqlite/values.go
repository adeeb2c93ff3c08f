package sqlite

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

// The value and row helpers both stores share (storage/internal/sqlvalue).
var (
	msOrNull   = sqlvalue.MsOrNull
	fromMS     = sqlvalue.FromMS
	idOrNull   = sqlvalue.IDOrNull
	blobOrNull = sqlvalue.BlobOrNull
	notFound   = sqlvalue.NotFound
)

type scanner = sqlvalue.Scanner

func collect[T any](rows *sql.Rows, scan func(scanner) (T, error), what string) ([]T, error) {
	return sqlvalue.Collect(rows, scan, what)
}

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
