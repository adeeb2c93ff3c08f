package producertest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	clock := newClock()
	srv := start(t, Options{ClientID: "desk", ClientSecret: "s3cret", TokenTTL: 90 * time.Minute, Now: clock.Now})
	c := newClient(t, srv)
	tests := []struct {
		name string
		body string
		want int
	}{
		{"good credentials", `{"client_id":"desk","client_secret":"s3cret"}`, http.StatusOK},
		{"wrong secret", `{"client_id":"desk","client_secret":"nope"}`, http.StatusUnauthorized},
		{"wrong id", `{"client_id":"other","client_secret":"s3cret"}`, http.StatusUnauthorized},
		{"no credentials", `{}`, http.StatusUnauthorized},
		{"not JSON", `client_id=desk`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do(http.MethodPost, "v1/login", tt.body)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d (%s)", r.status, tt.want, r.body)
			}
			if tt.want != http.StatusOK {
				r.errorText(t)
				return
			}
			var reply struct {
				Token      string `json:"token"`
				ValidUntil string `json:"valid_until"`
			}
			decode(t, r.body, &reply)
			if reply.Token == "" {
				t.Error("empty token")
			}
			if want := "2026-12-06T10:30:00Z"; reply.ValidUntil != want {
				t.Errorf("valid_until %q, want %q", reply.ValidUntil, want)
			}
		})
	}
	if got := srv.Logins(); got != len(tests) {
		t.Errorf("Logins() = %d, want %d", got, len(tests))
	}
}

func TestLayouts(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		c := loggedIn(t, start(t, Options{}))
		r := c.do(http.MethodGet, "v1/layouts", "")
		want := `[{"id":"employee","name":"Employee card","fields":[` +
			`{"name":"first_name","required":true,"max_length":40},{"name":"last_name","required":true,"max_length":40},` +
			`{"name":"external_id","required":false},{"name":"department","required":false},` +
			`{"name":"email","required":false},{"name":"photo","required":false}]},` +
			`{"id":"visitor","name":"Visitor card","fields":[` +
			`{"name":"first_name","required":true,"max_length":40},{"name":"last_name","required":true,"max_length":40}]}]`
		if r.status != http.StatusOK || string(r.body) != want {
			t.Fatalf("got %d %s\nwant 200 %s", r.status, r.body, want)
		}
	})
	t.Run("custom", func(t *testing.T) {
		c := loggedIn(t, start(t, Options{Layouts: []Layout{{ID: "plain", Name: "Plain"}}}))
		r := c.do(http.MethodGet, "v1/layouts", "")
		if want := `[{"id":"plain","name":"Plain","fields":[]}]`; string(r.body) != want {
			t.Fatalf("got %s, want %s", r.body, want)
		}
	})
	t.Run("bad options", func(t *testing.T) {
		for _, ls := range [][]Layout{
			{{ID: ""}},
			{{ID: "a"}, {ID: "a"}},
			{{ID: "a", Fields: []Field{{Name: "x"}, {Name: "x"}}}},
			{{ID: "a", Fields: []Field{{Name: ""}}}},
			{{ID: "a", Fields: []Field{{Name: "x", MaxLength: -1}}}},
		} {
			if srv, err := Start(Options{Layouts: ls}); err == nil {
				srv.Close()
				t.Errorf("Start accepted layouts %+v", ls)
			}
		}
	})
}

func TestPutCard(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	const id = "6f1c2b3a-0000-4000-8000-000000000001"
	body := orderJSON(t, nil)

	r := c.put(id, body)
	if want := `{"card_id":"` + id + `","status":"ordered"}`; r.status != http.StatusCreated || string(r.body) != want {
		t.Fatalf("first PUT: %d %s, want 201 %s", r.status, r.body, want)
	}
	first := r.body

	// The same order with other whitespace and key order is still a replay.
	var generic map[string]any
	if err := json.Unmarshal([]byte(body), &generic); err != nil {
		t.Fatal(err)
	}
	reindented, _ := json.MarshalIndent(generic, "", "   ")
	for _, b := range []string{body, string(reindented)} {
		if r := c.put(id, b); r.status != http.StatusOK || string(r.body) != string(first) {
			t.Fatalf("replay: %d %s, want 200 %s", r.status, r.body, first)
		}
	}

	// Replays answer what the first PUT answered, even after the card moved.
	if err := srv.Advance(id); err != nil {
		t.Fatal(err)
	}
	if r := c.put(id, body); r.status != http.StatusOK || string(r.body) != string(first) {
		t.Fatalf("replay after advance: %d %s", r.status, r.body)
	}

	r = c.put(id, orderJSON(t, map[string]any{"station": "Back office"}))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("different body: %d %s, want 422", r.status, r.body)
	}
	r.errorText(t)

	if got := srv.Records(); got != 1 {
		t.Errorf("Records() = %d, want 1", got)
	}
	if got := srv.Puts(id); got != 5 {
		t.Errorf("Puts() = %d, want 5", got)
	}
	card, ok := srv.Card(id)
	if !ok || card.Station != "Front desk" || card.Fields["last_name"] != "Dąbrowska" || card.OrderedBy != "jdoe" {
		t.Errorf("stored card %+v", card)
	}
}

