package demo

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

func seededStation(t *testing.T) (*enroll.Station, enroll.Actor) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	opts := Options(zaptest.NewLogger(t))
	st := enroll.New(db, opts)
	start := time.Now()
	if err := Seed(ctx, st, opts); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %v", time.Since(start))
	admin, err := st.Operators.SignIn(ctx, Operator, Password)
	if err != nil {
		t.Fatalf("sign in as %s/%s: %v", Operator, Password, err)
	}
	return st, admin
}

func TestSeedFillsTheStation(t *testing.T) {
	ctx := context.Background()
	st, admin := seededStation(t)

	n, err := st.Cardholders.Count(ctx, admin, enroll.CardholderQuery{})
	if err != nil || n < 200 {
		t.Fatalf("cardholders: %d, %v; want at least 200", n, err)
	}
	inactive, _ := st.Cardholders.Count(ctx, admin, enroll.CardholderQuery{Status: enroll.CardholderInactive})
	if inactive == 0 || inactive > n/4 {
		t.Errorf("inactive cardholders: %d of %d; want a few", inactive, n)
	}
	depts, _ := st.Cardholders.Departments(ctx, admin)
	if len(depts) < 8 {
		t.Errorf("departments: %v; want several", depts)
	}

	all, _ := st.Cardholders.Search(ctx, admin, enroll.CardholderQuery{})
	photos := 0
	for _, c := range all {
		if c.HasPhoto {
			photos++
		}
	}
	if photos < 20 || photos > n/2 {
		t.Errorf("cardholders with a photo: %d of %d; want a subset", photos, n)
	}

	pending, _, err := st.Requests.List(ctx, admin, enroll.RequestQuery{Status: enroll.RequestPending})
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) < 15 || len(pending) > 30 {
		t.Errorf("pending requests: %d; want about 20", len(pending))
	}
	requesters, modes, reasons := map[string]bool{}, map[enroll.ActivationMode]bool{}, map[string]bool{}
	for _, r := range pending {
		requesters[r.RequestedByName] = true
		modes[r.Activation.Mode] = true
		reasons[r.Reason] = true
	}
	if len(requesters) < 3 {
		t.Errorf("requesters: %v; want at least 3", requesters)
	}
	if len(modes) != 3 {
		t.Errorf("activation modes: %v; want never, enrollment and a date", modes)
	}
	if len(reasons) < 4 {
		t.Errorf("reasons used: %v; want variety", reasons)
	}

	if name, _ := st.Settings.StationName(ctx); name != "Demo desk" {
		t.Errorf("station name %q", name)
	}
	rs, _ := st.Reasons.List(ctx, admin)
	if len(rs) != len(Reasons) {
		t.Errorf("reasons: %v", rs)
	}
	ops, _ := st.Operators.List(ctx, admin)
	if len(ops) != 4 {
		t.Errorf("operators: %d; want demo and three others", len(ops))
	}
	creds, _, err := st.Credentials.List(ctx, admin, enroll.CredentialQuery{Available: true})
	if err != nil || len(creds) != len(shelfCredentials()) {
		t.Errorf("available credentials: %d, %v; want %d", len(creds), err, len(shelfCredentials()))
	}
	for _, c := range creds {
		if c.CardholderID != 0 || c.Status != enroll.CredentialInactive || c.Bits == "" {
			t.Errorf("shelf credential %+v", c)
		}
	}
	formats, err := st.Formats.List(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	custom := formats[len(formats)-1]
	if custom.Builtin || custom.Format.ID != acmeFormatID || custom.InUse != acmeShelf {
		t.Errorf("last format %+v; want the demo's custom format used by %d credentials", custom, acmeShelf)
	}
	if _, err := st.Operators.SignIn(ctx, "mbakker", OperatorPassword); err != nil {
		t.Errorf("operator sign-in: %v", err)
	}
}

