package enroll

// Machine is an explicit state machine: the only place where the allowed
// transitions of one kind of entity are written down.
type Machine[S ~string] struct {
	name  string
	edges map[S][]S
}

func newMachine[S ~string](name string, edges map[S][]S) Machine[S] {
	return Machine[S]{name: name, edges: edges}
}

// States lists every state the machine knows, in declaration-independent order
// of the edge table (sources first, then targets not already listed).
func (m Machine[S]) States() []S {
	seen := map[S]bool{}
	var out []S
	add := func(s S) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for from, tos := range m.edges {
		add(from)
		for _, to := range tos {
			add(to)
		}
	}
	return out
}

// Valid reports whether s is a state of this machine.
func (m Machine[S]) Valid(s S) bool {
	for _, x := range m.States() {
		if x == s {
			return true
		}
	}
	return false
}

// Can reports whether from -> to is allowed.
func (m Machine[S]) Can(from, to S) bool {
	for _, t := range m.edges[from] {
		if t == to {
			return true
		}
	}
	return false
}

// Check returns a *TransitionError when from -> to is not allowed.
func (m Machine[S]) Check(from, to S) error {
	if m.Can(from, to) {
		return nil
	}
	return &TransitionError{Machine: m.name, From: string(from), To: string(to)}
}

// Next lists the states reachable from s in one step.
func (m Machine[S]) Next(s S) []S { return append([]S(nil), m.edges[s]...) }

// CardholderStates: a cardholder is switched between active and inactive.
var CardholderStates = newMachine("cardholder", map[CardholderStatus][]CardholderStatus{
	CardholderActive:   {CardholderInactive},
	CardholderInactive: {CardholderActive},
})

// CredentialStates: a stolen card never comes back; a lost one may be found.
var CredentialStates = newMachine("credential", map[CredentialStatus][]CredentialStatus{
	CredentialInactive: {CredentialActive, CredentialLost, CredentialStolen, CredentialExpired},
	CredentialActive:   {CredentialInactive, CredentialLost, CredentialStolen, CredentialExpired},
	CredentialLost:     {CredentialActive, CredentialInactive, CredentialStolen},
	CredentialExpired:  {CredentialActive, CredentialInactive},
	CredentialStolen:   {},
})

// RequestStates: a pending request is answered once and then stays in history.
var RequestStates = newMachine("card request", map[RequestStatus][]RequestStatus{
	RequestPending:   {RequestCompleted, RequestDenied},
	RequestCompleted: {},
	RequestDenied:    {},
})
