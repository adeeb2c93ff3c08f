package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// DBCopy is what Env.CopyDB did.
type DBCopy struct {
	From, To string       // the databases, passwords masked
	Tables   []TableCount // the rows copied, table by table in the order copied
}

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string
	Rows  int64
}

func dbCmds() []*command { return []*command{dbCopyCmd(), dbBackupCmd(), dbRestoreCmd()} }

func dbCopyCmd() *command {
	var from, to string
	return &command{
		name:     "db copy",
		synopsis: "--from DSN --to DSN",
		summary:  "copy a station's data into an empty database, such as a desk's SQLite file onto a shared PostgreSQL server",
		detail: fmt.Sprintf("Each DSN is a SQLite file path or a postgres:// URL, as for --db (which db copy does not use).\n"+
			"The source must exist. The target must hold no station data: a new SQLite file is created, a new\n"+
			"PostgreSQL database gets CardDesk's schema. Every row keeps its id, and the copy is one transaction:\n"+
			"the target gets all of it or none. The rows copied are printed per table.\n"+
			"--operator NAME is required: an administrator of the source, who signs in there (password from\n"+
			"%s, else asked). The target's audit log records the copy in that name.", EnvPassword),
		// The database is not --db's: run opens the source itself and signs
		// in there, since an empty target has nobody to sign in as.
		access: noStation,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&from, "from", "", "the station's database `DSN` to copy (required)")
			fs.StringVar(&to, "to", "", "the empty database `DSN` to copy into (required)")
		},
		check: func() error {
			switch {
			case from == "":
				return usageErrorf("--from DSN is required: the database to copy")
			case to == "":
				return usageErrorf("--to DSN is required: the empty database to copy into")
			case from == to:
				return usageErrorf("--from and --to name the same database; copy into another one")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error { return copyDB(ctx, c, from, to) },
	}
}

func copyDB(ctx context.Context, c *call, from, to string) error {
	if c.env.CopyDB == nil {
		return errors.New("this build cannot copy databases")
	}
	if c.g.Operator == "" {
		return usageErrorf("--operator NAME is required: an administrator of the source database (or set %s)", EnvOperator)
	}
	// Checked here, before Open would create an empty file to read from.
	if !isURL(from) && !exists(from) {
		return fmt.Errorf("no CardDesk database at %s; check --from", from)
	}
	a, err := c.runner.signInAt(ctx, c, from)
	if err != nil {
		return err
	}
	if a.Role != enroll.RoleAdmin {
		return fmt.Errorf("%s is no administrator of the source; only an administrator may copy a station", a.Name)
	}
	res, err := c.env.CopyDB(ctx, from, to, a)
	if err != nil {
		return err
	}
	var total int64
	rows := make(map[string]int64, len(res.Tables))
	for _, t := range res.Tables {
		total += t.Rows
		rows[t.Table] = t.Rows
	}
	if c.g.JSON {
		return writeJSON(c.stdout(), struct {
			From   string           `json:"from"`
			To     string           `json:"to"`
			Tables map[string]int64 `json:"tables"`
			Rows   int64            `json:"rows"`
		}{res.From, res.To, rows, total})
	}
	t := newTable(c.stdout(), "TABLE", "ROWS")
	for _, tc := range res.Tables {
		t.row(tc.Table, strconv.FormatInt(tc.Rows, 10))
	}
	if err := t.flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout(), "copied %d rows from %s to %s\n", total, res.From, res.To)
	return err
}

// signInAt signs the operator in on the station at dsn and closes it
// again: db copy checks who asks on the source, then copies on its own
// connections.
func (r *runner) signInAt(ctx context.Context, c *call, dsn string) (enroll.Actor, error) {
	st, closer, err := r.env.Open(ctx, dsn)
	if err != nil {
		return enroll.Actor{}, fmt.Errorf("source: %w", err)
	}
	defer func() {
		if err := closer.Close(); err != nil {
			r.env.log().Warn("closing the source after signing in", zap.Error(err))
		}
	}()
	c.st = st
	defer func() { c.st = nil }()
	return r.signIn(ctx, c)
}
