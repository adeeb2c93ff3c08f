package enroll_test

import (
	"encoding/hex"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/production/producertest"
)

// orderEnv is a station ordering from a real producer simulator on
// loopback, through the real client.
type orderEnv struct {
	*env
	sim  *producertest.Server
	path string // the database: a SQLite file or a postgres:// URL
}

func newOrderEnv(t *testing.T, useCases ...string) *orderEnv {
	t.Helper()
	return newOrderEnvOn(t, filepath.Join(t.TempDir(), "t.db"), useCases...)
}

// newOrderEnvOn is newOrderEnv on the database dsn.
func newOrderEnvOn(t *testing.T, dsn string, useCases ...string) *orderEnv {
	t.Helper()
	sim, err := producertest.Start(producertest.Options{ClientID: "desk", ClientSecret: "s3cret",
		Layouts: append(producertest.DefaultLayouts(), producertest.Layout{ID: "badge", Name: "Badge with photo",
			Fields: []producertest.Field{{Name: "external_id", Required: true}, {Name: "photo", Required: true},
				{Name: "first_name", Required: true, MaxLength: 40}, {Name: "last_name", Required: true, MaxLength: 40}}})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	e := &orderEnv{env: stationOn(t, dsn), sim: sim, path: dsn}
	e.configure(t, useCases...)
	return e
}

// stationOn opens a station on the database (a SQLite file or a
// postgres:// URL, see openShared); several stations may share one, as
// desks share a database.
func stationOn(t *testing.T, path string) *env {
	t.Helper()
	db := openShared(t, path)
	clock := &fakeClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	st := enroll.New(db, enroll.Options{Clock: clock, Producers: production.NewFactory(production.Options{Timeout: 2 * time.Second}),
		Password: enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}, Secrets: testSecrets(t, path)})
	admin, err := st.Operators.Setup(t.Context(), "admin", "admin@example.org", "admin-pass-1234")
	if errors.Is(err, enroll.ErrSetupDone) {
		admin, err = st.Operators.SignIn(t.Context(), "admin", "admin-pass-1234")
	}
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, clock: clock, admin: admin, ctx: t.Context()}
}

func (e *orderEnv) configure(t *testing.T, useCases ...string) {
	t.Helper()
	kvs := []enroll.KeyValue{{Key: "production.url", Value: e.sim.URL()}, {Key: "production.client_id", Value: "desk"},
		{Key: "production.client_secret", Value: "s3cret"}, {Key: "production.layout", Value: "employee"},
		{Key: "station.name", Value: "Front desk"}}
	for _, uc := range useCases {
		kvs = append(kvs, enroll.KeyValue{Key: "usecase." + uc + ".enabled", Value: "true"})
	}
	if err := e.st.Settings.SetMany(e.ctx, e.admin, kvs); err != nil {
		t.Fatal(err)
	}
}

func (e *orderEnv) set(t *testing.T, key, value string) {
	t.Helper()
	if err := e.st.Settings.Set(e.ctx, e.admin, key, value); err != nil {
		t.Fatal(err)
	}
}

func (e *orderEnv) sync(t *testing.T) enroll.SyncResult {
	t.Helper()
	res, err := e.st.Orders.Sync(e.ctx, e.admin, true)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return res
}

