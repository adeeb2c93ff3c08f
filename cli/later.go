package cli

// laterCmds are in the command-line contract but belong to a later
// release. They are listed so scripts get an honest "not yet" (exit 2)
// instead of "unknown command", and nothing pretends to work. Every
// command of the contract is implemented now; the list stays for the next.
func laterCmds() []*command { return nil }