func TestPutTemporary(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	for _, body := range []string{
		temporaryJSON(t),
		`{"kind":"temporary","order_id":"o1","layout_id":"visitor"}`,
	} {
		id := "temp-" + itoa(int64(srv.Records()))
		if r := c.put(id, body); r.status != http.StatusCreated {
			t.Fatalf("PUT %s: %d %s", body, r.status, r.body)
		}
		if got := c.card(id); got.Kind != KindTemporary || got.Status != StatusOrdered {
			t.Errorf("card %+v", got)
		}
	}
}

func TestPutInvalid(t *testing.T) {
	long := strings.Repeat("ą", 41)
	tests := []struct {
		name   string
		body   string
		header map[string]string
	}{
		{"no Idempotency-Key", "", map[string]string{"Idempotency-Key": ""}},
		{"Idempotency-Key of another card", "", map[string]string{"Idempotency-Key": "other"}},
		{"not JSON", `{"kind":`, nil},
		{"JSON array", `[]`, nil},
		{"JSON null", `null`, nil},
		{"trailing data", orderJSON(t, nil) + `{}`, nil},
		{"unknown kind", orderJSON(t, map[string]any{"kind": "gold"}), nil},
		{"no kind", orderJSON(t, map[string]any{"kind": nil}), nil},
		{"no order_id", orderJSON(t, map[string]any{"order_id": nil}), nil},
		{"blank order_id", orderJSON(t, map[string]any{"order_id": " "}), nil},
		{"no layout_id", orderJSON(t, map[string]any{"layout_id": nil}), nil},
		{"unknown layout", orderJSON(t, map[string]any{"layout_id": "gold"}), nil},
		{"no fields", orderJSON(t, map[string]any{"fields": nil}), nil},
		{"missing last_name", orderJSON(t, map[string]any{"fields": map[string]any{"first_name": "Anna"}}), nil},
		{"blank first_name", orderJSON(t, map[string]any{"fields": map[string]any{"first_name": "  ", "last_name": "B"}}), nil},
		{"first_name too long", orderJSON(t, map[string]any{"fields": map[string]any{"first_name": long, "last_name": "B"}}), nil},
		{"field not a string", orderJSON(t, map[string]any{"fields": map[string]any{"first_name": 7, "last_name": "B"}}), nil},
		{"photo inside fields", orderJSON(t, map[string]any{"fields": map[string]any{"first_name": "A", "last_name": "B", "photo": "x"}}), nil},
		{"photo not base64", orderJSON(t, map[string]any{"photo_jpeg_base64": "not base64!"}), nil},
		{"temporary with fields", orderJSON(t, map[string]any{"kind": "temporary", "photo_jpeg_base64": nil}), nil},
		{"temporary with a photo", orderJSON(t, map[string]any{"kind": "temporary", "fields": map[string]any{}}), nil},
		{"visitor without names", orderJSON(t, map[string]any{"layout_id": "visitor", "fields": map[string]any{"email": "a@b"}}), nil},
	}
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := map[string]string{"Idempotency-Key": "card-x"}
			for k, v := range tt.header {
				header[k] = v
			}
			body := tt.body
			if body == "" {
				body = orderJSON(t, nil)
			}
			r := c.must(c.call(http.MethodPut, "v1/cards/card-x", body, header))
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400 (%s)", r.status, r.body)
			}
			t.Log(r.errorText(t))
		})
	}
	if got := srv.Records(); got != 0 {
		t.Errorf("Records() = %d after invalid PUTs, want 0", got)
	}

	// The limits are in characters, not bytes, and extra fields are fine.
	ok := orderJSON(t, map[string]any{"fields": map[string]any{
		"first_name": strings.Repeat("ą", 40), "last_name": "B", "nickname": "anything",
	}})
	if r := c.put("card-x", ok); r.status != http.StatusCreated {
		t.Fatalf("40 characters: %d %s", r.status, r.body)
	}
}

