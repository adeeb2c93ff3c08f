package uitest

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/pdffile"
	"github.com/carddesk/carddesk/devices/spool"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// PrinterName is the folder printer of PrintStation.
const PrinterName = "Test badge printer"

// PrintStation is Station with a real spooler: a folder printer that
// writes each job as a PDF into the returned directory.
func PrintStation(t testing.TB) (*enroll.Station, *pdffile.Printer) {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "carddesk.db"), zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	pr := pdffile.New(filepath.Join(dir, "printed"), nil)
	sp := spool.New(spool.Options{Files: map[string]*pdffile.Printer{PrinterName: pr}})
	return enroll.New(db, enroll.Options{Password: CheapPasswords, Spooler: sp, Secrets: Secrets(filepath.Join(dir, "carddesk.db"))}), pr
}

// ConnectCard connects a card typed as H10301 facility 1 with the number
// to a pending request.
func ConnectCard(t testing.TB, st *enroll.Station, a enroll.Actor, requestID int64, number int) {
	t.Helper()
	if _, err := st.Requests.ConnectManual(context.Background(), a, requestID, "h10301",
		map[string]string{"facility": "12", "card": strconv.Itoa(number)}); err != nil {
		t.Fatal(err)
	}
}

// StationWith is Station with the options (its password cost is cheap).
func StationWith(t testing.TB, opt enroll.Options) *enroll.Station {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carddesk.db")
	db, err := sqlite.Open(context.Background(), path, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	opt.Password = CheapPasswords
	if opt.Secrets == nil {
		opt.Secrets = Secrets(path)
	}
	return enroll.New(db, opt)
}
