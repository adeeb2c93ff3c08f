package demo

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

// TestDemoShowsRealBadges holds the demo to badges worth previewing: the
// shipped templates, and cardholders with a photo and a card whose badges
// draw with every template.
func TestDemoShowsRealBadges(t *testing.T) {
	ctx := context.Background()
	st, admin := seededStation(t)
	templates, err := st.Templates.List(ctx, admin)
	if err != nil || len(templates) < 2 {
		t.Fatalf("templates: %v, %v", templates, err)
	}
	if def, err := st.Templates.Default(ctx, admin); err != nil || def.Name != "Employee" {
		t.Fatalf("default template %+v, %v", def, err)
	}
	holders, err := photoHolders(ctx, st, admin)
	if err != nil {
		t.Fatal(err)
	}
	withCard := 0
	for _, c := range holders {
		b, err := st.Badges.ForCardholder(ctx, admin, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Photo) == 0 {
			t.Errorf("%s: HasPhoto but the badge has no photo", c.FullName())
		}
		if b.Values["card_number"] == "" {
			continue
		}
		withCard++
		if b.Values["facility"] != "42" || b.Values["credential_hex"] == "" {
			t.Errorf("%s: card values %v", c.FullName(), b.Values)
		}
		for _, bt := range templates {
			for _, side := range bt.Template.Sides() {
				if _, err := badge.Render(bt.Template, side, b, 50); err != nil {
					t.Errorf("%s with %s: %v", c.FullName(), bt.Name, err)
				}
			}
		}
	}
	if withCard < IssuedCards {
		t.Errorf("%d cardholders with a photo and a card, want at least %d", withCard, IssuedCards)
	}
	// A completed request prints its own card.
	rs, _, err := st.Requests.List(ctx, admin, enroll.RequestQuery{Status: enroll.RequestCompleted})
	if err != nil || len(rs) == 0 {
		t.Fatalf("completed requests: %d, %v", len(rs), err)
	}
	bt, b, err := st.Badges.ForRequest(ctx, admin, rs[0].ID)
	if err != nil || bt.Name != "Employee" || b.Values["card_number"] == "" {
		t.Errorf("ForRequest(%d) = %s, %v, %v", rs[0].ID, bt.Name, b.Values, err)
	}
}
