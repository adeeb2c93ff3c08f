package demo

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// TestDemoPrintsEndToEnd: the seeded requests' badges go to the demo
// printer's folder; requests without a credential are skipped.
func TestDemoPrintsEndToEnd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"), zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	opts := Options(zaptest.NewLogger(t))
	printed := filepath.Join(dir, "printed")
	opts.Spooler = Spooler(printed, zaptest.NewLogger(t))
	st := enroll.New(db, opts)
	if err := Seed(ctx, st, opts); err != nil {
		t.Fatal(err)
	}
	a, err := st.Operators.SignIn(ctx, Operator, Password)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.Printing.Printers(ctx, a)
	if err != nil || len(ps) != 1 || ps[0].Name != Printer {
		t.Fatalf("printers %+v, %v", ps, err)
	}
	reqs, _, err := st.Requests.List(ctx, a, enroll.RequestQuery{Limit: 30})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range reqs {
		ids = append(ids, r.ID)
	}
	res, err := st.Printing.Print(ctx, a, enroll.PrintRequest{Printer: Printer, RequestIDs: ids, Reason: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Jobs) == 0 || len(res.Jobs)+len(res.Skipped) != len(ids) {
		t.Fatalf("%d jobs, %d skipped of %d requests", len(res.Jobs), len(res.Skipped), len(ids))
	}
	for _, j := range res.Jobs {
		if j.State != enroll.PrintCompleted {
			t.Errorf("job %+v", j)
		}
	}
	files, _ := os.ReadDir(printed)
	if len(files) != len(res.Jobs) {
		t.Errorf("%d files for %d jobs", len(files), len(res.Jobs))
	}
}