func TestGetCard(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	r := c.do(http.MethodGet, "v1/cards/nobody", "")
	if r.status != http.StatusNotFound {
		t.Fatalf("unknown card: %d %s", r.status, r.body)
	}
	r.errorText(t)

	ordered(t, c, 1)
	r = c.do(http.MethodGet, "v1/cards/card-1", "")
	want := `{"card_id":"card-1","order_id":"0b9e7c1e-3f1a-4f7e-9d7a-1c2b3d4e5f60","kind":"personal",` +
		`"status":"ordered","version":1,"failure_reason":"","credential":null}`
	if r.status != http.StatusOK || string(r.body) != want {
		t.Fatalf("got %d %s\nwant 200 %s", r.status, r.body, want)
	}

	for range 2 {
		if err := srv.Advance("card-1"); err != nil {
			t.Fatal(err)
		}
	}
	r = c.do(http.MethodGet, "v1/cards/card-1", "")
	pattern := `^\{"card_id":"card-1","order_id":"[^"]+","kind":"personal","status":"produced","version":3,` +
		`"failure_reason":"","credential":\{"format":"h10301","fields":\{"facility":12,"card":1000\},"uid":"04[0-9a-f]{12}"\}\}$`
	if !regexp.MustCompile(pattern).Match(r.body) {
		t.Fatalf("produced card %s does not match %s", r.body, pattern)
	}
}

func TestChanges(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	ids := ordered(t, c, 3)

	f := c.changes(0)
	if f.Next != 3 || len(f.Cards) != 3 {
		t.Fatalf("since 0: %+v", f)
	}
	for i, card := range f.Cards {
		if card.CardID != ids[i] || card.Version != int64(i+1) || card.Status != StatusOrdered {
			t.Errorf("card %d: %+v", i, card)
		}
	}

	f = c.changes(f.Next)
	if f.Next != 3 || len(f.Cards) != 0 {
		t.Fatalf("nothing new: %+v", f)
	}
	if r := c.do(http.MethodGet, "v1/cards?since=3", ""); !strings.Contains(string(r.body), `"cards":[]`) {
		t.Errorf("an empty page must be [], got %s", r.body)
	}

	// card-1 moves twice and card-3 fails: the page lists each once, at
	// its newest version, in version order.
	mustDo(t, srv.Advance("card-1"), srv.Fail("card-3", "printer jam"), srv.Advance("card-1"))
	f = c.changes(3)
	if f.Next != 6 || len(f.Cards) != 2 {
		t.Fatalf("since 3: %+v", f)
	}
	if got := f.Cards[0]; got.CardID != "card-3" || got.Status != StatusFailed || got.FailureReason != "printer jam" || got.Version != 5 {
		t.Errorf("first: %+v", got)
	}
	if got := f.Cards[1]; got.CardID != "card-1" || got.Status != StatusProduced || got.Version != 6 || got.Credential == nil {
		t.Errorf("second: %+v", got)
	}

	if r := c.do(http.MethodGet, "v1/cards?since=-1", ""); r.status != http.StatusBadRequest {
		t.Errorf("since=-1: %d", r.status)
	}
	if f := c.changes(0); len(f.Cards) != 3 || f.Next != 6 {
		t.Errorf("since 0 again: %+v", f)
	}
}

func TestCancel(t *testing.T) {
	srv := start(t, Options{})
	c := loggedIn(t, srv)
	ordered(t, c, 3)
	mustDo(t, srv.Advance("card-2"), srv.Advance("card-3"), srv.Advance("card-3"))

	t.Run("ordered", func(t *testing.T) {
		for range 2 { // cancelling twice is still fine, and changes nothing more
			r := c.do(http.MethodPost, "v1/cards/card-1/cancel", "")
			var card Card
			decode(t, r.body, &card)
			if r.status != http.StatusOK || card.Status != StatusCancelled || card.Version != 7 {
				t.Fatalf("%d %s", r.status, r.body)
			}
		}
	})
	for _, id := range []string{"card-2", "card-3"} {
		t.Run(id, func(t *testing.T) {
			r := c.do(http.MethodPost, "v1/cards/"+id+"/cancel", "")
			if r.status != http.StatusConflict {
				t.Fatalf("%d %s, want 409", r.status, r.body)
			}
			t.Log(r.errorText(t))
		})
	}
	t.Run("never seen", func(t *testing.T) {
		r := c.do(http.MethodPost, "v1/cards/late/cancel", "")
		want := `{"card_id":"late","order_id":"","kind":"","status":"cancelled","version":0,"failure_reason":"","credential":null}`
		if r.status != http.StatusOK || string(r.body) != want {
			t.Fatalf("%d %s, want 200 %s", r.status, r.body, want)
		}
		if got := srv.Records(); got != 3 {
			t.Errorf("Records() = %d, want 3: a cancelled id is not a card", got)
		}
		for range 2 {
			r = c.put("late", orderJSON(t, nil))
			if r.status != http.StatusConflict {
				t.Fatalf("late PUT: %d %s, want 409", r.status, r.body)
			}
		}
		// What the client asks next, to take the card's state.
		if got := c.card("late"); got.Status != StatusCancelled || got.OrderID == "" || got.Version != 8 {
			t.Errorf("GET after the late PUT: %+v", got)
		}
	})
}