func (e *orderEnv) card(t *testing.T, id string) enroll.OrderedCard {
	t.Helper()
	c, err := e.st.Orders.Card(e.ctx, e.admin, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *orderEnv) temporary(t *testing.T, n int) []enroll.OrderedCard {
	t.Helper()
	cs, err := e.st.Orders.OrderTemporary(e.ctx, e.admin, n, "")
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

var allUseCases = []string{enroll.UseOrderCard, enroll.UseOrderTemporaryCards, enroll.UseAbortCardOrder,
	enroll.UseUpdateCardOrder, enroll.UseTemporaryCards}

func TestEveryUseCaseIsOffUntilEnabled(t *testing.T) {
	e := newOrderEnv(t)
	anna := e.holder(t, "Anna", "Kowalska")
	calls := map[string]func() error{
		enroll.UseOrderCard: func() error { _, err := e.st.Orders.OrderCard(e.ctx, e.admin, anna.ID, ""); return err },
		enroll.UseOrderTemporaryCards: func() error {
			_, err := e.st.Orders.OrderTemporary(e.ctx, e.admin, 1, "")
			return err
		},
		enroll.UseAbortCardOrder:  func() error { _, err := e.st.Orders.Abort(e.ctx, e.admin, "x"); return err },
		enroll.UseUpdateCardOrder: func() error { _, err := e.st.Orders.Update(e.ctx, e.admin, "x"); return err },
		enroll.UseTemporaryCards:  func() error { _, err := e.st.TempCards.Initialize(e.ctx, e.admin, "x"); return err },
	}
	for uc, call := range calls {
		var off *enroll.UseCaseDisabledError
		if err := call(); !errors.As(err, &off) || off.UseCase != uc || off.Setting() != "usecase."+uc+".enabled" {
			t.Errorf("%s while disabled: %v", uc, err)
		}
	}
	on, err := e.st.Orders.Enabled(e.ctx, e.admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, uc := range allUseCases {
		if on[uc] {
			t.Errorf("%s is on by default", uc)
		}
	}
	if e.sim.Requests() != 0 {
		t.Errorf("%d requests reached the producer", e.sim.Requests())
	}
	events, _, _ := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{Action: "setting."})
	e.set(t, "usecase.order_card.enabled", "true")
	after, _, _ := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{Action: "setting."})
	if len(after) != len(events)+1 {
		t.Error("enabling a use case is not audited")
	}
}

func TestProductionNotSetUp(t *testing.T) {
	e := newEnv(t)
	if _, err := e.st.Orders.Sync(e.ctx, e.admin, true); !errors.Is(err, enroll.ErrProducerNotConfigured) {
		t.Errorf("sync without a producer: %v", err)
	}
}

func TestPersonalCardFromQueueToReceived(t *testing.T) {
	e := newOrderEnv(t, allUseCases...)
	anna, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Anna", LastName: "Dąbrowska",
		ExternalID: "E1001", Department: "Research", Email: "anna@example.org", Photo: testPNG(t, 120, 160)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.st.Orders.OrderCard(e.ctx, e.admin, anna.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != enroll.OrderProcessing || e.sim.Records() != 0 || c.LayoutID != "employee" {
		t.Fatalf("queued card %+v, %d records", c, e.sim.Records())
	}
	if res := e.sync(t); res.Sent != 1 {
		t.Fatalf("sync %+v", res)
	}
	got, ok := e.sim.Card(c.CardID)
	if !ok || got.Fields["last_name"] != "Dąbrowska" || got.Fields["external_id"] != "E1001" || got.Photo == "" ||
		got.Station != "Front desk" || got.OrderedBy != "admin" || got.OrderID != c.OrderID {
		t.Fatalf("the producer has %+v", got)
	}
	if c = e.card(t, c.CardID); c.Status != enroll.OrderOrdered || c.Attempts != 1 {
		t.Fatalf("after sync %+v", c)
	}
	for _, want := range []enroll.OrderStatus{enroll.OrderInProduction, enroll.OrderProduced} {
		e.sim.Tick()
		e.sync(t)
		if c = e.card(t, c.CardID); c.Status != want {
			t.Fatalf("status %s, want %s", c.Status, want)
		}
	}
	k, err := e.st.Credentials.Get(e.ctx, e.admin, c.CredentialID)
	if err != nil || k.CardholderID != anna.ID || k.Status != enroll.CredentialInactive || k.Format != "h10301" {
		t.Fatalf("produced credential %+v, %v", k, err)
	}
	produced, _ := e.sim.Card(c.CardID)
	if c.ChipUID != produced.Credential.UID {
		t.Errorf("chip UID %q, producer %q", c.ChipUID, produced.Credential.UID)
	}

	var mismatch *enroll.ReceiveMismatchError
	if _, err := e.st.Orders.Receive(e.ctx, e.admin, c.CardID, enroll.CardRead{UID: []byte{4, 1, 2, 3, 4, 5, 6}}); !errors.As(err, &mismatch) {
		t.Fatalf("another card received: %v", err)
	}
	uid, _ := hex.DecodeString(c.ChipUID)
	if c, err = e.st.Orders.Receive(e.ctx, e.admin, c.CardID, enroll.CardRead{UID: uid}); err != nil || c.ReceivedAt.IsZero() {
		t.Fatalf("receive: %+v, %v", c, err)
	}
	if k, _ = e.st.Credentials.Get(e.ctx, e.admin, c.CredentialID); k.Status != enroll.CredentialActive {
		t.Errorf("received card's credential is %s", k.Status)
	}
}

func TestPersonalOrderRefusals(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderCard)
	inactive, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Ina", LastName: "Inactief",
		Status: enroll.CardholderInactive})
	if err != nil {
		t.Fatal(err)
	}
	var off *enroll.CardholderInactiveError
	if _, err := e.st.Orders.OrderCard(e.ctx, e.admin, inactive.ID, ""); !errors.As(err, &off) {
		t.Errorf("inactive cardholder: %v", err)
	}
	bob := e.holder(t, "Bob", "Smit") // no external id, no photo
	var missing *enroll.MissingFieldsError
	if _, err := e.st.Orders.OrderCard(e.ctx, e.admin, bob.ID, "badge"); !errors.As(err, &missing) || len(missing.Fields) != 2 {
		t.Errorf("missing fields: %v", err)
	}
	var ve *enroll.ValidationError
	if _, err := e.st.Orders.OrderCard(e.ctx, e.admin, bob.ID, "nonesuch"); !errors.As(err, &ve) || ve.For("layout") == "" {
		t.Errorf("unknown layout: %v", err)
	}
	if cs, _, _ := e.st.Orders.List(e.ctx, e.admin, enroll.OrderedCardQuery{}); len(cs) != 0 || e.sim.Records() != 0 {
		t.Errorf("refused orders left %d cards, %d records", len(cs), e.sim.Records())
	}
}

