package cli

// laterCmds are in the command-line contract but belong to a later
// release. They are listed so scripts get an honest "not yet" (exit 2)
// instead of "unknown command", and nothing pretends to work.
func laterCmds() []*command {
	later := func(name, synopsis, summary string) *command {
		return &command{name: name, synopsis: synopsis, summary: summary, later: true, maxArgs: -1}
	}
	return []*command{
		later("requests modify", "ID [--reason TEXT] [--template ID] [--note TEXT] [--activate ...] [--email-when-ready=true|false]", "change a pending request"),
		later("requests deny", "ID... [--note TEXT]", "deny pending requests"),
		later("requests connect", "ID --manual FORMAT NAME=VALUE... | --existing CREDENTIAL_ID | --auto [--reader NAME] [--timeout 30s]", "connect a card to a request"),
		later("requests complete", "ID", "complete a request"),
		later("credentials add", "FORMAT NAME=VALUE... [--name TEXT] [--status active|inactive]", "enroll an unassigned credential"),
		later("credentials list", "[--available] [--json]", "list credentials"),
		later("formats list", "[--json]", "list card formats"),
		later("formats encode", "FORMAT NAME=VALUE... [--json]", "encode card fields to bits"),
		later("formats decode", "FORMAT BITS [--json]", "decode bits to card fields"),
		later("readers list", "[--json]", "list card readers"),
		later("readers watch", "[--reader NAME] [--count N] [--json]", "print cards as they are presented"),
		later("outbox list", "[--json]", "list queued and sent mail"),
		later("outbox flush", "", "try to deliver queued mail now"),
	}
}
