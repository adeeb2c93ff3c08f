package enroll

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file is the response desk: modifying, denying and completing card
// requests. Connecting a card lives in connect.go.

// RequestChange is what Modify may change of a pending request.
type RequestChange struct {
	Reason         string
	TemplateID     int64
	Activation     Activation
	EmailWhenReady bool
	Note           string
}

// Modify edits one pending request. version is the Version the operator
// saw: a request changed or answered since is refused with a *ConflictError.
func (s *Requests) Modify(ctx context.Context, a Actor, id, version int64, c RequestChange) (CardRequest, error) {
	n := NewRequest{Reason: c.Reason, TemplateID: c.TemplateID, Activation: c.Activation, EmailWhenReady: c.EmailWhenReady, Note: c.Note}
	now := s.now()
	if err := n.validate(today(now)).err(); err != nil {
		return CardRequest{}, err
	}
	var r CardRequest
	err := s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		old, err := pendingRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return &ConflictError{RequestID: id}
		}
		if err := checkTemplateRef(ctx, tx, n.TemplateID); err != nil {
			return err
		}
		r = old
		r.Reason, r.TemplateID, r.Activation, r.EmailWhenReady, r.Note = n.Reason, n.TemplateID, n.Activation, n.EmailWhenReady, n.Note
		r.UpdatedAt = now
		if err := saveRequest(ctx, tx, &r); err != nil {
			return err
		}
		return record(ctx, tx, a, now, change{action: "request.modify", entity: "card_request", entityID: id,
			details: "request for " + r.CardholderName + " modified", before: old, after: r})
	})
	return r, err
}

// Deny answers each request with "denied", all or none: if any of them was
// answered elsewhere meanwhile, nothing changes and the *ConflictError says
// who answered it.
func (s *Requests) Deny(ctx context.Context, a Actor, ids []int64, note string) ([]CardRequest, error) {
	note = strings.TrimSpace(note)
	if l := len([]rune(note)); l > maxNoteLen {
		return nil, invalid("note", msg(MsgTooLong, Data{"Len": l, "Max": maxNoteLen}))
	}
	var out []CardRequest
	err := s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		var err error
		out, err = s.answerIn(ctx, tx, a, uniqueIDs(ids), func(r *CardRequest) { r.ResponseNote = note }, RequestDenied)
		return err
	})
	return out, err
}

// Complete closes each request that has a card connected; the others are
// returned in skipped, untouched, so the desk can connect them first.
func (s *Requests) Complete(ctx context.Context, a Actor, ids []int64) (done []CardRequest, skipped []CardRequest, err error) {
	err = s.update(ctx, a, PermRespondRequests, func(tx Tx) error {
		done, skipped = nil, nil
		var ready []int64
		for _, id := range uniqueIDs(ids) {
			r, err := pendingRequest(ctx, tx, id)
			if err != nil {
				return err
			}
			if r.CredentialID == 0 {
				skipped = append(skipped, r)
				continue
			}
			ready = append(ready, id)
		}
		var err error
		done, err = s.answerIn(ctx, tx, a, ready, func(*CardRequest) {}, RequestCompleted)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return done, skipped, nil
}

// answerIn moves each request to the final state to, queues the requester's
// mail and writes the audit event, all inside tx.
func (s *Requests) answerIn(ctx context.Context, tx Tx, a Actor, ids []int64, edit func(*CardRequest), to RequestStatus) ([]CardRequest, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	now := s.now()
	out := make([]CardRequest, 0, len(ids))
	for _, id := range ids {
		old, err := pendingRequest(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		r := old
		edit(&r)
		if err := RequestStates.Check(old.Status, to); err != nil {
			return nil, err
		}
		r.Status, r.RespondedBy, r.RespondedByName, r.RespondedAt, r.UpdatedAt = to, a.ID, a.Name, now, now
		if err := saveRequest(ctx, tx, &r); err != nil {
			return nil, err
		}
		if err := s.mailRequester(ctx, tx, r, now); err != nil {
			return nil, err
		}
		action := "request.deny"
		if to == RequestCompleted {
			action = "request.complete"
		}
		if err := record(ctx, tx, a, now, change{action: action, entity: "card_request", entityID: id,
			details: fmt.Sprintf("request for %s %s", r.CardholderName, to), before: old, after: r}); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// pendingRequest reads a request that may still be answered.
func pendingRequest(ctx context.Context, tx Tx, id int64) (CardRequest, error) {
	r, err := tx.Requests().ByID(ctx, id)
	if err != nil {
		return CardRequest{}, fmt.Errorf("card request %d: %w", id, err)
	}
	if r.Status != RequestPending {
		return CardRequest{}, &ConflictError{RequestID: id, Status: r.Status, By: r.RespondedByName, At: r.RespondedAt}
	}
	return r, nil
}

// saveRequest turns a lost optimistic lock into the conflict the desk must
// explain: between our read and write another station got there first.
func saveRequest(ctx context.Context, tx Tx, r *CardRequest) error {
	err := tx.Requests().Update(ctx, r)
	if errors.Is(err, ErrStale) {
		if cur, err2 := tx.Requests().ByID(ctx, r.ID); err2 == nil && cur.Status != RequestPending {
			return &ConflictError{RequestID: r.ID, Status: cur.Status, By: cur.RespondedByName, At: cur.RespondedAt}
		}
		return &ConflictError{RequestID: r.ID}
	}
	return err
}

// mailRequester queues the "your card is ready" (or "denied") mail when the
// requester asked for it and has an address.
func (s *Requests) mailRequester(ctx context.Context, tx Tx, r CardRequest, now time.Time) error {
	if !r.EmailWhenReady {
		return nil
	}
	op, err := tx.Operators().ByID(ctx, r.RequestedBy)
	if err != nil {
		return fmt.Errorf("requester of card request %d: %w", r.ID, err)
	}
	if op.Email == "" {
		return nil
	}
	m := requestMail(r, op.Email, now)
	return tx.Outbox().Enqueue(ctx, &m)
}

func requestMail(r CardRequest, to string, now time.Time) Mail {
	var subject, body string
	when := r.RespondedAt.Local().Format("2006-01-02 15:04")
	switch r.Status {
	case RequestCompleted:
		subject = "Card ready for " + r.CardholderName
		body = fmt.Sprintf("The card you requested for %s is ready.\n\nCompleted by %s at %s.\n", r.CardholderName, r.RespondedByName, when)
	default:
		subject = "Card request denied for " + r.CardholderName
		body = fmt.Sprintf("Your card request for %s was denied by %s at %s.\n", r.CardholderName, r.RespondedByName, when)
		if r.ResponseNote != "" {
			body += "\nNote: " + r.ResponseNote + "\n"
		}
	}
	body += fmt.Sprintf("\nRequest %d, filed %s", r.ID, r.CreatedAt.Local().Format("2006-01-02 15:04"))
	if r.Reason != "" {
		body += " (" + r.Reason + ")"
	}
	body += ".\n\nThis message was sent by CardDesk.\n"
	return Mail{To: to, Subject: subject, Body: body, CreatedAt: now}
}

func uniqueIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func today(now time.Time) time.Time {
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}