func TestTemporaryAmountIsOneToNine(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards)
	for _, n := range []int{0, 10, -1} {
		var ve *enroll.ValidationError
		if _, err := e.st.Orders.OrderTemporary(e.ctx, e.admin, n, ""); !errors.As(err, &ve) || ve.For("amount") == "" {
			t.Errorf("amount %d: %v", n, err)
		}
	}
	cs := e.temporary(t, 9)
	e.sync(t)
	if e.sim.Records() != 9 {
		t.Fatalf("9 temporary cards made %d producer records", e.sim.Records())
	}
	for _, c := range cs {
		if c.OrderID != cs[0].OrderID || c.Kind != enroll.KindTemporary {
			t.Errorf("card %+v is not of the one order", c)
		}
	}
}

func TestWithoutQueueCardsGoAtOnce(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards)
	e.set(t, "production.queue", "false")
	cs := e.temporary(t, 2)
	for _, c := range cs {
		if c.Status != enroll.OrderOrdered {
			t.Errorf("without queue a card is %s", c.Status)
		}
	}
	// The producer out of reach: the card stays processing with the reason,
	// and the next sync sends it.
	if err := e.sim.RefuseConnections(true); err != nil {
		t.Fatal(err)
	}
	cs = e.temporary(t, 1)
	if cs[0].Status != enroll.OrderProcessing || cs[0].LastError == "" {
		t.Fatalf("unreachable producer: %+v", cs[0])
	}
	if err := e.sim.RefuseConnections(false); err != nil {
		t.Fatal(err)
	}
	e.sync(t)
	if c := e.card(t, cs[0].CardID); c.Status != enroll.OrderOrdered || c.LastError != "" {
		t.Errorf("after the sync %+v", c)
	}
}