func TestPeopleAreDeterministicAndValid(t *testing.T) {
	a, b := people(Cardholders, seed), people(Cardholders, seed)
	seenID, seenMail := map[string]bool{}, map[string]bool{}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			t.Fatalf("row %d differs between runs: %+v vs %+v", i, a[i], b[i])
		}
		if id := a[i].ExternalID; id != "" {
			if seenID[id] {
				t.Errorf("external id %s twice", id)
			}
			seenID[id] = true
		}
		if m := a[i].Email; m != "" {
			if seenMail[m] {
				t.Errorf("e-mail %s twice", m)
			}
			seenMail[m] = true
		}
	}
	if c := people(5, seed+1); reflect.DeepEqual(c[:2], a[:2]) {
		t.Error("another seed gives the same people")
	}
}

func TestInitials(t *testing.T) {
	for _, tc := range []struct{ first, last, want string }{
		{"Sanne", "de Vries", "SV"},
		{"Jan", "van den Berg", "JB"},
		{"Kees", "'t Hart", "KH"},
		{"Ayşe", "Öztürk", "AÖ"},
		{"Jack", "O'Brien", "JO"},
	} {
		if got := initials(enroll.Cardholder{FirstName: tc.first, LastName: tc.last}); got != tc.want {
			t.Errorf("initials(%s %s) = %q, want %q", tc.first, tc.last, got, tc.want)
		}
	}
}

func TestPendingRequestsAreForDifferentPeople(t *testing.T) {
	st, admin := seededStation(t)
	rs, _, err := st.Requests.List(context.Background(), admin, enroll.RequestQuery{Status: enroll.RequestPending})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, r := range rs {
		if seen[r.CardholderID] {
			t.Errorf("cardholder %d (%s) has two demo requests", r.CardholderID, r.CardholderName)
		}
		seen[r.CardholderID] = true
	}
}

func TestSeededRequestsAreSpreadOverTheLastDays(t *testing.T) {
	before := time.Now()
	st, admin := seededStation(t)
	after := time.Now()
	all, _, err := st.Requests.List(context.Background(), admin, enroll.RequestQuery{})
	if err != nil {
		t.Fatal(err)
	}
	// The requests that issued cards at set-up are weeks older than the rest.
	var rs []enroll.CardRequest
	issued := 0
	for _, r := range all {
		if r.CreatedAt.Before(before.Add(-issuedAgo + 24*time.Hour)) {
			issued++
			if r.Status != enroll.RequestCompleted || r.CredentialID == 0 {
				t.Errorf("set-up request %d: %s, credential %d; want completed with a card", r.ID, r.Status, r.CredentialID)
			}
			continue
		}
		rs = append(rs, r)
	}
	if len(rs) != PendingRequests+AnsweredRequests || issued != IssuedCards {
		t.Fatalf("%d recent and %d set-up requests, want %d and %d", len(rs), issued, PendingRequests+AnsweredRequests, IssuedCards)
	}
	seen := map[time.Time]int64{}
	for _, r := range all {
		if id, ok := seen[r.CreatedAt]; ok {
			t.Errorf("requests %d and %d both filed at %v", id, r.ID, r.CreatedAt)
		}
		seen[r.CreatedAt] = r.ID
	}
	oldest, newest := rs[0].CreatedAt, rs[0].CreatedAt
	statuses := map[enroll.RequestStatus]int{}
	for _, r := range rs {
		statuses[r.Status]++
		if r.CreatedAt.After(before) {
			t.Errorf("request %d filed at %v, after the seeding began (%v)", r.ID, r.CreatedAt, before)
		}
		oldest, newest = minTime(oldest, r.CreatedAt), maxTime(newest, r.CreatedAt)
		switch r.Status {
		case enroll.RequestPending:
			if !r.RespondedAt.IsZero() {
				t.Errorf("pending request %d answered at %v", r.ID, r.RespondedAt)
			}
		default:
			if !r.RespondedAt.After(r.CreatedAt) || r.RespondedAt.After(before) {
				t.Errorf("request %d filed %v, answered %v; want answered after filing and before %v", r.ID, r.CreatedAt, r.RespondedAt, before)
			}
		}
	}
	if span := newest.Sub(oldest); span <= 24*time.Hour {
		t.Errorf("requests filed between %v and %v (%v); want more than a day apart", oldest, newest, span)
	}
	if age := before.Sub(newest); age > time.Hour {
		t.Errorf("the newest request is %v old; want one of minutes", age)
	}
	if statuses[enroll.RequestPending] != PendingRequests || statuses[enroll.RequestCompleted] == 0 || statuses[enroll.RequestDenied] == 0 {
		t.Errorf("statuses %v; want %d pending, some completed and some denied", statuses, PendingRequests)
	}
	// The clock runs on the real time again once the demo is seeded.
	ch, err := st.Cardholders.Add(context.Background(), admin, enroll.Cardholder{FirstName: "Late", LastName: "Comer", Status: enroll.CardholderActive})
	if err != nil {
		t.Fatal(err)
	}
	if ch.CreatedAt.Before(after.Add(-time.Second)) {
		t.Errorf("a cardholder added after seeding was dated %v, before %v", ch.CreatedAt, after)
	}
}

