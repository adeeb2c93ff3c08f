package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/carddesk/carddesk/enroll"
)

func outboxCmds() []*command { return []*command{outboxListCmd(), outboxFlushCmd()} }

func outboxListCmd() *command {
	return &command{
		name:    "outbox list",
		summary: "list queued and sent mail, newest first",
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
		summary: "try to deliver queued mail now",
		access:  signedIn,
		run: func(ctx context.Context, c *call) error {
			res, err := c.st.Outbox.Flush(ctx, c.actor)
			if err != nil {
				if errors.Is(err, enroll.ErrMailNotConfigured) {
					return err
				}
				return fmt.Errorf("mail stays queued: %w", err)
			}
			if _, err := fmt.Fprintf(c.stdout(), "%d sent, %d not delivered\n", res.Sent, res.Failed); err != nil {
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
