package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// prepare opens the database and signs in, as the command's access needs.
// The returned closer (nil when nothing was opened) closes the database.
func (r *runner) prepare(ctx context.Context, c *call) (io.Closer, error) {
	if c.cmd.access == noStation {
		return nil, nil
	}
	if c.cmd.access == stationIfAny {
		return r.openIfExists(ctx, c)
	}
	dsn, err := r.resolveDB(c.g.DB, c.cmd.access == setupOnly)
	if err != nil {
		return nil, err
	}
	if !isURL(dsn) && !exists(dsn) {
		c.newFile = dsn
	}
	st, closer, err := r.env.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	c.st = st
	if c.cmd.access == signedIn {
		if c.actor, err = r.signIn(ctx, c); err != nil {
			_ = closer.Close()
			return nil, err
		}
	}
	return closer, nil
}

// openIfExists opens the station database without signing in, when there
// is one. A missing file is not an error here: the built-in formats need no
// station, so c.st stays nil and no file is created.
func (r *runner) openIfExists(ctx context.Context, c *call) (io.Closer, error) {
	dsn := c.g.DB
	if dsn == "" {
		if r.env.DefaultDB == nil {
			return nil, nil
		}
		def, err := r.env.DefaultDB()
		if err != nil {
			r.env.log().Info("no default database location; built-in formats only", zap.Error(err))
			return nil, nil
		}
		dsn = def
	}
	if !isURL(dsn) && !exists(dsn) {
		c.missingDB = dsn
		return nil, nil
	}
	st, closer, err := r.env.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	c.st = st
	return closer, nil
}

// resolveDB picks the database path. Only setup may create a new file: for
// every other command a missing file is far more likely a wrong --db than
// a wish for an empty station.
func (r *runner) resolveDB(dsn string, mayCreate bool) (string, error) {
	if dsn == "" {
		if r.env.DefaultDB == nil {
			return "", usageErrorf("--db DSN is required (or set %s)", EnvDB)
		}
		def, err := r.env.DefaultDB()
		if err != nil {
			return "", fmt.Errorf("default database location: %w; pass --db", err)
		}
		dsn = def
		if mayCreate {
			if err := os.MkdirAll(filepath.Dir(dsn), 0o700); err != nil {
				return "", fmt.Errorf("create the database folder: %w", err)
			}
		}
	}
	if mayCreate || isURL(dsn) {
		return dsn, nil
	}
	if _, err := os.Stat(dsn); errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("no CardDesk database at %s; check --db, or create one with: carddesk setup --admin NAME", dsn)
	}
	return dsn, nil
}

func isURL(dsn string) bool { return strings.Contains(dsn, "://") }

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, os.ErrNotExist)
}

// removeNewDatabase deletes a database file this run created, with SQLite's
// side files, after the command failed: a refused setup leaves nothing behind.
func removeNewDatabase(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// signIn checks the operator's password; failures count towards lockout
// inside enroll, exactly as at the desk.
func (r *runner) signIn(ctx context.Context, c *call) (enroll.Actor, error) {
	empty, err := c.st.Operators.NeedsSetup(ctx)
	if err != nil {
		return enroll.Actor{}, err
	}
	if empty {
		return enroll.Actor{}, errors.New("this station has no operators yet; create the first administrator with: carddesk setup --admin NAME")
	}
	pw, err := r.env.password(EnvPassword, fmt.Sprintf("Password for %s: ", c.g.Operator))
	if err != nil {
		return enroll.Actor{}, err
	}
	return c.st.Operators.SignIn(ctx, c.g.Operator, pw)
}

// password reads a password from the environment variable, else from a
// no-echo prompt on the terminal.
func (e *Env) password(envVar, prompt string) (string, error) {
	if pw := e.getenv(envVar); pw != "" {
		return pw, nil
	}
	if e.ReadPassword == nil {
		return "", fmt.Errorf("a password is needed: set %s, or run on a terminal to be asked", envVar)
	}
	pw, err := e.ReadPassword(prompt)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	return pw, nil
}

// newPassword reads a password being chosen: from the environment variable,
// else asked twice on the terminal so a typo cannot lock the account out.
func (e *Env) newPassword(envVar, who string) (string, error) {
	if pw := e.getenv(envVar); pw != "" {
		return pw, nil
	}
	if e.ReadPassword == nil {
		return "", fmt.Errorf("a password for %s is needed: set %s, or run on a terminal to be asked", who, envVar)
	}
	first, err := e.ReadPassword(fmt.Sprintf("New password for %s: ", who))
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	second, err := e.ReadPassword("Repeat the password: ")
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	if first != second {
		return "", errors.New("the two passwords differ; nothing was changed")
	}
	return first, nil
}
