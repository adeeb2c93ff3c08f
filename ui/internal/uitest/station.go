package uitest

import (
	"context"
	"path/filepath"
	"testing"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/secretbox"
	"github.com/carddesk/carddesk/storage/sqlite"
)

// CheapPasswords keeps argon2 fast in tests.
var CheapPasswords = enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}

// AdminPassword is the password of the administrator Setup creates.
const AdminPassword = "correct horse battery"

// Station opens a fresh database file in a temp dir and returns the
// station over it and the file's path.
func Station(t testing.TB) (*enroll.Station, string) {
	t.Helper()
	st, _, path := StationDB(t)
	return st, path
}

// StationDB is Station with the database, for seeding in bulk.
func StationDB(t testing.TB) (*enroll.Station, *sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "carddesk.db")
	db, err := sqlite.Open(context.Background(), path, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return enroll.New(db, enroll.Options{Password: CheapPasswords, Secrets: Secrets(path)}), db, path
}

// Secrets seals the secret settings of the database at dbPath with a key
// in <dbPath>.key, as a station without an OS keyring does.
func Secrets(dbPath string) enroll.SecretSealer {
	return secretbox.New(secretbox.InFile(dbPath+".key", nil))
}

// SetupAdmin creates the first administrator, "admin".
func SetupAdmin(t testing.TB, st *enroll.Station) enroll.Actor {
	t.Helper()
	a, err := st.Operators.Setup(context.Background(), "admin", "admin@example.com", AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// AddOperator adds a non-administrator account.
func AddOperator(t testing.TB, st *enroll.Station, admin enroll.Actor, name string) enroll.Actor {
	t.Helper()
	op, err := st.Operators.Add(context.Background(), admin, enroll.NewOperator{
		Name: name, Role: enroll.RoleOperator, Password: "operator password"})
	if err != nil {
		t.Fatal(err)
	}
	return enroll.Actor{ID: op.ID, Name: op.Name, Role: op.Role}
}

// AddCardholders stores active people of the Security department.
func AddCardholders(t testing.TB, st *enroll.Station, a enroll.Actor, names ...string) []enroll.Cardholder {
	t.Helper()
	var out []enroll.Cardholder
	for _, n := range names {
		c, err := st.Cardholders.Add(context.Background(), a, enroll.Cardholder{FirstName: n, LastName: "Tester", Department: "Security"})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// FileRequest files a card request for c whose requester wants mail.
func FileRequest(t testing.TB, st *enroll.Station, a enroll.Actor, c enroll.Cardholder, reason string) enroll.CardRequest {
	t.Helper()
	r, err := st.Requests.Create(context.Background(), a, enroll.NewRequest{CardholderID: c.ID, Reason: reason, EmailWhenReady: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
