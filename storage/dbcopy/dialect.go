package dbcopy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// querier is a transaction on either side.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// dialect is what differs between the two kinds of database a copy reads
// and writes: the catalog, placeholders, id counters and locking.
type dialect interface {
	// tables lists every table of the schema, derived ones included.
	tables(ctx context.Context, q querier) ([]string, error)
	// columns lists a table's columns in their order.
	columns(ctx context.Context, q querier, table string) ([]namedKind, error)
	// placeholder is the i-th (from 1) parameter of a statement.
	placeholder(i int) string
	// maxParams is how many parameters one statement may have.
	maxParams() int
	// counter is the highest id the database has handed out for the
	// table's serial column, deleted rows included where it remembers
	// them; 0 when it does not.
	counter(ctx context.Context, q querier, t table) (int64, error)
	// setCounter makes the database hand out ids above atLeast (and above
	// every id in the table) from now on.
	setCounter(ctx context.Context, q querier, t table, atLeast int64) error
	// nextID hands out the next id of the table's serial column, as an
	// insert without one would get, for a row whose other values depend
	// on its id (an audit event's hash).
	nextID(ctx context.Context, q querier, t table) (int64, error)
	// lock keeps other writers out of the tables until the transaction ends.
	lock(ctx context.Context, q querier, tables []string) error
}

type namedKind struct {
	name string
	kind kind
}

// ident quotes a table or column name for both dialects.
func ident(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// maxID is the highest value of the table's serial column, 0 when empty.
func maxID(ctx context.Context, q querier, t table) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT coalesce(max("+ident(t.serial)+"), 0) FROM "+ident(t.name)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reading the highest id of %s: %w", t.name, err)
	}
	return n, nil
}

func scanStrings(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// sqliteDialect is storage/sqlite's STRICT tables.
type sqliteDialect struct{}

func (sqliteDialect) tables(ctx context.Context, q querier) ([]string, error) {
	names, err := scanStrings(q.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
	if err != nil {
		return nil, fmt.Errorf("listing the tables: %w", err)
	}
	return names, nil
}

// columns: pragma table_info leaves out generated columns, which the
// target computes itself.
func (sqliteDialect) columns(ctx context.Context, q querier, table string) ([]namedKind, error) {
	return readColumns(ctx, q, table, sqliteKinds, "SELECT name, upper(type) FROM pragma_table_info(?) ORDER BY cid")
}

// sqliteKinds are the types of SQLite's STRICT tables.
var sqliteKinds = map[string]kind{"INTEGER": kindInteger, "REAL": kindReal, "TEXT": kindText, "BLOB": kindBlob}

func (sqliteDialect) placeholder(int) string { return "?" }

// maxParams is SQLite's SQLITE_MAX_VARIABLE_NUMBER since 3.32.
func (sqliteDialect) maxParams() int { return 32766 }

// counter: only AUTOINCREMENT tables remember ids beyond the highest row
// (in sqlite_sequence); the others hand out max(id)+1 anyway.
func (sqliteDialect) counter(ctx context.Context, q querier, t table) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)", t.name).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reading the id counter of %s: %w", t.name, err)
	}
	return n, nil
}

// setCounter writes sqlite_sequence for AUTOINCREMENT tables; SQLite gives
// the other tables max(id)+1, which is all they promise.
func (sqliteDialect) setCounter(ctx context.Context, q querier, t table, atLeast int64) error {
	var def string
	if err := q.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", t.name).Scan(&def); err != nil {
		return fmt.Errorf("reading the definition of %s: %w", t.name, err)
	}
	if !strings.Contains(strings.ToUpper(def), "AUTOINCREMENT") {
		return nil
	}
	top, err := maxID(ctx, q, t)
	if err != nil {
		return err
	}
	n := max(top, atLeast)
	if n == 0 {
		return nil
	}
	res, err := q.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", n, t.name)
	if err != nil {
		return fmt.Errorf("setting the id counter of %s: %w", t.name, err)
	}
	if done, err := res.RowsAffected(); err == nil && done > 0 {
		return nil
	}
	if _, err := q.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", t.name, n); err != nil {
		return fmt.Errorf("setting the id counter of %s: %w", t.name, err)
	}
	return nil
}

// nextID: the tables a copy inserts into with nextID are not AUTOINCREMENT
// ones, whose next id is max(id)+1.
func (sqliteDialect) nextID(ctx context.Context, q querier, t table) (int64, error) {
	n, err := maxID(ctx, q, t)
	return n + 1, err
}

// lock: the writer's transactions begin IMMEDIATE, which holds the file's
// write lock from the start.
func (sqliteDialect) lock(context.Context, querier, []string) error { return nil }

