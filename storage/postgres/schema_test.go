package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/storage/sqlite" // also registers the "sqlite" driver
)

// schema is what the comparison with SQLite looks at.
type schema struct {
	tables   map[string][]column
	virtual  map[string][]column // SQLite's FTS5 tables
	indexes  map[string]index
	triggers map[string]string // name -> table
	fks      map[string]bool   // "table.column -> table.column"
	version  int
}

type column struct {
	name, typ          string
	notNull, defaulted bool
}

type index struct {
	table           string
	unique, partial bool
}

// The deliberate differences between the two schemas, each with its reason.
// A new migration that adds a table, column, index, trigger or foreign key to
// one store and not to the other fails TestSameSchemaAsSQLite until both
// agree, or the difference is listed here.
var (
	// SQLite FTS5 tables that are tables here too, with the rowid as a
	// column of its own before SQLite's columns.
	virtualTables = map[string]string{"requests_fts": "request_id"}
	// SQLite FTS5 tables that are a GIN expression index here, on this table.
	virtualIndexes = map[string]string{"cardholders_fts": "cardholders"}
	// SQLite's UNIQUE constraints (automatic indexes there, named indexes
	// here) and indexes SQLite's FTS5 tables keep inside themselves.
	pgOnlyIndexes = map[string]string{
		"operators_name_unique":          "UNIQUE (name) COLLATE NOCASE in SQLite: a unique index on lower(name)",
		"badge_templates_name_unique":    "UNIQUE (name) COLLATE NOCASE in SQLite: a unique index on lower(name)",
		"credentials_format_bits_unique": "UNIQUE (format, bits) in SQLite too, an automatic index there",
		"requests_fts_words":             "the GIN index of requests_fts, inside the FTS5 table in SQLite",
		"cardholder_prefixes_order":      "prefix search (migration 0010), inside the FTS5 tables in SQLite",
		"request_prefixes_order":         "prefix search (migration 0010), inside the FTS5 tables in SQLite",
		"request_prefixes_request":       "prefix search (migration 0010), inside the FTS5 tables in SQLite",
	}
	// Prefix search (migration 0010): FTS5 counts and pages a prefix from
	// its own index.
	pgOnlyTables = map[string]string{
		"cardholder_prefixes":  "the first letters of cardholders' words, in list order",
		"search_prefix_counts": "how many cardholders and requests have each first letters",
		"request_prefixes":     "the first letters of requests' words, in queue order",
	}
	sqliteOnlyTriggers = map[string]string{
		"cardholders_fts_insert":        "cardholders_fts is an expression index, kept by PostgreSQL",
		"cardholders_fts_update":        "cardholders_fts is an expression index, kept by PostgreSQL",
		"cardholders_fts_delete":        "cardholders_fts is an expression index, kept by PostgreSQL",
		"requests_fts_delete":           "requests_fts.request_id references card_requests ON DELETE CASCADE",
		"card_requests_template_insert": "card_requests.template_id is a foreign key",
		"card_requests_template_update": "card_requests.template_id is a foreign key",
		"badge_templates_delete":        "card_requests.template_id is a foreign key, ON DELETE SET NULL",
	}
	pgOnlyTriggers = map[string]string{
		"audit_events_no_truncate": "TRUNCATE bypasses row triggers in PostgreSQL",
		// Live updates (migration 0009, live.go): a SQLite file has one station.
		"card_requests_notify_change":    "NOTIFY for live updates between stations",
		"cardholders_notify_change":      "NOTIFY for live updates between stations",
		"credentials_notify_change":      "NOTIFY for live updates between stations",
		"ordered_cards_notify_change":    "NOTIFY for live updates between stations",
		"temp_cards_notify_change":       "NOTIFY for live updates between stations",
		"reader_configs_notify_change":   "NOTIFY for live updates between stations",
		"printer_profiles_notify_change": "NOTIFY for live updates between stations",
		"card_formats_notify_change":     "NOTIFY for live updates between stations",
		// Prefix search (migration 0010).
		"cardholder_prefixes_insert": "keeps cardholder_prefixes and its counters",
		"cardholder_prefixes_update": "keeps cardholder_prefixes and its counters",
		"cardholder_prefixes_delete": "keeps cardholder_prefixes and its counters",
		"request_prefixes_insert":    "keeps request_prefixes and its counters",
		"request_prefixes_update":    "keeps request_prefixes and its counters",
		"request_prefixes_delete":    "keeps request_prefixes and its counters",
		"request_prefixes_status":    "keeps request_prefixes and its counters",
	}
	// Columns PostgreSQL has and SQLite does not, after SQLite's columns.
	pgOnlyColumns = map[string]string{
		"cardholders.search_words": "a stored tsvector for cardholders_fts, SQLite's FTS5 table",
	}
	pgOnlyForeignKeys = map[string]string{
		"card_requests.template_id -> badge_templates.id": "held by triggers in SQLite",
		"requests_fts.request_id -> card_requests.id":     "SQLite's requests_fts_delete trigger",
	}
	// SQLite INTEGER columns that hold 0/1 flags are BOOLEAN here.
	booleans = []string{"card_requests.email_when_ready", "badge_templates.is_default",
		"printer_profiles.rotate_back", "printer_profiles.duplex", "ordered_cards.send_started"}
	// SQLite TEXT columns holding JSON that queries look inside are JSONB.
	jsonb = []string{"credentials.fields", "ordered_cards.fields"}
)

