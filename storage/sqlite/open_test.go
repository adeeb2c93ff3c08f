package sqlite

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/migrations"
	"github.com/carddesk/carddesk/storage/storagetest"
)

// snapshot is everything Open could have changed: the file's bytes and the
// names in its folder (no -wal, -shm or -journal may appear).
type snapshot struct {
	data  []byte
	names []string
}

func takeSnapshot(t *testing.T, path string) snapshot {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return snapshot{data, names}
}

func (s snapshot) assertSame(t *testing.T, path string) {
	t.Helper()
	now := takeSnapshot(t, path)
	if !bytes.Equal(now.data, s.data) {
		t.Errorf("%s was changed by a refused Open", path)
	}
	if !slices.Equal(now.names, s.names) {
		t.Errorf("folder changed by a refused Open: before %v, after %v", s.names, now.names)
	}
}

// rawExec changes a file behind CardDesk's back, as another program would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// newCardDeskFile makes a closed CardDesk database holding n cardholders.
func newCardDeskFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carddesk.db")
	db, err := Open(t.Context(), path, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		err = db.Update(t.Context(), func(tx enroll.Tx) error {
			return tx.Cardholders().CreateMany(t.Context(), storagetest.GenCardholders(n, 1))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenRefusesWithoutTouching(t *testing.T) {
	for _, tc := range []struct {
		name  string
		make  func(t *testing.T) string
		check func(t *testing.T, err error)
	}{
		{"text file", func(t *testing.T) string {
			return writeFile(t, []byte("name,email\nJan,jan@example.com\n"))
		}, wantAs[*NotDatabaseError]("not a CardDesk database (not an SQLite file)")},
		{"shorter than the magic", func(t *testing.T) string {
			return writeFile(t, []byte("SQLite"))
		}, wantAs[*NotDatabaseError]("not an SQLite file")},
		{"magic only", func(t *testing.T) string {
			return writeFile(t, append([]byte("SQLite format 3\x00"), make([]byte, 40)...))
		}, wantAs[*CorruptError]("truncated")},
		{"other application's database", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, p, "CREATE TABLE things (x)", "INSERT INTO things VALUES (1)", "PRAGMA application_id = 305419896")
			return p
		}, wantAs[*ForeignDatabaseError]("application id 0x12345678")},
		{"database without application id", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, p, "CREATE TABLE things (x)")
			return p
		}, wantAs[*ForeignDatabaseError]("no CardDesk schema")},
		{"other application's WAL database", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, p, "PRAGMA journal_mode = WAL", "CREATE TABLE things (x)", "INSERT INTO things VALUES (1)")
			return p
		}, wantAs[*ForeignDatabaseError]("no CardDesk schema")},
		{"truncated CardDesk database", func(t *testing.T) string {
			p := newCardDeskFile(t, 2000)
			fi, _ := os.Stat(p)
			if err := os.Truncate(p, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
			return p
		}, wantAs[*CorruptError]("truncated")},
		{"damaged CardDesk database", func(t *testing.T) string {
			p := newCardDeskFile(t, 2000)
			root, size := rootPage(t, p, "cardholders_name")
			data, _ := os.ReadFile(p)
			for i := (root - 1) * size; i < root*size; i++ {
				data[i] = 0xA5 // wreck the index's root page
			}
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}, wantAs[*CorruptError]("damaged")},
		{"newer schema", func(t *testing.T) string {
			p := newCardDeskFile(t, 1)
			rawExec(t, p, "PRAGMA user_version = 99")
			return p
		}, func(t *testing.T, err error) {
			var e *SchemaTooNewError
			if know := latestVersion(t); !errors.As(err, &e) || e.Have != 99 || e.Know != know {
				t.Fatalf("got %v, want *SchemaTooNewError{Have: 99, Know: %d}", err, know)
			}
			for _, s := range []string{"99", fmt.Sprintf("version %d", latestVersion(t)), "newer CardDesk"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q should mention %q", err, s)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.make(t)
			before := takeSnapshot(t, path)
			db, err := Open(t.Context(), path, zaptest.NewLogger(t))
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want it refused")
			}
			t.Logf("refused: %v", err)
			tc.check(t, err)
			if !strings.Contains(err.Error(), path) {
				t.Errorf("message %q should name the file", err)
			}
			before.assertSame(t, path)
		})
	}
}