// pgDialect is storage/postgres's tables, in the first schema of the
// search_path as Open made them.
type pgDialect struct{}

func (pgDialect) tables(ctx context.Context, q querier) ([]string, error) {
	names, err := scanStrings(q.QueryContext(ctx, `SELECT c.relname FROM pg_catalog.pg_class c
		WHERE c.relnamespace = to_regnamespace(current_schema()) AND c.relkind IN ('r', 'p') ORDER BY 1`))
	if err != nil {
		return nil, fmt.Errorf("listing the tables: %w", err)
	}
	return names, nil
}

// columns leaves out generated columns (cardholders.search_words): the
// target computes them from the row, as SQLite's triggers do its FTS5
// tables, and refuses a value for them.
func (pgDialect) columns(ctx context.Context, q querier, table string) ([]namedKind, error) {
	return readColumns(ctx, q, table, pgKinds, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
		ORDER BY ordinal_position`)
}

// pgKinds are the PostgreSQL types CardDesk's schema uses.
var pgKinds = map[string]kind{
	"bigint": kindInteger, "integer": kindInteger, "smallint": kindInteger, "boolean": kindBoolean,
	"double precision": kindReal, "real": kindReal, "text": kindText, "character varying": kindText,
	"jsonb": kindJSON, "json": kindJSON, "bytea": kindBlob,
}

// readColumns runs query, which lists table's columns as (name, type) in
// order, and gives each the kind its type has in kinds.
func readColumns(ctx context.Context, q querier, table string, kinds map[string]kind, query string) ([]namedKind, error) {
	rows, err := q.QueryContext(ctx, query, table)
	if err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", table, err)
	}
	defer rows.Close()
	var out []namedKind
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, fmt.Errorf("reading the columns of %s: %w", table, err)
		}
		k, ok := kinds[typ]
		if !ok {
			return nil, fmt.Errorf("%s.%s has the type %q, which a copy does not know", table, name, typ)
		}
		out = append(out, namedKind{name, k})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", table, err)
	}
	return out, nil
}

func (pgDialect) placeholder(i int) string { return "$" + strconv.Itoa(i) }

// maxParams is the protocol's limit: the count is a 16-bit number.
func (pgDialect) maxParams() int { return 65535 }

// counter is the identity sequence's last value; NULL (0 here) when it
// never handed out a value.
func (pgDialect) counter(ctx context.Context, q querier, t table) (int64, error) {
	var n sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass)",
		ident(t.name), t.serial).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reading the id sequence of %s: %w", t.name, err)
	}
	return n.Int64, nil
}

// setCounter moves the identity's sequence past the copied ids: rows
// inserted with their ids leave it where it was, and the next insert would
// collide with the first copied row.
func (pgDialect) setCounter(ctx context.Context, q querier, t table, atLeast int64) error {
	top, err := maxID(ctx, q, t)
	if err != nil {
		return err
	}
	var seq sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT pg_get_serial_sequence($1, $2)", ident(t.name), t.serial).Scan(&seq); err != nil {
		return fmt.Errorf("finding the id sequence of %s: %w", t.name, err)
	}
	if !seq.Valid {
		return errors.New(t.name + "." + t.serial + " has no sequence: it is no identity column")
	}
	// setval(seq, n, true): the next value is n+1; setval(seq, 1, false): it is 1.
	n, called := max(top, atLeast), true
	if n == 0 {
		n, called = 1, false
	}
	if _, err := q.ExecContext(ctx, "SELECT setval($1::regclass, $2, $3)", seq.String, n, called); err != nil {
		return fmt.Errorf("setting the id sequence of %s: %w", t.name, err)
	}
	return nil
}

// nextID takes the identity sequence's next value, which setCounter has
// moved past the copied ids.
func (pgDialect) nextID(ctx context.Context, q querier, t table) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, "SELECT nextval(pg_get_serial_sequence($1, $2))", ident(t.name), t.serial).Scan(&n); err != nil {
		return 0, fmt.Errorf("taking the next id of %s: %w", t.name, err)
	}
	return n, nil
}

// lock takes EXCLUSIVE locks: others may still read, but a station that
// connects during the copy cannot write (a setup, a sign-in's audit event)
// until it is committed or rolled back.
func (pgDialect) lock(ctx context.Context, q querier, tables []string) error {
	quoted := make([]string, len(tables))
	for i, t := range tables {
		quoted[i] = ident(t)
	}
	if _, err := q.ExecContext(ctx, "LOCK TABLE "+strings.Join(quoted, ", ")+" IN EXCLUSIVE MODE"); err != nil {
		return fmt.Errorf("locking the tables: %w", err)
	}
	return nil
}
