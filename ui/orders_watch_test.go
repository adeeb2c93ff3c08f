package ui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production"
	"github.com/carddesk/carddesk/production/producertest"
	"github.com/carddesk/carddesk/ui/internal/uitest"
)

func TestSignedInStationSyncsWithTheProducer(t *testing.T) {
	sim, err := producertest.Start(producertest.Options{ClientID: "desk", ClientSecret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	st := uitest.StationWith(t, enroll.Options{Producers: production.NewFactory(production.Options{})})
	admin := setupAdmin(t, st)
	ctx := context.Background()
	_, s := signedInDesk(t, st, filepath.Join(t.TempDir(), "t.db"), admin)

	// Not set up: nothing is sent, the next round is a minute away.
	if every, changed := s.syncOrdersOnce(ctx); every != time.Minute || changed {
		t.Errorf("without production: every %v, changed %v", every, changed)
	}
	if err := st.Settings.SetMany(ctx, admin, []enroll.KeyValue{{Key: "production.url", Value: sim.URL()},
		{Key: "production.client_id", Value: "desk"}, {Key: "production.client_secret", Value: "s3cret"},
		{Key: "production.layout", Value: "visitor"}, {Key: "production.sync_interval", Value: "15s"},
		{Key: "usecase.order_temporary_cards.enabled", Value: "true"}}); err != nil {
		t.Fatal(err)
	}
	cards, err := st.Orders.OrderTemporary(ctx, admin, 2, "")
	if err != nil {
		t.Fatal(err)
	}
	every, changed := s.syncOrdersOnce(ctx)
	if every != 15*time.Second || !changed || sim.Records() != 2 {
		t.Fatalf("sync round: every %v, changed %v, %d records", every, changed, sim.Records())
	}
	if c, _ := st.Orders.Card(ctx, admin, cards[0].CardID); c.Status != enroll.OrderOrdered {
		t.Errorf("card is %s after the round", c.Status)
	}
	if _, changed := s.syncOrdersOnce(ctx); changed {
		t.Error("a round with nothing new reports a change")
	}
}
