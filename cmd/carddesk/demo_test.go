package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

func TestOpenDemoSeedsAndCleansUp(t *testing.T) {
	sqliteOnly(t, "the demo always runs on a SQLite file of its own, whatever the tests' store")
	ctx := context.Background()
	st, path, cleanup, err := openDemo(ctx, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.Operators.SignIn(ctx, "demo", "demo")
	if err != nil {
		cleanup()
		t.Fatalf("demo / demo: %v", err)
	}
	n, err := st.Cardholders.Count(ctx, a, enroll.CardholderQuery{})
	if err != nil || n < 200 {
		t.Errorf("demo cardholders: %d, %v", n, err)
	}
	// The demo orders cards from its own producer; they reach it at once.
	cards, total, err := st.Orders.List(ctx, a, enroll.OrderedCardQuery{})
	if err != nil || total != 4 {
		t.Errorf("demo card orders: %d, %v", total, err)
	}
	for _, c := range cards {
		if c.Status != enroll.OrderOrdered {
			t.Errorf("demo card %s is %s (%s)", c.CardID, c.Status, c.LastError)
		}
	}
	if on, _ := st.Orders.Enabled(ctx, a); !on[enroll.UseOrderCard] || !on[enroll.UseTemporaryCards] {
		t.Errorf("demo use cases %v", on)
	}
	cleanup()
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("demo folder %s still there: %v", filepath.Dir(path), err)
	}
}
