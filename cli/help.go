package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

func helpCmd() *command {
	return &command{
		name:     "help",
		synopsis: "[COMMAND]",
		summary:  "show this help, or the help of one command",
		access:   noStation,
		maxArgs:  2,
		run: func(_ context.Context, c *call) error {
			r := c.runner
			switch name := strings.Join(c.args, " "); {
			case name == "":
				r.printMainUsage(c.stdout())
			case lookup(r.cmds, name) != nil:
				r.printCommandUsage(c.stdout(), lookup(r.cmds, name))
			case len(groupOf(r.cmds, name)) > 0:
				r.printGroupUsage(c.stdout(), name)
			default:
				return usageErrorf("no help for %q: it is not a command", name)
			}
			return nil
		},
	}
}

func (r *runner) printMainUsage(w io.Writer) {
	fmt.Fprintf(w, "CardDesk %s: enrollment station for physical access cards.\n\n", orUnknown(r.env.Version))
	fmt.Fprint(w, `Usage:
  carddesk [--db DSN]               open the desktop app
  carddesk --demo                   open the app on a fresh demo database in a temporary
                                    folder (removed on exit); sign in as demo / demo
  carddesk COMMAND [ARGUMENTS] [FLAGS]

Commands:
`)
	var later []*command
	for _, c := range r.cmds {
		if c.later {
			later = append(later, c)
			continue
		}
		printEntry(w, c)
	}
	fmt.Fprint(w, "\nNot available in this version yet (exit code 2):\n")
	for _, c := range later {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(c.name+" "+c.synopsis))
	}
	fmt.Fprintf(w, `
Global flags (before or after the command):
  --db DSN          a SQLite file (default %s) or, for stations that
                    share one database, a postgres:// URL (env %s)
  --operator NAME   who acts; required by every command that reads or changes
                    station data, except setup, version, help and formats
                    list/encode/decode (env %s)
  --json            machine-readable JSON output where a command prints data
  --demo            open the app on a demo database (see above)
  -v, --version     print the version
  -h, --help        show this help; after a command, that command's help

Passwords: the operator's from %s, else asked on the terminal (no echo);
a new operator's from %s, else asked twice. New passwords need at least %d characters.
Exit codes: 0 success; 1 refused or bad data (the reason is on stderr); 2 usage error.
`, r.defaultDBText(), EnvDB, EnvOperator, EnvPassword, EnvNewPassword, enroll.MinPasswordLength)
}

func printEntry(w io.Writer, c *command) {
	fmt.Fprintf(w, "  %s\n", strings.TrimSpace(c.name+" "+c.synopsis))
	fmt.Fprintf(w, "        %s\n", c.summary)
}

func (r *runner) defaultDBText() string {
	if r.env.DefaultDB == nil {
		return "none"
	}
	p, err := r.env.DefaultDB()
	if err != nil {
		return "<user config dir>/carddesk/carddesk.db"
	}
	return p
}

func (r *runner) printGroupUsage(w io.Writer, group string) {
	fmt.Fprintf(w, "Usage: carddesk %s COMMAND [ARGUMENTS] [FLAGS]\n\nCommands:\n", group)
	for _, c := range groupOf(r.cmds, group) {
		if c.later {
			fmt.Fprintf(w, "  %s\n        (not available in this version yet)\n", strings.TrimSpace(c.name+" "+c.synopsis))
			continue
		}
		printEntry(w, c)
	}
	fmt.Fprintf(w, "\nRun 'carddesk %s COMMAND --help' for a command's flags, 'carddesk --help' for the global flags.\n", group)
}

func (r *runner) printCommandUsage(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "Usage: carddesk %s\n\n", strings.TrimSpace(cmd.name+" "+cmd.synopsis))
	if cmd.later {
		fmt.Fprintf(w, "%s: not available in this version yet.\n", cmd.summary)
		return
	}
	fmt.Fprintf(w, "%s.\n", capitalize(cmd.summary))
	if cmd.detail != "" {
		fmt.Fprintf(w, "\n%s\n", cmd.detail)
	}
	if cmd.setFlags != nil {
		fmt.Fprint(w, "\nFlags:\n")
		printFlags(w, cmd)
	}
	need := ""
	switch cmd.access {
	case signedIn:
		need = "; --operator NAME is required"
	case stationIfAny:
		need = "; no --operator needed"
	}
	fmt.Fprintf(w, "\nGlobal flags: --db DSN, --operator NAME, --json%s (see carddesk --help).\n", need)
}

// printFlags lists a command's own flags, without the global ones.
func printFlags(w io.Writer, cmd *command) {
	fs := newFlagSet(cmd.name)
	cmd.setFlags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		left := dash + f.Name
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			left += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  %-22s %s\n", left, usage)
	})
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orUnknown(v string) string {
	if v == "" {
		return "(unknown version)"
	}
	return v
}
