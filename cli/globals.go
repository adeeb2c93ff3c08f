package cli

import (
	"flag"
	"io"
	"strings"
)

// Environment variables the command line reads.
const (
	EnvDB          = "CARDDESK_DB"
	EnvOperator    = "CARDDESK_OPERATOR"
	EnvPassword    = "CARDDESK_PASSWORD"
	EnvNewPassword = "CARDDESK_NEW_PASSWORD"
)

// Globals are the flags every command accepts, before or after its name.
type Globals struct {
	DB       string // --db or CARDDESK_DB; "" means the default path
	Operator string // --operator or CARDDESK_OPERATOR
	JSON     bool
	Demo     bool
	Version  bool
	Help     bool
}

// bind adds the global flags to fs, so each command's FlagSet accepts them
// wherever they appear on the line.
func (g *Globals) bind(fs *flag.FlagSet) {
	fs.StringVar(&g.DB, "db", g.DB, "database `DSN`: a SQLite file path or a postgres:// URL")
	fs.StringVar(&g.Operator, "operator", g.Operator, "operator `NAME` who acts")
	fs.BoolVar(&g.JSON, "json", g.JSON, "machine-readable JSON output")
	fs.BoolVar(&g.Demo, "demo", g.Demo, "open the app on a fresh demo database")
	fs.BoolVar(&g.Version, "version", g.Version, "print the version")
	fs.BoolVar(&g.Version, "v", g.Version, "print the version")
	fs.BoolVar(&g.Help, "help", g.Help, "show help")
	fs.BoolVar(&g.Help, "h", g.Help, "show help")
}

// fromEnv fills what the flags left empty from the environment.
func (g *Globals) fromEnv(getenv func(string) string) {
	if g.DB == "" {
		g.DB = getenv(EnvDB)
	}
	if g.Operator == "" {
		g.Operator = getenv(EnvOperator)
	}
}

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by Run with the right usage text
	return fs
}

// parseLeading parses the flags before the first word (standard flag
// behaviour) and returns the rest, starting at that word.
func parseLeading(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return fs.Args(), nil
}

// parseInterleaved parses flags anywhere among args and returns the
// positional arguments in order. Everything after "--" is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		used := len(args) - len(rest)
		if used > 0 && args[used-1] == "--" && !isFlagValue(fs, args, used-1) {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isFlagValue reports whether args[i] was consumed as the value of the flag
// before it (as in --note --) rather than ending the flags.
func isFlagValue(fs *flag.FlagSet, args []string, i int) bool {
	if i == 0 {
		return false
	}
	name := strings.TrimLeft(args[i-1], "-")
	if name == "" || name == args[i-1] || strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}
