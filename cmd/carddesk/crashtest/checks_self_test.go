package crashtest

import (
	"os"
	"strings"
	"testing"
)

// The checks must be able to fail: these damage a database and half-undo
// a change behind CardDesk's back, and expect the checks to notice.

func TestIntegrityCheckSeesDamage(t *testing.T) {
	s := newStation(t)
	s.must("cardholders", "import", writeCardholderCSV(t, 2000))
	if got, err := sqliteChecks(s.db()); err != nil || got != sqliteFine {
		t.Fatalf("a sound database: %v\n%s", err, got)
	}
	f, err := os.OpenFile(s.db(), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	// Pages in the middle of the file hold cardholder rows and index
	// entries; zeroing eight of them breaks the b-trees.
	if _, err := f.WriteAt(make([]byte, 8*4096), info.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := sqliteChecks(s.db())
	if err == nil && got == sqliteFine {
		t.Fatal("dbcheck found nothing wrong with a damaged database")
	}
	t.Logf("dbcheck on the damaged database: %v\n%s", err, strings.TrimSpace(got))
}

func TestConnectCheckSeesHalfDoneChange(t *testing.T) {
	s, request, holder, args := connectStation(t)
	if st := readConnect(t, s, request, holder); !st.absent() || st.present() {
		t.Fatalf("before the connect: %+v", st)
	}
	s.must(args...)
	if st := readConnect(t, s, request, holder); !st.present() || st.absent() {
		t.Fatalf("after the connect: %+v", st)
	}
	// The credential and both audit events stay, the request forgets it.
	write(t, s, "UPDATE card_requests SET credential_id = NULL WHERE id = ?", request)
	if st := readConnect(t, s, request, holder); st.present() || st.absent() {
		t.Fatalf("a request that lost its credential counts as all or nothing: %+v", st)
	}
}
