package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/carddesk/carddesk/storage/postgres/pgtest"
)

// openTest opens a fresh database of the rig, closed when the test ends.
func openTest(t *testing.T) (*DB, string) {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	db, err := Open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dsn
}

// observed is a logger that keeps what it is given.
func observed() (*zap.Logger, *observer.ObservedLogs) {
	core, logs := observer.New(zapcore.DebugLevel)
	return zap.New(core), logs
}

// logText is every logged message and field, for looking for a password.
func logText(logs *observer.ObservedLogs) string {
	var b strings.Builder
	for _, e := range logs.All() {
		fmt.Fprintf(&b, "%s %v\n", e.Message, e.ContextMap())
	}
	return b.String()
}

func migrationsLogged(logs *observer.ObservedLogs) int {
	return logs.FilterMessage("database migrated").Len()
}

// embeddedVersion is the schema version this CardDesk migrates to.
func embeddedVersion(t *testing.T) int {
	t.Helper()
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	ctx := t.Context()
	log, logs := observed()
	db, err := Open(ctx, dsn, log)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	know := len(ms)
	if db.SchemaVersion() != know {
		t.Errorf("schema version %d, %d migrations embedded", db.SchemaVersion(), know)
	}
	if n := migrationsLogged(logs); n != len(ms) {
		t.Errorf("%d migrations logged, want %d", n, len(ms))
	}
	applied := func(db *DB) string {
		var s string
		err := db.pool.QueryRowContext(ctx, `SELECT string_agg(version || '@' || applied_at, ' ' ORDER BY version)
			FROM schema_migrations`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := applied(db)
	if !strings.HasPrefix(first, "1@") || strings.Count(first, "@") != know {
		t.Errorf("schema_migrations: %s", first)
	}
	// The default templates, as in SQLite: the first of assets/templates is the default.
	var templates, defaults int
	var def string
	if err := db.pool.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE is_default),
		max(name) FILTER (WHERE is_default) FROM badge_templates`).Scan(&templates, &defaults, &def); err != nil {
		t.Fatal(err)
	}
	if templates != 2 || defaults != 1 || def != "Employee" {
		t.Errorf("badge templates: %d, %d default (%q); want 2, 1 (Employee)", templates, defaults, def)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	log2, logs2 := observed()
	db2, err := Open(ctx, dsn, log2)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer db2.Close()
	if n := migrationsLogged(logs2); n != 0 || db2.SchemaVersion() != know {
		t.Errorf("reopening migrated %d times, schema version %d", n, db2.SchemaVersion())
	}
	if again := applied(db2); again != first {
		t.Errorf("reopening changed schema_migrations:\n%s\n%s", first, again)
	}
	if open := logs2.FilterMessage("database open").All(); len(open) != 1 ||
		open[0].ContextMap()["schema_version"] != int64(know) {
		t.Errorf("open logged %v", open)
	}
}

// Stations starting at the same moment: one migrates, the others wait for
// it and find the work done.
func TestOpenConcurrently(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	know := embeddedVersion(t)
	const stations = 6
	log, logs := observed()
	var wg sync.WaitGroup
	errs := make([]error, stations)
	dbs := make([]*DB, stations)
	start := make(chan struct{})
	for i := range stations {
		wg.Go(func() {
			<-start
			dbs[i], errs[i] = Open(t.Context(), dsn, log.With(zap.Int("station", i)))
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("station %d: %v", i, err)
			continue
		}
		if dbs[i].SchemaVersion() != know {
			t.Errorf("station %d: schema version %d", i, dbs[i].SchemaVersion())
		}
		defer dbs[i].Close()
	}
	if n := migrationsLogged(logs); n != know {
		t.Errorf("%d migrations applied by %d stations, want %d", n, stations, know)
	}
	if dbs[0] == nil {
		return
	}
	var versions, templates int
	if err := dbs[0].pool.QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM schema_migrations),
		(SELECT count(*) FROM badge_templates)`).Scan(&versions, &templates); err != nil {
		t.Fatal(err)
	}
	if versions != know || templates != 2 {
		t.Errorf("%d schema_migrations rows, %d badge templates; want %d, 2", versions, templates, know)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	db, dsn := openTest(t)
	ctx := t.Context()
	know := embeddedVersion(t)
	if _, err := db.pool.ExecContext(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", know+1); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, dsn, nil)
	var tooNew *SchemaTooNewError
	if !errors.As(err, &tooNew) || tooNew.Have != know+1 || tooNew.Know != know {
		t.Fatalf("Open of a version %d database: %v, want *SchemaTooNewError %d > %d", know+1, err, know+1, know)
	}
	u, _ := url.Parse(dsn)
	want := fmt.Sprintf(`PostgreSQL database %q on %s has schema version %d but this CardDesk only knows up to version %d; `+
		"use a newer CardDesk to open it (the database was left untouched)", strings.TrimPrefix(u.Path, "/"), u.Host, know+1, know)
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant\n%s", err, want)
	}
	var n int
	if err := db.pool.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != know+1 {
		t.Errorf("schema_migrations now has %d rows (%v), want %d", n, err, know+1)
	}
}

// A database with someone else's tables gets none of CardDesk's.
func TestOpenRefusesForeignDatabase(t *testing.T) {
	t.Parallel()
	r := pgtest.Shared(t)
	dsn := r.NewDatabase(t)
	r.Psql(t, dsn, "CREATE TABLE invoices (id int)")
	_, err := Open(t.Context(), dsn, nil)
	var foreign *ForeignDatabaseError
	if !errors.As(err, &foreign) || !strings.Contains(err.Error(), "is not a CardDesk database") {
		t.Fatalf("Open: %v, want *ForeignDatabaseError", err)
	}
	if got := r.Psql(t, dsn, "SELECT string_agg(relname, ' ') FROM pg_class WHERE relnamespace = 'public'::regnamespace"); got != "invoices" {
		t.Errorf("the database now holds %q, want invoices alone", got)
	}
	// Nor does one whose schema_migrations is another tool's.
	other := r.NewDatabase(t)
	r.Psql(t, other, "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (3, false)")
	if _, err := Open(t.Context(), other, nil); !errors.As(err, &foreign) || !strings.Contains(err.Error(), "another application's") {
		t.Errorf("Open of a database with another tool's schema_migrations: %v", err)
	}
	if got := r.Psql(t, other, "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"); got != "schema_migrations" {
		t.Errorf("that database now holds %q, want schema_migrations alone", got)
	}

	// A schema of CardDesk's own, by search_path, in the same database.
	r.Psql(t, dsn, "CREATE SCHEMA carddesk")
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", "carddesk")
	u.RawQuery = q.Encode()
	db, err := Open(t.Context(), u.String(), nil)
	if err != nil {
		t.Fatalf("Open with search_path=carddesk: %v", err)
	}
	db.Close()
	if got := r.Psql(t, dsn, "SELECT count(*) FROM carddesk.badge_templates"); got != "2" {
		t.Errorf("carddesk.badge_templates: %s rows", got)
	}
}

// A database must be UTF8; one whose LC_CTYPE is C opens with a warning.
func TestOpenChecksEncoding(t *testing.T) {
	t.Parallel()
	r := pgtest.Shared(t)
	u, _ := url.Parse(r.NewDatabase(t))
	base := strings.TrimPrefix(u.Path, "/")
	for _, c := range []struct {
		suffix, options, fails string
		warns                  bool
	}{
		{"_latin1", "ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'", "needs a UTF8 database", false},
		{"_c", "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", "", true},
		{"_cutf8", "ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'", "", false},
	} {
		name := base + c.suffix
		r.Psql(t, r.AdminDSN, "CREATE DATABASE "+name+" TEMPLATE template0 OWNER carddesk "+c.options)
		t.Cleanup(func() { r.Psql(t, r.AdminDSN, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
		u.Path = "/" + name
		log, logs := observed()
		db, err := Open(t.Context(), u.String(), log)
		if c.fails != "" {
			if err == nil || !strings.Contains(err.Error(), c.fails) {
				t.Errorf("%s: %v, want %q", c.options, err, c.fails)
			}
			if err == nil {
				db.Close()
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.options, err)
			continue
		}
		db.Close()
		if warned := logs.FilterLevelExact(zapcore.WarnLevel).FilterMessageSnippet("LC_CTYPE C").Len() > 0; warned != c.warns {
			t.Errorf("%s: warned %v, want %v:\n%s", c.options, warned, c.warns, logText(logs))
		}
	}
}

// The password comes from the URL, PGPASSWORD or ~/.pgpass, and is never
// logged. Not parallel: it sets the environment.
func TestPasswordSources(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	password, _ := u.User.Password()
	bare := *u
	bare.User = url.User(u.User.Username())
	home := t.TempDir()
	pgpass := filepath.Join(home, ".pgpass")
	t.Setenv("HOME", home)
	t.Setenv("PGPASSFILE", "")
	t.Setenv("PGPASSWORD", "")

	open := func(t *testing.T, dsn string) error {
		t.Helper()
		log, logs := observed()
		db, err := Open(t.Context(), dsn, log)
		if err == nil {
			err = db.withTx(t.Context(), true, func(tx *sql.Tx) error {
				var user string
				if err := tx.QueryRowContext(t.Context(), "SELECT current_user").Scan(&user); err != nil {
					return err
				}
				if user != "carddesk" {
					return fmt.Errorf("connected as %s", user)
				}
				return nil
			})
			db.Close()
		}
		if err != nil && strings.Contains(err.Error(), password) {
			t.Errorf("the error shows the password: %v", err)
		}
		if text := logText(logs); strings.Contains(text, password) {
			t.Errorf("the log shows the password:\n%s", text)
		} else if err == nil && !strings.Contains(text, "carddesk:xxxxx@") && strings.Contains(dsn, password) {
			t.Errorf("the log does not show the redacted connection string:\n%s", text)
		}
		return err
	}

	t.Run("URL", func(t *testing.T) {
		if err := open(t, dsn); err != nil {
			t.Error(err)
		}
	})
	t.Run("none", func(t *testing.T) {
		if err := open(t, bare.String()); err == nil {
			t.Error("Open without a password succeeded")
		}
	})
	t.Run("wrong", func(t *testing.T) {
		wrong := *u
		wrong.User = url.UserPassword(u.User.Username(), "wrong")
		if err := open(t, wrong.String()); err == nil {
			t.Error("Open with a wrong password succeeded")
		}
	})
	t.Run("PGPASSWORD", func(t *testing.T) {
		t.Setenv("PGPASSWORD", password)
		if err := open(t, bare.String()); err != nil {
			t.Error(err)
		}
	})
	t.Run("pgpass", func(t *testing.T) {
		line := fmt.Sprintf("# CardDesk\n%s:%s:*:%s:%s\n", u.Hostname(), u.Port(), u.User.Username(), password)
		if err := os.WriteFile(pgpass, []byte(line), 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(pgpass)
		if err := open(t, bare.String()); err != nil {
			t.Error(err)
		}
		// Keyword/value, everything else from the environment.
		t.Setenv("PGHOST", u.Hostname())
		t.Setenv("PGPORT", u.Port())
		t.Setenv("PGUSER", u.User.Username())
		t.Setenv("PGDATABASE", strings.TrimPrefix(u.Path, "/"))
		if err := open(t, "sslmode=disable"); err != nil {
			t.Errorf("keyword/value with PG* and ~/.pgpass: %v", err)
		}
	})
}

func TestTransactions(t *testing.T) {
	t.Parallel()
	db, _ := openTest(t)
	ctx := t.Context()
	var level, readOnly string
	err := db.withTx(ctx, false, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')").
			Scan(&level, &readOnly); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('a', '1')")
		return err
	})
	if err != nil || level != "read committed" || readOnly != "off" {
		t.Errorf("write transaction: %s, read only %s (%v)", level, readOnly, err)
	}
	err = db.withTx(ctx, true, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')").
			Scan(&level, &readOnly)
	})
	if err != nil || level != "repeatable read" || readOnly != "on" {
		t.Errorf("read transaction: %s, read only %s (%v)", level, readOnly, err)
	}
	err = db.withTx(ctx, true, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('b', '2')")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "read-only transaction") {
		t.Errorf("writing in a read transaction: %v", err)
	}
	mine := errors.New("mine")
	err = db.withTx(ctx, false, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('c', '3')"); err != nil {
			return err
		}
		return mine
	})
	if err != mine {
		t.Errorf("fn's error came back as %v", err)
	}
	var keys string
	if err := db.pool.QueryRowContext(ctx, "SELECT string_agg(key, ',' ORDER BY key) FROM settings").Scan(&keys); err != nil || keys != "a" {
		t.Errorf("settings now %q (%v), want a alone", keys, err)
	}
	// A read transaction sees one snapshot, like SQLite's View.
	err = db.withTx(ctx, true, func(tx *sql.Tx) error {
		var before, after int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM settings").Scan(&before); err != nil {
			return err
		}
		if _, err := db.pool.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('d', '4')"); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM settings").Scan(&after); err != nil {
			return err
		}
		if before != after {
			return fmt.Errorf("the read transaction saw %d rows, then %d", before, after)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// within runs a statement under a deadline, so a lock the test did not
// expect fails it instead of hanging it.
func within(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
