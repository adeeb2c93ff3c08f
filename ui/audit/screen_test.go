package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
	"github.com/carddesk/carddesk/ui/words"
)

// openAudit opens the audit log for actor, as the shell does.
func openAudit(t *testing.T, st *enroll.Station, actor enroll.Actor) (*uitest.Host, *Screen) {
	t.Helper()
	h := uitest.NewHost(t, st, actor)
	s := New(h)
	h.Show(s)
	s.Shown()
	h.Wait()
	return h, s
}

// renderedRows returns the texts of the list rows currently on screen.
func renderedRows(h *uitest.Host, list *widget.List) []string {
	h.Win.Resize(fyne.NewSize(1240, 780))
	list.Refresh()
	var rows []string
	for _, o := range test.LaidOutObjects(list) {
		c, ok := o.(*fyne.Container)
		if !ok {
			continue
		}
		if _, isRow := c.Layout.(widgets.Columns); !isRow {
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

// loadedPages counts the pages the list holds in memory.
func loadedPages(s *Screen) int {
	pages := map[int]bool{}
	s.rows.Each(func(i int, _ enroll.AuditEvent) { pages[i/s.rows.Size] = true })
	return len(pages)
}

func TestAuditLogShowsEvents(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	uitest.AddCardholders(t, st, admin, "Anna")
	h, s := openAudit(t, st, admin)

	if n := s.rows.Len(); n != 2 {
		t.Fatalf("audit log has %d events, want 2 (setup, cardholder)", n)
	}
	rows := strings.Join(renderedRows(h, s.list), "\n")
	for _, want := range []string{"Station set up", "Cardholder added", "Anna Tester", "admin"} {
		if !strings.Contains(rows, want) {
			t.Errorf("list does not show %q:\n%s", want, rows)
		}
	}
	if s.counter.String() != "2 events" {
		t.Errorf("counter = %q", s.counter.String())
	}

	// Newest first: selecting row 0 shows the cardholder with pretty JSON.
	s.list.Select(0)
	if s.details.action.Text != "Cardholder added (cardholder.create)" {
		t.Fatalf("details show %q", s.details.action.Text)
	}
	if !strings.Contains(s.details.after.Text, "\n  \"first_name\": \"Anna\"") {
		t.Errorf("after is not pretty-printed:\n%s", s.details.after.Text)
	}
	if s.details.before.Text != "(none)" {
		t.Errorf("before = %q", s.details.before.Text)
	}
}

func TestAuditLogFilters(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	op := uitest.AddOperator(t, st, admin, "olga")
	uitest.AddCardholders(t, st, admin, "Anna", "Bert")
	h, s := openAudit(t, st, admin)
	if n := s.rows.Len(); n != 4 {
		t.Fatalf("%d events, want 4", n)
	}
	if got := s.filter.names; len(got) != 2 {
		t.Errorf("operator choices = %v", got)
	}

	apply := func(set func()) int {
		s.filter.clear()
		set()
		s.apply()
		h.Wait()
		return s.rows.Len()
	}
	cases := []struct {
		name string
		set  func()
		want int
	}{
		{"action prefix", func() { s.filter.action.SetText("cardholder.") }, 2},
		{"action area", func() { s.filter.action.SetText("Cardholders") }, 2},
		{"operator", func() { s.filter.operator.SetText(op.Name) }, 0},
		{"admin", func() { s.filter.operator.SetText("admin") }, 4},
		{"text", func() { s.filter.text.SetText("Bert") }, 1},
		{"from tomorrow", func() { s.filter.from.SetText(time.Now().AddDate(0, 0, 1).Format(words.DateLayout)) }, 0},
		{"to today includes today", func() { s.filter.to.SetText(time.Now().Format(words.DateLayout)) }, 4},
		{"to yesterday", func() { s.filter.to.SetText(time.Now().AddDate(0, 0, -1).Format(words.DateLayout)) }, 0},
	}
	for _, tc := range cases {
		if got := apply(tc.set); got != tc.want {
			t.Errorf("%s: %d events, want %d", tc.name, got, tc.want)
		}
	}
	if s.empty.Hidden || s.empty.Text == "" {
		t.Error("no empty-state message for a filter without results")
	}
}

func TestAuditLogRefusesBadDates(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s := openAudit(t, st, admin)
	before := s.query

	s.filter.from.SetText("2024-13-01")
	s.filter.from.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.Wait()
	if msg := s.filter.fields.Field("from").Message(); !strings.Contains(msg, "Use a date like") {
		t.Errorf("from message = %q", msg)
	}
	if s.query != before {
		t.Error("a bad date changed the query")
	}

	s.filter.from.SetText("2024-05-02")
	s.filter.to.SetText("2024-05-01")
	s.apply()
	if msg := s.filter.fields.Field("to").Message(); msg == "" {
		t.Error("To before From accepted")
	}
}

func TestAuditLogLoadsPagesOnDemand(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	// Each reason add writes one event: 450 + setup = 451 events, three pages.
	for i := range 450 {
		if _, err := st.Reasons.Add(context.Background(), admin, fmt.Sprintf("reason %03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	h, s := openAudit(t, st, admin)
	if n := s.rows.Len(); n != 451 {
		t.Fatalf("total = %d", n)
	}
	if n := loadedPages(s); n != 1 {
		t.Errorf("%d pages loaded before scrolling, want 1", n)
	}
	if _, ok := s.rows.Item(450); ok {
		t.Fatal("the last row was there without loading its page")
	}
	h.Wait()
	e, ok := s.rows.Item(450)
	if !ok || e.Action != "operator.setup" {
		t.Errorf("last row = %+v, %v", e, ok)
	}
	if n := loadedPages(s); n != 2 {
		t.Errorf("%d pages loaded, want 2 (the middle one was never shown)", n)
	}
}

func TestAuditLogSearchAsYouTypeAndShownAgain(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	uitest.AddCardholders(t, st, admin, "Anna", "Bert")
	h, s := openAudit(t, st, admin)

	s.FocusSearch()
	if h.Win.Canvas().Focused() != s.filter.text {
		t.Fatal("FocusSearch did not focus the Text filter")
	}
	uitest.TypeInto(s.filter.text, "Bert")
	h.Wait()
	if n := s.rows.Len(); n != 1 {
		t.Errorf("typing Bert: %d events, want 1", n)
	}

	// Shown reads the log again with the same filter.
	uitest.AddCardholders(t, st, admin, "Bert")
	s.Shown()
	h.Wait()
	if n := s.rows.Len(); n != 2 {
		t.Errorf("shown again: %d events, want 2", n)
	}
	if got := s.counter.String(); got != "2 events" {
		t.Errorf("counter = %q", got)
	}
}

func TestAuditLogFiltersForwardEscape(t *testing.T) {
	st, _ := uitest.Station(t)
	admin := uitest.SetupAdmin(t, st)
	h, s := openAudit(t, st, admin)
	escapes := 0
	h.Win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			escapes++
		}
	})
	for _, in := range []fyne.Focusable{s.filter.operator, s.filter.action, s.filter.text, s.filter.from, s.filter.to} {
		h.Win.Canvas().Focus(in)
		uitest.Key(t, h.Win, fyne.KeyEscape)
	}
	if escapes != 5 {
		t.Errorf("%d of 5 filters handed Escape to the window", escapes)
	}
}
