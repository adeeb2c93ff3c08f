package settings

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/production/producertest"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// producerStation is a station that orders from a producer simulator
// accepting client id "desk" with secret "s3cret".
func producerStation(t *testing.T) (*enroll.Station, enroll.Actor, *producertest.Server) {
	t.Helper()
	srv, err := producertest.Start(producertest.Options{ClientID: "desk", ClientSecret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	st := uitest.StationWith(t, enroll.Options{Producers: production.NewFactory(production.Options{})})
	return st, uitest.SetupAdmin(t, st), srv
}

// openProductionTab opens the Card production tab for an administrator of
// a station with no producer set up.
func openProductionTab(t *testing.T) (*uitest.Host, *enroll.Station, enroll.Actor, *productionTab) {
	t.Helper()
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s, _ := openSettings(t, st, admin, tabProduction)
	return h, st, admin, s.production
}

func store(t *testing.T, st *enroll.Station, admin enroll.Actor, kv map[string]string) {
	t.Helper()
	var kvs []enroll.KeyValue
	for k, v := range kv {
		kvs = append(kvs, enroll.KeyValue{Key: k, Value: v})
	}
	if err := st.Settings.SetMany(context.Background(), admin, kvs); err != nil {
		t.Fatal(err)
	}
}

func stored(t *testing.T, st *enroll.Station, admin enroll.Actor, key string) string {
	t.Helper()
	s, err := st.Settings.Get(context.Background(), admin, key)
	if err != nil {
		t.Fatal(err)
	}
	return s.Value
}

func (p *productionTab) text(key string) *widgets.Entry { return p.form.inputs[key].(*textInput).entry }

func (p *productionTab) toggle(key string) *widget.Check {
	return p.form.inputs[key].(*toggleInput).check
}

func (p *productionTab) secret() *secretInput {
	return p.form.inputs["production.client_secret"].(*secretInput)
}

func (p *productionTab) layout() *layoutInput {
	return p.form.inputs["production.layout"].(*layoutInput)
}

var useCaseKeys = []string{"usecase.order_card.enabled", "usecase.order_temporary_cards.enabled",
	"usecase.abort_card_order.enabled", "usecase.update_card_order.enabled", "usecase.temporary_cards.enabled"}

// The tab shows every production and use-case key in words, with the
// stored values, and never the secret; the producer's layouts are read on
// opening, the stored one selected.
func TestProductionTabShowsStoredValuesNeverTheSecret(t *testing.T) {
	st, admin, srv := producerStation(t)
	store(t, st, admin, map[string]string{"production.url": srv.URL(), "production.client_id": "desk",
		"production.client_secret": "s3cret", "production.layout": "visitor", "production.queue": "false",
		"production.sync_interval": "5m", "usecase.order_card.enabled": "true"})
	_, s, _ := openSettings(t, st, admin, tabProduction)
	p := s.production
	if got := s.tabs.Selected().Text; got != "Card production" {
		t.Errorf("tab %q", got)
	}
	var keys []string
	for key := range p.form.inputs {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	want := append([]string{"production.client_id", "production.client_secret", "production.layout",
		"production.queue", "production.sync_interval", "production.url"}, useCaseKeys...)
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("the tab shows %v", keys)
	}
	if got := p.text("production.url").Text; got != srv.URL() {
		t.Errorf("URL shown as %q", got)
	}
	if got := p.text("production.client_id").Text; got != "desk" {
		t.Errorf("client id shown as %q", got)
	}
	if got := p.text("production.sync_interval").Text; got != "5m" {
		t.Errorf("interval shown as %q", got)
	}
	if p.toggle("production.queue").Checked {
		t.Error("queue shown on")
	}
	for _, key := range useCaseKeys {
		if on := p.toggle(key).Checked; on != (key == "usecase.order_card.enabled") {
			t.Errorf("%s shown %v", key, on)
		}
	}
	sec := p.secret()
	if sec.entry.Text != "" || !strings.Contains(sec.entry.PlaceHolder, "(set)") {
		t.Errorf("secret shown as %q / %q", sec.entry.Text, sec.entry.PlaceHolder)
	}
	sel := p.layout().sel
	if sel.Selected != "Visitor card (visitor)" || !slices.Contains(sel.Options, "Employee card (employee)") {
		t.Errorf("layout %q of %q", sel.Selected, sel.Options)
	}
	texts := uitest.Texts(p.form.box)
	for _, bad := range []string{"s3cret", "production.", "usecase.", "true", "false"} {
		if strings.Contains(texts, bad) {
			t.Errorf("the tab shows %q:\n%s", bad, texts)
		}
	}
	for _, want := range []string{"Card producer", "Producer URL", "Client secret", "Default layout", "Queue new orders",
		"Sync interval", "Use cases", "Order cards", "Order temporary cards", "Abort card orders",
		"Update card orders", "Temporary cards", "Operators may order 1 to 9 temporary cards"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the tab lacks %q", want)
		}
	}
	if p.result.Visible() {
		t.Errorf("a problem shown on opening: %q", p.result.Text)
	}
	if _, changed := p.layout().edited(); changed {
		t.Error("reading the layouts counts as an edit")
	}
	if len(p.form.changes()) != 0 {
		t.Errorf("changes right after opening: %v", p.form.changes())
	}
}

// Save stores every key in one go; the audit log names each, never the
// secret's value.
func TestProductionTabSavesEveryKey(t *testing.T) {
	h, st, admin, p := openProductionTab(t)
	p.text("production.url").SetText("https://cards.example.org/")
	p.text("production.client_id").SetText("desk")
	p.secret().entry.SetText("s3cret")
	p.toggle("production.queue").SetChecked(false)
	p.text("production.sync_interval").SetText("2m")
	for _, key := range useCaseKeys {
		p.toggle(key).SetChecked(true)
	}
	test.Tap(p.form.save)
	h.Wait()
	if got := h.LastMessage(); got != "10 settings saved" {
		t.Errorf("status %q", got)
	}
	want := map[string]string{"production.url": "https://cards.example.org/", "production.client_id": "desk",
		"production.client_secret": enroll.SecretShown, "production.queue": "false", "production.sync_interval": "2m"}
	for _, key := range useCaseKeys {
		want[key] = "true"
	}
	for key, v := range want {
		if got := stored(t, st, admin, key); got != v {
			t.Errorf("%s stored as %q, want %q", key, got, v)
		}
	}
	evs, _, err := st.Audit.List(context.Background(), admin, enroll.AuditQuery{Entity: "setting"})
	if err != nil {
		t.Fatal(err)
	}
	for key := range want {
		found := false
		for _, ev := range evs {
			found = found || strings.HasPrefix(ev.Details, key+" ")
		}
		if !found {
			t.Errorf("no audit entry for %s", key)
		}
	}
	for _, ev := range evs {
		if strings.Contains(ev.Details+ev.Before+ev.After, "s3cret") {
			t.Errorf("the secret is in the audit log: %+v", ev)
		}
	}
	if p.secret().entry.Text != "" || !strings.Contains(p.secret().entry.PlaceHolder, "(set)") {
		t.Errorf("after saving the secret shows %q / %q", p.secret().entry.Text, p.secret().entry.PlaceHolder)
	}

	// An untouched secret entry keeps the stored secret.
	p.text("production.client_id").SetText("desk-2")
	test.Tap(p.form.save)
	h.Wait()
	if got := h.LastMessage(); got != "Setting saved" {
		t.Errorf("status %q", got)
	}
	if got := stored(t, st, admin, "production.client_secret"); got != enroll.SecretShown {
		t.Errorf("secret after saving another key: %q", got)
	}
}

// A bad URL and a bad interval are refused at their fields, and nothing
// is stored, not even the good value next to them.
func TestProductionTabRefusesBadValuesAtTheirFields(t *testing.T) {
	h, st, admin, p := openProductionTab(t)
	p.text("production.url").SetText("ftp://cards.example.org/")
	p.text("production.client_id").SetText("desk")
	p.text("production.sync_interval").SetText("5s")
	test.Tap(p.form.save)
	h.Wait()
	fields := p.form.fields
	if msg := fields.Field("production.url").Message(); msg == "" {
		t.Error("no message at the URL")
	}
	if msg := fields.Field("production.sync_interval").Message(); !strings.Contains(msg, "10s") {
		t.Errorf("interval message %q", msg)
	}
	if msg := fields.Field("production.client_id").Message(); msg != "" {
		t.Errorf("message at the good client id: %q", msg)
	}
	if got := h.LastMessage(); !strings.HasPrefix(got, "error: Nothing was saved") {
		t.Errorf("status %q", got)
	}
	for key, v := range map[string]string{"production.url": "", "production.client_id": "", "production.sync_interval": "60s"} {
		if got := stored(t, st, admin, key); got != v {
			t.Errorf("%s stored as %q", key, got)
		}
	}
	for key, v := range map[string]string{"production.url": "ftp://cards.example.org/", "production.client_id": "desk",
		"production.sync_interval": "5s"} {
		if got := p.text(key).Text; got != v {
			t.Errorf("%s: the typed %q became %q", key, v, got)
		}
	}

	// The test refuses to run on unsaved bad values and says so.
	test.Tap(p.test)
	h.Wait()
	if got := p.result.Text; got != "Correct the marked settings first." {
		t.Errorf("test result %q", got)
	}
}

// Test connection saves the edits first, reads the producer's layouts into
// the default layout's choice, and the chosen one is stored.
func TestProductionTabTestConnectionFillsTheLayouts(t *testing.T) {
	st, admin, srv := producerStation(t)
	h, s, _ := openSettings(t, st, admin, tabProduction)
	p := s.production
	if opts := p.layout().sel.Options; len(opts) != 0 {
		t.Errorf("layouts offered before any test: %q", opts)
	}
	p.text("production.url").SetText(srv.URL())
	p.text("production.client_id").SetText("desk")
	p.secret().entry.SetText("s3cret")
	test.Tap(p.test)
	h.Wait()
	if got := p.result.Text; got != "Connected: 2 layouts" || p.result.Importance != widget.SuccessImportance {
		t.Errorf("result %q (%v)", got, p.result.Importance)
	}
	if got := h.LastMessage(); got != "3 settings saved" {
		t.Errorf("status %q", got)
	}
	sel := p.layout().sel
	if want := []string{"Employee card (employee)", "Visitor card (visitor)"}; !slices.Equal(sel.Options, want) {
		t.Fatalf("options %q", sel.Options)
	}
	sel.SetSelected("Employee card (employee)")
	test.Tap(p.form.save)
	h.Wait()
	if got := stored(t, st, admin, "production.layout"); got != "employee" {
		t.Errorf("layout stored as %q", got)
	}

	// Opened again, the tab reads the layouts and shows the stored one.
	_, s, _ = openSettings(t, st, admin, tabProduction)
	if got := s.production.layout().sel.Selected; got != "Employee card (employee)" {
		t.Errorf("reopened with layout %q", got)
	}
}

// A wrong secret is explained in words, naming what to check.
func TestProductionTabWrongSecretIsAnAuthError(t *testing.T) {
	st, admin, srv := producerStation(t)
	store(t, st, admin, map[string]string{"production.url": srv.URL(), "production.client_id": "desk",
		"production.client_secret": "wrong", "production.layout": "employee"})
	h, s, _ := openSettings(t, st, admin, tabProduction)
	p := s.production
	test.Tap(p.test)
	h.Wait()
	got := p.result.Text
	if !strings.Contains(got, "refused the client ID “desk”") || !strings.Contains(got, "client secret") ||
		strings.Contains(got, "401") || p.result.Importance != widget.DangerImportance {
		t.Errorf("result %q (%v)", got, p.result.Importance)
	}
	// The stored layout stays chosen, though the producer could not say.
	if sel := p.layout().sel; sel.Selected != "employee" {
		t.Errorf("layout %q of %q", sel.Selected, sel.Options)
	}
}

// A producer that is down is said so on opening; the stored layout stays
// selectable and a layout the producer dropped is marked.
func TestProductionTabProducerDown(t *testing.T) {
	st, admin, srv := producerStation(t)
	store(t, st, admin, map[string]string{"production.url": srv.URL(), "production.client_id": "desk",
		"production.client_secret": "s3cret", "production.layout": "retired"})
	if err := srv.RefuseConnections(true); err != nil {
		t.Fatal(err)
	}
	h, s, _ := openSettings(t, st, admin, tabProduction)
	p := s.production
	if got := p.result.Text; !p.result.Visible() || !strings.Contains(got, "No card producer answers at "+srv.URL()) {
		t.Errorf("on opening: %q", got)
	}
	if sel := p.layout().sel; sel.Selected != "retired" || !slices.Equal(sel.Options, []string{"retired"}) {
		t.Errorf("layout %q of %q", sel.Selected, sel.Options)
	}
	if err := srv.RefuseConnections(false); err != nil {
		t.Fatal(err)
	}
	test.Tap(p.test)
	h.Wait()
	want := []string{"Employee card (employee)", "Visitor card (visitor)", "retired (not offered by the producer)"}
	if sel := p.layout().sel; sel.Selected != want[2] || !slices.Equal(sel.Options, want) {
		t.Errorf("layout %q of %q", sel.Selected, sel.Options)
	}
	if _, changed := p.layout().edited(); changed {
		t.Error("the stored layout counts as changed")
	}
}

// Without a producer set up, the test says what to fill in.
func TestProductionTabTestWithoutProducer(t *testing.T) {
	h, _, _, p := openProductionTab(t)
	test.Tap(p.test)
	h.Wait()
	if got := p.result.Text; !strings.HasPrefix(got, "Card production is not set up yet.") {
		t.Errorf("result %q", got)
	}
}

func TestProducerProblemsInWords(t *testing.T) {
	url := "https://cards.example.org/"
	cases := []struct {
		err  error
		want string
	}{
		{&production.AuthError{ClientID: "desk"}, "The card producer refused the client ID “desk” with this secret."},
		{&production.AuthError{ClientID: "desk", AfterLogin: true}, "refused the token it had just issued"},
		{fmt.Errorf("x: %w", enroll.ErrProducerNotConfigured), "Card production is not set up yet."},
		{&production.ConfigError{Setting: "production.url", Value: "https://u:p@x/", Problem: "must not hold a user name"},
			"Producer URL cannot be used: must not hold a user name"},
		{&enroll.ProducerUnavailableError{Err: errors.New("GET v1/layouts: HTTP 503: maintenance")},
			"The card producer at https://cards.example.org/ could not be reached or did not answer properly (GET v1/layouts: HTTP 503: maintenance)."},
		{&enroll.ProducerUnavailableError{Err: context.DeadlineExceeded}, "did not answer in time"},
		{errors.New("GET v1/layouts: the card producer answered HTTP 404: not found; check production.url"),
			"The server at https://cards.example.org/ answered, but not as a card producer."},
	}
	for _, c := range cases {
		if got := producerProblem(c.err, url); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

// The tab fits the small screen the app supports (it scrolls when long).
func TestProductionTabFitsASmallScreen(t *testing.T) {
	_, _, _, p := openProductionTab(t)
	if min := p.form.box.MinSize(); min.Width > 1000 || min.Height > 600 {
		t.Errorf("the tab needs %v", min)
	}
}
