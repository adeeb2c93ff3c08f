package enroll_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// fakeClock is a settable clock so lockout expiry can be tested without sleeping.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type env struct {
	st    *enroll.Station
	clock *fakeClock
	admin enroll.Actor
	ctx   context.Context
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &fakeClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	st := enroll.New(db, enroll.Options{Clock: clock, Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1},
		Secrets: testSecrets(t, path)})
	admin, err := st.Operators.Setup(ctx, "admin", "admin@example.org", "admin-pass-1234")
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, clock: clock, admin: admin, ctx: ctx}
}

func (e *env) operator(t *testing.T, name string) enroll.Actor {
	t.Helper()
	if _, err := e.st.Operators.Add(e.ctx, e.admin, enroll.NewOperator{Name: name, Role: enroll.RoleOperator, Password: "operator-pass", Email: name + "@example.org"}); err != nil {
		t.Fatal(err)
	}
	a, err := e.st.Operators.SignIn(e.ctx, name, "operator-pass")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (e *env) auditActions(t *testing.T) []string {
	t.Helper()
	evs, _, err := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Action)
	}
	return out
}

func TestSetupOnlyOnce(t *testing.T) {
	e := newEnv(t)
	if need, _ := e.st.Operators.NeedsSetup(e.ctx); need {
		t.Fatal("NeedsSetup after setup")
	}
	if _, err := e.st.Operators.Setup(e.ctx, "second", "", "second-pass-1"); !errors.Is(err, enroll.ErrSetupDone) {
		t.Fatalf("second setup: %v", err)
	}
}

func TestSignInLockout(t *testing.T) {
	e := newEnv(t)
	_, err := e.st.Operators.SignIn(e.ctx, "nobody", "whatever1")
	if !errors.Is(err, enroll.ErrSignIn) {
		t.Fatalf("unknown user: %v", err)
	}
	unknownMsg := err.Error()
	for i := 1; i < enroll.MaxFailedSignIns; i++ {
		_, err := e.st.Operators.SignIn(e.ctx, "admin", "wrong-pass")
		if !errors.Is(err, enroll.ErrSignIn) || err.Error() != unknownMsg {
			t.Fatalf("failure %d: %v (must read like an unknown user)", i, err)
		}
	}
	var le *enroll.LockedError
	if _, err := e.st.Operators.SignIn(e.ctx, "admin", "wrong-pass"); !errors.As(err, &le) {
		t.Fatalf("5th failure should lock: %v", err)
	}
	if _, err := e.st.Operators.SignIn(e.ctx, "admin", "admin-pass-1234"); !errors.As(err, &le) {
		t.Fatalf("right password while locked: %v", err)
	}
	e.clock.Add(enroll.LockoutDuration + time.Second)
	if _, err := e.st.Operators.SignIn(e.ctx, "ADMIN", "admin-pass-1234"); err != nil {
		t.Fatalf("after lockout expired: %v", err)
	}
	// A success resets the counter: four more failures do not lock.
	for i := 0; i < enroll.MaxFailedSignIns-1; i++ {
		_, _ = e.st.Operators.SignIn(e.ctx, "admin", "wrong-pass")
	}
	if _, err := e.st.Operators.SignIn(e.ctx, "admin", "admin-pass-1234"); err != nil {
		t.Fatalf("counter not reset by success: %v", err)
	}
	got := strings.Join(e.auditActions(t), ",")
	for _, want := range []string{"operator.locked", "operator.sign_in_failed", "operator.sign_in", "operator.setup"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %s: %s", want, got)
		}
	}
}