func TestAuth(t *testing.T) {
	clock := newClock()
	srv := start(t, Options{TokenTTL: time.Minute, Now: clock.Now})
	c := loggedIn(t, srv)
	endpoints := []struct{ method, path string }{
		{http.MethodGet, "v1/layouts"},
		{http.MethodGet, "v1/cards?since=0"},
		{http.MethodGet, "v1/cards/x"},
		{http.MethodPut, "v1/cards/x"},
		{http.MethodPost, "v1/cards/x/cancel"},
	}
	headers := []struct {
		name, value string
	}{
		{"none", ""},
		{"unknown token", "Bearer abc"},
		{"other scheme", "Basic " + c.token},
		{"scheme only", "Bearer"},
	}
	for _, e := range endpoints {
		for _, h := range headers {
			t.Run(e.method+" "+e.path+" "+h.name, func(t *testing.T) {
				r := c.must(c.call(e.method, e.path, "", map[string]string{"Authorization": h.value}))
				if r.status != http.StatusUnauthorized {
					t.Fatalf("%d %s, want 401", r.status, r.body)
				}
				r.errorText(t)
			})
		}
	}
	if r := c.do(http.MethodGet, "v1/layouts", ""); r.status != http.StatusOK {
		t.Fatalf("good token: %d", r.status)
	}

	clock.Add(time.Minute)
	if r := c.do(http.MethodGet, "v1/layouts", ""); r.status != http.StatusUnauthorized {
		t.Fatalf("at valid_until: %d, want 401", r.status)
	}
	c.login()
	if r := c.do(http.MethodGet, "v1/layouts", ""); r.status != http.StatusOK {
		t.Fatalf("after new login: %d", r.status)
	}

	other := loggedIn(t, srv)
	srv.ExpireTokens()
	for _, cl := range []*client{c, other} {
		if r := cl.do(http.MethodGet, "v1/layouts", ""); r.status != http.StatusUnauthorized {
			t.Fatalf("after ExpireTokens: %d, want 401", r.status)
		}
	}
	c.login()
	if r := c.do(http.MethodGet, "v1/layouts", ""); r.status != http.StatusOK {
		t.Fatalf("login after ExpireTokens: %d", r.status)
	}
}

func TestRouting(t *testing.T) {
	c := loggedIn(t, start(t, Options{}))
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, "v2/cards", http.StatusNotFound, ""},
		{http.MethodGet, "v1/cards/", http.StatusNotFound, ""},
		{http.MethodGet, "v1/cards/x/y", http.StatusNotFound, ""},
		{http.MethodGet, "v1/login", http.StatusMethodNotAllowed, "POST"},
		{http.MethodDelete, "v1/cards/x", http.StatusMethodNotAllowed, "GET, PUT"},
		{http.MethodGet, "v1/cards/x/cancel", http.StatusMethodNotAllowed, "POST"},
		{http.MethodPost, "v1/layouts", http.StatusMethodNotAllowed, "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := c.do(tt.method, tt.path, "")
			if r.status != tt.status || r.header.Get("Allow") != tt.allow {
				t.Fatalf("%d Allow=%q, want %d Allow=%q", r.status, r.header.Get("Allow"), tt.status, tt.allow)
			}
			r.errorText(t)
		})
	}
	// An escaped slash stays inside the card_id.
	if r := c.put("a%2Fb", orderJSON(t, nil)); r.status != http.StatusBadRequest {
		t.Fatalf("Idempotency-Key a%%2Fb against card a/b: %d", r.status)
	}
	r := c.must(c.call(http.MethodPut, "v1/cards/a%2Fb", orderJSON(t, nil), map[string]string{"Idempotency-Key": "a/b"}))
	if r.status != http.StatusCreated || !strings.Contains(string(r.body), `"card_id":"a/b"`) {
		t.Fatalf("card a/b: %d %s", r.status, r.body)
	}
}

func mustDo(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
