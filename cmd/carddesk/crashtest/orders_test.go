package crashtest

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production/producertest"
)

// orderedCards is how many cards the sync has to send: three orders of
// temporary cards and three personal cards.
const orderedCards = 3*enroll.MaxTemporaryOrder + 3

// producerRig is the producer simulator the station orders from. Every
// iteration gets a fresh one on the same address (the station's
// production.url), so that what it counts is that iteration's.
type producerRig struct {
	t    *testing.T
	addr string
	srv  *producertest.Server
}

func startProducer(t *testing.T) *producerRig {
	t.Helper()
	srv, err := producertest.Start(producertest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &producerRig{t: t, addr: strings.TrimPrefix(strings.TrimSuffix(srv.URL(), "/"), "http://"), srv: srv}
	t.Cleanup(func() { p.srv.Close() })
	return p
}

// restart replaces the simulator with a fresh one on the same address.
func (p *producerRig) restart() {
	p.t.Helper()
	p.srv.Close()
	srv, err := producertest.StartOn(p.addr, producertest.Options{})
	if err != nil {
		p.t.Fatal(err)
	}
	p.srv = srv
}

// ordersStation is a station with production set up against p and
// orderedCards cards queued (processing), none sent yet.
func ordersStation(t *testing.T, p *producerRig) *station {
	t.Helper()
	s := newStation(t)
	for key, value := range map[string]string{"production.url": p.srv.URL(), "production.client_id": producertest.DefaultClientID,
		"production.client_secret": producertest.DefaultClientSecret, "production.layout": "employee",
		"station.name": "Front desk", "usecase.order_card.enabled": "true", "usecase.order_temporary_cards.enabled": "true"} {
		s.must("settings", "set", key, value)
	}
	s.must("cardholders", "import", writeCardholderCSV(t, 3))
	for _, h := range mustJSON[[]map[string]any](s, "cardholders", "list") {
		s.must("orders", "card", "--cardholder", fmt.Sprint(h["id"]))
	}
	for range 3 {
		s.must("orders", "temporary", "--amount", fmt.Sprint(enroll.MaxTemporaryOrder))
	}
	if p.srv.Records() != 0 {
		t.Fatalf("the producer has %d cards before any sync", p.srv.Records())
	}
	return s
}

// orderState is what the station holds of its ordered cards.
type orderState struct {
	status  map[string]string // card id → status
	events  map[string]int    // card id → "processing -> ordered" audit events
	leased  int               // processing cards with a lease that has not run out
	created int               // order.card and order.temporary audit events
}

func readOrders(t *testing.T, s *station) orderState {
	t.Helper()
	st := orderState{status: map[string]string{}, events: map[string]int{}}
	inspect(t, s, func(db *sql.DB) {
		rows, err := db.Query("SELECT card_id, status, coalesce(lease_until, 0) FROM ordered_cards")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		now := time.Now().UnixMilli()
		for rows.Next() {
			var id, status string
			var lease int64
			if err := rows.Scan(&id, &status, &lease); err != nil {
				t.Fatal(err)
			}
			st.status[id] = status
			if status == string(enroll.OrderProcessing) && lease > now {
				st.leased++
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		evs, err := db.Query("SELECT entity_id FROM audit_events WHERE action = 'order.status' AND details = 'processing -> ordered'")
		if err != nil {
			t.Fatal(err)
		}
		defer evs.Close()
		for evs.Next() {
			var id string
			if err := evs.Scan(&id); err != nil {
				t.Fatal(err)
			}
			st.events[id]++
		}
		if err := evs.Err(); err != nil {
			t.Fatal(err)
		}
		st.created = count(t, db, "SELECT count(*) FROM audit_events WHERE action IN ('order.card', 'order.temporary')")
	})
	return st
}

// checkOrders fails unless every card is stored once, is ordered only if
// the producer has it, has its "ordered" audit event exactly when it is
// ordered, and the producer has no card the station does not know. It
// returns how many cards are ordered, and how many the producer has that
// the station still holds as processing (sent, but the answer was lost
// with the process).
func checkOrders(t *testing.T, st orderState, srv *producertest.Server, when string) (ordered, unrecorded int) {
	t.Helper()
	if len(st.status) != orderedCards || st.created != orderedCards {
		t.Fatalf("%s: %d ordered cards stored and %d order events, want %d of each", when, len(st.status), st.created, orderedCards)
	}
	for id, status := range st.status {
		_, atProducer := srv.Card(id)
		switch {
		case status == string(enroll.OrderOrdered) && atProducer && st.events[id] == 1:
			ordered++
		case status == string(enroll.OrderProcessing) && st.events[id] == 0:
			if atProducer {
				unrecorded++
			}
		default:
			t.Fatalf("%s: card %s is %s with %d ordered events; at the producer: %v", when, id, status, st.events[id], atProducer)
		}
	}
	for _, c := range srv.Cards() {
		if _, ok := st.status[c.CardID]; !ok {
			t.Fatalf("%s: the producer has card %s, which the station never stored", when, c.CardID)
		}
	}
	return ordered, unrecorded
}

// testOrderSync: a kill during orders sync loses no card and makes none
// twice. The card rows were committed before anything was sent; a card
// the producer took whose answer died with the process is sent again
// with the same card_id (the Idempotency-Key), which the producer answers
// as a replay.
func testOrderSync(t *testing.T) {
	p := startProducer(t)
	scenario{
		name: "order sync", seed: 0x5000, iterations: 10, short: 4, whole: "all sent",
		base: ordersStation(t, p), args: []string{"orders", "sync"},
		prepare: func(*station) { p.restart() },
		check: func(t *testing.T, s *station, k killed) string {
			st := readOrders(t, s)
			sent, unrecorded := checkOrders(t, st, p.srv, "after "+k.String())
			// The killed process's leases name it (host/pid/token), so the
			// next sync on this computer takes its cards up at once rather
			// than after enroll.LeaseTime.
			leased := st.leased
			if leased > 0 {
				s.must("orders", "sync")
				st = readOrders(t, s)
				checkOrders(t, st, p.srv, "after one more sync")
				if st.leased > 0 {
					t.Fatalf("after %s and one more sync, %d cards are still leased to the killed process", k, st.leased)
				}
			}
			for i := 0; ; i++ {
				st = readOrders(t, s)
				if done, _ := checkOrders(t, st, p.srv, "resuming"); done == orderedCards {
					break
				}
				if i == 3 {
					t.Fatalf("after %s and %d more syncs, cards are still processing: %v", k, i, st.status)
				}
				s.must("orders", "sync")
			}
			if n := p.srv.Records(); n != orderedCards {
				t.Fatalf("the producer made %d cards, want %d", n, orderedCards)
			}
			puts := 0
			for id := range st.status {
				puts += p.srv.Puts(id)
			}
			outcome := "none sent"
			switch {
			case sent+unrecorded == orderedCards:
				outcome = "all sent"
			case sent+unrecorded > 0:
				outcome = "some sent"
			}
			if unrecorded > 0 {
				outcome += ", answers lost"
			}
			return fmt.Sprintf("%s (%d recorded ordered, %d at the producer but not recorded, %d left leased and taken up by the next sync; %d PUTs for %d cards in all)",
				outcome, sent, unrecorded, leased, puts, orderedCards)
		},
	}.run(t)
}