// pgType is the PostgreSQL type for a column of an SQLite STRICT table.
func pgType(table string, c column) string {
	qualified := table + "." + c.name
	switch c.typ {
	case "INTEGER":
		if slices.Contains(booleans, qualified) {
			return "boolean"
		}
		return "bigint" // ids, times in ms, counts: all 64 bits as in SQLite
	case "TEXT":
		if slices.Contains(jsonb, qualified) {
			return "jsonb"
		}
		return "text"
	case "REAL":
		return "double precision"
	case "BLOB":
		return "bytea"
	}
	return "unknown SQLite type " + c.typ
}

// TestSameSchemaAsSQLite holds the PostgreSQL migrations to SQLite's: the
// same tables with the same columns in the same order, of corresponding
// types, nullability and defaults; the same indexes (unique and partial
// alike), triggers and foreign keys, but for the differences listed above.
func TestSameSchemaAsSQLite(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	lite := sqliteSchema(t)
	pg := postgresSchema(t, db)
	t.Logf("SQLite: %d tables, %d FTS5 tables, %d indexes, %d triggers, %d foreign keys",
		len(lite.tables), len(lite.virtual), len(lite.indexes), len(lite.triggers), len(lite.fks))
	if len(lite.tables) < 15 || len(lite.virtual) < 2 || len(lite.indexes) < 23 || len(lite.triggers) < 13 || len(lite.fks) < 11 {
		t.Fatal("SQLite's schema was not read whole")
	}

	// Tables and columns.
	for name, cols := range lite.virtual {
		if rowid, ok := virtualTables[name]; ok {
			lite.tables[name] = append([]column{{name: rowid}}, cols...)
		} else if _, ok := virtualIndexes[name]; !ok {
			t.Errorf("SQLite has the FTS5 table %s: decide its PostgreSQL form and list it in schema_test.go", name)
		}
	}
	for name := range pgOnlyTables {
		if _, ok := pg.tables[name]; !ok {
			t.Errorf("table %s is missing", name)
		}
		delete(pg.tables, name)
	}
	if a, b := slices.Sorted(maps.Keys(lite.tables)), slices.Sorted(maps.Keys(pg.tables)); !slices.Equal(a, b) {
		t.Errorf("tables differ:\nSQLite     %v\nPostgreSQL %v", a, b)
	}
	for name, want := range lite.tables {
		got, ok := pg.tables[name]
		if !ok {
			continue
		}
		got = slices.DeleteFunc(slices.Clone(got), func(c column) bool {
			_, pgOnly := pgOnlyColumns[name+"."+c.name]
			return pgOnly
		})
		if a, b := names(want), names(got); !slices.Equal(a, b) {
			t.Errorf("%s: columns differ:\nSQLite     %v\nPostgreSQL %v", name, a, b)
			continue
		}
		if _, ok := virtualTables[name]; ok {
			continue // FTS5 columns have no type
		}
		for i, w := range want {
			g := got[i]
			if typ := pgType(name, w); g.typ != typ {
				t.Errorf("%s.%s: %s, want %s for SQLite's %s", name, w.name, g.typ, typ, w.typ)
			}
			if g.notNull != w.notNull {
				t.Errorf("%s.%s: NOT NULL is %v, %v in SQLite", name, w.name, g.notNull, w.notNull)
			}
			if g.defaulted != w.defaulted {
				t.Errorf("%s.%s: has a default (or identity): %v, %v in SQLite", name, w.name, g.defaulted, w.defaulted)
			}
		}
	}

	// Indexes.
	for name, want := range lite.indexes {
		got, ok := pg.indexes[name]
		if !ok {
			t.Errorf("index %s on %s is missing", name, want.table)
		} else if got != want {
			t.Errorf("index %s: %+v, %+v in SQLite", name, got, want)
		}
	}
	for name, got := range pg.indexes {
		_, inLite := lite.indexes[name]
		_, listed := pgOnlyIndexes[name]
		table, virtual := virtualIndexes[name]
		switch {
		case inLite, listed, name == got.table+"_pkey":
		case virtual:
			if got.table != table {
				t.Errorf("index %s is on %s, want %s", name, got.table, table)
			}
		default:
			t.Errorf("index %s on %s is not in SQLite's schema", name, got.table)
		}
	}
	for name := range pgOnlyIndexes {
		if _, ok := pg.indexes[name]; !ok {
			t.Errorf("index %s is missing", name)
		}
	}
	for name := range virtualIndexes {
		if _, ok := pg.indexes[name]; !ok {
			t.Errorf("index %s (SQLite's FTS5 table) is missing", name)
		}
	}

	// Triggers.
	for name, table := range lite.triggers {
		if _, ok := sqliteOnlyTriggers[name]; ok {
			if _, ok := pg.triggers[name]; ok {
				t.Errorf("trigger %s is listed as SQLite's alone but exists", name)
			}
		} else if got, ok := pg.triggers[name]; !ok || got != table {
			t.Errorf("trigger %s on %s: on %q in PostgreSQL", name, table, got)
		}
	}
	for name, table := range pg.triggers {
		_, inLite := lite.triggers[name]
		_, listed := pgOnlyTriggers[name]
		if !inLite && !listed {
			t.Errorf("trigger %s on %s is not in SQLite's schema", name, table)
		}
	}
	for name := range pgOnlyTriggers {
		if _, ok := pg.triggers[name]; !ok {
			t.Errorf("trigger %s is missing", name)
		}
	}

	// Foreign keys.
	for fk := range lite.fks {
		if !pg.fks[fk] {
			t.Errorf("foreign key %s is missing", fk)
		}
	}
	for fk := range pg.fks {
		if _, listed := pgOnlyForeignKeys[fk]; !lite.fks[fk] && !listed {
			t.Errorf("foreign key %s is not in SQLite's schema", fk)
		}
	}
	for fk := range pgOnlyForeignKeys {
		if !pg.fks[fk] {
			t.Errorf("foreign key %s is missing", fk)
		}
	}

	// Both know the same number of versions.
	var version int
	if err := db.pool.QueryRowContext(t.Context(), "SELECT max(version) FROM schema_migrations").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != lite.version {
		t.Errorf("schema version %d, SQLite's %d", version, lite.version)
	}
}

