package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// A credential's life after enrollment: its status, its expiry day and who
// holds it.

// settableStatuses are what credentials status sets; expired comes from
// credentials expire.
var settableStatuses = []enroll.CredentialStatus{enroll.CredentialActive, enroll.CredentialInactive,
	enroll.CredentialLost, enroll.CredentialStolen}

func credentialsStatusCmd() *command {
	return &command{
		name:     "credentials status",
		synopsis: "ID active|inactive|lost|stolen",
		summary:  "set a credential's status, e.g. a card reported lost or stolen",
		detail: "A lost card may be found again (active or inactive) or turn out stolen; stolen is final.\n" +
			"An expired card comes back with 'credentials expire ID never' or a later day. Setting the\n" +
			"status a card has already is refused. Prints the credential (as JSON with --json).",
		access:  signedIn,
		minArgs: 1, // a missing status is named by checkArgs
		maxArgs: 2,
		checkArgs: func(args []string) error {
			if len(args) < 2 {
				return usageErrorf("missing the status: active, inactive, lost or stolen")
			}
			_, err := settableStatus(args[1])
			return err
		},
		run: func(ctx context.Context, c *call) error {
			to, _ := settableStatus(c.args[1])
			return changeCredential(ctx, c, func(kid int64) (enroll.Credential, error) {
				if err := c.st.Credentials.SetStatus(ctx, c.actor, kid, to); err != nil {
					return enroll.Credential{}, err
				}
				return c.st.Credentials.Get(ctx, c.actor, kid)
			})
		},
	}
}

func settableStatus(s string) (enroll.CredentialStatus, error) {
	for _, st := range settableStatuses {
		if string(st) == strings.ToLower(strings.TrimSpace(s)) {
			return st, nil
		}
	}
	if enroll.CredentialStatus(strings.ToLower(strings.TrimSpace(s))) == enroll.CredentialExpired {
		return "", usageErrorf("status %q: a card expires on its day; use 'credentials expire ID YYYY-MM-DD'", s)
	}
	return "", usageErrorf("status %q: use active, inactive, lost or stolen", s)
}

func credentialsExpireCmd() *command {
	return &command{
		name:     "credentials expire",
		synopsis: "ID YYYY-MM-DD|never",
		summary:  "set the day a credential stops working, or never",
		detail: "From that day on the credential is expired (today: at once). A later day, or never, brings\n" +
			"an expired card back: active when someone holds it, else inactive. A day in the past is\n" +
			"refused (exit 1); a lost or stolen card cannot be expired. Prints the credential (as JSON\n" +
			"with --json).",
		access:  signedIn,
		minArgs: 2,
		maxArgs: 2,
		checkArgs: func(args []string) error {
			_, err := expiryDay(args[1])
			return err
		},
		run: func(ctx context.Context, c *call) error {
			at, _ := expiryDay(c.args[1])
			return changeCredential(ctx, c, func(kid int64) (enroll.Credential, error) {
				return c.st.Credentials.SetExpiry(ctx, c.actor, kid, at)
			})
		},
	}
}

// expiryDay reads YYYY-MM-DD or never (the zero time).
func expiryDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "never") {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usageErrorf("%q: give a date as YYYY-MM-DD, or never", s)
	}
	return d, nil
}

func credentialsAssignCmd() *command {
	var cardholder string
	return &command{
		name:     "credentials assign",
		synopsis: "ID --cardholder ID",
		summary:  "give an available credential to an active cardholder",
		detail: "The credential becomes the cardholder's and active. Refused (exit 1) when it is someone\n" +
			"else's, lost, stolen or expired, or the cardholder is inactive. Prints the credential\n" +
			"(as JSON with --json).",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&cardholder, "cardholder", "", "the cardholder's `ID` (required)")
		},
		check: func() error {
			if cardholder == "" {
				return usageErrorf("--cardholder ID is required")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			kid, err := parseID("credential", c.args[0])
			if err != nil {
				return err
			}
			hid, err := parseID("cardholder", cardholder)
			if err != nil {
				return err
			}
			if err := expireDueCredentials(ctx, c); err != nil {
				return err
			}
			k, err := c.st.Credentials.Assign(ctx, c.actor, kid, hid)
			if errors.Is(err, enroll.ErrNotFound) {
				// Either may be missing: name the one that is.
				if _, gerr := c.st.Credentials.Get(ctx, c.actor, kid); gerr == nil {
					return &notFound{what: "cardholder", id: cardholder}
				}
			}
			if err != nil {
				return credentialErr(err, c.args[0])
			}
			return printCredential(ctx, c, k)
		},
	}
}

