package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/production/producertest"
)

// The keys cli.md promises (more are fine).
var (
	orderedCardKeys = []string{"card_id", "order_id", "kind", "status", "cardholder_id", "layout_id", "attempts",
		"last_error", "ordered_by", "created_at", "updated_at", "credential_id"}
	tempCardKeys = []string{"card_id", "status", "cardholder_id", "until", "credential_id"}
)

// orderRig is a station talking to a producer simulator over loopback HTTP,
// set up through the command line, with three cardholders: anna (active,
// with e-mail), bob (inactive) and cara (active, no e-mail).
type orderRig struct {
	*harness
	srv             *producertest.Server
	anna, bob, cara string
}

// newOrderRig configures production and, with enable, turns every use case
// of production.md on.
func newOrderRig(t *testing.T, enable bool) *orderRig {
	t.Helper()
	layouts := append(producertest.DefaultLayouts(), producertest.Layout{ID: "mailed", Name: "Card with e-mail",
		Fields: []producertest.Field{{Name: "first_name", Required: true}, {Name: "last_name", Required: true},
			{Name: "email", Required: true}}})
	srv, err := producertest.Start(producertest.Options{ClientID: "desk-1", ClientSecret: "s3cret-desk", Layouts: layouts})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	h := newHarness(t)
	h.producers = production.NewFactory(production.Options{Timeout: 5 * time.Second})
	h.setUp()
	r := &orderRig{harness: h, srv: srv}
	for key, value := range map[string]string{"production.url": srv.URL(), "production.client_id": "desk-1",
		"production.client_secret": "s3cret-desk", "production.layout": "employee", "station.name": "Front desk"} {
		h.must("settings", "set", key, value)
	}
	for _, uc := range enroll.UseCases {
		if enable {
			h.must("settings", "set", "usecase."+uc+".enabled", "true")
		}
	}
	r.anna = strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Anna", "--last-name", "Dąbrowska",
		"--email", "anna@example.org", "--department", "Research"))
	r.bob = strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Bob", "--last-name", "Smit", "--status", "inactive"))
	r.cara = strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Cara", "--last-name", "Lind"))
	return r
}

// refused runs a command that must exit 1 naming what is wrong.
func (r *orderRig) refused(want string, args ...string) result {
	r.t.Helper()
	res := r.run(args...)
	if res.code != ExitRefused || !strings.Contains(res.stderr, want) {
		r.t.Errorf("carddesk %s: exit %d, want %d with %q on stderr\nstdout: %s\nstderr: %s",
			strings.Join(args, " "), res.code, ExitRefused, want, res.stdout, res.stderr)
	}
	return res
}

// cards is orders list --json.
func (r *orderRig) cards(args ...string) []map[string]any {
	r.t.Helper()
	return mustJSON[[]map[string]any](r.harness, append([]string{"orders", "list", "--json"}, args...)...)
}

// card is one ordered card from orders list --json.
func (r *orderRig) card(cardID string) map[string]any {
	r.t.Helper()
	for _, c := range r.cards() {
		if c["card_id"] == cardID {
			return c
		}
	}
	r.t.Fatalf("card %s is not in orders list", cardID)
	return nil
}

func (r *orderRig) wantStatus(cardID, status string) map[string]any {
	r.t.Helper()
	c := r.card(cardID)
	if c["status"] != status {
		r.t.Errorf("card %s is %v, want %s (last_error %v)", cardID, c["status"], status, c["last_error"])
	}
	return c
}

// tempCards is tempcards list --json.
func (r *orderRig) tempCards(args ...string) []map[string]any {
	r.t.Helper()
	return mustJSON[[]map[string]any](r.harness, append([]string{"tempcards", "list", "--json"}, args...)...)
}

// credential is one credential from credentials list --json.
func (r *orderRig) credential(credID string) map[string]any {
	r.t.Helper()
	for _, c := range mustJSON[[]map[string]any](r.harness, "credentials", "list", "--json") {
		if c["id"] == credID {
			return c
		}
	}
	r.t.Fatalf("credential %s is not enrolled", credID)
	return nil
}