// TestFaultsNeverLoseNorDuplicateACard sends cards through each fault the
// simulator can make; every card ends ordered and the producer holds
// exactly one record of each.
func TestFaultsNeverLoseNorDuplicateACard(t *testing.T) {
	for name, fault := range map[string]func(*producertest.Server){
		"refused":          func(s *producertest.Server) { _ = s.RefuseConnections(true) },
		"dropped":          func(s *producertest.Server) { s.DropAfterStore(5) },
		"5xx before":       func(s *producertest.Server) { s.FailBefore(3, 503) },
		"5xx after store":  func(s *producertest.Server) { s.FailAfterStore(3, 500) },
		"429":              func(s *producertest.Server) { s.TooManyRequests(3, 2*time.Second) },
		"tokens expire":    func(s *producertest.Server) { s.ExpireTokens() },
		"slow past client": func(s *producertest.Server) { s.Slow(3 * time.Second) },
	} {
		t.Run(name, func(t *testing.T) {
			e := newOrderEnv(t, enroll.UseOrderTemporaryCards)
			cs := e.temporary(t, 3)
			e.sync(t) // a first login, so an expiring token matters
			cs = append(cs, e.temporary(t, 3)...)
			fault(e.sim)
			if _, err := e.st.Orders.Sync(e.ctx, e.admin, true); err != nil {
				t.Logf("sync under the fault: %v", err)
			}
			_ = e.sim.RefuseConnections(false)
			e.sim.Slow(0)
			for round := 0; round < 6 && !allOrdered(t, e, cs); round++ {
				e.clock.Add(20 * time.Minute) // past any backoff
				if _, err := e.st.Orders.Sync(e.ctx, e.admin, false); err != nil {
					t.Logf("sync round %d: %v", round, err)
				}
			}
			if !allOrdered(t, e, cs) {
				t.Fatal("cards are left unsent")
			}
			if e.sim.Records() != len(cs) {
				t.Errorf("%d producer records for %d cards", e.sim.Records(), len(cs))
			}
		})
	}
}

func allOrdered(t *testing.T, e *orderEnv, cs []enroll.OrderedCard) bool {
	t.Helper()
	for _, c := range cs {
		switch got := e.card(t, c.CardID); got.Status {
		case enroll.OrderOrdered:
		case enroll.OrderProcessing:
			return false
		default:
			t.Fatalf("card %s is %s (%s)", c.CardID, got.Status, got.LastError)
		}
	}
	return true
}

func TestUnavailableProducerBacksOff(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards)
	cs := e.temporary(t, 1)
	e.sim.TooManyRequests(1, 90*time.Second)
	if res, err := e.st.Orders.Sync(e.ctx, e.admin, false); err != nil || res.Waiting != 1 {
		t.Fatalf("sync under 429: %+v, %v", res, err)
	}
	c := e.card(t, cs[0].CardID)
	if c.Status != enroll.OrderProcessing || c.NextAttempt.Sub(e.clock.Now()) < 90*time.Second || c.LastError == "" {
		t.Fatalf("after 429: %+v", c)
	}
	puts := e.sim.Puts(c.CardID)
	e.sync(t) // "Sync now" tries it at once, backoff or not
	if e.sim.Puts(c.CardID) != puts+1 || e.card(t, c.CardID).Status != enroll.OrderOrdered {
		t.Errorf("sync now did not send the waiting card")
	}
}