func TestPermissionsCheckedInServices(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "olga")
	var pe *enroll.PermissionError
	checks := map[string]error{
		"operators.add": func() error {
			_, err := e.st.Operators.Add(e.ctx, op, enroll.NewOperator{Name: "x", Role: enroll.RoleAdmin, Password: "xxxxxxxxxxxx"})
			return err
		}(),
		"operators.list": func() error { _, err := e.st.Operators.List(e.ctx, op); return err }(),
		"settings.set":   e.st.Settings.Set(e.ctx, op, "station.name", "x"),
		"settings.get":   func() error { _, err := e.st.Settings.Get(e.ctx, op, "station.name"); return err }(),
		"reasons.add":    func() error { _, err := e.st.Reasons.Add(e.ctx, op, "x"); return err }(),
		"zero actor": func() error {
			_, err := e.st.Cardholders.Search(e.ctx, enroll.Actor{}, enroll.CardholderQuery{})
			return err
		}(),
	}
	for name, err := range checks {
		if !errors.As(err, &pe) {
			t.Errorf("%s: want *PermissionError, got %v", name, err)
		}
	}
	if _, err := e.st.Cardholders.Add(e.ctx, op, enroll.Cardholder{FirstName: "A", LastName: "B"}); err != nil {
		t.Errorf("operator may add cardholders: %v", err)
	}
}

func TestCardholderValidationAndAudit(t *testing.T) {
	e := newEnv(t)
	_, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: " ", LastName: "", Email: "no-at", Status: "gone"})
	var ve *enroll.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want ValidationError, got %v", err)
	}
	for _, f := range []string{"first_name", "last_name", "email", "status"} {
		if ve.For(f) == "" {
			t.Errorf("no message for %s in %v", f, err)
		}
	}
	c, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: " Anna ", LastName: "Bos", ExternalID: "HR-1", Photo: testPNG(t, 200, 300)})
	if err != nil {
		t.Fatal(err)
	}
	if c.FirstName != "Anna" || c.Status != enroll.CardholderActive || len(c.Thumbnail) == 0 {
		t.Fatalf("stored %+v", c)
	}
	if _, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "B", LastName: "C", ExternalID: "HR-1"}); !errors.As(err, &ve) || ve.For("external_id") == "" {
		t.Fatalf("duplicate external id: %v", err)
	}
	c.Status = enroll.CardholderInactive
	c.Photo = nil
	if c, err = e.st.Cardholders.Update(e.ctx, e.admin, c); err != nil {
		t.Fatal(err)
	}
	got, err := e.st.Cardholders.Get(e.ctx, e.admin, c.ID)
	if err != nil || got.Status != enroll.CardholderInactive || got.Photo != nil || got.HasPhoto {
		t.Fatalf("after update: %+v %v", got, err)
	}
	evs, _, _ := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{Entity: "cardholder"})
	if len(evs) != 2 || evs[0].Action != "cardholder.update" || !strings.Contains(evs[0].Before, `"status":"active"`) || !strings.Contains(evs[0].After, `"status":"inactive"`) {
		t.Fatalf("audit events %+v", evs)
	}
	for _, ev := range evs {
		if strings.Contains(ev.Before+ev.After, "iVBOR") { // base64 PNG header
			t.Fatal("photo leaked into the audit log")
		}
	}
}

