package enroll

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.uber.org/zap"
)

// Lockout policy: this many failed sign-ins in a row lock an account for LockoutDuration.
const (
	MaxFailedSignIns = 5
	LockoutDuration  = 15 * time.Minute
)

// ErrSetupDone refuses a second first-administrator.
var ErrSetupDone = errors.New("setup refused: this station already has operators; sign in as an administrator to add more")

// validOperatorName: 1 to 64 letters, digits and . _ @ -, in any script.
// A loop and not the regular expression it replaces: Unicode's letter and
// digit classes compiled at start cost 2-3 ms and 2.6 MB of heap.
func validOperatorName(name string) bool {
	n := 0
	for _, r := range name {
		if n++; n > 64 || !(unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune("._@-", r)) {
			return false
		}
	}
	return n > 0
}

// Operators is the use case for accounts: first-run setup, sign-in with
// lockout, and administration of operator accounts.
type Operators struct {
	base
	params    PasswordParams
	minLen    int
	seed      *SeedAccount
	dummyOnce sync.Once
	dummy     string
}

// NewOperator is the input for creating an operator account.
type NewOperator struct {
	Name     string
	Email    string
	Role     Role
	Password string
}

func (n *NewOperator) validate(minLen int) error {
	var fe fieldErrors
	n.Name = strings.TrimSpace(n.Name)
	n.Email = strings.TrimSpace(n.Email)
	if !validOperatorName(n.Name) {
		fe.add("name", msg(MsgOperatorName, nil))
	}
	if n.Email != "" && !validEmail(n.Email) {
		fe.add("email", msg(MsgEmail, Data{"Value": n.Email}))
	}
	if n.Role != RoleAdmin && n.Role != RoleOperator {
		fe.add("role", msg(MsgRole, nil))
	}
	validatePassword(&fe, n.Password, minLen)
	return fe.err()
}

// MinPasswordLength is the shortest password this station accepts, in
// characters; the UI shows it next to every new-password field.
func (s *Operators) MinPasswordLength() int { return s.minLen }

// setupMinLen is the minimum for the first administrator: the station's,
// except for the seed account's own name and password (see Options.SeedAccount).
func (s *Operators) setupMinLen(name, password string) int {
	if s.seed != nil && s.seed.Password != "" && strings.TrimSpace(name) == s.seed.Name && password == s.seed.Password {
		return 1
	}
	return s.minLen
}

// NeedsSetup reports whether the station has no operator yet (first run).
func (s *Operators) NeedsSetup(ctx context.Context) (bool, error) {
	var n int
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		n, err = tx.Operators().Count(ctx)
		return err
	})
	return n == 0, err
}

// Setup creates the first administrator; it is refused once any operator exists.
func (s *Operators) Setup(ctx context.Context, name, email, password string) (Actor, error) {
	n := NewOperator{Name: name, Email: email, Role: RoleAdmin, Password: password}
	if err := n.validate(s.setupMinLen(name, password)); err != nil {
		return Actor{}, err
	}
	hash, err := hashPassword(n.Password, s.params) // before the write lock: see passwordCheck
	if err != nil {
		return Actor{}, err
	}
	var op Operator
	err = s.store.Update(ctx, func(tx Tx) error {
		count, err := tx.Operators().Count(ctx)
		if err != nil {
			return err
		}
		if count > 0 {
			return ErrSetupDone
		}
		op, err = s.create(ctx, tx, n, hash)
		if err != nil {
			return err
		}
		return record(ctx, tx, actorOf(op), op.CreatedAt, change{action: "operator.setup",
			entity: "operator", entityID: op.ID, details: "first administrator " + op.Name, after: op})
	})
	return actorOf(op), err
}

// Add creates an operator account (administrators only).
func (s *Operators) Add(ctx context.Context, a Actor, n NewOperator) (Operator, error) {
	if err := a.require(PermManageOperators); err != nil {
		return Operator{}, err
	}
	if err := n.validate(s.minLen); err != nil {
		return Operator{}, err
	}
	hash, err := hashPassword(n.Password, s.params) // before the write lock: see passwordCheck
	if err != nil {
		return Operator{}, err
	}
	var op Operator
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		if op, err = s.create(ctx, tx, n, hash); err != nil {
			return err
		}
		return record(ctx, tx, a, op.CreatedAt, change{action: "operator.create", entity: "operator",
			entityID: op.ID, details: fmt.Sprintf("%s (%s)", op.Name, op.Role), after: op})
	})
	return op, err
}

