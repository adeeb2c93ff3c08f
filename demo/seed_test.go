package demo

import (
	"context"
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
	st := enroll.New(db, Options(nil))
	start := time.Now()
	if err := Seed(ctx, st, zaptest.NewLogger(t)); err != nil {
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
