package producertest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/carddesk/carddesk/production/producertest"
)

func Example() {
	srv, err := producertest.Start(producertest.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	login, _ := http.Post(srv.URL()+"v1/login", "application/json", strings.NewReader(
		`{"client_id":"`+producertest.DefaultClientID+`","client_secret":"`+producertest.DefaultClientSecret+`"}`))
	var token struct{ Token string }
	_ = json.NewDecoder(login.Body).Decode(&token)
	login.Body.Close()

	req, _ := http.NewRequest(http.MethodPut, srv.URL()+"v1/cards/c1", strings.NewReader(
		`{"kind":"temporary","order_id":"o1","layout_id":"visitor","fields":{}}`))
	req.Header.Set("Authorization", "Bearer "+token.Token)
	req.Header.Set("Idempotency-Key", "c1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	res.Body.Close()
	fmt.Println(res.StatusCode)

	_ = srv.Advance("c1")
	_ = srv.Advance("c1")
	card, _ := srv.Card("c1")
	fmt.Println(card.Status, card.Credential.Fields.Card)
	// Output:
	// 201
	// produced 1000
}
