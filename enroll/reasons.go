package enroll

import (
	"context"
	"strings"
)

// Reasons is the administrator's list of request reasons.
type Reasons struct{ base }

// List returns the reasons in their display order (anyone may read them).
func (s *Reasons) List(ctx context.Context, a Actor) ([]Reason, error) {
	var rs []Reason
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		rs, err = tx.Reasons().List(ctx)
		return err
	})
	return rs, err
}

func validReasonText(text *string) error {
	var fe fieldErrors
	checkText(&fe, "reason", text, true, maxReasonLen)
	return fe.err()
}

// Add appends a reason at the end of the list.
func (s *Reasons) Add(ctx context.Context, a Actor, text string) (Reason, error) {
	if err := validReasonText(&text); err != nil {
		return Reason{}, err
	}
	var r Reason
	err := s.update(ctx, a, PermManageReasons, func(tx Tx) error {
		all, err := tx.Reasons().List(ctx)
		if err != nil {
			return err
		}
		for _, x := range all {
			if strings.EqualFold(x.Text, text) {
				return invalid("reason", msg(MsgReasonTaken, nil))
			}
			r.Position = max(r.Position, x.Position+1)
		}
		r.Text = text
		if err := tx.Reasons().Create(ctx, &r); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "reason.create", entity: "reason", entityID: r.ID, details: text, after: r})
	})
	return r, err
}

// Rename changes a reason's text.
func (s *Reasons) Rename(ctx context.Context, a Actor, id int64, text string) error {
	if err := validReasonText(&text); err != nil {
		return err
	}
	return s.update(ctx, a, PermManageReasons, func(tx Tx) error {
		old, err := findReason(ctx, tx, id)
		if err != nil {
			return err
		}
		r := old
		r.Text = text
		if err := tx.Reasons().Update(ctx, r); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "reason.update", entity: "reason", entityID: id, details: text, before: old, after: r})
	})
}

// Delete removes a reason; requests keep the text they were filed with.
func (s *Reasons) Delete(ctx context.Context, a Actor, id int64) error {
	return s.update(ctx, a, PermManageReasons, func(tx Tx) error {
		old, err := findReason(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.Reasons().Delete(ctx, id); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "reason.delete", entity: "reason", entityID: id, details: old.Text, before: old})
	})
}

func findReason(ctx context.Context, tx Tx, id int64) (Reason, error) {
	all, err := tx.Reasons().List(ctx)
	if err != nil {
		return Reason{}, err
	}
	for _, r := range all {
		if r.ID == id {
			return r, nil
		}
	}
	return Reason{}, ErrNotFound
}