func names(cols []column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.name)
	}
	return out
}

// sqliteSchema creates a database with storage/sqlite.Open and reads its schema.
func sqliteSchema(t *testing.T) schema {
	t.Helper()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "carddesk.db")
	lite, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	version := lite.SchemaVersion()
	if err := lite.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	s := schema{tables: map[string][]column{}, virtual: map[string][]column{}, indexes: map[string]index{},
		triggers: map[string]string{}, fks: map[string]bool{}, version: version}
	type object struct{ kind, name, table, sql string }
	objects := query(t, raw, `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema
		WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'`, func(r *sql.Rows) (o object, err error) {
		return o, r.Scan(&o.kind, &o.name, &o.table, &o.sql)
	})
	var virtual []string
	for _, o := range objects {
		if o.kind == "table" && strings.HasPrefix(o.sql, "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, o.name)
		}
	}
	shadow := func(name string) bool {
		for _, v := range virtual {
			if rest, ok := strings.CutPrefix(name, v+"_"); ok &&
				slices.Contains([]string{"data", "idx", "content", "docsize", "config"}, rest) {
				return true
			}
		}
		return false
	}
	for _, o := range objects {
		switch {
		case o.kind == "table" && slices.Contains(virtual, o.name):
			s.virtual[o.name] = sqliteColumns(t, raw, o.name)
		case o.kind == "table" && !shadow(o.name):
			s.tables[o.name] = sqliteColumns(t, raw, o.name)
			type fk struct{ table, from, to string }
			for _, k := range query(t, raw, fmt.Sprintf("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(%q)", o.name),
				func(r *sql.Rows) (k fk, err error) { return k, r.Scan(&k.table, &k.from, &k.to) }) {
				s.fks[fmt.Sprintf("%s.%s -> %s.%s", o.name, k.from, k.table, k.to)] = true
			}
			type ix struct {
				name, origin    string
				unique, partial bool
			}
			for _, i := range query(t, raw, fmt.Sprintf("SELECT name, origin, \"unique\", partial FROM pragma_index_list(%q)", o.name),
				func(r *sql.Rows) (i ix, err error) { return i, r.Scan(&i.name, &i.origin, &i.unique, &i.partial) }) {
				if i.origin == "c" { // CREATE INDEX; "pk" and "u" are automatic
					s.indexes[i.name] = index{table: o.name, unique: i.unique, partial: i.partial}
				}
			}
		case o.kind == "trigger":
			s.triggers[o.name] = o.table
		}
	}
	return s
}

