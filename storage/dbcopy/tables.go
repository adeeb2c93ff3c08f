package dbcopy

import (
	"fmt"
	"strings"
)

// table is one table of station data that a copy carries over.
type table struct {
	name string
	// key orders the rows read (the primary key), so a copy inserts them
	// in the order they were made.
	key string
	// serial is the column whose values the database hands out (the id of
	// an identity column in PostgreSQL, a rowid alias in SQLite); its
	// counter is carried over so the target never hands out an id the
	// source already used. "" for tables keyed by text.
	serial string
	// seeded tables get rows from the migrations themselves (the default
	// badge templates), so a new target holds some already: they do not make
	// it non-empty, and the copy replaces them with the source's.
	seeded bool
	// one and many name the rows in messages: 1 operator, 3 operators.
	one, many string
}

// tables is every table of station data in foreign-key order: each comes
// after the tables it references, so rows can be inserted as read with
// every constraint checked at once. (SQLite holds card_requests.template_id
// by triggers, PostgreSQL by a foreign key: badge_templates first either
// way.) TestPlanCoversSchema fails when a migration adds a table that is
// neither here nor in derived.
var tables = []table{
	{name: "operators", key: "id", serial: "id", one: "operator", many: "operators"},
	{name: "cardholders", key: "id", serial: "id", one: "cardholder", many: "cardholders"},
	{name: "request_reasons", key: "id", serial: "id", one: "request reason", many: "request reasons"},
	{name: "credentials", key: "id", serial: "id", one: "credential", many: "credentials"},
	{name: "badge_templates", key: "id", serial: "id", seeded: true, one: "badge template", many: "badge templates"},
	{name: "card_requests", key: "id", serial: "id", one: "card request", many: "card requests"},
	{name: "settings", key: "key", one: "setting", many: "settings"},
	{name: "audit_events", key: "id", serial: "id", one: "audit event", many: "audit events"},
	{name: "mail_outbox", key: "id", serial: "id", one: "queued mail", many: "queued mails"},
	{name: "card_formats", key: "id", one: "custom card format", many: "custom card formats"},
	{name: "reader_configs", key: "name", one: "reader configuration", many: "reader configurations"},
	{name: "print_jobs", key: "id", serial: "id", one: "print job", many: "print jobs"},
	{name: "printer_profiles", key: "printer", one: "printer profile", many: "printer profiles"},
	{name: "ordered_cards", key: "card_id", one: "ordered card", many: "ordered cards"},
	{name: "temp_cards", key: "card_id", one: "temporary card", many: "temporary cards"},
}

// derived are the tables a copy leaves alone: the schema's own bookkeeping,
// which each database keeps by its migrations, and the search words, which
// the target's triggers (SQLite: FTS5 tables and their shadow tables;
// PostgreSQL: requests_fts and the prefix tables) write as the rows arrive. Values are the reason.
var derived = map[string]string{
	"schema_migrations": "PostgreSQL's applied migrations, the target's own",
	"sqlite_sequence":   "SQLite's AUTOINCREMENT counters, set from the source's after the copy",
	"cardholders_fts":   "search words, written by the target's triggers",
	"requests_fts":      "search words, written by the target's triggers",
	// PostgreSQL's prefix search (storage/postgres migration 0010).
	"cardholder_prefixes":  "search prefixes, written by the target's triggers",
	"search_prefix_counts": "search counters, written by the target's triggers",
	"request_prefixes":     "search prefixes, written by the target's triggers",
}

// isDerived reports whether the copy leaves a table of the schema alone:
// one listed in derived, a shadow table of one of them (cardholders_fts_data
// and the like) or one of SQLite's internal tables (sqlite_stat1).
func isDerived(name string) bool {
	if _, ok := derived[name]; ok {
		return true
	}
	if strings.HasPrefix(name, "sqlite_") {
		return true
	}
	for d := range derived {
		if strings.HasPrefix(name, d+"_") {
			return true
		}
	}
	return false
}

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string
	Rows  int64
}

// describe names an amount of rows for people: "1 operator", "3 operators".
func (t table) describe(n int64) string {
	if n == 1 {
		return "1 " + t.one
	}
	return fmt.Sprintf("%d %s", n, t.many)
}

func lookupTable(name string) (table, bool) {
	for _, t := range tables {
		if t.name == name {
			return t, true
		}
	}
	return table{}, false
}
