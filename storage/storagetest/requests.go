package storagetest

import (
	"fmt"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

var requestTests = []storeTest{
	{"Requests/CreateAndRead", testRequestCreateRead},
	{"Requests/Respond", testRequestRespond},
	{"Requests/StaleVersion", testRequestStale},
	{"Requests/ConcurrentUpdate", testRequestConcurrent},
	{"Requests/ListAndCount", testRequestList},
}

// requestFixture is the smallest world a request can live in.
type requestFixture struct {
	requester, responder enroll.Operator
	holder               enroll.Cardholder
}

func newRequestFixture(t *testing.T, s enroll.Store) requestFixture {
	return requestFixture{
		requester: addOperator(t, s, "rita"),
		responder: addOperator(t, s, "ruud"),
		holder:    addCardholders(t, s, person("Jan", "Jansen", "Finance", "HR-1"))[0],
	}
}

func (f requestFixture) request(created int) enroll.CardRequest {
	return enroll.CardRequest{
		CardholderID: f.holder.ID, Reason: "New employee",
		Activation: enroll.Activation{Mode: enroll.ActivateEnrollment},
		Status:     enroll.RequestPending, RequestedBy: f.requester.ID,
		CreatedAt: at(created), UpdatedAt: at(created),
	}
}

func addRequest(t *testing.T, s enroll.Store, r enroll.CardRequest) enroll.CardRequest {
	t.Helper()
	update(t, s, func(tx enroll.Tx) error { return tx.Requests().Create(t.Context(), &r) })
	return r
}

func requestByID(t *testing.T, s enroll.Store, id int64) enroll.CardRequest {
	t.Helper()
	return read(t, s, func(tx enroll.Tx) (enroll.CardRequest, error) { return tx.Requests().ByID(t.Context(), id) })
}

func testRequestCreateRead(t *testing.T, s enroll.Store) {
	f := newRequestFixture(t, s)
	r := f.request(0)
	tmpl := addTemplate(t, s, "Request badge")
	r.Reason, r.TemplateID, r.EmailWhenReady, r.Note = "Lost card", tmpl.ID, true, "urgent"
	r.Activation = enroll.Activation{Mode: enroll.ActivateOnDate, Date: at(60 * 24)}
	r.Version = 42 // ignored: a new request starts at version 1
	r = addRequest(t, s, r)
	if r.ID == 0 || r.Version != 1 {
		t.Fatalf("Create must set ID and Version 1, got %d, %d", r.ID, r.Version)
	}
	want := r
	want.CardholderName, want.Department, want.RequestedByName = "Jan Jansen", "Finance", "rita"
	equal(t, requestByID(t, s, r.ID), want, "ByID")

	err := s.View(t.Context(), func(tx enroll.Tx) error { _, err := tx.Requests().ByID(t.Context(), 999); return err })
	wantErr(t, err, enroll.ErrNotFound, "ByID of a missing request")
}

func testRequestRespond(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	f := newRequestFixture(t, s)
	r := addRequest(t, s, f.request(0))
	cred := enroll.Credential{Format: "H10301", Bits: "0101", Status: enroll.CredentialActive,
		CardholderID: f.holder.ID, CreatedAt: t0, UpdatedAt: t0}
	update(t, s, func(tx enroll.Tx) error { return tx.Credentials().Create(ctx, &cred) })

	r.Status, r.RespondedBy, r.RespondedAt, r.ResponseNote = enroll.RequestCompleted, f.responder.ID, at(5), "done"
	r.CredentialID, r.UpdatedAt = cred.ID, at(5)
	update(t, s, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &r) })
	if r.Version != 2 {
		t.Fatalf("Update must bump Version to 2, got %d", r.Version)
	}
	want := r
	want.CardholderName, want.Department = "Jan Jansen", "Finance"
	want.RequestedByName, want.RespondedByName = "rita", "ruud"
	equal(t, requestByID(t, s, r.ID), want, "ByID after responding")
}

func testRequestStale(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	f := newRequestFixture(t, s)
	r := addRequest(t, s, f.request(0))
	first, second := requestByID(t, s, r.ID), requestByID(t, s, r.ID)

	first.Status, first.RespondedBy, first.RespondedAt = enroll.RequestCompleted, f.responder.ID, at(1)
	update(t, s, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &first) })

	second.Status, second.RespondedBy, second.RespondedAt = enroll.RequestDenied, f.requester.ID, at(2)
	wantStale(t, s, &second.Version, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &second) })
	got := requestByID(t, s, r.ID)
	if got.Status != enroll.RequestCompleted || got.Version != 2 {
		t.Errorf("stored request = %s v%d, want completed v2", got.Status, got.Version)
	}

	missing := f.request(0)
	missing.ID, missing.Version = 999, 1
	err := s.Update(ctx, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &missing) })
	wantErr(t, err, enroll.ErrNotFound, "Update of a missing request")
}

// Several stations answer the same request at once: exactly one may win.
func testRequestConcurrent(t *testing.T, s enroll.Store) {
	f := newRequestFixture(t, s)
	r := addRequest(t, s, f.request(0))
	raceUpdates(t, s, 4, "won", func(i int, tx enroll.Tx) error {
		mine := r
		mine.Status, mine.RespondedBy, mine.RespondedAt = enroll.RequestCompleted, f.responder.ID, at(i)
		mine.ResponseNote = fmt.Sprint("station ", i)
		return tx.Requests().Update(t.Context(), &mine)
	})
	if got := requestByID(t, s, r.ID); got.Version != 2 {
		t.Errorf("Version = %d after one winning update, want 2", got.Version)
	}
}

