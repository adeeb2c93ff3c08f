package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

var sqliteMagic = []byte("SQLite format 3\x00")

// headerSize is the fixed size of the SQLite database header.
const headerSize = 100

// fileState is what inspect learned without writing anything.
type fileState struct {
	hasData bool // false: missing or empty file, to be initialised
}

// inspect decides, without changing a single byte, whether path may be opened
// for writing: it must be missing, empty, or a healthy CardDesk database no
// newer than this binary.
func inspect(ctx context.Context, path string, know int) (fileState, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fileState{}, nil
	}
	if err != nil {
		return fileState{}, fmt.Errorf("checking database %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return fileState{}, fmt.Errorf("database %s is not a regular file (it is a %s); it was left untouched",
			path, describeMode(fi.Mode()))
	}
	if fi.Size() == 0 {
		return fileState{}, nil // SQLite treats an empty file as an empty database
	}
	walExists, err := exists(path + "-wal")
	if err != nil {
		return fileState{}, fmt.Errorf("checking database %s: %w", path, err)
	}
	if err := checkHeader(path, fi.Size(), walExists); err != nil {
		return fileState{}, err
	}
	return probe(ctx, path, walExists, know)
}

// checkHeader catches non-SQLite files and plain truncation before SQLite is
// asked to open anything.
func checkHeader(path string, size int64, walExists bool) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("checking database %s: %w", path, err)
	}
	defer f.Close()
	h := make([]byte, headerSize)
	n, err := io.ReadFull(f, h)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("checking database %s: %w", path, err)
	}
	h = h[:n]
	if len(h) < len(sqliteMagic) || !bytes.Equal(h[:len(sqliteMagic)], sqliteMagic) {
		return &NotDatabaseError{Path: path}
	}
	if len(h) < headerSize {
		return &CorruptError{Path: path, Detail: fmt.Sprintf("the file is truncated: only %d bytes", size)}
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return &CorruptError{Path: path, Detail: "the header has an invalid page size"}
	}
	// The page count at offset 28 is only trustworthy when the "version valid
	// for" number matches the change counter; with a -wal file the main file
	// may legitimately lag behind.
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	valid := binary.BigEndian.Uint32(h[92:96]) == binary.BigEndian.Uint32(h[24:28])
	if !walExists && valid && pages > 0 && pages*pageSize > size {
		return &CorruptError{Path: path, Detail: fmt.Sprintf(
			"the file is truncated: %d bytes where %d were expected", size, pages*pageSize)}
	}
	return nil
}

// probe opens the file read-only. Without a -wal file it opens it as
// immutable, so SQLite takes no locks and creates no -wal/-shm files next to
// a file that may not be ours.
func probe(ctx context.Context, path string, walExists bool, know int) (fileState, error) {
	params := url.Values{"mode": {"ro"}}
	if !walExists {
		params.Set("immutable", "1")
	}
	pool, err := sql.Open("sqlite", dsn(path, params))
	if err != nil {
		return fileState{}, fmt.Errorf("checking database %s: %w", path, err)
	}
	defer pool.Close()
	pool.SetMaxOpenConns(1)
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fileState{}, probeErr(path, err)
	}
	defer conn.Close()

	var appID int64
	var version, objects int
	err = conn.QueryRowContext(ctx, `SELECT
		(SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\')`).
		Scan(&appID, &version, &objects)
	if err != nil {
		return fileState{}, probeErr(path, err)
	}
	switch {
	case appID == applicationID:
		if version > know {
			return fileState{}, &SchemaTooNewError{Path: path, Have: version, Know: know}
		}
	case appID != 0:
		return fileState{}, &ForeignDatabaseError{Path: path, Reason: fmt.Sprintf(
			"it is an SQLite database of another application, application id 0x%08x", uint32(appID))}
	case objects > 0:
		return fileState{}, &ForeignDatabaseError{Path: path,
			Reason: "it is an SQLite database with other tables and no CardDesk schema"}
	case version != 0:
		return fileState{}, &ForeignDatabaseError{Path: path, Reason: fmt.Sprintf(
			"it is an SQLite database of another application, user version %d", version)}
	}
	// A full page-by-page check costs ~0.3 s per 100,000 cardholders, on the
	// start-up path of every desk. It runs only before a migration rewrites the
	// file; the header checks above catch truncation at every open, and SQLite
	// reports damage it meets later as an error, never silently.
	check := rootCheck
	if version < know {
		check = quickCheck
	}
	if err := check(ctx, conn, path); err != nil {
		return fileState{}, err
	}
	return fileState{hasData: true}, nil
}

// rootCheck reads the first entry of every table and index, so a wrecked
// b-tree root (the usual result of a bad copy or a foreign write) is refused
// at open for the cost of a few page reads.
func rootCheck(ctx context.Context, conn *sql.Conn, path string) error {
	rows, err := conn.QueryContext(ctx, `SELECT type, name, tbl_name FROM sqlite_schema
		WHERE type IN ('table','index') AND rootpage > 0 AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND (type = 'table' OR sql NOT LIKE '% WHERE %')`)
	if err != nil {
		return probeErr(path, err)
	}
	type object struct{ kind, name, table string }
	var objs []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.kind, &o.name, &o.table); err != nil {
			rows.Close()
			return probeErr(path, err)
		}
		objs = append(objs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return probeErr(path, err)
	}
	for _, o := range objs {
		q := fmt.Sprintf(`SELECT 1 FROM %s LIMIT 1`, quoteIdent(o.table))
		if o.kind == "index" {
			q = fmt.Sprintf(`SELECT 1 FROM %s INDEXED BY %s LIMIT 1`, quoteIdent(o.table), quoteIdent(o.name))
		}
		var one int
		if err := conn.QueryRowContext(ctx, q).Scan(&one); err != nil && !errors.Is(err, sql.ErrNoRows) {
			if ce := probeErr(path, err); errors.As(ce, new(*CorruptError)) {
				return ce
			}
			// An index the planner cannot scan on its own is not evidence of damage.
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quickCheck(ctx context.Context, conn *sql.Conn, path string) error {
	rows, err := conn.QueryContext(ctx, "PRAGMA quick_check(5)")
	if err != nil {
		return probeErr(path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return probeErr(path, err)
		}
		if s != "ok" {
			s = strings.TrimPrefix(s, "*** in database main ***\n")
			problems = append(problems, strings.ReplaceAll(s, "\n", "; "))
		}
	}
	if err := rows.Err(); err != nil {
		return probeErr(path, err)
	}
	if len(problems) > 0 {
		return &CorruptError{Path: path, Detail: "integrity check: " + strings.Join(problems, "; ")}
	}
	return nil
}

// probeErr turns SQLite's corruption codes into *CorruptError; anything else
// (permissions, locks) keeps its own cause.
func probeErr(path string, err error) error {
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT:
			return &CorruptError{Path: path, Detail: se.Error()}
		case sqlite3.SQLITE_NOTADB:
			return &CorruptError{Path: path, Detail: "the file has an SQLite header but its contents are not a database"}
		}
	}
	return fmt.Errorf("checking database %s (it was left untouched): %w", path, err)
}

func exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func describeMode(m fs.FileMode) string {
	if m.IsDir() {
		return "folder"
	}
	return "special file"
}