func (r *orderRig) advance(cardID string) {
	r.t.Helper()
	if err := r.srv.Advance(cardID); err != nil {
		r.t.Fatal(err)
	}
}

func hasKeys(t *testing.T, what string, obj map[string]any, keys []string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Errorf("%s lacks the key %q: %v", what, k, obj)
		}
	}
}

func lines(s string) []string { return strings.Fields(strings.TrimSpace(s)) }

func TestOrdersUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"orders", "card"}, "--cardholder ID is required"},
		{[]string{"orders", "card", "--layout", "employee"}, "--cardholder ID is required"},
		{[]string{"orders", "temporary"}, "--amount N is required"},
		{[]string{"orders", "temporary", "--amount", "three"}, "not a whole number"},
		{[]string{"orders", "list", "--status", "shipped"}, "processing, ordered, in_production, produced, failed, aborted"},
		{[]string{"orders", "abort"}, "missing argument CARD_ID"},
		{[]string{"orders", "update"}, "missing argument CARD_ID"},
		{[]string{"orders", "update", "a", "b"}, `unexpected argument "b"`},
		{[]string{"orders", "retry"}, "missing argument CARD_ID"},
		{[]string{"orders", "sync", "extra"}, `unexpected argument "extra"`},
		{[]string{"tempcards", "list", "--status", "lost"}, "unassigned, assigned, expired, locked"},
		{[]string{"tempcards", "initialize"}, "missing argument CARD_ID"},
		{[]string{"tempcards", "assign", "c1"}, "--cardholder ID is required"},
		{[]string{"tempcards", "assign", "c1", "--cardholder", "1", "--until", "31.12.2030"}, "YYYY-MM-DD"},
		{[]string{"tempcards", "assign", "c1", "--cardholder", "1", "--until", "2030-02-30"}, "YYYY-MM-DD"},
		{[]string{"tempcards", "withdraw"}, "missing argument CARD_ID"},
		{[]string{"tempcards", "lock", "a", "b"}, `unexpected argument "b"`},
	}
	for _, tc := range tests {
		h := newHarness(t)
		h.env[EnvOperator] = "admin"
		r := h.run(tc.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s", tc.args, r.code, ExitUsage, tc.want, r.stderr)
		}
		if h.opened != 0 {
			t.Errorf("%v: a usage error opened the database", tc.args)
		}
	}
}

func TestOrdersDisabledUseCases(t *testing.T) {
	r := newOrderRig(t, false)
	for _, tc := range []struct {
		setting string
		args    []string
	}{
		{"usecase.order_card.enabled", []string{"orders", "card", "--cardholder", r.anna}},
		{"usecase.order_temporary_cards.enabled", []string{"orders", "temporary", "--amount", "2"}},
		{"usecase.abort_card_order.enabled", []string{"orders", "abort", "c1"}},
		{"usecase.update_card_order.enabled", []string{"orders", "update", "c1"}},
		{"usecase.order_card.enabled", []string{"orders", "retry", "c1"}},
		{"usecase.temporary_cards.enabled", []string{"tempcards", "initialize", "c1"}},
		{"usecase.temporary_cards.enabled", []string{"tempcards", "assign", "c1", "--cardholder", r.anna}},
		{"usecase.temporary_cards.enabled", []string{"tempcards", "withdraw", "c1"}},
		{"usecase.temporary_cards.enabled", []string{"tempcards", "lock", "c1"}},
	} {
		r.refused(tc.setting, tc.args...)
	}
	// Reading needs no use case.
	if out := r.must("orders", "list"); !strings.Contains(out, "no ordered cards") {
		t.Errorf("orders list:\n%s", out)
	}
	if out := r.must("tempcards", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("tempcards list --json: %s", out)
	}
	if n := r.srv.Records(); n != 0 {
		t.Errorf("the producer has %d cards", n)
	}
	// Once enabled, the same command works.
	r.must("settings", "set", "usecase.order_card.enabled", "true")
	r.must("orders", "card", "--cardholder", r.anna)
}