func TestPhotoRejected(t *testing.T) {
	e := newEnv(t)
	for name, photo := range map[string][]byte{"not an image": []byte("hello"), "too small": testPNG(t, 8, 8)} {
		_, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "A", LastName: "B", Photo: photo})
		var ve *enroll.ValidationError
		if !errors.As(err, &ve) || ve.For("photo") == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestImportAllOrNothing(t *testing.T) {
	e := newEnv(t)
	if _, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Old", LastName: "Timer", ExternalID: "E1"}); err != nil {
		t.Fatal(err)
	}
	bad := "external_id,first_name,last_name\nE2,Good,Row\nE1,Taken,Id\nE3,,Missing\n"
	_, err := e.st.Cardholders.Import(e.ctx, e.admin, "people.csv", strings.NewReader(bad))
	var ie *enroll.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want ImportError, got %v", err)
	}
	want := []string{"people.csv:4: last_name: Required"}
	if len(ie.Problems) != 1 || ie.Problems[0].String() != want[0] {
		// Row validation runs before the database check; both are bad rows.
		t.Logf("problems: %v", ie.Problems)
	}
	if n, _ := e.st.Cardholders.Count(e.ctx, e.admin, enroll.CardholderQuery{}); n != 1 {
		t.Fatalf("bad import wrote rows: %d", n)
	}
	// The database check reports the taken id once the rows themselves are valid.
	_, err = e.st.Cardholders.Import(e.ctx, e.admin, "people.csv", strings.NewReader("external_id,first_name,last_name\nE2,Good,Row\nE1,Taken,Id\n"))
	if !errors.As(err, &ie) || len(ie.Problems) != 1 || !strings.HasPrefix(ie.Problems[0].String(), `people.csv:3: external_id "E1" already belongs`) {
		t.Fatalf("taken id: %v", err)
	}
	n, err := e.st.Cardholders.Import(e.ctx, e.admin, "people.csv", strings.NewReader("external_id,first_name,last_name\nE2,Good,Row\nE3,Also,Good\n"))
	if err != nil || n != 2 {
		t.Fatalf("good import: %d %v", n, err)
	}
	var buf bytes.Buffer
	if n, err := e.st.Cardholders.Export(e.ctx, e.admin, &buf); err != nil || n != 3 {
		t.Fatalf("export: %d %v", n, err)
	}
	if !strings.HasPrefix(buf.String(), strings.Join(enroll.CSVColumns, ",")+"\nE1,Old,Timer,,,active\n") {
		t.Fatalf("export:\n%s", buf.String())
	}
}

func TestCreateRequest(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "rita")
	c, _ := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Kim", LastName: "Lee", Department: "IT"})
	_, err := e.st.Requests.Create(e.ctx, op, enroll.NewRequest{CardholderID: c.ID,
		Activation: enroll.Activation{Mode: enroll.ActivateOnDate, Date: e.clock.Now().AddDate(0, 0, -1)}})
	var ve *enroll.ValidationError
	if !errors.As(err, &ve) || ve.For("activation") == "" {
		t.Fatalf("past date: %v", err)
	}
	r, err := e.st.Requests.Create(e.ctx, op, enroll.NewRequest{CardholderID: c.ID, Reason: "Lost card", EmailWhenReady: true,
		Activation: enroll.Activation{Mode: enroll.ActivateOnDate, Date: e.clock.Now().AddDate(0, 0, 3)}})
	if err != nil {
		t.Fatal(err)
	}
	list, n, err := e.st.Requests.List(e.ctx, e.admin, enroll.RequestQuery{Status: enroll.RequestPending})
	if err != nil || n != 1 || list[0].ID != r.ID || list[0].CardholderName != "Kim Lee" || list[0].RequestedByName != "rita" || !list[0].EmailWhenReady {
		t.Fatalf("list: %+v %d %v", list, n, err)
	}
	if cnt, _ := e.st.Requests.CountPending(e.ctx, e.admin); cnt != 1 {
		t.Fatalf("pending = %d", cnt)
	}
	c.Status = enroll.CardholderInactive
	if _, err := e.st.Cardholders.Update(e.ctx, e.admin, c); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Requests.Create(e.ctx, op, enroll.NewRequest{CardholderID: c.ID}); !errors.Is(err, enroll.ErrCardholderInactive) {
		t.Fatalf("inactive cardholder: %v", err)
	}
	if _, err := e.st.Requests.Create(e.ctx, op, enroll.NewRequest{CardholderID: 999}); !errors.Is(err, enroll.ErrNotFound) {
		t.Fatalf("missing cardholder: %v", err)
	}
}

func TestParseActivation(t *testing.T) {
	for in, want := range map[string]enroll.ActivationMode{"never": enroll.ActivateNever, "enrollment": enroll.ActivateEnrollment, "2027-01-31": enroll.ActivateOnDate} {
		a, err := enroll.ParseActivation(in)
		if err != nil || a.Mode != want || a.String() != in {
			t.Errorf("%s: %+v %v", in, a, err)
		}
	}
	if _, err := enroll.ParseActivation("tomorrow"); err == nil {
		t.Error("tomorrow accepted")
	}
}