func TestRefusedCardFailsAndRetryOrdersItAgain(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderCard)
	bob, err := e.st.Cardholders.Add(e.ctx, e.admin, enroll.Cardholder{FirstName: "Bob", LastName: "Smit"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.st.Orders.OrderCard(e.ctx, e.admin, bob.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	e.sync(t)
	if err := e.sim.Fail(c.CardID, "printer ribbon torn"); err != nil {
		t.Fatal(err)
	}
	e.sync(t)
	if c = e.card(t, c.CardID); c.Status != enroll.OrderFailed || c.FailureReason != "printer ribbon torn" {
		t.Fatalf("failed card %+v", c)
	}
	again, err := e.st.Orders.Retry(e.ctx, e.admin, c.CardID)
	if err != nil {
		t.Fatal(err)
	}
	if again.CardID == c.CardID || again.OrderID != c.OrderID || again.Status != enroll.OrderProcessing {
		t.Fatalf("retry %+v", again)
	}
	e.sync(t)
	if e.card(t, again.CardID).Status != enroll.OrderOrdered || e.sim.Records() != 2 {
		t.Errorf("the retried card was not ordered")
	}
	if _, err := e.st.Orders.Retry(e.ctx, e.admin, again.CardID); err == nil {
		t.Error("an ordered card was retried")
	}
}

func TestAbortWhileProcessing(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards, enroll.UseAbortCardOrder)
	cs := e.temporary(t, 3)
	// Never sent: aborted at the desk alone.
	if c, err := e.st.Orders.Abort(e.ctx, e.admin, cs[0].CardID); err != nil || c.Status != enroll.OrderAborted {
		t.Fatalf("abort a queued card: %+v, %v", c, err)
	}
	// A send began but no answer came: the producer is asked to cancel.
	_ = e.sim.RefuseConnections(true)
	if res, err := e.st.Orders.Sync(e.ctx, e.admin, true); err == nil || res.Waiting != 2 {
		t.Fatalf("sync with the producer out of reach: %+v, %v", res, err)
	}
	var refused *enroll.AbortRefusedError
	if _, err := e.st.Orders.Abort(e.ctx, e.admin, cs[1].CardID); !errors.As(err, &refused) {
		t.Fatalf("abort while the producer is out of reach: %v", err)
	}
	_ = e.sim.RefuseConnections(false)
	if c, err := e.st.Orders.Abort(e.ctx, e.admin, cs[1].CardID); err != nil || c.Status != enroll.OrderAborted {
		t.Fatalf("abort a card that may have been sent: %+v, %v", c, err)
	}
	// A card sent at once (no queue) reached the producer, whose answer
	// was lost, and went into production: the abort is refused with that
	// reason.
	e.set(t, "production.queue", "false")
	e.sim.DropAfterStore(5)
	late := e.temporary(t, 1)[0]
	if late.Status != enroll.OrderProcessing || !late.SendStarted {
		t.Fatalf("the lost answer left the card %+v", late)
	}
	if err := e.sim.Advance(late.CardID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.Orders.Abort(e.ctx, e.admin, late.CardID); !errors.As(err, &refused) || refused.Reason != "it is already in production" {
		t.Fatalf("abort a card in production: %v", err)
	}
	e.sync(t)
	if c := e.card(t, late.CardID); c.Status != enroll.OrderInProduction {
		t.Errorf("after the sync the card is %s", c.Status)
	}
	// Aborted cards are never sent afterwards.
	if e.sim.Puts(cs[0].CardID) != 0 {
		t.Error("an aborted card was sent")
	}
	if got, ok := e.sim.Card(cs[1].CardID); ok && got.Status != producertest.StatusCancelled {
		t.Errorf("the producer made an aborted card: %+v", got)
	}
	var tr *enroll.TransitionError
	if _, err := e.st.Orders.Abort(e.ctx, e.admin, late.CardID); !errors.As(err, &tr) {
		t.Errorf("abort of a card in production at the desk: %v", err)
	}
}

// TestAbortRacingSync aborts cards while a sync sends them: each card ends
// either aborted with no live card at the producer, or ordered with the
// abort refused.
func TestAbortRacingSync(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards, enroll.UseAbortCardOrder)
	var cs []enroll.OrderedCard
	for range 3 {
		cs = append(cs, e.temporary(t, 9)...)
	}
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = e.st.Orders.Sync(e.ctx, e.admin, true) })
	for _, c := range cs {
		wg.Go(func() { _, _ = e.st.Orders.Abort(e.ctx, e.admin, c.CardID) })
	}
	wg.Wait()
	e.sync(t)
	for _, c := range cs {
		got := e.card(t, c.CardID)
		at, made := e.sim.Card(c.CardID)
		switch got.Status {
		case enroll.OrderAborted:
			if made && at.Status != producertest.StatusCancelled {
				t.Errorf("card %s aborted at the desk, %s at the producer", c.CardID, at.Status)
			}
		case enroll.OrderOrdered:
			if !made || at.Status != producertest.StatusOrdered {
				t.Errorf("card %s ordered at the desk, producer has %+v", c.CardID, at)
			}
		default:
			t.Errorf("card %s ended %s", c.CardID, got.Status)
		}
	}
}

