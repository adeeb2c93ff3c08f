package storagetest

import (
	"fmt"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var templateTests = []storeTest{
	{"Templates/CRUD", testTemplatesCRUD},
	{"Templates/Default", testTemplateDefault},
	{"Templates/RequestReference", testTemplateRequests},
}

// templateJSON is a stand-in template file: stores keep the text as given
// and never read it.
func templateJSON(name string) []byte {
	return fmt.Appendf(nil, `{"format":"carddesk-badge","version":1,"name":%q,"size":"cr80","orientation":"landscape","front":{"elements":[]}}`, name)
}

// clearTemplates removes the templates a store may install on a new
// station, so a test starts from none.
func clearTemplates(t *testing.T, s enroll.Store) {
	t.Helper()
	update(t, s, func(tx enroll.Tx) error {
		all, err := tx.Templates().List(t.Context())
		if err != nil {
			return err
		}
		for _, st := range all {
			if err := tx.Templates().Delete(t.Context(), st.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

func addTemplate(t *testing.T, s enroll.Store, name string) enroll.StoredTemplate {
	t.Helper()
	st := enroll.StoredTemplate{Name: name, JSON: templateJSON(name), CreatedAt: at(0), UpdatedAt: at(0)}
	update(t, s, func(tx enroll.Tx) error { return tx.Templates().Create(t.Context(), &st) })
	if st.ID == 0 {
		t.Fatalf("Create of template %q set no id", name)
	}
	return st
}

func listTemplates(t *testing.T, s enroll.Store) []enroll.StoredTemplate {
	t.Helper()
	return read(t, s, func(tx enroll.Tx) ([]enroll.StoredTemplate, error) { return tx.Templates().List(t.Context()) })
}

func testTemplatesCRUD(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	clearTemplates(t, s)
	visitor := addTemplate(t, s, "Visitor")
	employee := addTemplate(t, s, "Employee")
	equal(t, listTemplates(t, s), []enroll.StoredTemplate{employee, visitor}, "List by name")

	got := read(t, s, func(tx enroll.Tx) (enroll.StoredTemplate, error) { return tx.Templates().ByID(ctx, visitor.ID) })
	equal(t, got, visitor, "ByID")
	got = read(t, s, func(tx enroll.Tx) (enroll.StoredTemplate, error) { return tx.Templates().ByName(ctx, "eMPLOYEE") })
	equal(t, got, employee, "ByName ignores case")

	for _, tc := range []struct {
		what string
		fn   func(tx enroll.Tx) error
		want error
	}{
		{"Create of a taken name", func(tx enroll.Tx) error {
			st := enroll.StoredTemplate{Name: "employee", JSON: templateJSON("employee"), CreatedAt: at(1), UpdatedAt: at(1)}
			return tx.Templates().Create(ctx, &st)
		}, enroll.ErrDuplicate},
		{"Update to a taken name", func(tx enroll.Tx) error {
			st := visitor
			st.Name = "EMPLOYEE"
			return tx.Templates().Update(ctx, st)
		}, enroll.ErrDuplicate},
		{"Update of a missing template", func(tx enroll.Tx) error {
			st := visitor
			st.ID = 4242
			return tx.Templates().Update(ctx, st)
		}, enroll.ErrNotFound},
		{"Delete of a missing template", func(tx enroll.Tx) error { return tx.Templates().Delete(ctx, 4242) }, enroll.ErrNotFound},
		{"ByID of a missing template", func(tx enroll.Tx) error { _, err := tx.Templates().ByID(ctx, 4242); return err }, enroll.ErrNotFound},
		{"ByName of a missing template", func(tx enroll.Tx) error { _, err := tx.Templates().ByName(ctx, "Contractor"); return err }, enroll.ErrNotFound},
	} {
		wantErr(t, s.Update(ctx, tc.fn), tc.want, tc.what)
	}

	visitor.Name, visitor.JSON, visitor.UpdatedAt = "Guest", templateJSON("Guest"), at(9)
	update(t, s, func(tx enroll.Tx) error { return tx.Templates().Update(ctx, visitor) })
	equal(t, listTemplates(t, s), []enroll.StoredTemplate{employee, visitor}, "List after a rename")

	update(t, s, func(tx enroll.Tx) error { return tx.Templates().Delete(ctx, employee.ID) })
	equal(t, listTemplates(t, s), []enroll.StoredTemplate{visitor}, "List after Delete")
}

func testTemplateDefault(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	clearTemplates(t, s)
	defaultOf := func() (enroll.StoredTemplate, error) {
		var st enroll.StoredTemplate
		err := s.View(ctx, func(tx enroll.Tx) error {
			var err error
			st, err = tx.Templates().Default(ctx)
			return err
		})
		return st, err
	}
	_, err := defaultOf()
	wantErr(t, err, enroll.ErrNotFound, "Default of a station without templates")

	a, b := addTemplate(t, s, "A"), addTemplate(t, s, "B")
	if a.IsDefault || b.IsDefault {
		t.Fatalf("Create must not make a default: %+v %+v", a, b)
	}
	for _, step := range []struct {
		set  int64
		want int64 // 0: none
	}{{a.ID, a.ID}, {b.ID, b.ID}, {b.ID, b.ID}, {0, 0}, {a.ID, a.ID}} {
		update(t, s, func(tx enroll.Tx) error { return tx.Templates().SetDefault(ctx, step.set) })
		got, err := defaultOf()
		if step.want == 0 {
			wantErr(t, err, enroll.ErrNotFound, "Default after SetDefault(0)")
		} else if err != nil || got.ID != step.want || !got.IsDefault {
			t.Fatalf("SetDefault(%d): Default = %+v, %v; want template %d", step.set, got, err, step.want)
		}
		n := 0
		for _, st := range listTemplates(t, s) {
			if st.IsDefault {
				n++
				if st.ID != step.want {
					t.Errorf("SetDefault(%d): List marks %d as default", step.set, st.ID)
				}
			}
		}
		if want := min(step.want, 1); n != int(want) {
			t.Errorf("SetDefault(%d): %d defaults in List, want %d", step.set, n, want)
		}
	}

	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Templates().SetDefault(ctx, 4242) })
	wantErr(t, err, enroll.ErrNotFound, "SetDefault of a missing template")
	if got, err := defaultOf(); err != nil || got.ID != a.ID {
		t.Fatalf("a refused SetDefault changed the default: %+v, %v", got, err)
	}
	update(t, s, func(tx enroll.Tx) error { return tx.Templates().Delete(ctx, a.ID) })
	_, err = defaultOf()
	wantErr(t, err, enroll.ErrNotFound, "Default after the default was deleted")
}

func testTemplateRequests(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	clearTemplates(t, s)
	f := newRequestFixture(t, s)
	used, other := addTemplate(t, s, "Used"), addTemplate(t, s, "Other")

	var reqs []enroll.CardRequest
	for i, st := range []enroll.RequestStatus{enroll.RequestPending, enroll.RequestPending, enroll.RequestDenied} {
		r := f.request(i)
		r.TemplateID = used.ID
		r = addRequest(t, s, r)
		if st != enroll.RequestPending {
			r.Status, r.RespondedBy, r.RespondedAt = st, f.responder.ID, at(10)
			update(t, s, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &r) })
		}
		reqs = append(reqs, r)
	}
	none := addRequest(t, s, f.request(5))

	counts := read(t, s, func(tx enroll.Tx) (map[enroll.RequestStatus]int, error) {
		return tx.Templates().Requests(ctx, used.ID)
	})
	equal(t, counts, map[enroll.RequestStatus]int{enroll.RequestPending: 2, enroll.RequestDenied: 1}, "Requests of a used template")
	counts = read(t, s, func(tx enroll.Tx) (map[enroll.RequestStatus]int, error) {
		return tx.Templates().Requests(ctx, other.ID)
	})
	equal(t, counts, map[enroll.RequestStatus]int{}, "Requests of an unused template")

	// A request cannot name a template that does not exist.
	bad := f.request(6)
	bad.TemplateID = 4242
	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.Requests().Create(ctx, &bad) })
	wantErr(t, err, enroll.ErrNotFound, "Create of a request naming a missing template")
	r := requestByID(t, s, none.ID)
	r.TemplateID = 4242
	err = s.Update(ctx, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &r) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a request to a missing template")

	// Deleting a template leaves the requests that named it without one.
	update(t, s, func(tx enroll.Tx) error { return tx.Templates().Delete(ctx, used.ID) })
	for _, r := range reqs {
		if got := requestByID(t, s, r.ID); got.TemplateID != 0 {
			t.Errorf("request %d still names deleted template %d", r.ID, got.TemplateID)
		}
	}
}
