package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

func credentialCmds() []*command {
	return []*command{credentialsAddCmd(), credentialsListCmd()}
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

func credentialsListCmd() *command {
	var available bool
	return &command{
		name:     "credentials list",
		synopsis: "[--available] [--json]",
		summary:  "list enrolled credentials, oldest first",
		access:   signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&available, "available", false, "only credentials not assigned to a cardholder")
		},
		run: func(ctx context.Context, c *call) error {
			creds, _, err := c.st.Credentials.List(ctx, c.actor, enroll.CredentialQuery{Available: available})
			if err != nil {
				return err
			}
			order, err := fieldOrder(ctx, c)
			if err != nil {
				return err
			}
			if c.g.JSON {
				out := make([]credentialJSON, len(creds))
				for i, cr := range creds {
					out[i] = credentialJSONOf(cr, order[cr.Format])
				}
				return writeJSON(c.stdout(), out)
			}
			t := newTable(c.stdout(), "ID", "FORMAT", "FIELDS", "BITS", "STATUS", "CARDHOLDER", "ACTIVE FROM", "NAME")
			for _, cr := range creds {
				fields := credentialFields(cr, order[cr.Format])
				parts := make([]string, len(fields))
				for i, nv := range fields {
					parts[i] = nv.name + "=" + nv.text
				}
				t.row(id(cr.ID), cr.Format, strings.Join(parts, " "), cr.Bits, string(cr.Status),
					cr.CardholderName, local(cr.ActivationDate), cr.Name)
			}
			return t.flush()
		},
	}
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