func testRequestList(t *testing.T, s enroll.Store) {
	ctx := t.Context()
	f := newRequestFixture(t, s)
	other := addCardholders(t, s, person("Sanne", "de Boer", "Legal", "HR-2"))[0]
	mk := func(created int, mod func(*enroll.CardRequest)) enroll.CardRequest {
		r := f.request(created)
		mod(&r)
		return addRequest(t, s, r)
	}
	// Created out of order: List must sort by CreatedAt, not by id.
	r0 := mk(30, func(r *enroll.CardRequest) { r.Reason = "Lost card" })
	r1 := mk(10, func(r *enroll.CardRequest) { r.CardholderID = other.ID; r.Note = "visitor badge" })
	r2 := mk(20, func(r *enroll.CardRequest) {
		r.Status, r.RespondedBy, r.RespondedAt = enroll.RequestDenied, f.responder.ID, at(25)
	})
	r3 := mk(40, func(r *enroll.CardRequest) { r.CardholderID = other.ID; r.RequestedBy = f.responder.ID })

	for _, tc := range []struct {
		q    enroll.RequestQuery
		want []enroll.CardRequest
	}{
		{enroll.RequestQuery{}, []enroll.CardRequest{r1, r2, r0, r3}},
		{enroll.RequestQuery{Status: enroll.RequestPending}, []enroll.CardRequest{r1, r0, r3}},
		{enroll.RequestQuery{Status: enroll.RequestDenied}, []enroll.CardRequest{r2}},
		{enroll.RequestQuery{CardholderID: other.ID}, []enroll.CardRequest{r1, r3}},
		{enroll.RequestQuery{Text: "jansen"}, []enroll.CardRequest{r2, r0}}, // cardholder name
		{enroll.RequestQuery{Text: "sanne de boer"}, []enroll.CardRequest{r1, r3}},
		{enroll.RequestQuery{Text: "LOST"}, []enroll.CardRequest{r0}},     // reason
		{enroll.RequestQuery{Text: "ruud"}, []enroll.CardRequest{r3}},     // requester
		{enroll.RequestQuery{Text: "visitor"}, []enroll.CardRequest{r1}},  // note
		{enroll.RequestQuery{Text: "jan lost"}, []enroll.CardRequest{r0}}, // every word must match
		{enroll.RequestQuery{Text: "100%"}, nil},
		{enroll.RequestQuery{Status: enroll.RequestPending, Text: "sanne"}, []enroll.CardRequest{r1, r3}},
		{enroll.RequestQuery{Text: "jans ri"}, []enroll.CardRequest{r2, r0}}, // prefixes of name and requester
		{enroll.RequestQuery{Text: "  "}, []enroll.CardRequest{r1, r2, r0, r3}},
		{enroll.RequestQuery{Sort: enroll.SortNewest}, []enroll.CardRequest{r3, r0, r2, r1}},
		{enroll.RequestQuery{Sort: enroll.SortCardholder}, []enroll.CardRequest{r1, r3, r2, r0}}, // Boer before Jansen
		{enroll.RequestQuery{Sort: enroll.SortReason}, []enroll.CardRequest{r0, r1, r2, r3}},
		{enroll.RequestQuery{Sort: enroll.SortRequester}, []enroll.CardRequest{r1, r2, r0, r3}}, // rita, then ruud
		{enroll.RequestQuery{Sort: enroll.SortCardholder, Offset: 1, Limit: 2}, []enroll.CardRequest{r3, r2}},
	} {
		what := fmt.Sprintf("List(%+v)", tc.q)
		got, n := listCount(t, s, func(tx enroll.Tx) ([]enroll.CardRequest, error) { return tx.Requests().List(ctx, tc.q) },
			func(tx enroll.Tx) (int, error) { return tx.Requests().Count(ctx, tc.q) })
		equalIDs(t, ids(got, requestID), ids(tc.want, requestID), what)
		if tc.q.Limit == 0 && n != len(tc.want) {
			t.Errorf("Count for %s = %d, want %d", what, n, len(tc.want))
		}
		var page []enroll.CardRequest
		var total int
		view(t, s, func(tx enroll.Tx) error {
			var err error
			page, total, err = tx.Requests().Page(ctx, tc.q)
			return err
		})
		equalIDs(t, ids(page, requestID), ids(tc.want, requestID), "Page"+what[4:])
		if total != n {
			t.Errorf("Page total for %s = %d, Count = %d", what, total, n)
		}
	}

	// Search follows renames: the cardholder's new name finds the requests.
	other.LastName = "Visser"
	update(t, s, func(tx enroll.Tx) error { return tx.Cardholders().Update(ctx, other) })
	r1.Reason = "Damaged card"
	update(t, s, func(tx enroll.Tx) error { return tx.Requests().Update(ctx, &r1) })
	for text, want := range map[string][]enroll.CardRequest{
		"visser": {r1, r3}, "boer": nil, "damaged": {r1}, "sanne damag": {r1},
	} {
		got := read(t, s, func(tx enroll.Tx) ([]enroll.CardRequest, error) {
			return tx.Requests().List(ctx, enroll.RequestQuery{Text: text})
		})
		equalIDs(t, ids(got, requestID), ids(want, requestID), "List after rename, "+text)
	}

	got := read(t, s, func(tx enroll.Tx) ([]enroll.CardRequest, error) {
		return tx.Requests().List(ctx, enroll.RequestQuery{Offset: 1, Limit: 2})
	})
	equalIDs(t, ids(got, requestID), []int64{r2.ID, r0.ID}, "List page")
	for _, r := range got {
		if r.ID == r2.ID && (r.RespondedByName != "ruud" || r.CardholderName != "Jan Jansen" || r.RequestedByName != "rita") {
			t.Errorf("List must fill the names, got %+v", r)
		}
	}
}

func requestID(r enroll.CardRequest) int64 { return r.ID }
