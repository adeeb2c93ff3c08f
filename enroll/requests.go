package enroll

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Requests is the use case for card requests. This file holds creating and
// reading them; answering them lives with the response desk.
type Requests struct{ base }

// NewRequest is what a requester fills in.
type NewRequest struct {
	CardholderID   int64
	Reason         string
	TemplateID     int64
	Activation     Activation
	EmailWhenReady bool
	Note           string
}

const maxNoteLen, maxReasonLen = 1000, 200

// ParseActivation reads the CLI form: never, enrollment, or a date YYYY-MM-DD.
func ParseActivation(s string) (Activation, error) {
	switch s = strings.TrimSpace(strings.ToLower(s)); s {
	case "", "enrollment", "after-enrollment":
		return Activation{Mode: ActivateEnrollment}, nil
	case "never":
		return Activation{Mode: ActivateNever}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Activation{}, fmt.Errorf("activation %q: use never, enrollment or a date YYYY-MM-DD", s)
	}
	return Activation{Mode: ActivateOnDate, Date: d}, nil
}

// String is the CLI form of an activation.
func (a Activation) String() string {
	if a.Mode == ActivateOnDate {
		return a.Date.Format(time.DateOnly)
	}
	return string(a.Mode)
}

func (n *NewRequest) validate(today time.Time) fieldErrors {
	var fe fieldErrors
	checkText(&fe, "reason", &n.Reason, false, maxReasonLen)
	n.Note = strings.TrimSpace(n.Note)
	if l := len([]rune(n.Note)); l > maxNoteLen {
		fe.add("note", msg(MsgTooLong, Data{"Len": l, "Max": maxNoteLen}))
	}
	switch n.Activation.Mode {
	case "":
		n.Activation.Mode = ActivateEnrollment
	case ActivateNever, ActivateEnrollment:
		n.Activation.Date = time.Time{}
	case ActivateOnDate:
		d := n.Activation.Date
		if d.IsZero() {
			fe.add("activation", msg(MsgDateRequired, nil))
		} else if day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC); day.Before(today) {
			fe.add("activation", msg(MsgDatePast, Data{"Date": d.Format(time.DateOnly)}))
		} else {
			n.Activation.Date = day
		}
	default:
		fe.add("activation", msg(MsgActivation, Data{"Value": string(n.Activation.Mode)}))
	}
	return fe
}

// ErrCardholderInactive refuses a request for someone who may not get a card.
var ErrCardholderInactive = errors.New("the cardholder is inactive; activate the cardholder first")

// Create files a card request on behalf of the actor.
func (s *Requests) Create(ctx context.Context, a Actor, n NewRequest) (CardRequest, error) {
	now := s.now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if err := n.validate(today).err(); err != nil {
		return CardRequest{}, err
	}
	r := CardRequest{
		CardholderID: n.CardholderID, Reason: n.Reason, TemplateID: n.TemplateID,
		Activation: n.Activation, EmailWhenReady: n.EmailWhenReady, Note: n.Note,
		Status: RequestPending, RequestedBy: a.ID, RequestedByName: a.Name,
		CreatedAt: now, UpdatedAt: now,
	}
	err := s.update(ctx, a, PermRequestCards, func(tx Tx) error {
		ch, err := tx.Cardholders().ByID(ctx, n.CardholderID)
		if err != nil {
			return fmt.Errorf("cardholder %d: %w", n.CardholderID, err)
		}
		if ch.Status != CardholderActive {
			return fmt.Errorf("%s: %w", ch.FullName(), ErrCardholderInactive)
		}
		r.CardholderName, r.Department = ch.FullName(), ch.Department
		if err := checkTemplateRef(ctx, tx, r.TemplateID); err != nil {
			return err
		}
		if err := tx.Requests().Create(ctx, &r); err != nil {
			return err
		}
		return record(ctx, tx, a, now, change{action: "request.create", entity: "card_request",
			entityID: r.ID, details: "card requested for " + ch.FullName(), after: r})
	})
	return r, err
}

// Get returns one request.
func (s *Requests) Get(ctx context.Context, a Actor, id int64) (CardRequest, error) {
	var r CardRequest
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		r, err = tx.Requests().ByID(ctx, id)
		return err
	})
	return r, err
}

// List returns one page of requests matching q and the total that match.
func (s *Requests) List(ctx context.Context, a Actor, q RequestQuery) ([]CardRequest, int, error) {
	var rs []CardRequest
	var n int
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		rs, n, err = tx.Requests().Page(ctx, q)
		return err
	})
	return rs, n, err
}

// PendingFor returns the cardholder's pending requests, oldest first, so a
// second request for the same person can be questioned before it is filed.
// Filing one anyway is allowed: Create does not refuse it.
func (s *Requests) PendingFor(ctx context.Context, a Actor, cardholderID int64) ([]CardRequest, error) {
	var rs []CardRequest
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		rs, err = tx.Requests().List(ctx, RequestQuery{Status: RequestPending, CardholderID: cardholderID})
		return err
	})
	return rs, err
}

// CountPending is the number shown in the notification area.
func (s *Requests) CountPending(ctx context.Context, a Actor) (int, error) {
	var n int
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		n, err = tx.Requests().Count(ctx, RequestQuery{Status: RequestPending})
		return err
	})
	return n, err
}

// checkTemplateRef refuses a request that names a badge template the
// station does not have; 0 is none (the default template prints it).
func checkTemplateRef(ctx context.Context, tx Tx, id int64) error {
	if id == 0 {
		return nil
	}
	_, err := tx.Templates().ByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return invalid("template", msg(MsgUnknownTemplate, Data{"ID": id}))
	}
	return err
}