func rootPage(t *testing.T, path, name string) (root, pageSize int) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.QueryRow("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = ?", name).
		Scan(&root, &pageSize)
	if err != nil {
		t.Fatal(err)
	}
	return root, pageSize
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "carddesk.db")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func wantAs[E error](phrase string) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var e E
		if !errors.As(err, &e) {
			t.Fatalf("got %T %v, want %T", err, err, e)
		}
		if !strings.Contains(err.Error(), phrase) || !strings.Contains(err.Error(), "left untouched") {
			t.Errorf("message %q should say %q and that the file was left untouched", err, phrase)
		}
	}
}

func TestOpenFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(t.Context(), dir, nil); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Fatalf("Open(folder) = %v, want an error about a folder", err)
	}
}

func TestNewFileIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new folder")
	path := filepath.Join(dir, "odd ?#% name.db") // URI characters must not break the DSN
	db, err := Open(t.Context(), path, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(t.Context(), func(tx enroll.Tx) error {
		return tx.Settings().Set(t.Context(), "k", "v")
	}); err != nil {
		t.Fatal(err)
	}
	if know := latestVersion(t); db.Path() != path || db.SchemaVersion() != know {
		t.Errorf("Path, SchemaVersion = %q, %d; want %q, %d", db.Path(), db.SchemaVersion(), path, know)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
	var appID, mode string
	if err := db.r.QueryRow("SELECT (SELECT application_id FROM pragma_application_id), "+
		"(SELECT journal_mode FROM pragma_journal_mode)").Scan(&appID, &mode); err != nil {
		t.Fatal(err)
	}
	if appID != "1128551236" || mode != "wal" {
		t.Errorf("application_id, journal_mode = %s, %s; want 1128551236 (CDSD), wal", appID, mode)
	}
}

func TestEmptyFileIsInitialised(t *testing.T) {
	path := writeFile(t, nil)
	db, err := Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if db.SchemaVersion() != latestVersion(t) {
		t.Errorf("SchemaVersion = %d", db.SchemaVersion())
	}
}

// latestVersion is the schema version this build migrates to.
func latestVersion(t *testing.T) int {
	t.Helper()
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

func testMigrations(t *testing.T, extra ...string) []migration {
	t.Helper()
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, sql := range extra {
		ms = append(ms, migration{Version: len(ms) + 1, Name: "test" + string(rune('a'+i)), SQL: sql})
	}
	return ms
}

func TestMigrationBacksUpFirst(t *testing.T) {
	path := newCardDeskFile(t, 10)
	if backups, _ := filepath.Glob(path + ".bak-*"); len(backups) != 0 {
		t.Fatalf("a new database needs no backup, found %v", backups)
	}
	// Reopening a current database makes no backup either.
	db, err := Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = open(t.Context(), path, zaptest.NewLogger(t),
		testMigrations(t, "CREATE TABLE extra (x INTEGER); INSERT INTO extra VALUES (7);"))
	if err != nil {
		t.Fatal(err)
	}
	know := latestVersion(t)
	if db.SchemaVersion() != know+1 {
		t.Errorf("SchemaVersion = %d, want %d", db.SchemaVersion(), know+1)
	}
	db.Close()

	backups, _ := filepath.Glob(path + fmt.Sprintf(".bak-v%d-*", know))
	if len(backups) != 1 {
		t.Fatalf("want one backup %s.bak-v%d-<timestamp>, found %v", path, know, backups)
	}
	if fi, _ := os.Stat(backups[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	// The backup is the old database, whole: it opens as version 1 with its data.
	old, err := Open(t.Context(), backups[0], nil)
	if err != nil {
		t.Fatalf("backup does not open: %v", err)
	}
	defer old.Close()
	n, err := countCardholders(t, old)
	if err != nil || n != 10 || old.SchemaVersion() != know {
		t.Errorf("backup has %d cardholders (%v) at version %d, want 10 at %d", n, err, old.SchemaVersion(), know)
	}
}

func countCardholders(t *testing.T, db *DB) (int, error) {
	var n int
	err := db.View(t.Context(), func(tx enroll.Tx) error {
		var err error
		n, err = tx.Cardholders().Count(t.Context(), enroll.CardholderQuery{})
		return err
	})
	return n, err
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	path := newCardDeskFile(t, 3)
	_, err := open(t.Context(), path, zaptest.NewLogger(t),
		testMigrations(t, "CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);"))
	know := latestVersion(t)
	if want := fmt.Sprintf("schema version %d", know+1); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Open with a broken migration = %v, want an error naming %s", err, want)
	}
	db, err := Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var half int
	if err := db.r.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").Scan(&half); err != nil {
		t.Fatal(err)
	}
	if db.SchemaVersion() != know || half != 0 {
		t.Errorf("after a failed migration: version %d, table half exists: %v", db.SchemaVersion(), half == 1)
	}
}

func TestLoadMigrationsNeedsNoGaps(t *testing.T) {
	for _, tc := range []struct {
		files []string
		ok    bool
	}{
		{[]string{"0001_init.sql", "0002_more.sql"}, true},
		{[]string{"0001_init.sql", "0003_more.sql"}, false},
		{[]string{"0002_more.sql"}, false},
		{[]string{"init.sql"}, false},
		{nil, false},
	} {
		fsys := fstest.MapFS{}
		for _, f := range tc.files {
			fsys[f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
		}
		_, err := migrations.Load(fsys)
		if (err == nil) != tc.ok {
			t.Errorf("migrations.Load(%v) error = %v, want ok=%v", tc.files, err, tc.ok)
		}
	}
}

// A station installed with the first release keeps its data when a newer
// CardDesk opens it: every later migration applies on top of version 1.
func TestUpgradeFromFirstRelease(t *testing.T) {
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "carddesk.db")
	db, err := open(t.Context(), path, zaptest.NewLogger(t), ms[:1])
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	k := enroll.Credential{Format: "h10301", Bits: "10000000100000000000001011",
		Fields: map[string]string{"facility": "1", "card": "5"}, Status: enroll.CredentialActive, CreatedAt: now, UpdatedAt: now}
	if err := db.Update(t.Context(), func(tx enroll.Tx) error { return tx.Credentials().Create(t.Context(), &k) }); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(t.Context(), path, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.SchemaVersion() != len(ms) {
		t.Errorf("SchemaVersion = %d, want %d", db.SchemaVersion(), len(ms))
	}
	err = db.View(t.Context(), func(tx enroll.Tx) error {
		got, err := tx.Credentials().ByID(t.Context(), k.ID)
		if err != nil || got.Bits != k.Bits {
			t.Errorf("credential after upgrade: %+v, %v", got, err)
		}
		fs, err := tx.Formats().List(t.Context())
		if err != nil || len(fs) != 0 {
			t.Errorf("custom formats after upgrade: %v, %v; want none", fs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Each reader keeps a page cache of its own, so there are as many as the
// CPUs can use at once, two at least (a list page and its count), and no
// more than four however many CPUs the desk has.
func TestReaderConnections(t *testing.T) {
	for _, tc := range []struct{ procs, want int }{{1, 2}, {2, 2}, {3, 3}, {4, 4}, {8, 4}, {64, 4}} {
		if got := readersFor(tc.procs); got != tc.want {
			t.Errorf("%d CPUs: %d readers, want %d", tc.procs, got, tc.want)
		}
	}
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "readers.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, want := db.r.Stats().MaxOpenConnections, readers(); got != want {
		t.Errorf("the reader pool opens up to %d connections, want %d", got, want)
	}
}
