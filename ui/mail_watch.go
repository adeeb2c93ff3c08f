package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/lang"
	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/words"
)

// mailState is what the status bar says about the outbox after a flush.
type mailState struct {
	queued    int    // messages still waiting
	uncertain int    // messages whose delivery was not confirmed: an operator decides
	problem   string // why they wait, in the operator's words ("" = not known)
}

// newMailWatcher flushes the outbox while an operator is signed in: every
// mailEvery and right after this station answered a request, so a
// requester's mail leaves at once and mail that failed is retried.
func (s *session) newMailWatcher() *watcher[mailState] {
	d, actor := s.d, s.actor
	return newWatcher(s.jobs, d.mailEvery, func(ctx context.Context) (mailState, error) {
		return flushMail(ctx, d.st, actor)
	}, s.setMail)
}

// flushMail sends what is due and reads what is left. A missing mail
// server is no error here: it only matters once mail is queued.
func flushMail(ctx context.Context, st *enroll.Station, actor enroll.Actor) (mailState, error) {
	res, flushErr := st.Outbox.Flush(ctx, actor)
	queued, err := st.Outbox.List(ctx, actor, enroll.MailQueued)
	if err != nil {
		return mailState{}, err
	}
	uncertain, err := st.Outbox.List(ctx, actor, enroll.MailUncertain)
	if err != nil {
		return mailState{}, err
	}
	m := mailState{queued: len(queued), uncertain: len(uncertain)}
	switch {
	case errors.Is(flushErr, enroll.ErrMailNotConfigured):
		m.problem = lang.L("no mail server (see Settings > Mail)")
	case flushErr != nil:
		return m, flushErr
	case res.LastErr != "":
		m.problem = words.MailProblem(res.LastErr)
	default: // nothing was due now: the last attempt's error still holds
		for _, q := range queued {
			if q.LastError != "" {
				m.problem = words.MailProblem(q.LastError)
				break
			}
		}
	}
	return m, nil
}

// setMail shows the outbox in the status bar, only while mail waits.
func (s *session) setMail(m mailState, err error) {
	if err != nil {
		s.d.log.Warn("cannot flush the mail outbox", zap.Error(err))
		m.problem = words.ExplainMail(err)
	}
	s.status.setMail(m)
}