func TestChangesApplyForwardOnly(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards, enroll.UseUpdateCardOrder)
	cs := e.temporary(t, 6)
	e.sync(t)
	e.sim.ReplayChanges(true)
	for step := 0; step < 3; step++ {
		for i, c := range cs {
			if i%3 <= step {
				_ = e.sim.Advance(c.CardID)
			}
		}
		e.sync(t)
		e.sync(t) // a repeat of the feed changes nothing
	}
	for _, c := range cs {
		at, _ := e.sim.Card(c.CardID)
		if got := e.card(t, c.CardID); string(got.Status) != at.Status {
			t.Errorf("card %s is %s at the desk, %s at the producer", c.CardID, got.Status, at.Status)
		}
	}
	// Update reads one card now.
	_ = e.sim.Advance(cs[2].CardID)
	if c, err := e.st.Orders.Update(e.ctx, e.admin, cs[2].CardID); err != nil || c.Status != enroll.OrderProduced {
		t.Errorf("update: %+v, %v", c, err)
	}
}

func TestTemporaryCardStock(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards, enroll.UseTemporaryCards)
	cs := e.temporary(t, 2)
	e.sync(t)
	var tr *enroll.TransitionError
	if _, err := e.st.TempCards.Initialize(e.ctx, e.admin, cs[0].CardID); !errors.As(err, &tr) {
		t.Errorf("initialize before produced: %v", err)
	}
	e.sim.Tick()
	e.sim.Tick()
	e.sync(t)
	anna, bob := e.holder(t, "Anna", "Kowalska"), e.holder(t, "Bob", "Smit")
	var stock []enroll.TempCard
	for _, c := range cs {
		tc, err := e.st.TempCards.Initialize(e.ctx, e.admin, c.CardID)
		if err != nil || tc.Status != enroll.TempUnassigned || tc.CredentialID == 0 {
			t.Fatalf("initialize: %+v, %v", tc, err)
		}
		stock = append(stock, tc)
	}
	if _, err := e.st.TempCards.Initialize(e.ctx, e.admin, cs[0].CardID); !errors.As(err, &tr) {
		t.Errorf("initialized twice: %v", err)
	}
	until := e.clock.Now().AddDate(0, 0, 3)
	tc, err := e.st.TempCards.Assign(e.ctx, e.admin, stock[0].CardID, anna.ID, until)
	if err != nil || tc.Status != enroll.TempAssigned || tc.CardholderID != anna.ID {
		t.Fatalf("assign: %+v, %v", tc, err)
	}
	if k, _ := e.st.Credentials.Get(e.ctx, e.admin, tc.CredentialID); k.CardholderID != anna.ID || k.Status != enroll.CredentialActive {
		t.Errorf("assigned card's credential %+v", k)
	}
	var held *enroll.TempCardHeldError
	if _, err := e.st.TempCards.Assign(e.ctx, e.admin, stock[1].CardID, anna.ID, time.Time{}); !errors.As(err, &held) {
		t.Errorf("a second temporary card for Anna: %v", err)
	}
	bob.Status = enroll.CardholderInactive
	if _, err := e.st.Cardholders.Update(e.ctx, e.admin, bob); err != nil {
		t.Fatal(err)
	}
	var off *enroll.CardholderInactiveError
	if _, err := e.st.TempCards.Assign(e.ctx, e.admin, stock[1].CardID, bob.ID, time.Time{}); !errors.As(err, &off) {
		t.Errorf("assign to an inactive cardholder: %v", err)
	}
	// The day passes: expired, then withdrawn back to the stock.
	e.clock.Add(4 * 24 * time.Hour)
	if n, err := e.st.TempCards.ExpireDue(e.ctx, e.admin); err != nil || n != 1 {
		t.Fatalf("expire: %d, %v", n, err)
	}
	if k, _ := e.st.Credentials.Get(e.ctx, e.admin, tc.CredentialID); k.Status != enroll.CredentialInactive {
		t.Errorf("expired card's credential is %s", k.Status)
	}
	if tc, err = e.st.TempCards.Withdraw(e.ctx, e.admin, tc.CardID); err != nil || tc.Status != enroll.TempUnassigned || tc.CardholderID != 0 {
		t.Fatalf("withdraw: %+v, %v", tc, err)
	}
	if tc, err = e.st.TempCards.Lock(e.ctx, e.admin, tc.CardID); err != nil || tc.Status != enroll.TempLocked {
		t.Fatalf("lock: %+v, %v", tc, err)
	}
	if _, err := e.st.TempCards.Assign(e.ctx, e.admin, tc.CardID, anna.ID, time.Time{}); !errors.As(err, &tr) {
		t.Errorf("a locked card was assigned: %v", err)
	}
}

