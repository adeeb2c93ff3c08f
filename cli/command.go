package cli

import (
	"context"
	"flag"
	"io"
	"strings"

	"github.com/carddesk/carddesk/enroll"
)

// access says what a command needs before it runs.
type access int

const (
	noStation access = iota // version, help: nothing opened
	setupOnly               // setup: opens (and may create) the database, no sign-in
	signedIn                // everything else: an existing database and a signed-in operator
	// stationIfAny: formats list/encode/decode. The database is opened when
	// it exists, for its custom formats; nobody signs in and nothing is created.
	stationIfAny
)

// command is one leaf of the command tree, e.g. "cardholders import".
// Its flag variables live in the closures of setFlags and run, so a fresh
// command table is built for every Run.
type command struct {
	name     string // words after "carddesk", e.g. "cardholders import"
	synopsis string // arguments and flags, e.g. "FILE.csv"
	summary  string // one line for the command list
	detail   string // more text for the command's own --help
	access   access
	minArgs  int
	maxArgs  int  // -1 = any number
	later    bool // belongs to a later release: refused honestly
	setFlags func(fs *flag.FlagSet)
	// check validates the command line before anything is opened, so a
	// usage error never touches the database or asks for a password.
	check func() error
	// checkArgs validates the positional arguments (NAME=VALUE lists, say)
	// at the same early point as check.
	checkArgs func(args []string) error
	run       func(ctx context.Context, c *call) error
}

// call is one invocation of a command: its arguments and what it works on.
type call struct {
	runner *runner
	env    *Env
	g      *Globals
	cmd    *command
	args   []string
	st     *enroll.Station
	actor  enroll.Actor
	// newFile is the database file this run is creating ("" when it existed).
	newFile string
	// missingDB is the database a stationIfAny command found absent; st is
	// nil then and only the built-in formats are known.
	missingDB string
}

func (c *call) stdout() io.Writer { return c.env.Stdout }

// group returns the first word of a command name ("cardholders").
func (cmd *command) group() string {
	if i := strings.IndexByte(cmd.name, ' '); i >= 0 {
		return cmd.name[:i]
	}
	return ""
}

// flagSet builds the command's flags plus the global ones.
func (cmd *command) flagSet(g *Globals) *flag.FlagSet {
	fs := newFlagSet("carddesk " + cmd.name)
	g.bind(fs)
	if cmd.setFlags != nil {
		cmd.setFlags(fs)
	}
	return fs
}

// table is the whole command tree in the order help lists it.
func commandTable() []*command {
	var cmds []*command
	for _, part := range [][]*command{
		{versionCmd(), helpCmd(), setupCmd()},
		operatorCmds(),
		cardholderCmds(),
		formatCmds(),
		requestCmds(),
		templateCmds(),
		badgeCmds(),
		credentialCmds(),
		settingCmds(),
		outboxCmds(),
		readerCmds(),
		printCmds(),
		orderCmds(),
		tempCardCmds(),
		{auditListCmd(), auditVerifyCmd()},
		dbCmds(),
		laterCmds(),
	} {
		cmds = append(cmds, part...)
	}
	return cmds
}

// lookup finds a command by its full name.
func lookup(cmds []*command, name string) *command {
	for _, c := range cmds {
		if c.name == name {
			return c
		}
	}
	return nil
}

// groupOf lists the commands under one first word.
func groupOf(cmds []*command, group string) []*command {
	var out []*command
	for _, c := range cmds {
		if c.group() == group {
			out = append(out, c)
		}
	}
	return out
}
