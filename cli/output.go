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

// tableSecond is tableTime to the second, for times a minute is too coarse
// for: when a queued mail is tried next (backoffs start at seconds).
const tableSecond = "2006-01-02 15:04:05"

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

// printList prints what a list command found: with --json the list (an
// empty one is []), else a table with one row an item, or the line none
// when there is nothing.
func printList[T, J any](c *call, items []T, jsonOf func(T) J, none string, header []string, row func(T) []string) error {
	if c.g.JSON {
		return writeJSON(c.stdout(), jsonList(items, jsonOf))
	}
	if len(items) == 0 {
		_, err := fmt.Fprintln(c.stdout(), none)
		return err
	}
	t := newTable(c.stdout(), header...)
	for _, it := range items {
		t.row(row(it)...)
	}
	return t.flush()
}

// idOrNone is an id for a table cell, "" (shown as -) for none (0).
func idOrNone(n int64) string {
	if n == 0 {
		return ""
	}
	return id(n)
}

// statusOf reads a --status value, one of states ("" is any state).
func statusOf[S ~string](states []S, status string) (S, error) {
	if status == "" {
		return "", nil
	}
	for _, s := range states {
		if string(s) == strings.ToLower(strings.TrimSpace(status)) {
			return s, nil
		}
	}
	names := make([]string, len(states))
	for i, s := range states {
		names[i] = string(s)
	}
	return "", usageErrorf("--status %q: use one of %s", status, strings.Join(names, ", "))
}
