// Package migrations reads the numbered schema migrations each store embeds
// (migrations/NNNN_what.sql, one set per SQL dialect, version for version
// the same), for the store's own runner to apply.
package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// Migration is one numbered file.
type Migration struct {
	Version int
	Name    string // the file name, e.g. 0005_badge_templates.sql
	SQL     string
	// After is the part of the file below a StepMarker line, run after the
	// migration's Go step, in the same transaction: for what must follow
	// the step (a trigger put back after the step changed rows it
	// refuses). "" when the file has no marker.
	After string
}

// StepMarker is a line of its own in a migration file where its Go step
// runs; a file without one runs its Go step, if any, after all its SQL.
const StepMarker = "-- @go-step"

// Embedded reads the migrations in the folder migrations of fsys (a store's
// embed.FS).
func Embedded(fsys fs.FS) ([]Migration, error) {
	sub, err := fs.Sub(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("reading embedded migrations: %w", err)
	}
	return Load(sub)
}

// Load insists on versions 1..n without gaps, so a missing file is a build
// mistake found at the first Open, not a silently skipped change.
func Load(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("listing migrations: %w", err)
	}
	ms := make([]Migration, 0, len(names))
	for i, name := range names { // fs.Glob returns sorted names
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must look like 0001_what.sql", name)
		}
		if v != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", name, i+1)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", name, err)
		}
		m := Migration{Version: v, Name: name, SQL: string(b)}
		if before, after, ok := strings.Cut(m.SQL, "\n"+StepMarker+"\n"); ok {
			m.SQL, m.After = before, after
		}
		ms = append(ms, m)
	}
	if len(ms) == 0 {
		return nil, errors.New("no migrations embedded")
	}
	return ms, nil
}
