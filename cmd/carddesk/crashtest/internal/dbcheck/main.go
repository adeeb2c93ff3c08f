// Command dbcheck prints what SQLite's own checks find in a database file:
// the rows of PRAGMA integrity_check, then "foreign_key_check N" with the
// number of rows PRAGMA foreign_key_check reports. The file is opened read
// only.
//
// The crash tests run it as a program of its own rather than in the test
// binary: under go test -race, SQLite's C-turned-Go code is instrumented
// too, and checking a 100,000-cardholder database then takes minutes
// instead of seconds.
package main

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dbcheck FILE.db")
		os.Exit(2)
	}
	if err := check(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "dbcheck:", err)
		os.Exit(1)
	}
}

func check(path string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity_check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		fmt.Println(line)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity_check: %w", err)
	}
	var fk int
	if err := db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil {
		return fmt.Errorf("foreign_key_check: %w", err)
	}
	fmt.Println("foreign_key_check", fk)
	return nil
}
