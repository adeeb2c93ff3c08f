package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

func setupCmd() *command {
	var admin, email string
	return &command{
		name:     "setup",
		synopsis: "--admin NAME [--email E]",
		summary:  "create the first administrator of a new station",
		detail: fmt.Sprintf("The password (at least %d characters) comes from %s, else it is asked twice on the terminal.\n"+
			"Refused once the station has any operator; administrators add more with 'operators add'.", enroll.MinPasswordLength, EnvPassword),
		access: setupOnly,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&admin, "admin", "", "user `NAME` of the first administrator (required)")
			fs.StringVar(&email, "email", "", "e-mail `ADDRESS` of the administrator")
		},
		check: func() error {
			if admin == "" {
				return usageErrorf("--admin NAME is required")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			if empty, err := c.st.Operators.NeedsSetup(ctx); err != nil {
				return err
			} else if !empty {
				return enroll.ErrSetupDone // asked before the password prompt, not after
			}
			pw, err := c.env.newPassword(EnvPassword, admin)
			if err != nil {
				return err
			}
			a, err := c.st.Operators.Setup(ctx, admin, email, pw)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), map[string]string{"id": id(a.ID), "name": a.Name, "role": string(a.Role)})
			}
			_, err = fmt.Fprintf(c.stdout(), "created administrator %s; sign in with --operator %s\n", a.Name, a.Name)
			return err
		},
	}
}
