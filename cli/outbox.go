package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

func outboxCmds() []*command { return []*command{outboxListCmd(), outboxFlushCmd(), outboxResendCmd()} }

func outboxListCmd() *command {
	return &command{
		name:    "outbox list",
		summary: "list queued, uncertain and sent mail, newest first, with each queued mail's next try",
		access:  signedIn,
		run: func(ctx context.Context, c *call) error {
			ms, err := c.st.Outbox.List(ctx, c.actor, "")
			if err != nil {
				return err
			}
			if c.g.JSON {
				return writeJSON(c.stdout(), jsonList(ms, mailJSONOf))
			}
			t := newTable(c.stdout(), "ID", "STATUS", "TO", "SUBJECT", "ATTEMPTS", "NEXT TRY", "LAST ERROR")
			for _, m := range ms {
				next := ""
				if m.Status == enroll.MailQueued && !m.NextAttemptAt.IsZero() {
					next = m.NextAttemptAt.Local().Format(tableSecond)
				}
				t.row(id(m.ID), string(m.Status), m.To, m.Subject, fmt.Sprint(m.Attempts), next, m.LastError)
			}
			return t.flush()
		},
	}
}

func outboxFlushCmd() *command {
	return &command{
		name:    "outbox flush",
		summary: "try to deliver every queued mail now, also mail waiting for its next retry",
		access:  signedIn,
		run: func(ctx context.Context, c *call) error {
			res, err := c.st.Outbox.SendNow(ctx, c.actor)
			if err != nil {
				if errors.Is(err, enroll.ErrMailNotConfigured) {
					return err
				}
				return fmt.Errorf("mail stays queued: %w", err)
			}
			line := fmt.Sprintf("%d sent, %d not delivered", res.Sent, res.Failed)
			if res.Uncertain > 0 {
				line += fmt.Sprintf(", %d not confirmed", res.Uncertain)
			}
			if _, err := fmt.Fprintln(c.stdout(), line); err != nil {
				return err
			}
			switch {
			case res.Failed > 0:
				return fmt.Errorf("%d mail(s) will be retried: %s", res.Failed, res.LastErr)
			case res.Uncertain > 0:
				return errUncertainMail(res.Uncertain)
			}
			return nil
		},
	}
}

func errUncertainMail(n int) error {
	return fmt.Errorf("%d mail(s) may or may not have arrived (status uncertain in `outbox list`): "+
		"they are not sent again by themselves; check with the recipient, then `carddesk outbox resend ID`", n)
}

func outboxResendCmd() *command {
	return &command{
		name:     "outbox resend",
		synopsis: "ID",
		summary:  "send an uncertain mail again, once you know it did not arrive",
		access:   signedIn,
		minArgs:  1,
		maxArgs:  1,
		checkArgs: func(args []string) error {
			_, err := parseID("mail", args[0])
			return err
		},
		run: func(ctx context.Context, c *call) error {
			n, _ := parseID("mail", c.args[0])
			if err := c.st.Outbox.Resend(ctx, c.actor, n); err != nil {
				return err
			}
			res, err := c.st.Outbox.SendNow(ctx, c.actor)
			if err != nil {
				return fmt.Errorf("mail %d is queued again but not sent yet: %w", n, err)
			}
			if _, err := fmt.Fprintf(c.stdout(), "mail %d queued again; %d sent, %d not delivered\n", n, res.Sent, res.Failed); err != nil {
				return err
			}
			if res.Failed > 0 {
				return fmt.Errorf("%d mail(s) will be retried: %s", res.Failed, res.LastErr)
			}
			return nil
		},
	}
}

type mailJSON struct {
	ID        string  `json:"id"`
	Status    string  `json:"status"`
	To        string  `json:"to"`
	Subject   string  `json:"subject"`
	Attempts  int     `json:"attempts"`
	NextTry   *string `json:"next_attempt_at"`
	LastError string  `json:"last_error"`
	CreatedAt string  `json:"created_at"`
	SentAt    *string `json:"sent_at"`
}

func mailJSONOf(m enroll.Mail) mailJSON {
	return mailJSON{ID: id(m.ID), Status: string(m.Status), To: m.To, Subject: m.Subject, Attempts: m.Attempts,
		NextTry: optStamp(m.NextAttemptAt), LastError: m.LastError, CreatedAt: stamp(m.CreatedAt), SentAt: optStamp(m.SentAt)}
}
