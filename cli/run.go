package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"go.uber.org/zap"
)

// Run executes one command line (without the program name) and returns the
// process exit code. With no command it opens the desktop app through env.GUI.
func Run(ctx context.Context, args []string, env Env) int {
	r := &runner{env: &env, cmds: commandTable()}
	return r.run(ctx, args)
}

type runner struct {
	env  *Env
	cmds []*command
}

func (r *runner) run(ctx context.Context, args []string) int {
	var g Globals
	fs := newFlagSet("carddesk")
	g.bind(fs)
	rest, err := parseLeading(fs, args)
	if err != nil {
		return r.usage(fmt.Sprintf("carddesk: %v", err), r.printMainUsage)
	}
	if len(rest) == 0 {
		return r.noCommand(ctx, g)
	}
	if g.Version || g.Demo {
		return r.usage(fmt.Sprintf("carddesk: %s takes no command (got %q)", firstSet(g), rest[0]), r.printMainUsage)
	}
	word := rest[0]
	// "print" is a command and a group ("print jobs"): the group only when
	// the next word names one of its commands.
	if grp := groupOf(r.cmds, word); len(grp) > 0 &&
		(lookup(r.cmds, word) == nil || len(rest) > 1 && lookup(r.cmds, word+" "+rest[1]) != nil) {
		return r.runGroup(ctx, &g, fs, word, rest[1:])
	}
	cmd := lookup(r.cmds, word)
	if cmd == nil {
		return r.usage(fmt.Sprintf("carddesk: unknown command %q\nRun 'carddesk --help' for the list of commands.", word), nil)
	}
	return r.exec(ctx, cmd, &g, rest[1:])
}

// noCommand handles a line of global flags only: help, version or the app.
func (r *runner) noCommand(ctx context.Context, g Globals) int {
	switch {
	case g.Help:
		r.printMainUsage(r.env.Stdout)
		return ExitOK
	case g.Version:
		printVersion(r.env.Stdout, r.env.Version, g.JSON)
		return ExitOK
	}
	g.fromEnv(r.env.getenv)
	if r.env.GUI == nil {
		fmt.Fprintln(r.env.Stderr, "carddesk: this build has no desktop app; give a command (see carddesk --help)")
		return ExitRefused
	}
	return r.env.GUI(ctx, g)
}

// runGroup resolves "GROUP SUB"; global flags may sit between the two words.
func (r *runner) runGroup(ctx context.Context, g *Globals, fs *flag.FlagSet, group string, args []string) int {
	printGroup := func(w io.Writer) { r.printGroupUsage(w, group) }
	rest, err := parseLeading(fs, args)
	if err != nil {
		return r.usage(fmt.Sprintf("carddesk %s: %v", group, err), printGroup)
	}
	if len(rest) == 0 {
		if g.Help {
			printGroup(r.env.Stdout)
			return ExitOK
		}
		return r.usage(fmt.Sprintf("carddesk %s: missing command", group), printGroup)
	}
	cmd := lookup(r.cmds, group+" "+rest[0])
	if cmd == nil {
		return r.usage(fmt.Sprintf("carddesk %s: unknown command %q", group, rest[0]), printGroup)
	}
	return r.exec(ctx, cmd, g, rest[1:])
}

// exec parses a command's own flags and arguments, prepares what it needs
// (database, sign-in) and runs it.
func (r *runner) exec(ctx context.Context, cmd *command, g *Globals, args []string) int {
	printCmd := func(w io.Writer) { r.printCommandUsage(w, cmd) }
	if cmd.later {
		fmt.Fprintf(r.env.Stderr, "carddesk: '%s' is not available in this version yet\n", cmd.name)
		return ExitUsage
	}
	pos, err := parseInterleaved(cmd.flagSet(g), args)
	if err != nil {
		return r.usage(fmt.Sprintf("carddesk %s: %v", cmd.name, err), printCmd)
	}
	if g.Help {
		printCmd(r.env.Stdout)
		return ExitOK
	}
	if g.Version || g.Demo {
		return r.usage(fmt.Sprintf("carddesk %s: %s cannot be combined with a command", cmd.name, firstSet(*g)), printCmd)
	}
	if msg := checkArgCount(cmd, pos); msg != "" {
		return r.usage(fmt.Sprintf("carddesk %s: %s", cmd.name, msg), printCmd)
	}
	if cmd.check != nil {
		if err := cmd.check(); err != nil {
			return r.finish(cmd, err)
		}
	}
	if cmd.checkArgs != nil {
		if err := cmd.checkArgs(pos); err != nil {
			return r.finish(cmd, err)
		}
	}
	g.fromEnv(r.env.getenv)
	if cmd.access == signedIn && g.Operator == "" {
		return r.finish(cmd, usageErrorf("--operator NAME is required (or set %s)", EnvOperator))
	}
	c := &call{runner: r, env: r.env, g: g, cmd: cmd, args: pos}
	r.env.log().Info("command", zap.String("command", cmd.name), zap.String("operator", g.Operator))
	return r.finish(cmd, r.prepareAndRun(ctx, c))
}

func (r *runner) prepareAndRun(ctx context.Context, c *call) (err error) {
	closer, err := r.prepare(ctx, c)
	if err != nil {
		return err
	}
	if closer == nil {
		return c.cmd.run(ctx, c)
	}
	defer func() {
		if cerr := closer.Close(); cerr != nil {
			r.env.log().Warn("closing the database", zap.Error(cerr))
		}
		if err != nil && c.newFile != "" {
			if rerr := removeNewDatabase(c.newFile); rerr != nil {
				r.env.log().Warn("removing the unused new database", zap.Error(rerr))
			}
		}
	}()
	return c.cmd.run(ctx, c)
}

// finish turns a command's error into its message and exit code.
func (r *runner) finish(cmd *command, err error) int {
	if err == nil {
		return ExitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return r.usage(fmt.Sprintf("carddesk %s: %s", cmd.name, ue.msg), func(w io.Writer) { r.printCommandUsage(w, cmd) })
	}
	r.env.log().Info("command refused", zap.String("command", cmd.name), zap.String("reason", describe(err)))
	for _, line := range importProblems(err) {
		fmt.Fprintln(r.env.Stderr, line)
	}
	for _, line := range strings.Split(describe(err), "\n") {
		fmt.Fprintf(r.env.Stderr, "carddesk: %s\n", line)
	}
	return ExitRefused
}

// usage prints a usage error and, when given, the relevant usage text.
func (r *runner) usage(msg string, text func(io.Writer)) int {
	fmt.Fprintln(r.env.Stderr, msg)
	if text != nil {
		fmt.Fprintln(r.env.Stderr)
		text(r.env.Stderr)
	}
	return ExitUsage
}

func checkArgCount(cmd *command, pos []string) string {
	switch {
	case len(pos) < cmd.minArgs:
		return "missing argument " + missingArgName(cmd, len(pos))
	case cmd.maxArgs >= 0 && len(pos) > cmd.maxArgs:
		return fmt.Sprintf("unexpected argument %q", pos[cmd.maxArgs])
	}
	return ""
}

// missingArgName picks the n-th upper-case word of the synopsis (FILE.csv, KEY...).
func missingArgName(cmd *command, n int) string {
	var names []string
	for _, w := range strings.Fields(cmd.synopsis) {
		if !strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "[") && strings.ToUpper(w[:1]) == w[:1] {
			names = append(names, w)
		}
	}
	if n < len(names) {
		return names[n]
	}
	return ""
}

func firstSet(g Globals) string {
	if g.Version {
		return "--version"
	}
	return "--demo"
}
