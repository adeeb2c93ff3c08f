package storagetest

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

// CheckVersionOneRows reads, through today's repositories, the rows both
// stores' upgrade tests write at schema version 1 behind the code's back
// (all with id 1): operator Olga, cardholder Zoë Jansen holding an h10301
// credential (facility 1, card 5), Olga's pending request "Lost card" for
// her, and the setting station.name = "Front desk". Columns added since
// must have their defaults, and the search words must cover the old rows.
func CheckVersionOneRows(t *testing.T, s enroll.Store) {
	t.Helper()
	ctx := t.Context()
	view(t, s, func(tx enroll.Tx) error {
		if c, err := tx.Cardholders().ByID(ctx, 1); err != nil || c.FirstName != "Zoë" {
			t.Errorf("cardholder: %+v, %v", c, err)
		}
		if cs, err := tx.Cardholders().Search(ctx, enroll.CardholderQuery{Text: "zoe jans"}); err != nil || len(cs) != 1 {
			t.Errorf("cardholder search: %d found, %v", len(cs), err)
		}
		if k, err := tx.Credentials().ByID(ctx, 1); err != nil || k.Fields["card"] != "5" || k.CardholderID != 1 {
			t.Errorf("credential: %+v, %v", k, err)
		}
		r, err := tx.Requests().ByID(ctx, 1)
		if err != nil || r.CardholderName == "" || r.Status != enroll.RequestPending || r.Version != 1 {
			t.Errorf("request: %+v, %v", r, err)
		}
		if rs, err := tx.Requests().List(ctx, enroll.RequestQuery{Text: "olga lost"}); err != nil || len(rs) != 1 {
			t.Errorf("request search by requester and reason: %d found, %v", len(rs), err)
		}
		if v, ok, err := tx.Settings().Get(ctx, "station.name"); err != nil || !ok || v != "Front desk" {
			t.Errorf("setting: %q %v %v", v, ok, err)
		}
		return nil
	})
}
