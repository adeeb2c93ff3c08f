package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

func dbBackupCmd() *command {
	return &command{
		name:     "db backup",
		synopsis: "FILE",
		summary:  "write a consistent copy of the station's SQLite database to FILE (administrators only)",
		detail: "The copy is made while CardDesk may be running at this station: it is one consistent\n" +
			"snapshot, written beside FILE, checked, and only then given FILE's name. FILE must not exist yet.\n" +
			"The path, size, schema version and the counts of cardholders, requests and audit events are\n" +
			"printed, and the audit log records the backup. A shared PostgreSQL database is backed up on its\n" +
			"server with pg_dump instead; the command prints the command line to use.\n" +
			"The running app also makes a daily backup (settings backup.keep and backup.dir).",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		run:     runBackup,
	}
}

func runBackup(ctx context.Context, c *call) error {
	file := c.args[0]
	info, err := c.st.Backups.Backup(ctx, c.actor, file)
	if errors.Is(err, enroll.ErrNoFileBackup) {
		return fmt.Errorf("db backup works on a station's SQLite file; this station uses a shared PostgreSQL database.\n"+
			"Back it up on the server with (password from PGPASSWORD or ~/.pgpass):\n  %s", pgDumpLine(c.g.DB, file))
	}
	if err != nil {
		return err
	}
	if c.g.JSON {
		return writeJSON(c.stdout(), backupJSON(info))
	}
	_, err = fmt.Fprintf(c.stdout(), "backup written to %s\n%s", info.Path, backupSummary(info))
	return err
}

func dbRestoreCmd() *command {
	return &command{
		name:     "db restore",
		synopsis: "FILE",
		summary:  "replace the station's SQLite database with the backup FILE (administrators only)",
		detail: "--operator NAME signs in on the database being replaced, which decides who may restore.\n" +
			"FILE must be a CardDesk database of a schema version this CardDesk knows (older ones are\n" +
			"migrated once restored) that passes SQLite's integrity check; anything else is refused and\n" +
			"nothing changes. CardDesk must not be running on this database elsewhere (close it first).\n" +
			"The database replaced is kept beside it as <database>.before-restore-<time>. The restored\n" +
			"database's audit log records the restore in the name of its operator NAME, if it has one.\n" +
			"A shared PostgreSQL database is restored on its server with pg_restore instead.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		run:     runRestore,
	}
}

func runRestore(ctx context.Context, c *call) error {
	file := c.args[0]
	info, err := c.st.Backups.Restore(ctx, c.actor, file)
	if errors.Is(err, enroll.ErrNoFileBackup) {
		return fmt.Errorf("db restore works on a station's SQLite file; this station uses a shared PostgreSQL database.\n"+
			"Close CardDesk on every station, then restore a pg_dump file on the server with:\n  %s",
			pgRestoreLine(c.g.DB, file))
	}
	if err != nil {
		return err
	}
	if c.g.JSON {
		return writeJSON(c.stdout(), struct {
			backupOut
			SafetyCopy    string `json:"safety_copy"`
			SchemaVersion int    `json:"schema_version_now"`
			Audited       bool   `json:"audited"`
		}{backupJSON(info.From), info.SafetyCopy, info.SchemaVersion, !info.NotAudited})
	}
	w := c.stdout()
	fmt.Fprintf(w, "restored from %s\n%s", info.From.Path, backupSummary(info.From))
	if info.SchemaVersion != info.From.SchemaVersion {
		fmt.Fprintf(w, "migrated to schema version %d\n", info.SchemaVersion)
	}
	if info.SafetyCopy != "" {
		fmt.Fprintf(w, "the database as it was before is kept at %s\n", info.SafetyCopy)
	}
	if info.NotAudited {
		fmt.Fprintf(w, "note: the restored database has no operator %s, so its audit log does not record this restore "+
			"(the log file does)\n", c.actor.Name)
	}
	return nil
}

type backupOut struct {
	Path          string `json:"path"`
	Size          int64  `json:"size"`
	SchemaVersion int    `json:"schema_version"`
	Cardholders   int64  `json:"cardholders"`
	Requests      int64  `json:"requests"`
	AuditEvents   int64  `json:"audit_events"`
}

func backupJSON(i enroll.BackupInfo) backupOut {
	return backupOut{i.Path, i.Size, i.SchemaVersion, i.Cardholders, i.Requests, i.AuditEvents}
}

func backupSummary(i enroll.BackupInfo) string {
	return fmt.Sprintf("size: %d bytes\nschema version: %d\ncardholders: %d\nrequests: %d\naudit events: %d\n",
		i.Size, i.SchemaVersion, i.Cardholders, i.Requests, i.AuditEvents)
}

// pgURL is the station's PostgreSQL URL for a command line to copy: the
// password (in the user part or as an option) is left out, since it would
// land in the shell history; pg_dump reads it from PGPASSWORD or ~/.pgpass.
func pgURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://USER@HOST/DATABASE"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	q.Del("password")
	u.RawQuery = q.Encode()
	u.Fragment = ""
	return u.String()
}

func pgDumpLine(dsn, file string) string {
	return fmt.Sprintf("pg_dump --format=custom --file=%s %s", shellQuote(file), shellQuote(pgURL(dsn)))
}

func pgRestoreLine(dsn, file string) string {
	return fmt.Sprintf("pg_restore --clean --if-exists --no-owner --dbname=%s %s", shellQuote(pgURL(dsn)), shellQuote(file))
}

// shellQuote quotes s for a POSIX shell when it holds more than safe characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
