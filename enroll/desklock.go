package enroll

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"
)

// LockReason says why the desk locked.
type LockReason string

// The desk locks by itself after the idle time, or when the operator
// asks (Ctrl+L).
const (
	LockIdle   LockReason = "idle"
	LockManual LockReason = "manual"
)

// LockDesk records that the desk locked over a's session; the session
// goes on behind the lock.
func (s *Operators) LockDesk(ctx context.Context, a Actor, reason LockReason) error {
	if err := a.require(PermView); err != nil {
		return err
	}
	if reason != LockIdle && reason != LockManual {
		return fmt.Errorf("lock reason %q: want %q or %q", reason, LockIdle, LockManual)
	}
	return s.update(ctx, a, PermView, func(tx Tx) error {
		return record(ctx, tx, a, s.now(), change{action: "desk.lock", entity: "operator", entityID: a.ID,
			details: string(reason)})
	})
}

// UnlockDesk checks the password of the operator whose session the desk
// locked over. A wrong password counts as a failed sign-in, towards the
// same lockout; the right one is recorded as desk.unlock.
func (s *Operators) UnlockDesk(ctx context.Context, a Actor, password string) error {
	var result error
	pw, err := s.precheckID(ctx, a.ID, password)
	if err != nil {
		return err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		op, err := tx.Operators().ByID(ctx, a.ID)
		if errors.Is(err, ErrNotFound) { // removed while away: only another operator gets in
			result = ErrSignIn
			return nil
		}
		if err != nil {
			return err
		}
		result, err = s.attempt(ctx, tx, &op, pw, "desk.unlock")
		return err
	})
	if err != nil {
		return err
	}
	if result != nil {
		s.log.Info("unlock refused", zap.String("operator", a.Name), zap.String("reason", reasonOf(result)))
	}
	return result
}

// SwitchDesk signs another operator in at a desk locked over from's
// session: the sign-in is checked and counted as SignIn does, and from's
// sign-out, the sign-in and desk.switch are recorded together. When the
// name is from's own, it is an unlock and the same actor comes back.
func (s *Operators) SwitchDesk(ctx context.Context, from Actor, name, password string) (Actor, error) {
	op, result, err := s.signIn(ctx, name, password, func(tx Tx, op *Operator, pw passwordCheck) (error, error) {
		if op.ID == from.ID {
			return s.attempt(ctx, tx, op, pw, "desk.unlock")
		}
		result, err := s.attempt(ctx, tx, op, pw, "operator.sign_in")
		if err != nil || result != nil {
			return result, err
		}
		return nil, s.recordSwitch(ctx, tx, from, *op)
	})
	if err != nil {
		return Actor{}, err
	}
	if result != nil {
		s.log.Info("sign-in at a locked desk refused", zap.String("operator", name), zap.String("reason", reasonOf(result)))
		return Actor{}, result
	}
	s.log.Info("desk switched", zap.String("from", from.Name), zap.String("to", op.Name))
	return actorOf(op), nil
}

// recordSwitch ends from's session in the audit log and names who took
// the desk over.
func (s *Operators) recordSwitch(ctx context.Context, tx Tx, from Actor, to Operator) error {
	now := s.now()
	if err := record(ctx, tx, from, now, change{action: "operator.sign_out", entity: "operator", entityID: from.ID,
		details: "desk taken over by " + to.Name}); err != nil {
		return err
	}
	return record(ctx, tx, actorOf(to), now, change{action: "desk.switch", entity: "operator", entityID: to.ID,
		details: "from " + from.Name})
}
