package sqlite

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"go.uber.org/zap/zaptest"

	defaults "github.com/carddesk/carddesk/assets/templates"
	"github.com/carddesk/carddesk/enroll"
)

// defaultNames are the names of the shipped templates, in install order.
func defaultNames(t *testing.T) []string {
	t.Helper()
	files, err := defaults.Files()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		var head struct{ Name string }
		if err := json.Unmarshal(f.Data, &head); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, head.Name)
	}
	if len(names) < 2 {
		t.Fatalf("shipped templates %v; want at least two", names)
	}
	return names
}

// checkDefaults holds a station to having the shipped templates, the
// first one its default.
func checkDefaults(t *testing.T, db *DB) {
	t.Helper()
	names := defaultNames(t)
	err := db.View(t.Context(), func(tx enroll.Tx) error {
		def, err := tx.Templates().Default(t.Context())
		if err != nil {
			return err
		}
		if def.Name != names[0] {
			t.Errorf("default template %q, want %q", def.Name, names[0])
		}
		for _, n := range names {
			st, err := tx.Templates().ByName(t.Context(), n)
			if err != nil {
				return err
			}
			var head struct{ Name string }
			if err := json.Unmarshal(st.JSON, &head); err != nil || head.Name != n {
				t.Errorf("template %q holds %q (%v)", n, st.JSON, err)
			}
		}
		all, err := tx.Templates().List(t.Context())
		if len(all) != len(names) {
			t.Errorf("%d templates, want the %d shipped", len(all), len(names))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNewStationHasDefaultTemplates(t *testing.T) {
	db := openTemp(t)
	checkDefaults(t, db)
}

func TestUpgradeToBadgeTemplates(t *testing.T) {
	ms, err := embeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	var before []migration
	for _, m := range ms {
		if m.Name == "0005_badge_templates.sql" {
			break
		}
		before = append(before, m)
	}
	path := filepath.Join(t.TempDir(), "carddesk.db")
	db, err := open(t.Context(), path, zaptest.NewLogger(t), before)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Before templates were stored, a request could carry any template id.
	rawExec(t, path,
		`INSERT INTO operators (id, name, role, created_at) VALUES (1, 'rita', 'admin', 0)`,
		`INSERT INTO cardholders (id, first_name, last_name, status, created_at, updated_at, photo)
			VALUES (1, 'Jan', 'Jansen', 'active', 0, 0, x'89504e47')`,
		`INSERT INTO card_requests (id, cardholder_id, template_id, activation_mode, status, requested_by, created_at, updated_at)
			VALUES (1, 1, 1, 'enrollment', 'pending', 1, 0, 0)`)

	db, err = Open(t.Context(), path, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkDefaults(t, db)
	err = db.View(t.Context(), func(tx enroll.Tx) error {
		c, err := tx.Cardholders().ByID(t.Context(), 1)
		if err != nil {
			return err
		}
		if c.PhotoCropX != 0.5 || c.PhotoCropY != 0.5 {
			t.Errorf("crop centre after upgrade %v, %v; want the middle", c.PhotoCropX, c.PhotoCropY)
		}
		r, err := tx.Requests().ByID(t.Context(), 1)
		if err != nil {
			return err
		}
		if r.TemplateID != 0 {
			t.Errorf("request kept template id %d, which named no stored template", r.TemplateID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
