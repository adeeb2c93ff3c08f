package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

func operatorCmds() []*command {
	return []*command{operatorsAddCmd(), operatorsListCmd()}
}

func operatorsAddCmd() *command {
	var role, email string
	return &command{
		name:     "operators add",
		synopsis: "NAME --role operator|admin [--email E]",
		summary:  "add an operator account (administrators only)",
		detail: fmt.Sprintf("The new operator's password (at least %d characters) comes from %s, else it is asked twice on the terminal.",
			enroll.MinPasswordLength, EnvNewPassword),
		access:  signedIn,
		minArgs: 1,
		maxArgs: 1,
		setFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&role, "role", "", "the account's `ROLE`: operator or admin (required)")
			fs.StringVar(&email, "email", "", "e-mail `ADDRESS` of the operator")
		},
		check: func() error {
			if role == "" {
				return usageErrorf("--role operator|admin is required")
			}
			return nil
		},
		run: func(ctx context.Context, c *call) error {
			// Checked before the password prompt: a non-admin would type it for nothing.
			if !c.actor.Can(enroll.PermManageOperators) {
				return &enroll.PermissionError{Actor: c.actor.Name, Permission: enroll.PermManageOperators}
			}
			name := c.args[0]
			pw, err := c.env.newPassword(EnvNewPassword, name)
			if err != nil {
				return err
			}
			op, err := c.st.Operators.Add(ctx, c.actor, enroll.NewOperator{Name: name, Email: email, Role: enroll.Role(role), Password: pw})
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), operatorJSONOf(op))
			}
			_, err = fmt.Fprintf(c.stdout(), "added %s %s\n", op.Role, op.Name)
			return err
		},
	}
}

func operatorsListCmd() *command {
	return &command{
		name:     "operators list",
		synopsis: "[--json]",
		summary:  "list operator accounts (administrators only)",
		access:   signedIn,
		run: func(ctx context.Context, c *call) error {
			ops, err := c.st.Operators.List(ctx, c.actor)
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), jsonList(ops, operatorJSONOf))
			}
			t := newTable(c.stdout(), "ID", "NAME", "ROLE", "EMAIL", "LAST SIGN-IN", "LOCKED UNTIL")
			for _, op := range ops {
				t.row(id(op.ID), op.Name, string(op.Role), op.Email, local(op.LastSignInAt), lockedUntil(op))
			}
			return t.flush()
		},
	}
}

// operatorJSON leaves the password hash out by construction.
type operatorJSON struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Email        string  `json:"email"`
	Role         string  `json:"role"`
	CreatedAt    string  `json:"created_at"`
	LastSignInAt *string `json:"last_sign_in_at"`
	LockedUntil  *string `json:"locked_until"`
}

func operatorJSONOf(op enroll.Operator) operatorJSON {
	j := operatorJSON{ID: id(op.ID), Name: op.Name, Email: op.Email, Role: string(op.Role),
		CreatedAt: stamp(op.CreatedAt), LastSignInAt: optStamp(op.LastSignInAt)}
	if lockedUntil(op) != "" {
		j.LockedUntil = optStamp(op.LockedUntil)
	}
	return j
}

// lockedUntil is shown only while the lock holds.
func lockedUntil(op enroll.Operator) string {
	if op.LockedUntil.IsZero() || !op.LockedUntil.After(time.Now()) {
		return ""
	}
	return local(op.LockedUntil)
}
