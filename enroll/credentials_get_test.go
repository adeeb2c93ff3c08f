package enroll_test

import (
	"errors"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

// The request details show the card connected to a request: Get reads
// one credential by id.
func TestCredentialsGet(t *testing.T) {
	e := newEnv(t)
	k, err := e.st.Credentials.Enroll(e.ctx, e.admin, enroll.NewCredential{Format: "h10301",
		Fields: map[string]string{"facility": "12", "card": "3456"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.st.Credentials.Get(e.ctx, e.admin, k.ID)
	if err != nil || got.ID != k.ID || got.Format != "h10301" || got.Fields["card"] != "3456" || got.Bits != k.Bits {
		t.Errorf("Get = %+v, %v", got, err)
	}
	if _, err := e.st.Credentials.Get(e.ctx, e.admin, k.ID+100); !errors.Is(err, enroll.ErrNotFound) {
		t.Errorf("Get of a missing credential: %v", err)
	}
	if _, err := e.st.Credentials.Get(e.ctx, enroll.Actor{}, k.ID); err == nil {
		t.Error("Get without a signed-in operator")
	}
}
