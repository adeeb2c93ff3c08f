package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// jsonTime is RFC 3339 in UTC with milliseconds, the precision storage keeps.
const jsonTime = "2006-01-02T15:04:05.000Z07:00"

// tableTime is how the tables show a moment, in the desk's local time.
const tableTime = "2006-01-02 15:04"

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// jsonList converts a list for writeJSON; an empty list is [] in the
// output, never null.
func jsonList[T, J any](items []T, of func(T) J) []J {
	out := make([]J, len(items))
	for i, it := range items {
		out[i] = of(it)
	}
	return out
}

// id renders a numeric id as the opaque string scripts get.
func id(n int64) string { return strconv.FormatInt(n, 10) }

// optID is null for "none" (0).
func optID(n int64) *string {
	if n == 0 {
		return nil
	}
	s := id(n)
	return &s
}

// optString is null for "".
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func stamp(t time.Time) string { return t.UTC().Format(jsonTime) }

// optStamp is null for the zero time.
func optStamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := stamp(t)
	return &s
}

func local(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(tableTime)
}

// parseID reads an id typed by the operator. IDs are opaque to callers, so
// one that cannot be a number simply does not exist.
func parseID(what, s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, &notFound{what: what, id: s}
	}
	return n, nil
}

// table writes aligned columns; the header is upper case.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		if c == "" {
			cells[i] = "-"
		}
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }
