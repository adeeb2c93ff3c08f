package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

func credentialCmds() []*command {
	return []*command{credentialsAddCmd(), credentialsListCmd(), credentialsStatusCmd(), credentialsExpireCmd(),
		credentialsAssignCmd(), credentialsUnassignCmd(), credentialsEnrollCmd()}
}

func credentialsAddCmd() *command {
	var name, status string
	return &command{
		name:     "credentials add",
		synopsis: "FORMAT NAME=VALUE... [--name TEXT] [--status active|inactive]",
		summary:  "enroll a card nobody holds yet and print its id",
		detail: "FORMAT is an id from 'formats list', built-in or custom; the fields are as for 'formats encode'.\n" +
			"A card whose bits are already enrolled in that format is refused.",
		access:  signedIn,
		minArgs: 1,
		maxArgs: -1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "a label (`TEXT`) for the card, e.g. what is printed on it")
			fs.StringVar(&status, "status", "active", "credential `STATUS`: active or inactive")
		},
		check: func() error {
			switch enroll.CredentialStatus(status) {
			case enroll.CredentialActive, enroll.CredentialInactive:
				return nil
			}
			return usageErrorf("--status %q: use active or inactive", status)
		},
		checkArgs: func(args []string) error { _, err := fieldArgs(args[1:]); return err },
		run: func(ctx context.Context, c *call) error {
			values, _ := fieldArgs(c.args[1:])
			// Encoding here first gives cardformat's own message (field and
			// allowed range); Enroll checks the same again in its transaction.
			f, err := c.st.Formats.Find(ctx, c.args[0])
			if err != nil {
				return err
			}
			if _, err := f.Encode(values); err != nil {
				return err
			}
			cred, err := c.st.Credentials.Enroll(ctx, c.actor, enroll.NewCredential{
				Format: f.ID, Fields: values, Name: name, Status: enroll.CredentialStatus(status),
			})
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), credentialJSONOf(cred, f.FieldNames()))
			}
			_, err = fmt.Fprintln(c.stdout(), id(cred.ID))
			return err
		},
	}
}

// credentialStatuses are the values of credentials list --status.
var credentialStatuses = []enroll.CredentialStatus{enroll.CredentialActive, enroll.CredentialInactive,
	enroll.CredentialLost, enroll.CredentialStolen, enroll.CredentialExpired}

func credentialsListCmd() *command {
	var available bool
	var status, search string
	return &command{
		name:     "credentials list",
		synopsis: "[--available] [--status S] [--search TEXT] [--json]",
		summary:  "list enrolled credentials, oldest first",
		detail: "S: active, inactive, lost, stolen or expired. --search matches the words of TEXT by prefix\n" +
			"against the card's field values (card number, hex serial), bits, name, format and the\n" +
			"cardholder's name. Credentials whose expiry day has come are marked expired first.",
		access: signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&available, "available", false, "only credentials not assigned to a cardholder")
			fs.StringVar(&status, "status", "", "only credentials in status `S`")
			fs.StringVar(&search, "search", "", "only credentials matching `TEXT` (card, serial, cardholder name...)")
		},
		check: func() error {
			_, err := statusOf(credentialStatuses, status)
			return err
		},
		run: func(ctx context.Context, c *call) error {
			st, _ := statusOf(credentialStatuses, status)
			if err := expireDueCredentials(ctx, c); err != nil {
				return err
			}
			creds, _, err := c.st.Credentials.List(ctx, c.actor, enroll.CredentialQuery{Available: available, Status: st,
				Text: strings.TrimSpace(search)})
			if err != nil {
				return err
			}
			order, err := fieldOrder(ctx, c)
			if err != nil {
				return err
			}
			return printList(c, creds, func(cr enroll.Credential) credentialJSON { return credentialJSONOf(cr, order[cr.Format]) },
				"no credentials",
				[]string{"ID", "FORMAT", "FIELDS", "BITS", "STATUS", "CARDHOLDER", "ACTIVE FROM", "EXPIRES", "NAME"},
				func(cr enroll.Credential) []string {
					return []string{id(cr.ID), cr.Format, fieldsText(credentialFields(cr, order[cr.Format]), false), cr.Bits,
						string(cr.Status), cr.CardholderName, local(cr.ActivationDate), dayText(cr.ExpiresAt), cr.Name}
				})
		},
	}
}

// expireDueCredentials marks the credentials whose expiry day has come as
// expired first, as the running app does daily, so a headless station
// shows and decides on today's states.
func expireDueCredentials(ctx context.Context, c *call) error {
	_, err := c.st.Credentials.ExpireDue(ctx, c.actor)
	return err
}

// fieldsText writes field values as "facility=1 card=5"; with bare, a
// lone serial number is written as just its hex.
func fieldsText(fields orderedFields, bare bool) string {
	if bare && len(fields) == 1 && (cardformat.Field{Name: fields[0].name}).IsHex() {
		return fields[0].text
	}
	parts := make([]string, len(fields))
	for i, nv := range fields {
		parts[i] = nv.name + "=" + nv.text
	}
	return strings.Join(parts, " ")
}

// dayText is a day (stored as UTC midnight) as YYYY-MM-DD, "" for none.
func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// fieldOrder maps each format id to its field names in definition order.
func fieldOrder(ctx context.Context, c *call) (map[string][]string, error) {
	infos, err := c.st.Formats.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(infos))
	for _, fi := range infos {
		out[fi.Format.ID] = fi.Format.FieldNames()
	}
	return out, nil
}

// credentialJSON is the credential shape of the CLI contract. Field values
// are written as formats decode writes them: numbers, or hex strings for csn.
type credentialJSON struct {
	ID             string        `json:"id"`
	Format         string        `json:"format"`
	Fields         orderedFields `json:"fields"`
	Bits           string        `json:"bits"`
	Hex            string        `json:"hex"`
	Name           string        `json:"name"`
	Status         string        `json:"status"`
	CardholderID   *string       `json:"cardholder_id"`
	CardholderName *string       `json:"cardholder_name"`
	ActivationDate *string       `json:"activation_date"`
	ExpiresAt      *string       `json:"expires_at"`
	CreatedAt      string        `json:"created_at"`
	UpdatedAt      string        `json:"updated_at"`
}

func credentialJSONOf(cr enroll.Credential, order []string) credentialJSON {
	hex := ""
	if b, err := cardformat.ParseBits(cr.Bits, 0); err == nil {
		hex = b.Hex()
	}
	return credentialJSON{
		ID: id(cr.ID), Format: cr.Format, Fields: credentialFields(cr, order), Bits: cr.Bits, Hex: hex,
		Name: cr.Name, Status: string(cr.Status), CardholderID: optID(cr.CardholderID),
		CardholderName: optString(cr.CardholderName), ActivationDate: optStamp(cr.ActivationDate),
		ExpiresAt: optStamp(cr.ExpiresAt), CreatedAt: stamp(cr.CreatedAt), UpdatedAt: stamp(cr.UpdatedAt),
	}
}

// credentialFields puts the stored values in the format's field order; any
// name the order does not know follows, sorted.
func credentialFields(cr enroll.Credential, order []string) orderedFields {
	names := make([]string, 0, len(cr.Fields))
	for _, n := range order {
		if _, ok := cr.Fields[n]; ok {
			names = append(names, n)
		}
	}
	var rest []string
	for n := range cr.Fields {
		if !slices.Contains(order, n) {
			rest = append(rest, n)
		}
	}
	slices.Sort(rest)
	names = append(names, rest...)

	out := make(orderedFields, len(names))
	for i, n := range names {
		text := cr.Fields[n]
		raw := []byte(strconv.Quote(text))
		if !(cardformat.Field{Name: n}).IsHex() && isPlainNumber(text) {
			raw = []byte(text)
		}
		out[i] = namedValue{name: n, text: text, raw: raw}
	}
	return out
}

// isPlainNumber reports whether s is a valid JSON number of decimal digits.
func isPlainNumber(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
