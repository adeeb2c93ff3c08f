package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

func cardholderCmds() []*command {
	return []*command{cardholdersImportCmd(), cardholdersExportCmd(), cardholdersListCmd(), cardholdersAddCmd()}
}

func cardholdersListCmd() *command {
	var search string
	return &command{
		name:     "cardholders list",
		synopsis: "[--search TEXT] [--json]",
		summary:  "list cardholders, ordered by name",
		detail:   "--search matches the start of any word of the name, e-mail, department or external id.",
		access:   signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&search, "search", "", "only cardholders matching `TEXT`")
		},
		run: func(ctx context.Context, c *call) error {
			cs, err := c.st.Cardholders.Search(ctx, c.actor, enroll.CardholderQuery{Text: search})
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), jsonList(cs, cardholderJSONOf))
			}
			t := newTable(c.stdout(), "ID", "EXTERNAL ID", "NAME", "EMAIL", "DEPARTMENT", "STATUS")
			for _, ch := range cs {
				t.row(id(ch.ID), ch.ExternalID, ch.LastName+", "+ch.FirstName, ch.Email, ch.Department, string(ch.Status))
			}
			return t.flush()
		},
	}
}

func cardholdersAddCmd() *command {
	var ch enroll.Cardholder
	var status string
	return &command{
		name:     "cardholders add",
		synopsis: "--first-name F --last-name L [--email E] [--department D] [--external-id X] [--status active|inactive]",
		summary:  "add one cardholder and print its id",
		access:   signedIn,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&ch.FirstName, "first-name", "", "the cardholder's first `NAME` (required)")
			fs.StringVar(&ch.LastName, "last-name", "", "the cardholder's last `NAME` (required)")
			fs.StringVar(&ch.Email, "email", "", "e-mail `ADDRESS` of the cardholder")
			fs.StringVar(&ch.Department, "department", "", "the `DEPARTMENT` the cardholder works in")
			fs.StringVar(&ch.ExternalID, "external-id", "", "personnel number from HR (`ID`), unique")
			fs.StringVar(&status, "status", "active", "cardholder `STATUS`: active or inactive")
		},
		check: func() error {
			if ch.FirstName == "" || ch.LastName == "" {
				return usageErrorf("--first-name and --last-name are required")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			ch.Status = enroll.CardholderStatus(status)
			added, err := c.st.Cardholders.Add(ctx, c.actor, ch)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), cardholderJSONOf(added))
			}
			_, err = fmt.Fprintln(c.stdout(), id(added.ID))
			return err
		},
	}
}

// cardholderJSON is the cardholder shape of the CLI contract; photos never
// leave the station this way.
type cardholderJSON struct {
	ID         string `json:"id"`
	ExternalID string `json:"external_id"`
	FirstName  string `json:"first_name"`
	LastName   string `json:"last_name"`
	Email      string `json:"email"`
	Department string `json:"department"`
	Status     string `json:"status"`
	HasPhoto   bool   `json:"has_photo"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

func cardholderJSONOf(c enroll.Cardholder) cardholderJSON {
	return cardholderJSON{
		ID: id(c.ID), ExternalID: c.ExternalID, FirstName: c.FirstName, LastName: c.LastName,
		Email: c.Email, Department: c.Department, Status: string(c.Status), HasPhoto: c.HasPhoto,
		CreatedAt: stamp(c.CreatedAt), UpdatedAt: stamp(c.UpdatedAt),
	}
}
