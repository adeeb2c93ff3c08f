// Package demo fills a fresh station with sample data for `carddesk --demo`,
// screenshots and manual testing: operators, reasons, a few hundred
// cardholders (some with generated photos, a dozen of those with a card, so
// badges show real data), unassigned credentials and a queue of pending
// requests. The default badge templates come with every new database.
// Everything goes through the enroll services, so the demo data passes the
// same validation and leaves the same audit trail as real work.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// The demo administrator, as the sign-in screen and the help text promise.
const (
	Operator = "demo"
	Password = "demo"
)

// OperatorPassword is the password of the other demo operators. They are
// ordinary accounts, so it meets the station's minimum length; only demo /
// demo is exempt (see Options).
const OperatorPassword = "demo-operator"

// Sizes of the demo data set.
const (
	Cardholders      = 240
	PhotoEvery       = 3 // every third active cardholder has a photo
	PendingRequests  = 20
	AnsweredRequests = 6 // completed and denied, in the request history
)

// How far back the demo dates its data: the station was set up and filled
// some weeks ago; requests were filed over the last days (see requests.go).
const (
	setUpAgo       = 30 * 24 * time.Hour
	cardholdersAgo = 29 * 24 * time.Hour
	shelfAgo       = 28 * 24 * time.Hour
	issuedAgo      = 27 * 24 * time.Hour
)

// seed fixes the generated people, so every demo shows the same building.
const seed = 20251121

var operators = []enroll.NewOperator{
	{Name: "jvandijk", Email: "j.vandijk@" + mailDomain, Role: enroll.RoleOperator},
	{Name: "mbakker", Email: "m.bakker@" + mailDomain, Role: enroll.RoleOperator},
	{Name: "sdevries", Email: "s.devries@" + mailDomain, Role: enroll.RoleOperator},
}

// Reasons is the demo's list of request reasons, in display order.
var Reasons = []string{"New employee", "Lost card", "Damaged card", "Stolen card", "Visitor", "Contractor"}

// Seed fills a fresh, empty station made with enroll.New(store, opts), opts
// from Options (more fields may be set). The administrator demo/demo is
// created by setup, or signed in when it exists. The data is dated back
// through the demo's clock, which runs on the real time again when Seed returns.
func Seed(ctx context.Context, st *enroll.Station, opts enroll.Options) error {
	log := opts.Log
	if log == nil {
		log = zap.NewNop()
	}
	clock, ok := opts.Clock.(*Clock)
	if !ok {
		return errors.New("demo: the station must use demo.Options (its clock dates the sample data)")
	}
	defer clock.set(time.Time{})
	start := time.Now()
	clock.set(start.Add(-setUpAgo))
	admin, err := adminActor(ctx, st)
	if err != nil {
		return fmt.Errorf("demo administrator: %w", err)
	}
	steps := []struct {
		name string
		ago  time.Duration // when the step happened, before start
		fn   func(context.Context, *enroll.Station, enroll.Actor) error
	}{
		{"settings", setUpAgo - time.Minute, seedSettings},
		{"reasons", setUpAgo - 2*time.Minute, seedReasons},
		{"operators", setUpAgo - 5*time.Minute, seedOperators},
		{"cardholders", cardholdersAgo, seedCardholders},
		{"photos", cardholdersAgo - time.Hour, seedPhotos},
		{"credentials", shelfAgo, seedCredentials},
		{"issued cards", issuedAgo, func(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
			return seedIssuedCards(ctx, st, a, clock, start.Add(-issuedAgo))
		}},
		{"requests", 0, func(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
			return seedRequests(ctx, st, a, clock, start)
		}},
	}
	for _, s := range steps {
		t := time.Now()
		clock.set(start.Add(-s.ago))
		if err := s.fn(ctx, st, admin); err != nil {
			return fmt.Errorf("demo %s: %w", s.name, err)
		}
		log.Debug("demo step", zap.String("step", s.name), zap.Duration("took", time.Since(t)))
	}
	log.Info("demo data ready", zap.Duration("took", time.Since(start)))
	return nil
}

func adminActor(ctx context.Context, st *enroll.Station) (enroll.Actor, error) {
	empty, err := st.Operators.NeedsSetup(ctx)
	if err != nil {
		return enroll.Actor{}, err
	}
	if empty {
		return st.Operators.Setup(ctx, Operator, "demo@"+mailDomain, Password)
	}
	return st.Operators.SignIn(ctx, Operator, Password)
}

func seedSettings(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
	return st.Settings.Set(ctx, a, "station.name", "Demo desk")
}

func seedReasons(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
	for _, r := range Reasons {
		if _, err := st.Reasons.Add(ctx, a, r); err != nil {
			return err
		}
	}
	return nil
}

func seedOperators(ctx context.Context, st *enroll.Station, a enroll.Actor) error {
	for _, op := range operators {
		op.Password = OperatorPassword
		if _, err := st.Operators.Add(ctx, a, op); err != nil {
			return fmt.Errorf("%s: %w", op.Name, err)
		}
	}
	return nil
}
