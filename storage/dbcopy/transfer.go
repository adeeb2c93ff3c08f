package dbcopy

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// copyAll copies every table inside one read transaction on the source and
// one write transaction on the target, which commits only when every
// table's count agrees on both sides.
func copyAll(ctx context.Context, src, dst *side, opts Options) ([]TableCount, error) {
	if src.version != dst.version {
		return nil, fmt.Errorf("the source is at schema version %d, the target at %d", src.version, dst.version)
	}
	stx, err := src.read.BeginTx(ctx, src.readOpts)
	if err != nil {
		return nil, fmt.Errorf("source: starting the read transaction: %w", err)
	}
	defer stx.Rollback() //nolint:errcheck // read only: nothing to commit
	dtx, err := dst.write.BeginTx(ctx, dst.writeOpts)
	if err != nil {
		return nil, fmt.Errorf("target: starting the write transaction: %w", err)
	}
	defer dtx.Rollback() //nolint:errcheck // no-op after Commit

	if err := knowsSchema(ctx, src.d, stx); err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if err := knowsSchema(ctx, dst.d, dtx); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	if err := dst.d.lock(ctx, dtx, names); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	if err := mustBeEmpty(ctx, dtx, dst.name); err != nil {
		return nil, err
	}
	for _, t := range slices.Backward(tables) {
		if !t.seeded {
			continue
		}
		if _, err := dtx.ExecContext(ctx, "DELETE FROM "+ident(t.name)); err != nil {
			return nil, fmt.Errorf("target: clearing the %s of a new station: %w", t.many, err)
		}
	}

	counts := make([]TableCount, 0, len(tables))
	for _, t := range tables {
		n, err := copyTable(ctx, t, src, stx, dst, dtx)
		if err != nil {
			return nil, fmt.Errorf("copying %s: %w", t.name, err)
		}
		counts = append(counts, TableCount{Table: t.name, Rows: n})
	}
	for _, t := range tables {
		if t.serial == "" {
			continue
		}
		n, err := src.d.counter(ctx, stx, t)
		if err != nil {
			return nil, fmt.Errorf("source: %w", err)
		}
		if err := dst.d.setCounter(ctx, dtx, t, n); err != nil {
			return nil, fmt.Errorf("target: %w", err)
		}
	}
	if err := sameCounts(ctx, stx, dtx, counts); err != nil {
		return nil, err
	}
	if err := recordCopy(ctx, dst.d, dtx, src.name, opts, counts); err != nil {
		return nil, err
	}
	if err := dtx.Commit(); err != nil {
		return nil, fmt.Errorf("target: committing the copy: %w", err)
	}
	return counts, nil
}

// copyTable streams one table from the source into the target, a batch of
// rows per INSERT, and returns how many rows it copied.
func copyTable(ctx context.Context, t table, src *side, stx querier, dst *side, dtx querier) (int64, error) {
	cols, err := columnsOf(ctx, t, src, stx, dst, dtx)
	if err != nil {
		return 0, err
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = ident(c.name)
	}
	list := strings.Join(quoted, ", ")
	keyAt := slices.IndexFunc(cols, func(c column) bool { return c.name == t.key })
	if keyAt < 0 {
		return 0, fmt.Errorf("no column %s", t.key)
	}
	rows, err := stx.QueryContext(ctx, "SELECT "+list+" FROM "+ident(t.name)+" ORDER BY "+ident(t.key))
	if err != nil {
		return 0, fmt.Errorf("reading the source: %w", err)
	}
	defer rows.Close()
	ins := newInserter(dst.d, dtx, t, list, len(cols))
	raw := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	var n int64
	for rows.Next() {
		// Scanning into *any copies the driver's bytes, so the rows of a
		// batch do not share a buffer the next row overwrites.
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("reading the source: %w", err)
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			v, err := convert(raw[i], c)
			if err != nil {
				return n, fmt.Errorf("the row with %s %v: %s: %w", t.key, raw[keyAt], c.name, err)
			}
			row[i] = v
		}
		if err := ins.add(ctx, row, raw[keyAt]); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("reading the source: %w", err)
	}
	return n, ins.flush(ctx)
}

// columnsOf pairs the table's columns on both sides, in the target's
// order. Both sides were migrated to one schema version, so they have the
// same columns; a difference means a broken schema, and nothing is copied.
func columnsOf(ctx context.Context, t table, src *side, stx querier, dst *side, dtx querier) ([]column, error) {
	from, err := src.d.columns(ctx, stx, t.name)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	to, err := dst.d.columns(ctx, dtx, t.name)
	if err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	kinds := make(map[string]kind, len(from))
	for _, c := range from {
		kinds[c.name] = c.kind
	}
	differ := func() error {
		return fmt.Errorf("the source's columns (%s) are not the target's (%s)", namesOf(from), namesOf(to))
	}
	if len(from) != len(to) {
		return nil, differ()
	}
	out := make([]column, len(to))
	for i, c := range to {
		k, ok := kinds[c.name]
		if !ok {
			return nil, differ()
		}
		if !compatible(k, c.kind) {
			return nil, fmt.Errorf("%s is %s in the source and %s in the target", c.name, k, c.kind)
		}
		out[i] = column{name: c.name, from: k, to: c.kind}
	}
	return out, nil
}

// compatible lists the differences between the two dialects' types of one
// column (storage/postgres/doc.go): flags, JSON, and nothing else.
func compatible(from, to kind) bool {
	pair := func(a, b kind) bool { return from == a && to == b || from == b && to == a }
	return from == to || pair(kindInteger, kindBoolean) || pair(kindText, kindJSON)
}

func namesOf(cs []namedKind) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// inserter collects rows into one multi-row INSERT: one statement per
// batch instead of per row, which matters across a network.
type inserter struct {
	q       querier
	d       dialect
	t       table
	list    string // the quoted column names
	width   int
	maxRows int
	args    []any
	rows    int
	bytes   int
	first   any    // the key of the batch's first row, for messages
	full    string // the statement of a full batch, built once
}

func newInserter(d dialect, q querier, t table, list string, width int) *inserter {
	return &inserter{q: q, d: d, t: t, list: list, width: width,
		maxRows: max(1, min(batchRows, d.maxParams()/width))}
}

func (b *inserter) add(ctx context.Context, row []any, key any) error {
	if b.rows == 0 {
		b.first = key
	}
	b.args = append(b.args, row...)
	b.rows++
	for _, v := range row {
		b.bytes += size(v)
	}
	if b.rows >= b.maxRows || b.bytes >= batchBytes {
		return b.flush(ctx)
	}
	return nil
}

func (b *inserter) flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	stmt := b.full
	if b.rows != b.maxRows || stmt == "" {
		stmt = b.statement(b.rows)
		if b.rows == b.maxRows {
			b.full = stmt
		}
	}
	if _, err := b.q.ExecContext(ctx, stmt, b.args...); err != nil {
		return fmt.Errorf("writing the rows from %s %v on: %w", b.t.key, b.first, err)
	}
	clear(b.args) // let the photos of the batch go
	b.args, b.rows, b.bytes = b.args[:0], 0, 0
	return nil
}

func (b *inserter) statement(rows int) string {
	var s strings.Builder
	s.WriteString("INSERT INTO " + ident(b.t.name) + " (" + b.list + ") VALUES ")
	p := 1
	for r := range rows {
		if r > 0 {
			s.WriteString(", ")
		}
		s.WriteByte('(')
		for c := range b.width {
			if c > 0 {
				s.WriteString(", ")
			}
			s.WriteString(b.d.placeholder(p))
			p++
		}
		s.WriteByte(')')
	}
	return s.String()
}