func sqliteColumns(t *testing.T, raw *sql.DB, table string) []column {
	t.Helper()
	return query(t, raw, fmt.Sprintf("SELECT name, type, \"notnull\", dflt_value IS NOT NULL, pk FROM pragma_table_info(%q) ORDER BY cid", table),
		func(r *sql.Rows) (c column, err error) {
			var pk int
			err = r.Scan(&c.name, &c.typ, &c.notNull, &c.defaulted, &pk)
			if pk > 0 {
				// STRICT tables' primary keys are NOT NULL; an INTEGER
				// PRIMARY KEY (the rowid) numbers itself, as an identity does.
				c.notNull = true
				c.defaulted = c.defaulted || c.typ == "INTEGER"
			}
			return c, err
		})
}

// postgresSchema reads the schema of db's first search_path schema.
func postgresSchema(t *testing.T, db *DB) schema {
	t.Helper()
	s := schema{tables: map[string][]column{}, indexes: map[string]index{}, triggers: map[string]string{}, fks: map[string]bool{}}
	const here = "relnamespace = to_regnamespace(current_schema())"
	for _, table := range query(t, db.pool, `SELECT relname FROM pg_class WHERE `+here+`
		AND relkind IN ('r', 'p') AND relname <> 'schema_migrations'`, scanString) {
		s.tables[table] = query(t, db.pool, `SELECT attname, format_type(atttypid, atttypmod), attnotnull,
			atthasdef OR attidentity <> '' FROM pg_attribute
			WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
			func(r *sql.Rows) (c column, err error) {
				return c, r.Scan(&c.name, &c.typ, &c.notNull, &c.defaulted)
			}, table)
	}
	type ix struct {
		name string
		index
	}
	for _, i := range query(t, db.pool, `SELECT i.relname, c.relname, x.indisunique, x.indpred IS NOT NULL
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
		WHERE c.`+here+` AND c.relname <> 'schema_migrations'`,
		func(r *sql.Rows) (i ix, err error) { return i, r.Scan(&i.name, &i.table, &i.unique, &i.partial) }) {
		s.indexes[i.name] = i.index
	}
	type trigger struct{ name, table string }
	for _, g := range query(t, db.pool, `SELECT g.tgname, c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
		WHERE NOT g.tgisinternal AND c.`+here,
		func(r *sql.Rows) (g trigger, err error) { return g, r.Scan(&g.name, &g.table) }) {
		s.triggers[g.name] = g.table
	}
	for _, fk := range query(t, db.pool, `SELECT c.relname || '.' || a.attname || ' -> ' || f.relname || '.' || fa.attname
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
		JOIN pg_class f ON f.oid = k.confrelid JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1]
		WHERE k.contype = 'f' AND c.`+here+` AND cardinality(k.conkey) = 1`, scanString) {
		s.fks[fk] = true
	}
	return s
}

func scanString(r *sql.Rows) (s string, err error) { return s, r.Scan(&s) }

// query runs q and scans every row, failing the test on an error.
func query[T any](t *testing.T, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, q string, scan func(*sql.Rows) (T, error), args ...any) []T {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}