func TestSettings(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ key, value, wantErr string }{
		{"smtp.port", "70000", "allowed 1-65535"},
		{"smtp.tls", "ssl", "use none, starttls, tls"},
		{"smtp.from", "desk", "not a valid e-mail"},
		{"no.such", "x", "unknown setting"},
	} {
		if err := e.st.Settings.Set(e.ctx, e.admin, tc.key, tc.value); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s=%s: %v", tc.key, tc.value, err)
		}
	}
	if err := e.st.Settings.Set(e.ctx, e.admin, "smtp.password", "s3cret!"); err != nil {
		t.Fatal(err)
	}
	s, err := e.st.Settings.Get(e.ctx, e.admin, "smtp.password")
	if err != nil || s.Value != enroll.SecretShown {
		t.Fatalf("secret shown as %q %v", s.Value, err)
	}
	if s, _ := e.st.Settings.Get(e.ctx, e.admin, "smtp.port"); s.Value != "587" || s.IsSet {
		t.Fatalf("default port: %+v", s)
	}
	evs, _, _ := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{Entity: "setting"})
	for _, ev := range evs {
		if strings.Contains(ev.Details+ev.Before+ev.After, "s3cret") {
			t.Fatal("secret in audit log")
		}
	}
}

func TestReasons(t *testing.T) {
	e := newEnv(t)
	a, _ := e.st.Reasons.Add(e.ctx, e.admin, "Lost card")
	if _, err := e.st.Reasons.Add(e.ctx, e.admin, "lost CARD"); err == nil {
		t.Fatal("duplicate reason accepted")
	}
	b, _ := e.st.Reasons.Add(e.ctx, e.admin, "New employee")
	if err := e.st.Reasons.Rename(e.ctx, e.admin, a.ID, "Lost or stolen card"); err != nil {
		t.Fatal(err)
	}
	if err := e.st.Reasons.Delete(e.ctx, e.admin, b.ID); err != nil {
		t.Fatal(err)
	}
	rs, _ := e.st.Reasons.List(e.ctx, e.admin)
	if len(rs) != 1 || rs[0].Text != "Lost or stolen card" {
		t.Fatalf("reasons %+v", rs)
	}
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEnrollCredential(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "carl")
	c, err := e.st.Credentials.Enroll(e.ctx, op, enroll.NewCredential{Format: "h10301", Fields: map[string]string{"facility": "1", "card": "5"}, Name: "Spare 1"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Bits != "10000000100000000000001011" || c.Status != enroll.CredentialActive || c.Fields["card"] != "5" {
		t.Fatalf("enrolled %+v", c)
	}
	var ve *enroll.ValidationError
	for name, tc := range map[string]struct {
		n     enroll.NewCredential
		field string
	}{
		"twice":       {enroll.NewCredential{Format: "h10301", Fields: map[string]string{"facility": "1", "card": "5"}}, "bits"},
		"range":       {enroll.NewCredential{Format: "h10301", Fields: map[string]string{"facility": "256", "card": "5"}}, "facility"},
		"missing":     {enroll.NewCredential{Format: "h10301", Fields: map[string]string{"facility": "2"}}, "card"},
		"format":      {enroll.NewCredential{Format: "h99999", Fields: map[string]string{}}, "format"},
		"status lost": {enroll.NewCredential{Format: "csn32", Fields: map[string]string{"csn": "04a1b2c3"}, Status: enroll.CredentialLost}, "status"},
	} {
		_, err := e.st.Credentials.Enroll(e.ctx, op, tc.n)
		if !errors.As(err, &ve) || ve.For(tc.field) == "" {
			t.Errorf("%s: want a message at %s, got %v", name, tc.field, err)
		}
	}
	list, n, err := e.st.Credentials.List(e.ctx, op, enroll.CredentialQuery{Available: true})
	if err != nil || n != 1 || list[0].ID != c.ID {
		t.Fatalf("available: %+v %d %v", list, n, err)
	}
}