func TestPlanRequestsIsDeterministicPerSeed(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name       string
		a, b       uint64
		wantEquals bool
	}{
		{"same seed", seed, seed, true},
		{"other seed", seed, seed + 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := planRequests(now, tc.a), planRequests(now, tc.b)
			if got := reflect.DeepEqual(a, b); got != tc.wantEquals {
				t.Errorf("plans equal = %v, want %v", got, tc.wantEquals)
			}
			for _, p := range a {
				if !p.filed.Before(now) || now.Sub(p.filed) > oldestAnswer {
					t.Errorf("filed %v: not within a week before %v", p.filed, now)
				}
				if !p.answered.IsZero() && (!p.answered.After(p.filed) || p.answered.After(now)) {
					t.Errorf("filed %v, answered %v", p.filed, p.answered)
				}
			}
		})
	}
}

func TestDemoPasswordsMeetTheMinimumExceptDemoDemo(t *testing.T) {
	ctx := context.Background()
	st, admin := seededStation(t)
	ops, err := st.Operators.List(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	var demoID int64
	for _, op := range ops {
		if op.Name == Operator {
			demoID = op.ID
		}
	}
	if got := st.Operators.MinPasswordLength(); got != enroll.MinPasswordLength {
		t.Errorf("the demo station's minimum is %d, want %d", got, enroll.MinPasswordLength)
	}
	if len([]rune(OperatorPassword)) < enroll.MinPasswordLength {
		t.Errorf("OperatorPassword %q is shorter than the minimum", OperatorPassword)
	}
	tests := []struct {
		name   string
		do     func() error
		wantOK bool
	}{
		{"new operator with a short password", func() error {
			_, err := st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "kees", Role: enroll.RoleOperator, Password: "kees"})
			return err
		}, false},
		{"new operator with the demo's own password", func() error {
			_, err := st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "demo2", Role: enroll.RoleAdmin, Password: Password})
			return err
		}, false},
		{"new operator with 11 characters", func() error {
			_, err := st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "lotte", Role: enroll.RoleOperator, Password: "abcdefghijk"})
			return err
		}, false},
		{"new operator with 12 characters", func() error {
			_, err := st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "lotte", Role: enroll.RoleOperator, Password: "abcdefghijkl"})
			return err
		}, true},
		{"demo changes its password to a short one", func() error {
			return st.Operators.SetPassword(ctx, admin, demoID, "demo")
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			var invalid *enroll.ValidationError
			switch {
			case tc.wantOK && err != nil:
				t.Errorf("refused: %v", err)
			case !tc.wantOK && !errors.As(err, &invalid):
				t.Errorf("got %v, want a validation error", err)
			}
		})
	}
	if _, err := st.Operators.SignIn(ctx, Operator, Password); err != nil {
		t.Errorf("demo / demo after the refused change: %v", err)
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
