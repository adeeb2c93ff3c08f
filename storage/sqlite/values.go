package sqlite

import (
	"database/sql"
	"fmt"

	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

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

// filter is the shared WHERE builder; SQLite's LIKE ignores the case of
// ASCII letters.
type filter struct{ sqlvalue.Filter }

func (f *filter) words(text string, cols ...string) { f.Words(text, "LIKE", cols...) }

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
