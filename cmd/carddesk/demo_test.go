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
	cleanup()
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("demo folder %s still there: %v", filepath.Dir(path), err)
	}
}
