package dbcopy

import (
	"context"
	"fmt"
	"strings"
)

// knowsSchema refuses a schema with a table that is neither copied nor
// derived: copying everything else would silently leave its rows behind.
// It takes a CardDesk newer than this one (or a hand-made table) to get
// there, since Open migrates both sides to this CardDesk's schema.
func knowsSchema(ctx context.Context, d dialect, q querier) error {
	names, err := d.tables(ctx, q)
	if err != nil {
		return err
	}
	have := make(map[string]bool, len(names))
	var unknown []string
	for _, n := range names {
		have[n] = true
		if _, ok := lookupTable(n); !ok && !isDerived(n) {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("the schema has tables this copy does not know (%s)", strings.Join(unknown, ", "))
	}
	for _, t := range tables {
		if !have[t.name] {
			return fmt.Errorf("the schema has no table %s", t.name)
		}
	}
	return nil
}

// mustBeEmpty refuses a target with station data. Only the migrations'
// own rows (seeded tables) may be there: nobody can have added any,
// since every change needs an operator and an operator is station data.
func mustBeEmpty(ctx context.Context, q querier, target string) error {
	var holds []TableCount
	for _, t := range tables {
		if t.seeded {
			continue
		}
		n, err := count(ctx, q, t.name)
		if err != nil {
			return fmt.Errorf("target: %w", err)
		}
		if n > 0 {
			holds = append(holds, TableCount{Table: t.name, Rows: n})
		}
	}
	if len(holds) > 0 {
		return &NotEmptyError{Target: target, Holds: holds}
	}
	return nil
}

// sameCounts is the last check before the commit: each table holds on the
// target exactly the rows the source's snapshot holds, and the copy wrote
// that many.
func sameCounts(ctx context.Context, stx, dtx querier, copied []TableCount) error {
	for _, c := range copied {
		have, err := count(ctx, stx, c.Table)
		if err != nil {
			return fmt.Errorf("source: %w", err)
		}
		got, err := count(ctx, dtx, c.Table)
		if err != nil {
			return fmt.Errorf("target: %w", err)
		}
		if have != c.Rows || got != c.Rows {
			return fmt.Errorf("%s: the source holds %d rows, %d were copied, the target would hold %d",
				c.Table, have, c.Rows, got)
		}
	}
	return nil
}

func count(ctx context.Context, q querier, table string) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+ident(table)).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting the rows of %s: %w", table, err)
	}
	return n, nil
}

// joinAnd lists "a", "a and b", "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