func TestOrdersProductionNotSetUp(t *testing.T) {
	// A station built with a producer client, but no settings for it.
	h := newHarness(t)
	h.producers = production.NewFactory(production.Options{})
	h.setUp()
	h.must("settings", "set", "usecase.order_card.enabled", "true")
	holder := strings.TrimSpace(h.must("cardholders", "add", "--first-name", "Anna", "--last-name", "Lind"))
	h.must("settings", "set", "production.layout", "employee")
	for _, args := range [][]string{{"orders", "sync"}, {"orders", "card", "--cardholder", holder}} {
		r := h.run(args...)
		if r.code != ExitRefused || !strings.Contains(r.stderr, "production.url") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	// A station built without one says the same.
	h.producers = nil
	h.must("settings", "set", "production.url", "http://127.0.0.1:9/")
	h.must("settings", "set", "production.client_id", "x")
	h.must("settings", "set", "production.client_secret", "y")
	if r := h.run("orders", "sync"); r.code != ExitRefused || !strings.Contains(r.stderr, "production.client_secret") {
		t.Errorf("orders sync without a client: exit %d\n%s", r.code, r.stderr)
	}
}

func TestOrderCardQueued(t *testing.T) {
	r := newOrderRig(t, true)
	cardID := strings.TrimSpace(r.must("orders", "card", "--cardholder", r.anna))
	if len(cardID) != 36 || strings.Count(cardID, "-") != 4 {
		t.Fatalf("orders card printed %q, want a card id (UUID)", cardID)
	}
	c := r.wantStatus(cardID, "processing")
	hasKeys(t, "ordered card", c, orderedCardKeys)
	if c["kind"] != "personal" || c["cardholder_id"] != r.anna || c["layout_id"] != "employee" || c["ordered_by"] != "admin" ||
		c["attempts"] != 0.0 || c["credential_id"] != nil || c["order_id"] == "" || c["last_error"] != "" {
		t.Errorf("new card %v", c)
	}
	if n := r.srv.Records(); n != 0 {
		t.Fatalf("a queued card reached the producer (%d cards)", n)
	}

	out := r.must("orders", "sync")
	if !strings.Contains(out, "sent 1, waiting 0, failed 0") {
		t.Errorf("orders sync:\n%s", out)
	}
	r.wantStatus(cardID, "ordered")
	pc, ok := r.srv.Card(cardID)
	if !ok || pc.Kind != "personal" || pc.Fields["first_name"] != "Anna" || pc.Fields["last_name"] != "Dąbrowska" ||
		pc.Fields["email"] != "anna@example.org" || pc.OrderedBy != "admin" || pc.Station != "Front desk" {
		t.Errorf("the producer has %+v", pc)
	}
	if out := r.must("orders", "update", cardID); strings.TrimSpace(out) != "card "+cardID+": ordered" {
		t.Errorf("orders update: %q", out)
	}

	r.srv.Tick()
	upd := mustJSON[map[string]any](r.harness, "orders", "update", cardID, "--json")
	if upd["status"] != "in_production" {
		t.Errorf("orders update --json: %v", upd)
	}
	r.srv.Tick()
	res := mustJSON[map[string]any](r.harness, "orders", "sync", "--json")
	if res["updated"] != 1.0 || res["sent"] != 0.0 || res["waiting"] != 0.0 {
		t.Errorf("orders sync --json: %v", res)
	}
	c = r.wantStatus(cardID, "produced")
	credID, _ := c["credential_id"].(string)
	if credID == "" {
		t.Fatalf("a produced card has no credential_id: %v", c)
	}
	if k := r.credential(credID); k["cardholder_id"] != r.anna || k["status"] != "inactive" || k["format"] != "h10301" {
		t.Errorf("the produced card's credential: %v", k)
	}

	if got := r.cards("--status", "produced"); len(got) != 1 || got[0]["card_id"] != cardID {
		t.Errorf("orders list --status produced: %v", got)
	}
	if got := r.cards("--status", "processing"); len(got) != 0 {
		t.Errorf("orders list --status processing: %v", got)
	}
	if out := r.must("orders", "list", "--status", "processing"); strings.TrimSpace(out) != "no ordered cards" {
		t.Errorf("orders list --status processing:\n%s", out)
	}
	if out := r.must("orders", "list"); !strings.Contains(out, "CARD ID") || !strings.Contains(out, cardID) ||
		!strings.Contains(out, "produced") || !strings.Contains(out, credID) {
		t.Errorf("orders list:\n%s", out)
	}
	// A second sync has nothing to do.
	if out := r.must("orders", "sync"); !strings.Contains(out, "sent 0, waiting 0, failed 0, updated 0") {
		t.Errorf("second orders sync:\n%s", out)
	}
}

func TestOrderCardRefusals(t *testing.T) {
	r := newOrderRig(t, true)
	r.refused("inactive", "orders", "card", "--cardholder", r.bob)
	r.refused("email", "orders", "card", "--cardholder", r.cara, "--layout", "mailed")
	r.refused("nosuch", "orders", "card", "--cardholder", r.anna, "--layout", "nosuch")
	r.refused("cardholder 999 not found", "orders", "card", "--cardholder", "999")
	r.refused("cardholder abc not found", "orders", "card", "--cardholder", "abc")
	if got := r.cards(); len(got) != 0 {
		t.Errorf("refused orders left cards: %v", got)
	}
	// Anna has an e-mail address: the same layout is fine for her.
	r.must("orders", "card", "--cardholder", r.anna, "--layout", "mailed")
}

func TestOrderCardWithoutQueue(t *testing.T) {
	r := newOrderRig(t, true)
	r.must("settings", "set", "production.queue", "false")
	c := mustJSON[map[string]any](r.harness, "orders", "card", "--cardholder", r.anna, "--json")
	hasKeys(t, "orders card --json", c, orderedCardKeys)
	if c["status"] != "ordered" || c["attempts"] != 1.0 {
		t.Errorf("without the queue the card is %v", c)
	}
	if n := r.srv.Records(); n != 1 {
		t.Errorf("the producer has %d cards, want 1", n)
	}

	// The producer out of reach: the card is stored, says why it waits, and
	// the next sync sends it.
	if err := r.srv.RefuseConnections(true); err != nil {
		t.Fatal(err)
	}
	res := r.run("orders", "card", "--cardholder", r.cara)
	waiting := strings.TrimSpace(res.stdout)
	if res.code != ExitOK || len(waiting) != 36 || !strings.Contains(res.stderr, "not sent yet") {
		t.Fatalf("orders card with the producer down: exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	if c := r.wantStatus(waiting, "processing"); c["last_error"] == "" {
		t.Errorf("a waiting card says nothing: %v", c)
	}
	if out := r.must("orders", "list"); !strings.Contains(out, "could not be reached") {
		t.Errorf("orders list does not show why the card waits:\n%s", out)
	}
	// A sync that cannot reach the changes feed failed: exit 1, what it
	// did on stdout.
	res = r.refused("could not be reached", "orders", "sync")
	if !strings.Contains(res.stdout, "waiting 1") {
		t.Errorf("orders sync with the producer down printed %q", res.stdout)
	}
	if err := r.srv.RefuseConnections(false); err != nil {
		t.Fatal(err)
	}
	if out := r.must("orders", "sync"); !strings.Contains(out, "sent 1, waiting 0") {
		t.Errorf("orders sync:\n%s", out)
	}
	r.wantStatus(waiting, "ordered")

	// The producer refusing a card fails it: its id is printed, exit 1.
	r.srv.FailBefore(2, 422) // the layouts (read from the copy kept), then the card
	res = r.refused("refused card", "orders", "card", "--cardholder", r.anna)
	refused := strings.TrimSpace(res.stdout)
	if c := r.wantStatus(refused, "failed"); c["last_error"] == "" {
		t.Errorf("a refused card says nothing: %v", c)
	}
}

func TestOrdersTemporaryAndTempCards(t *testing.T) {
	r := newOrderRig(t, true)
	r.refused("1 to 9", "orders", "temporary", "--amount", "0")
	r.refused("1 to 9", "orders", "temporary", "--amount", "10")
	if got := r.cards(); len(got) != 0 {
		t.Fatalf("refused amounts ordered %v", got)
	}

	ids := lines(r.must("orders", "temporary", "--amount", "3"))
	if len(ids) != 3 {
		t.Fatalf("orders temporary --amount 3 printed %v", ids)
	}
	all := r.cards()
	if len(all) != 3 {
		t.Fatalf("orders list: %v", all)
	}
	for _, c := range all {
		hasKeys(t, "temporary ordered card", c, orderedCardKeys)
		if c["kind"] != "temporary" || c["cardholder_id"] != nil || c["status"] != "processing" || c["order_id"] != all[0]["order_id"] {
			t.Errorf("temporary card %v", c)
		}
	}
	if out := r.must("orders", "sync"); !strings.Contains(out, "sent 3") {
		t.Errorf("orders sync:\n%s", out)
	}
	r.srv.Tick()
	r.srv.Tick()
	r.must("orders", "sync")
	for _, cid := range ids {
		if c := r.wantStatus(cid, "produced"); c["credential_id"] == nil {
			t.Errorf("produced temporary card without credential: %v", c)
		}
	}

	// Into the stock.
	if out := r.must("tempcards", "initialize", ids[0]); strings.TrimSpace(out) != "temporary card "+ids[0]+": unassigned" {
		t.Errorf("tempcards initialize: %q", out)
	}
	r.refused("temporary card", "tempcards", "initialize", ids[0])
	r.refused("ordered card nosuch not found", "tempcards", "initialize", "nosuch")
	r.must("tempcards", "initialize", ids[1])
	r.must("tempcards", "initialize", ids[2])
	stock := r.tempCards()
	if len(stock) != 3 {
		t.Fatalf("tempcards list: %v", stock)
	}
	for _, tc := range stock {
		hasKeys(t, "temporary card", tc, tempCardKeys)
		if tc["status"] != "unassigned" || tc["cardholder_id"] != nil || tc["until"] != nil || tc["credential_id"] == nil {
			t.Errorf("initialized card %v", tc)
		}
	}
	credOf := map[string]string{}
	for _, tc := range stock {
		credOf[tc["card_id"].(string)] = tc["credential_id"].(string)
	}

	// Assign, one card per cardholder.
	until := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	got := mustJSON[map[string]any](r.harness, "tempcards", "assign", ids[0], "--cardholder", r.anna, "--until", until, "--json")
	hasKeys(t, "tempcards assign --json", got, tempCardKeys)
	if got["status"] != "assigned" || got["cardholder_id"] != r.anna || got["until"] != until {
		t.Errorf("assigned card %v", got)
	}
	if k := r.credential(credOf[ids[0]]); k["cardholder_id"] != r.anna || k["status"] != "active" {
		t.Errorf("the assigned card's credential: %v", k)
	}
	r.refused("already holds temporary card "+ids[0], "tempcards", "assign", ids[1], "--cardholder", r.anna)
	r.refused("inactive", "tempcards", "assign", ids[1], "--cardholder", r.bob)
	r.refused("until", "tempcards", "assign", ids[1], "--cardholder", r.cara, "--until", "2020-01-01")
	r.refused("temporary card nosuch", "tempcards", "assign", "nosuch", "--cardholder", r.cara)
	r.refused("cardholder 999", "tempcards", "assign", ids[1], "--cardholder", "999")

	// Withdraw, then she may have another.
	if out := r.must("tempcards", "withdraw", ids[0]); strings.TrimSpace(out) != "temporary card "+ids[0]+": unassigned" {
		t.Errorf("tempcards withdraw: %q", out)
	}
	if k := r.credential(credOf[ids[0]]); k["cardholder_id"] != nil || k["status"] != "inactive" {
		t.Errorf("a withdrawn card's credential: %v", k)
	}
	out := r.must("tempcards", "assign", ids[1], "--cardholder", r.anna)
	if strings.TrimSpace(out) != "temporary card "+ids[1]+": assigned to cardholder "+r.anna {
		t.Errorf("tempcards assign: %q", out)
	}
	r.refused("temporary card", "tempcards", "withdraw", ids[2]) // unassigned already

	// Lock is final.
	if out := r.must("tempcards", "lock", ids[1]); strings.TrimSpace(out) != "temporary card "+ids[1]+": locked" {
		t.Errorf("tempcards lock: %q", out)
	}
	r.refused("locked", "tempcards", "assign", ids[1], "--cardholder", r.cara)
	r.refused("temporary card nosuch not found", "tempcards", "lock", "nosuch")
	if k := r.credential(credOf[ids[1]]); k["cardholder_id"] != nil || k["status"] != "inactive" {
		t.Errorf("a locked card's credential: %v", k)
	}

	if got := r.tempCards("--status", "locked"); len(got) != 1 || got[0]["card_id"] != ids[1] {
		t.Errorf("tempcards list --status locked: %v", got)
	}
	if got := r.tempCards("--status", "unassigned"); len(got) != 2 {
		t.Errorf("tempcards list --status unassigned: %v", got)
	}
	if out := r.must("tempcards", "list"); !strings.Contains(out, "CARD ID") || !strings.Contains(out, ids[1]) ||
		!strings.Contains(out, "locked") {
		t.Errorf("tempcards list:\n%s", out)
	}
	if out := r.must("tempcards", "list", "--status", "expired"); strings.TrimSpace(out) != "no temporary cards" {
		t.Errorf("tempcards list --status expired:\n%s", out)
	}

	// A personal card is not a temporary card.
	personal := strings.TrimSpace(r.must("orders", "card", "--cardholder", r.anna))
	r.refused("temporary card", "tempcards", "initialize", personal)
}

func TestOrdersAbort(t *testing.T) {
	r := newOrderRig(t, true)
	queued := strings.TrimSpace(r.must("orders", "card", "--cardholder", r.anna))
	if out := r.must("orders", "abort", queued); strings.TrimSpace(out) != "card "+queued+": aborted" {
		t.Errorf("orders abort: %q", out)
	}
	r.wantStatus(queued, "aborted")
	if out := r.must("orders", "sync"); !strings.Contains(out, "sent 0") || r.srv.Records() != 0 {
		t.Errorf("an aborted card was sent:\n%s", out)
	}
	r.refused("only a processing card can be aborted", "orders", "abort", queued)
	r.refused("ordered card nosuch not found", "orders", "abort", "nosuch")

	// All or nothing: one card that cannot be aborted stops the others.
	sent := strings.TrimSpace(r.must("orders", "card", "--cardholder", r.cara))
	r.must("orders", "sync")
	waiting := strings.TrimSpace(r.must("orders", "card", "--cardholder", r.anna))
	res := r.refused("is ordered", "orders", "abort", waiting, sent)
	if !strings.Contains(res.stderr, "nothing was aborted") {
		t.Errorf("stderr: %s", res.stderr)
	}
	r.wantStatus(waiting, "processing")

	// In production at the desk's last look.
	r.advance(sent)
	r.must("orders", "update", sent)
	r.wantStatus(sent, "in_production")
	r.refused("is in_production", "orders", "abort", sent)

	// A card whose send got no answer may be at the producer: the abort
	// cancels it there first.
	r.must("settings", "set", "production.queue", "false")
	unknown := func() string {
		t.Helper()
		// Go's transport resends a PUT with an Idempotency-Key once on a
		// reused connection, so two drops make sure no reply comes back.
		r.srv.DropAfterStore(2)
		defer r.srv.DropAfterStore(0)
		res := r.run("orders", "card", "--cardholder", r.anna)
		cid := strings.TrimSpace(res.stdout)
		if res.code != ExitOK || !strings.Contains(res.stderr, "not sent yet") {
			t.Fatalf("orders card with the reply lost: exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
		}
		return cid
	}
	inProduction := unknown()
	r.advance(inProduction) // ordered -> in_production at the producer
	r.refused("already in production", "orders", "abort", inProduction)
	r.wantStatus(inProduction, "processing")

	cancelled := unknown()
	if out := r.must("orders", "abort", cancelled, waiting); !strings.Contains(out, "card "+cancelled+": aborted") ||
		!strings.Contains(out, "card "+waiting+": aborted") {
		t.Errorf("orders abort of two cards:\n%s", out)
	}
	if pc, ok := r.srv.Card(cancelled); !ok || pc.Status != "cancelled" {
		t.Errorf("the producer has the aborted card as %+v", pc)
	}
	r.wantStatus(cancelled, "aborted")
	r.wantStatus(waiting, "aborted")
	if r.srv.Records() != 3 {
		t.Errorf("the producer has %d cards, want 3", r.srv.Records())
	}
}

func TestOrdersRetry(t *testing.T) {
	r := newOrderRig(t, true)
	r.must("settings", "set", "production.queue", "false")
	cardID := strings.TrimSpace(r.must("orders", "card", "--cardholder", r.anna))
	r.refused("cannot go from", "orders", "retry", cardID) // ordered, not failed
	if err := r.srv.Fail(cardID, "photo too dark"); err != nil {
		t.Fatal(err)
	}
	if out := r.must("orders", "update", cardID); strings.TrimSpace(out) != "card "+cardID+": failed: photo too dark" {
		t.Errorf("orders update of a failed card: %q", out)
	}
	if c := r.wantStatus(cardID, "failed"); c["last_error"] != "photo too dark" {
		t.Errorf("failed card %v", c)
	}
	if out := r.must("orders", "list", "--status", "failed"); !strings.Contains(out, "photo too dark") {
		t.Errorf("orders list --status failed:\n%s", out)
	}

	// The retry is a new card of the same order; the failed one stays.
	r.must("settings", "set", "production.queue", "true")
	again := strings.TrimSpace(r.must("orders", "retry", cardID))
	if again == cardID || len(again) != 36 {
		t.Fatalf("orders retry printed %q", again)
	}
	old := r.wantStatus(cardID, "failed")
	if c := r.wantStatus(again, "processing"); c["order_id"] != old["order_id"] || c["cardholder_id"] != r.anna || c["last_error"] != "" {
		t.Errorf("retried card %v", c)
	}
	r.refused("cannot go from", "orders", "retry", again) // processing, not failed
	if out := r.must("orders", "sync"); !strings.Contains(out, "sent 1") {
		t.Errorf("orders sync:\n%s", out)
	}
	r.wantStatus(again, "ordered")
	if pc, ok := r.srv.Card(cardID); !ok || pc.Status != "failed" {
		t.Errorf("the producer has the failed card as %+v", pc)
	}
	r.refused("ordered card nosuch not found", "orders", "retry", "nosuch")

	// A failed temporary card is final.
	temp := strings.TrimSpace(r.must("orders", "temporary", "--amount", "1"))
	r.must("orders", "sync")
	if err := r.srv.Fail(temp, ""); err != nil {
		t.Fatal(err)
	}
	r.must("orders", "update", temp)
	r.wantStatus(temp, "failed")
	r.refused("temporary failed", "orders", "retry", temp)
}
