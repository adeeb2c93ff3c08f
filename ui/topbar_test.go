package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui/internal/uitest"
	"github.com/carddesk/carddesk/ui/widgets"
)

// requestFilters are the request list's status filter and search box.
func requestFilters(t *testing.T, s *session) (*widgets.Select, *widgets.Entry) {
	t.Helper()
	var (
		status *widgets.Select
		search *widgets.Entry
	)
	for _, o := range test.LaidOutObjects(s.screens[secRequests].Content()) {
		switch o := o.(type) {
		case *widgets.Select:
			if slices.Contains(o.Options, "Denied") {
				status = o
			}
		case *widgets.Entry:
			if strings.HasPrefix(o.PlaceHolder, "Search") {
				search = o
			}
		}
	}
	if status == nil || search == nil {
		t.Fatal("the request list has no status filter or search box")
	}
	return status, search
}

// The top bar's Card requests button carries the pending count, so it
// shows the pending requests whatever the list showed last; the
// navigation's entry keeps the last filter.
func TestTopBarRequestsButtonShowsThePendingRequests(t *testing.T) {
	st, path := newTestStation(t)
	admin := setupAdmin(t, st)
	people := addCardholders(t, st, admin, "Anna", "Bert")
	fileRequest(t, st, admin, people[0], "")
	denied := fileRequest(t, st, admin, people[1], "")
	if _, err := st.Requests.Deny(context.Background(), admin, []int64{denied.ID}, "no"); err != nil {
		t.Fatal(err)
	}
	d, s := signedInDesk(t, st, path, admin)
	s.open(secRequests)
	d.wait()
	r := s.requestsScreen()
	status, search := requestFilters(t, s)
	status.SetSelected("Denied")
	search.SetText("Bert")
	d.wait()
	if got, text := r.Filter(); got != enroll.RequestDenied || text != "Bert" {
		t.Fatalf("filter %q %q", got, text)
	}

	// The navigation keeps the filter.
	s.open(secAudit)
	s.open(secRequests)
	d.wait()
	if got, text := r.Filter(); got != enroll.RequestDenied || text != "Bert" {
		t.Errorf("the navigation changed the filter to %q %q", got, text)
	}

	s.open(secAudit)
	d.wait()
	test.Tap(s.top.requests)
	d.wait()
	if s.current != secRequests {
		t.Fatalf("the button opened %d", s.current)
	}
	if got, text := r.Filter(); got != enroll.RequestPending || text != "" {
		t.Errorf("after the button: filter %q %q", got, text)
	}
	if status.Selected != "Pending" || search.Text != "" {
		t.Errorf("after the button the filter shows %q, the search %q", status.Selected, search.Text)
	}
	texts := uitest.Texts(r.Content())
	if !strings.Contains(texts, "Anna Tester") || strings.Contains(texts, "Bert Tester") {
		t.Errorf("after the button the list shows: %s", texts)
	}

	// Also when the list is open already.
	status.SetSelected("All")
	d.wait()
	test.Tap(s.top.requests)
	d.wait()
	if got, _ := r.Filter(); got != enroll.RequestPending {
		t.Errorf("the button on the open list left the filter at %q", got)
	}
}
