package cli

// laterCmds are in the command-line contract but belong to a later
// release. They are listed so scripts get an honest "not yet" (exit 2)
// instead of "unknown command", and nothing pretends to work.
func laterCmds() []*command {
	later := func(name, synopsis, summary string) *command {
		return &command{name: name, synopsis: synopsis, summary: summary, later: true, maxArgs: -1}
	}
	return []*command{
		later("readers list", "[--json]", "list card readers"),
		later("readers watch", "[--reader NAME] [--count N] [--json]", "print cards as they are presented"),
	}
}
