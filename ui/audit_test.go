package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func openAudit(t *testing.T, s *session) *auditView {
	t.Helper()
	press(s, 7)
	v, ok := s.views[secAudit].(*auditView)
	if !ok || s.current != secAudit {
		t.Fatal("Ctrl+7 did not open the audit log")
	}
	return v
}

// renderedRows returns the texts of the list rows currently on screen.
func renderedRows(t *testing.T, s *session, list *widget.List) []string {
	t.Helper()
	s.win.Resize(fyne.NewSize(1240, 780))
	list.Refresh()
	var rows []string
	for _, o := range test.LaidOutObjects(list) {
		c, ok := o.(*fyne.Container)
		if !ok {
			continue
		}
		if _, isRow := c.Layout.(*columnsLayout); !isRow {
			continue
		}
		var cells []string
		for _, cell := range c.Objects {
			if l, ok := cell.(*widget.Label); ok {
				cells = append(cells, l.Text)
			}
		}
		rows = append(rows, strings.Join(cells, " | "))
	}
	return rows
}

func TestAuditLogShowsEvents(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	addCardholders(t, st, admin, "Anna")
	_, s := signedInDesk(t, st, path, admin)
	v := openAudit(t, s)

	if n := v.rows.len(); n != 2 {
		t.Fatalf("audit log has %d events, want 2 (setup, cardholder)", n)
	}
	rows := strings.Join(renderedRows(t, s, v.list), "\n")
	for _, want := range []string{"operator.setup", "cardholder.create", "Anna Tester", "admin"} {
		if !strings.Contains(rows, want) {
			t.Errorf("list does not show %q:\n%s", want, rows)
		}
	}
	if v.counter.String() != "2 events" {
		t.Errorf("counter = %q", v.counter.String())
	}

	// Newest first: selecting row 0 shows the cardholder with pretty JSON.
	v.list.Select(0)
	if v.details.action.Text != "cardholder.create" {
		t.Fatalf("details show %q", v.details.action.Text)
	}
	if !strings.Contains(v.details.after.Text, "\n  \"first_name\": \"Anna\"") {
		t.Errorf("after is not pretty-printed:\n%s", v.details.after.Text)
	}
	if v.details.before.Text != "(none)" {
		t.Errorf("before = %q", v.details.before.Text)
	}
}

func TestAuditLogFilters(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	op := addOperator(t, st, admin, "olga")
	addCardholders(t, st, admin, "Anna", "Bert")
	_, s := signedInDesk(t, st, path, admin)
	v := openAudit(t, s)
	if n := v.rows.len(); n != 4 {
		t.Fatalf("%d events, want 4", n)
	}
	if got := v.filter.names; len(got) != 2 {
		t.Errorf("operator choices = %v", got)
	}

	apply := func(set func()) int {
		v.filter.clear()
		set()
		v.apply()
		s.d.run.wait()
		return v.rows.len()
	}
	cases := []struct {
		name string
		set  func()
		want int
	}{
		{"action prefix", func() { v.filter.action.SetText("cardholder.") }, 2},
		{"operator", func() { v.filter.operator.SetText(op.Name) }, 0},
		{"admin", func() { v.filter.operator.SetText("admin") }, 4},
		{"text", func() { v.filter.text.SetText("Bert") }, 1},
		{"from tomorrow", func() { v.filter.from.SetText(time.Now().AddDate(0, 0, 1).Format(dateLayout)) }, 0},
		{"to today includes today", func() { v.filter.to.SetText(time.Now().Format(dateLayout)) }, 4},
		{"to yesterday", func() { v.filter.to.SetText(time.Now().AddDate(0, 0, -1).Format(dateLayout)) }, 0},
	}
	for _, tc := range cases {
		if got := apply(tc.set); got != tc.want {
			t.Errorf("%s: %d events, want %d", tc.name, got, tc.want)
		}
	}
	if v.empty.Hidden || v.empty.Text == "" {
		t.Error("no empty-state message for a filter without results")
	}
}

func TestAuditLogRefusesBadDates(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	_, s := signedInDesk(t, st, path, admin)
	v := openAudit(t, s)
	before := v.query

	v.filter.from.SetText("2024-13-01")
	v.filter.from.TypedKey(enterKey())
	s.d.run.wait()
	if msg := v.filter.fields.byKey["from"].msg.Text; !strings.Contains(msg, "Use a date like") {
		t.Errorf("from message = %q", msg)
	}
	if v.query != before {
		t.Error("a bad date changed the query")
	}

	v.filter.from.SetText("2024-05-02")
	v.filter.to.SetText("2024-05-01")
	v.apply()
	if msg := v.filter.fields.byKey["to"].msg.Text; msg == "" {
		t.Error("To before From accepted")
	}
}

func TestAuditLogLoadsPagesOnDemand(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	// Each reason add writes one event: 450 + setup = 451 events, three pages.
	for i := range 450 {
		if _, err := st.Reasons.Add(context.Background(), admin, fmt.Sprintf("reason %03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	_, s := signedInDesk(t, st, path, admin)
	v := openAudit(t, s)
	if n := v.rows.len(); n != 451 {
		t.Fatalf("total = %d", n)
	}
	if len(v.rows.pages) != 1 {
		t.Errorf("%d pages loaded before scrolling, want 1", len(v.rows.pages))
	}
	if _, ok := v.rows.item(450); ok {
		t.Fatal("the last row was there without loading its page")
	}
	s.d.run.wait()
	e, ok := v.rows.item(450)
	if !ok || e.Action != "operator.setup" {
		t.Errorf("last row = %+v, %v", e, ok)
	}
	if len(v.rows.pages) != 2 {
		t.Errorf("%d pages loaded, want 2 (the middle one was never shown)", len(v.rows.pages))
	}
}