func (s *Operators) create(ctx context.Context, tx Tx, n NewOperator, hash string) (Operator, error) {
	op := Operator{Name: n.Name, Email: n.Email, Role: n.Role, PasswordHash: hash, CreatedAt: s.now()}
	if err := tx.Operators().Create(ctx, &op); err != nil {
		if errors.Is(err, ErrDuplicate) {
			return Operator{}, invalid("name", msg(MsgOperatorTaken, nil))
		}
		return Operator{}, fmt.Errorf("create operator: %w", err)
	}
	return op, nil
}

// List returns every operator (administrators only).
func (s *Operators) List(ctx context.Context, a Actor) ([]Operator, error) {
	var ops []Operator
	err := s.view(ctx, a, PermManageOperators, func(tx Tx) error {
		var err error
		ops, err = tx.Operators().List(ctx)
		return err
	})
	return ops, err
}

// SignIn checks a password. Unknown names and wrong passwords get the same
// ErrSignIn; MaxFailedSignIns failures in a row lock the account.
func (s *Operators) SignIn(ctx context.Context, name, password string) (Actor, error) {
	op, result, err := s.signIn(ctx, name, password, func(tx Tx, op *Operator, pw passwordCheck) (error, error) {
		return s.attempt(ctx, tx, op, pw, "operator.sign_in")
	})
	if err != nil {
		return Actor{}, err
	}
	if result != nil {
		s.log.Info("sign-in refused", zap.String("operator", name), zap.String("reason", reasonOf(result)))
		return Actor{}, result
	}
	s.log.Info("signed in", zap.String("operator", op.Name))
	return actorOf(op), nil
}

// signIn checks name's password outside the write transaction, then, in
// it, reads the operator again and lets check count and record the
// attempt (its refusal, if any, returned apart so the count is committed
// either way). An unknown name is refused like a wrong password.
func (s *Operators) signIn(ctx context.Context, name, password string,
	check func(Tx, *Operator, passwordCheck) (error, error)) (Operator, error, error) {
	var result error
	var op Operator
	pw, err := s.precheck(ctx, name, password)
	if err != nil {
		return Operator{}, nil, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		op, err = tx.Operators().ByName(ctx, strings.TrimSpace(name))
		if errors.Is(err, ErrNotFound) {
			result = ErrSignIn
			return nil
		}
		if err != nil {
			return err
		}
		result, err = check(tx, &op, pw)
		return err
	})
	return op, result, err
}

// attempt updates the failure counter and writes the audit event (success
// on a right password: the sign-in, or the desk's unlock); it returns the
// refusal (if any) separately so the counter is committed either way.
func (s *Operators) attempt(ctx context.Context, tx Tx, op *Operator, pw passwordCheck, success string) (error, error) {
	now := s.now()
	if now.Before(op.LockedUntil) {
		return &LockedError{Until: op.LockedUntil}, nil
	}
	if !op.LockedUntil.IsZero() { // an expired lock starts a fresh count
		op.LockedUntil, op.FailedSignIns = time.Time{}, 0
	}
	ok, err := pw.against(op.PasswordHash)
	if err != nil {
		return nil, fmt.Errorf("operator %s: %w", op.Name, err)
	}
	ev := change{entity: "operator", entityID: op.ID}
	var refusal error
	if ok {
		op.FailedSignIns, op.LastSignInAt = 0, now
		ev.action = success
	} else {
		op.FailedSignIns++
		ev.action, ev.details = "operator.sign_in_failed", fmt.Sprintf("failure %d of %d", op.FailedSignIns, MaxFailedSignIns)
		refusal = ErrSignIn
		if op.FailedSignIns >= MaxFailedSignIns {
			op.LockedUntil = now.Add(LockoutDuration)
			ev.action, ev.details = "operator.locked", fmt.Sprintf("locked until %s after %d failures", op.LockedUntil.Format(time.RFC3339), op.FailedSignIns)
			refusal = &LockedError{Until: op.LockedUntil}
		}
	}
	if err := tx.Operators().Update(ctx, *op); err != nil {
		return nil, err
	}
	return refusal, record(ctx, tx, actorOf(*op), now, ev)
}

