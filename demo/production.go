package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production/producertest"
)

// ProducerStep is how long a demo card stays in each state at the demo's
// card producer: an order goes from ordered to produced within a minute.
const ProducerStep = 15 * time.Second

// Producer starts the demo's card producer: the protocol simulator on
// loopback, moving cards on by itself. Close it when the demo ends.
func Producer() (*producertest.Server, error) {
	return producertest.Start(producertest.Options{Step: ProducerStep})
}

// SetUpProduction points the demo station at its producer, turns every
// card-production use case on, and orders a few cards so the Card orders
// section has something on its way.
func SetUpProduction(ctx context.Context, st *enroll.Station, url string) error {
	a, err := adminActor(ctx, st)
	if err != nil {
		return err
	}
	kvs := []enroll.KeyValue{{Key: "production.url", Value: url},
		{Key: "production.client_id", Value: producertest.DefaultClientID},
		{Key: "production.client_secret", Value: producertest.DefaultClientSecret},
		{Key: "production.layout", Value: "employee"}, {Key: "production.sync_interval", Value: "10s"}}
	for _, uc := range enroll.UseCases {
		kvs = append(kvs, enroll.KeyValue{Key: "usecase." + uc + ".enabled", Value: "true"})
	}
	if err := st.Settings.SetMany(ctx, a, kvs); err != nil {
		return fmt.Errorf("demo card production: %w", err)
	}
	if _, err := st.Orders.OrderTemporary(ctx, a, 3, ""); err != nil {
		return fmt.Errorf("demo temporary cards: %w", err)
	}
	holders, err := st.Cardholders.Search(ctx, a, enroll.CardholderQuery{Status: enroll.CardholderActive, Limit: 40})
	if err != nil {
		return err
	}
	for _, h := range holders {
		if h.ExternalID != "" && h.HasPhoto {
			if _, err := st.Orders.OrderCard(ctx, a, h.ID, ""); err != nil {
				return fmt.Errorf("demo card order for %s: %w", h.FullName(), err)
			}
			break
		}
	}
	_, err = st.Orders.Sync(ctx, a, true)
	return err
}
