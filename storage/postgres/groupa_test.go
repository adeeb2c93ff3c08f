package postgres

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// groupAWrite runs fn in a write transaction of db with the repositories
// of operators.go ... templates.go bound to it.
func groupAWrite(t *testing.T, db *DB, fn func(ctx context.Context, x *tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := db.withTx(ctx, false, func(q *sql.Tx) error { return fn(ctx, &tx{q: conn{q}, write: true}) }); err != nil {
		t.Fatal(err)
	}
}

// groupATry runs fn in a write transaction of its own and returns its
// error: in PostgreSQL a failed statement aborts the transaction, so a
// statement expected to fail must be the last of one.
func groupATry(t *testing.T, db *DB, fn func(ctx context.Context, x *tx) error) error {
	t.Helper()
	ctx := t.Context()
	return db.withTx(ctx, false, func(q *sql.Tx) error { return fn(ctx, &tx{q: conn{q}, write: true}) })
}

func groupAAt(n int) time.Time { return time.UnixMilli(1_760_000_000_000 + int64(n)*1000).UTC() }

func TestGroupARepositories(t *testing.T) {
	db, _ := openTest(t)

	t.Run("Operators", func(t *testing.T) {
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Operators()
			olga := enroll.Operator{Name: "Olga", Email: "olga@example.com", Role: enroll.RoleAdmin,
				PasswordHash: "h", CreatedAt: groupAAt(0), LastSignInAt: groupAAt(1)}
			if err := r.Create(ctx, &olga); err != nil {
				return err
			}
			if olga.ID == 0 {
				t.Error("Create set no id")
			}
			bert := enroll.Operator{Name: "bert", Role: enroll.RoleAdmin, CreatedAt: groupAAt(0)}
			if err := r.Create(ctx, &bert); err != nil {
				return err
			}
			return nil
		})
		err := groupATry(t, db, func(ctx context.Context, x *tx) error {
			dup := enroll.Operator{Name: "OLGA", Role: enroll.RoleAdmin, CreatedAt: groupAAt(0)}
			return x.Operators().Create(ctx, &dup)
		})
		if !errors.Is(err, enroll.ErrDuplicate) {
			t.Errorf("Create of OLGA: %v, want ErrDuplicate", err)
		}
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Operators()
			got, err := r.ByName(ctx, "oLgA")
			if err != nil {
				return err
			}
			if got.Name != "Olga" || !got.LastSignInAt.Equal(groupAAt(1)) || !got.LockedUntil.IsZero() {
				t.Errorf("ByName = %+v", got)
			}
			byID, err := r.ByID(ctx, got.ID)
			if err != nil || !reflect.DeepEqual(byID, got) {
				t.Errorf("ByID = %+v, %v; want %+v", byID, err, got)
			}
			if _, err := r.ByID(ctx, 4242); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("ByID(4242): %v, want ErrNotFound", err)
			}
			got.FailedSignIns = 3
			if err := r.Update(ctx, got); err != nil {
				return err
			}
			if err := r.Update(ctx, enroll.Operator{ID: 4242, Name: "x"}); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("Update of a missing operator: %v, want ErrNotFound", err)
			}
			all, err := r.List(ctx)
			if err != nil {
				return err
			}
			if len(all) != 2 || all[0].Name != "bert" || all[1].Name != "Olga" || all[1].FailedSignIns != 3 {
				t.Errorf("List = %+v", all)
			}
			if n, err := r.Count(ctx); n != 2 || err != nil {
				t.Errorf("Count = %d, %v", n, err)
			}
			return nil
		})
	})

	t.Run("Settings", func(t *testing.T) {
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Settings()
			if _, ok, err := r.Get(ctx, "groupa"); ok || err != nil {
				t.Errorf("Get of a missing key: %v, %v", ok, err)
			}
			if err := r.Set(ctx, "groupa", "1"); err != nil {
				return err
			}
			if err := r.Set(ctx, "groupa", "2"); err != nil {
				return err
			}
			if v, ok, err := r.Get(ctx, "groupa"); v != "2" || !ok || err != nil {
				t.Errorf("Get = %q, %v, %v", v, ok, err)
			}
			all, err := r.All(ctx)
			if err != nil || all["groupa"] != "2" {
				t.Errorf("All = %v, %v", all, err)
			}
			return nil
		})
	})

	t.Run("Audit", func(t *testing.T) {
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Audit()
			es := []enroll.AuditEvent{
				{At: groupAAt(0), OperatorID: 1, Operator: "Olga", Action: "cardholder.create", Entity: "cardholder",
					EntityID: "17", Details: "created Jan", After: `{"id":17}`},
				{At: groupAAt(1), Operator: "", Action: "operator.sign_in_failed", Entity: "operator", Details: "100% wrong"},
			}
			for i := range es {
				if err := r.Append(ctx, &es[i]); err != nil {
					return err
				}
				if es[i].ID == 0 {
					t.Error("Append set no id")
				}
			}
			for _, c := range []struct {
				q    enroll.AuditQuery
				want int
			}{
				{enroll.AuditQuery{}, 2},
				{enroll.AuditQuery{Operator: "olga"}, 1},
				{enroll.AuditQuery{Action: "CARDHOLDER."}, 1},
				{enroll.AuditQuery{Action: "cardholder_"}, 0},
				{enroll.AuditQuery{Entity: "cardholder", EntityID: "17"}, 1},
				{enroll.AuditQuery{EntityID: "1"}, 0},
				{enroll.AuditQuery{Text: "100%"}, 1},
				{enroll.AuditQuery{Text: "JAN 17"}, 1},
				{enroll.AuditQuery{From: groupAAt(1)}, 1},
				{enroll.AuditQuery{To: groupAAt(1)}, 1},
			} {
				got, err := r.List(ctx, c.q)
				if err != nil {
					return err
				}
				n, err := r.Count(ctx, c.q)
				if err != nil {
					return err
				}
				if len(got) != c.want || n != c.want {
					t.Errorf("%+v: List %d events, Count %d; want %d", c.q, len(got), n, c.want)
				}
			}
			got, err := r.List(ctx, enroll.AuditQuery{Limit: 1, Offset: 1})
			if err != nil {
				return err
			}
			if len(got) != 1 || !reflect.DeepEqual(got[0], es[0]) {
				t.Errorf("List page 2 = %+v, want %+v", got, es[0])
			}
			return nil
		})
	})

	t.Run("Reasons", func(t *testing.T) {
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Reasons()
			before, err := r.List(ctx)
			if err != nil {
				return err
			}
			x1 := enroll.Reason{Text: "groupa lost", Position: 1000}
			if err := r.Create(ctx, &x1); err != nil {
				return err
			}
			x1.Text = "groupa stolen"
			if err := r.Update(ctx, x1); err != nil {
				return err
			}
			all, err := r.List(ctx)
			if err != nil {
				return err
			}
			if len(all) != len(before)+1 || all[len(all)-1] != x1 {
				t.Errorf("List = %+v, want %+v last", all, x1)
			}
			if err := r.Delete(ctx, x1.ID); err != nil {
				return err
			}
			if err := r.Delete(ctx, x1.ID); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("second Delete: %v, want ErrNotFound", err)
			}
			return nil
		})
	})

	t.Run("Formats", func(t *testing.T) {
		var sf enroll.StoredFormat
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Formats()
			site := uint64(7)
			span := func(a, b int) []int {
				var out []int
				for p := a; p <= b; p++ {
					out = append(out, p)
				}
				return out
			}
			f := cardformat.Format{
				ID: "groupa40", Name: "Site groupa40", Length: 40, Kind: cardformat.KindWiegand,
				Fields: []cardformat.Field{
					{Name: "site", Bits: span(1, 4), Fixed: &site},
					{Name: "facility", Bits: span(5, 16)},
					{Name: "card", Bits: span(17, 37)},
				},
				Parity: []cardformat.ParityCheck{
					{Type: cardformat.Even, Position: 0, Mask: span(1, 19)},
					{Type: cardformat.Odd, Position: 39, Mask: append([]int{0}, span(19, 37)...)},
				},
				Unused: []int{38},
			}
			sf = enroll.StoredFormat{Format: f, CreatedAt: groupAAt(0), UpdatedAt: groupAAt(0)}
			if err := r.Create(ctx, sf); err != nil {
				return err
			}
			return nil
		})
		if err := groupATry(t, db, func(ctx context.Context, x *tx) error { return x.Formats().Create(ctx, sf) }); !errors.Is(err, enroll.ErrDuplicate) {
			t.Errorf("second Create: %v, want ErrDuplicate", err)
		}
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Formats()
			got, err := r.ByID(ctx, "groupa40")
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, sf) {
				t.Errorf("ByID = %+v, want %+v", got, sf)
			}
			sf.Format.Name, sf.UpdatedAt = "renamed", groupAAt(1)
			if err := r.Update(ctx, sf); err != nil {
				return err
			}
			all, err := r.List(ctx)
			if err != nil || len(all) != 1 || all[0].Format.Name != "renamed" || !all[0].UpdatedAt.Equal(groupAAt(1)) {
				t.Errorf("List = %+v, %v", all, err)
			}
			if err := r.Delete(ctx, "groupa40"); err != nil {
				return err
			}
			if err := r.Delete(ctx, "groupa40"); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("second Delete: %v, want ErrNotFound", err)
			}
			return nil
		})
	})

	t.Run("Readers", func(t *testing.T) {
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Readers()
			c := enroll.ReaderConfig{Name: "desk", Kind: enroll.ReaderSimulated, UpdatedAt: groupAAt(0)}
			if err := r.Put(ctx, c); err != nil {
				return err
			}
			c.Format, c.UpdatedAt = "h10301", groupAAt(1)
			if err := r.Put(ctx, c); err != nil {
				return err
			}
			got, err := r.ByName(ctx, "desk")
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, c) {
				t.Errorf("ByName = %+v, want %+v", got, c)
			}
			if _, err := r.ByName(ctx, "Desk"); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("ByName(Desk): %v, want ErrNotFound (names are case-sensitive)", err)
			}
			all, err := r.List(ctx)
			if err != nil || len(all) != 1 {
				t.Errorf("List = %+v, %v", all, err)
			}
			if err := r.Delete(ctx, "desk"); err != nil {
				return err
			}
			if err := r.Delete(ctx, "desk"); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("second Delete: %v, want ErrNotFound", err)
			}
			return nil
		})
	})

	t.Run("Outbox", func(t *testing.T) {
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Outbox()
			m := enroll.Mail{To: "a@example.com", Subject: "hi", Body: "b", CreatedAt: groupAAt(0)}
			if err := r.Enqueue(ctx, &m); err != nil {
				return err
			}
			if m.ID == 0 || m.Status != enroll.MailQueued {
				t.Errorf("Enqueue: %+v", m)
			}
			due, err := r.Due(ctx, groupAAt(0), false, 10)
			if err != nil || len(due) != 1 || !reflect.DeepEqual(due[0], m) {
				t.Errorf("Due = %+v, %v; want %+v", due, err, m)
			}
			if err := r.Lease(ctx, m.ID, groupAAt(5), "desk"); err != nil {
				return err
			}
			if due, err := r.Due(ctx, groupAAt(1), true, 10); err != nil || len(due) != 0 {
				t.Errorf("Due while leased = %+v, %v", due, err)
			}
			if err := r.MarkFailed(ctx, m.ID, "busy", groupAAt(2)); err != nil {
				return err
			}
			if err := r.MarkSent(ctx, m.ID, groupAAt(3)); err != nil {
				return err
			}
			if err := r.Lease(ctx, m.ID, groupAAt(9), "desk"); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("Lease of sent mail: %v, want ErrNotFound", err)
			}
			sent, err := r.List(ctx, enroll.MailSent)
			if err != nil || len(sent) != 1 || sent[0].Attempts != 2 || sent[0].LastError != "" ||
				!sent[0].SentAt.Equal(groupAAt(3)) || !sent[0].NextAttemptAt.IsZero() {
				t.Errorf("List(sent) = %+v, %v", sent, err)
			}
			if q, err := r.List(ctx, enroll.MailQueued); err != nil || len(q) != 0 {
				t.Errorf("List(queued) = %+v, %v", q, err)
			}
			return nil
		})
	})

	t.Run("Templates", func(t *testing.T) {
		raw := []byte("{\n  \"name\": \"Visitor\",   \"z\": 1, \"a\": 2\n}")
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Templates()
			all, err := r.List(ctx)
			if err != nil {
				return err
			}
			for _, st := range all { // the default templates the migration installs
				if err := r.Delete(ctx, st.ID); err != nil {
					return err
				}
			}
			if _, err := r.Default(ctx); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("Default without templates: %v, want ErrNotFound", err)
			}
			v := enroll.StoredTemplate{Name: "Visitor", JSON: raw, CreatedAt: groupAAt(0), UpdatedAt: groupAAt(0)}
			if err := r.Create(ctx, &v); err != nil {
				return err
			}
			e := enroll.StoredTemplate{Name: "employee", JSON: []byte(`{}`), CreatedAt: groupAAt(0), UpdatedAt: groupAAt(0)}
			if err := r.Create(ctx, &e); err != nil {
				return err
			}
			return nil
		})
		err := groupATry(t, db, func(ctx context.Context, x *tx) error {
			dup := enroll.StoredTemplate{Name: "VISITOR", JSON: []byte(`{}`), CreatedAt: groupAAt(0), UpdatedAt: groupAAt(0)}
			return x.Templates().Create(ctx, &dup)
		})
		if !errors.Is(err, enroll.ErrDuplicate) {
			t.Errorf("Create of VISITOR: %v, want ErrDuplicate", err)
		}
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Templates()
			got, err := r.ByName(ctx, "visitor")
			if err != nil {
				return err
			}
			if !bytes.Equal(got.JSON, raw) || got.IsDefault {
				t.Errorf("ByName = %+v; JSON %q, want %q", got, got.JSON, raw)
			}
			if err := r.SetDefault(ctx, got.ID); err != nil {
				return err
			}
			all, err := r.List(ctx)
			if err != nil {
				return err
			}
			if len(all) != 2 || all[0].Name != "employee" || all[1].Name != "Visitor" || !all[1].IsDefault {
				t.Errorf("List = %+v", all)
			}
			if err := r.SetDefault(ctx, all[0].ID); err != nil {
				return err
			}
			if d, err := r.Default(ctx); err != nil || d.ID != all[0].ID || !d.IsDefault {
				t.Errorf("Default = %+v, %v; want %d", d, err, all[0].ID)
			}
			if err := r.SetDefault(ctx, 4242); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("SetDefault(4242): %v, want ErrNotFound", err)
			}
			if err := r.SetDefault(ctx, 0); err != nil {
				return err
			}
			if _, err := r.Default(ctx); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("Default after SetDefault(0): %v, want ErrNotFound", err)
			}
			return nil
		})
		err = groupATry(t, db, func(ctx context.Context, x *tx) error {
			got, err := x.Templates().ByName(ctx, "visitor")
			if err != nil {
				return err
			}
			got.Name = "Employee"
			return x.Templates().Update(ctx, got)
		})
		if !errors.Is(err, enroll.ErrDuplicate) {
			t.Errorf("Update to Employee: %v, want ErrDuplicate", err)
		}
		groupAWrite(t, db, func(ctx context.Context, x *tx) error {
			r := x.Templates()
			got, err := r.ByName(ctx, "Visitor")
			if err != nil {
				return err
			}
			counts, err := r.Requests(ctx, got.ID)
			if err != nil || len(counts) != 0 {
				t.Errorf("Requests = %v, %v", counts, err)
			}
			if err := r.Delete(ctx, got.ID); err != nil {
				return err
			}
			if _, err := r.ByID(ctx, got.ID); !errors.Is(err, enroll.ErrNotFound) {
				t.Errorf("ByID after Delete: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}