// passwordCheck is a password checked against the stored hash before the
// write transaction that records the attempt. argon2id takes a good part
// of a second on purpose, and on SQLite a write transaction holds the
// whole station's write lock: checked inside, a few desks signing in at
// once made each other's commands wait past the busy timeout.
type passwordCheck struct {
	password, hash string
	ok             bool
	err            error
}

// precheck reads the operator's hash and checks the password against it
// (an unknown name against a dummy hash: the same effort, so timing does
// not reveal names).
func (s *Operators) precheck(ctx context.Context, name, password string) (passwordCheck, error) {
	return s.precheckOf(ctx, password, func(tx Tx) (Operator, error) {
		return tx.Operators().ByName(ctx, strings.TrimSpace(name))
	})
}

// precheckID is precheck for an operator known by id.
func (s *Operators) precheckID(ctx context.Context, id int64, password string) (passwordCheck, error) {
	return s.precheckOf(ctx, password, func(tx Tx) (Operator, error) { return tx.Operators().ByID(ctx, id) })
}

func (s *Operators) precheckOf(ctx context.Context, password string, find func(Tx) (Operator, error)) (passwordCheck, error) {
	pw := passwordCheck{password: password}
	err := s.store.View(ctx, func(tx Tx) error {
		op, err := find(tx)
		switch {
		case err == nil:
			pw.hash = op.PasswordHash
		case !errors.Is(err, ErrNotFound):
			return err
		}
		return nil
	})
	if err != nil {
		return passwordCheck{}, err
	}
	if pw.hash == "" { // unknown: the dummy is made only now, so a known name never pays for it
		pw.hash = s.dummyHash()
	}
	pw.ok, pw.err = checkPassword(password, pw.hash)
	return pw, nil
}

// against is the check's result for hash; a hash changed since the check
// (a new password set meanwhile) is checked again.
func (pw passwordCheck) against(hash string) (bool, error) {
	if hash == pw.hash {
		return pw.ok, pw.err
	}
	return checkPassword(pw.password, hash)
}

// SetPassword changes an operator's password: administrators for anyone,
// operators for themselves. It also lifts a lockout.
func (s *Operators) SetPassword(ctx context.Context, a Actor, id int64, password string) error {
	if a.ID != id {
		if err := a.require(PermManageOperators); err != nil {
			return err
		}
	}
	var fe fieldErrors
	validatePassword(&fe, password, s.minLen)
	if err := fe.err(); err != nil {
		return err
	}
	hash, err := hashPassword(password, s.params)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		op, err := tx.Operators().ByID(ctx, id)
		if err != nil {
			return err
		}
		op.PasswordHash, op.FailedSignIns, op.LockedUntil = hash, 0, time.Time{}
		if err := tx.Operators().Update(ctx, op); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "operator.password", entity: "operator",
			entityID: id, details: "password changed for " + op.Name})
	})
}

// Unlock lifts a lockout before it expires (administrators only).
func (s *Operators) Unlock(ctx context.Context, a Actor, id int64) error {
	return s.update(ctx, a, PermManageOperators, func(tx Tx) error {
		op, err := tx.Operators().ByID(ctx, id)
		if err != nil {
			return err
		}
		op.FailedSignIns, op.LockedUntil = 0, time.Time{}
		if err := tx.Operators().Update(ctx, op); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "operator.unlock", entity: "operator",
			entityID: id, details: "unlocked " + op.Name})
	})
}

func actorOf(op Operator) Actor {
	return Actor{ID: op.ID, Name: op.Name, Role: op.Role, Email: op.Email}
}

func reasonOf(err error) string {
	var le *LockedError
	if errors.As(err, &le) {
		return "locked"
	}
	return "wrong name or password"
}

// dummyHash has the station's cost so an unknown name takes as long as a
// known one; computed on first use, not at start-up.
func (s *Operators) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy, _ = hashPassword("carddesk-dummy", s.params) })
	return s.dummy
}

// SignOut records that the operator left the station.
func (s *Operators) SignOut(ctx context.Context, a Actor) error {
	return s.update(ctx, a, PermView, func(tx Tx) error {
		return record(ctx, tx, a, s.now(), change{action: "operator.sign_out", entity: "operator", entityID: a.ID})
	})
}