func credentialsUnassignCmd() *command {
	return &command{
		name:     "credentials unassign",
		synopsis: "ID",
		summary:  "take a credential from its cardholder back to the available cards",
		detail: "An active credential becomes inactive. A lost or stolen one stays with its cardholder, where\n" +
			"it was reported (exit 1). Prints the credential (as JSON with --json).",
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		run: func(ctx context.Context, c *call) error {
			return changeCredential(ctx, c, func(kid int64) (enroll.Credential, error) {
				return c.st.Credentials.Unassign(ctx, c.actor, kid)
			})
		},
	}
}

// changeCredential is the work of a command that changes the credential
// its first argument names: the credentials whose day has come expire
// first, change makes the change and returns the credential as it is
// then, which is printed; the services' refusals are worded by
// credentialErr.
func changeCredential(ctx context.Context, c *call, change func(kid int64) (enroll.Credential, error)) error {
	kid, err := parseID("credential", c.args[0])
	if err != nil {
		return err
	}
	if err := expireDueCredentials(ctx, c); err != nil {
		return err
	}
	k, err := change(kid)
	if err != nil {
		return credentialErr(err, c.args[0])
	}
	return printCredential(ctx, c, k)
}

// credentialErr words the services' refusals about credential typed for
// the command line; other errors pass as they are.
func credentialErr(err error, typed string) error {
	var (
		te *enroll.TransitionError
		ve *enroll.ValidationError
		ct *enroll.CardTakenError
	)
	switch {
	case errors.Is(err, enroll.ErrNotFound):
		return asNotFound(err, "credential", typed)
	case errors.As(err, &te) && te.Machine == "credential":
		return errors.New(transitionText(typed, enroll.CredentialStatus(te.From), enroll.CredentialStatus(te.To)))
	case errors.As(err, &ct):
		return fmt.Errorf("%s; unassign it first ('credentials unassign %d')", ct.Error(), ct.Credential.ID)
	case errors.As(err, &ve):
		// On the command line "never" is the other way out.
		if f := ve.Fields; len(f) == 1 && f[0].Field == "expires" && f[0].ID == enroll.MsgDayPast {
			return fmt.Errorf("expires: %v has passed; give today or a later day, or never", f[0].Data["Date"])
		}
	}
	return err
}

// transitionText says why a credential cannot go from one status to
// another, and where it can go.
func transitionText(typed string, from, to enroll.CredentialStatus) string {
	switch next := enroll.CredentialStates.Next(from); {
	case from == to:
		return fmt.Sprintf("credential %s is %s already", typed, from)
	case len(next) == 0:
		return fmt.Sprintf("credential %s is %s, and %s is final: it cannot become %s", typed, from, from, to)
	default:
		names := make([]string, len(next))
		for i, s := range next {
			names[i] = string(s)
		}
		return fmt.Sprintf("credential %s is %s and cannot become %s; from %s it can become %s", typed, from, to, from,
			orList(names))
	}
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// printCredential prints one credential after a change: a line, or the
// credential's JSON.
func printCredential(ctx context.Context, c *call, k enroll.Credential) error {
	order, err := fieldOrder(ctx, c)
	if err != nil {
		return err
	}
	if c.g.JSON {
		return writeJSON(c.stdout(), credentialJSONOf(k, order[k.Format]))
	}
	_, err = fmt.Fprintln(c.stdout(), credentialLine(k, order[k.Format]))
	return err
}

// credentialLine is one credential's state for the operator, e.g.
// "credential 3 (h10301 facility=1 card=5): lost; held by Pat Doe; expires 2030-01-31".
func credentialLine(k enroll.Credential, order []string) string {
	parts := []string{fmt.Sprintf("credential %d (%s %s): %s", k.ID, k.Format, fieldsText(credentialFields(k, order), true), k.Status)}
	if k.CardholderID != 0 {
		parts = append(parts, "held by "+k.CardholderName)
	} else {
		parts = append(parts, "available")
	}
	if d := dayText(k.ExpiresAt); d != "" {
		parts = append(parts, "expires "+d)
	}
	return strings.Join(parts, "; ")
}