func TestOrderAudit(t *testing.T) {
	e := newOrderEnv(t, enroll.UseOrderTemporaryCards)
	e.temporary(t, 1)
	e.sync(t)
	evs, _, err := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{Action: "order."})
	if err != nil || len(evs) < 2 {
		t.Fatalf("audit %v, %v", evs, err)
	}
	for _, ev := range evs {
		if ev.Entity != "ordered_card" || ev.EntityID == "" {
			t.Errorf("event %+v", ev)
		}
	}
}

// stoppedHolder plays this host's process table: "stopped" has ended,
// "busy" still runs.
type stoppedHolder struct{}

func (stoppedHolder) Holder() string          { return "me" }
func (stoppedHolder) Gone(holder string) bool { return holder == "stopped" }

// Cards a desk that stopped mid-sync had taken are sent by the next sync
// at once, not after their lease runs out; cards a running desk holds are
// left to it.
func TestSyncTakesUpCardsOfAStoppedDesk(t *testing.T) {
	e := newOrderEnv(t, allUseCases...)
	cs := e.temporary(t, 3)
	db := openShared(t, e.path)
	now := e.clock.Now()
	for i, holder := range []string{"stopped", "busy", ""} {
		err := db.Update(e.ctx, func(tx enroll.Tx) error {
			c, err := tx.OrderedCards().ByID(e.ctx, cs[i].CardID)
			if err != nil {
				return err
			}
			c.LeaseUntil, c.LeaseHolder, c.SendStarted = now.Add(enroll.LeaseTime), holder, true
			return tx.OrderedCards().Update(e.ctx, &c)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	st := enroll.New(db, enroll.Options{Clock: e.clock, Leases: stoppedHolder{},
		Producers: production.NewFactory(production.Options{Timeout: 2 * time.Second}), Secrets: testSecrets(t, e.path)})
	res, err := st.Orders.Sync(e.ctx, e.admin, true)
	if err != nil || res.Sent != 1 {
		t.Fatalf("Sync = %+v, %v; want the stopped desk's card sent", res, err)
	}
	want := []enroll.OrderStatus{enroll.OrderOrdered, enroll.OrderProcessing, enroll.OrderProcessing}
	for i, c := range cs {
		got := e.card(t, c.CardID)
		if got.Status != want[i] {
			t.Errorf("card %d (held by %q) is %s, want %s", i, []string{"stopped", "busy", ""}[i], got.Status, want[i])
		}
		if i == 0 && (got.LeaseHolder != "" || !got.LeaseUntil.IsZero()) {
			t.Errorf("a sent card keeps its lease: %q until %v", got.LeaseHolder, got.LeaseUntil)
		}
	}
	if _, ok := e.sim.Card(cs[0].CardID); !ok || e.sim.Records() != 1 {
		t.Errorf("the producer holds %d cards (the stopped desk's: %v), want exactly that one", e.sim.Records(), ok)
	}
}
