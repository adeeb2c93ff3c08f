package production

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/carddesk/carddesk/enroll"
)

// The logs must never hold the secret, a token or a photo, whatever path a
// call takes.
func TestLogsKeepSecrets(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			replyJSON(w, http.StatusCreated, map[string]string{"card_id": "c-1", "status": "ordered"})
			return
		}
		replyJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "down"})
	})
	f.reject = 1
	c := f.newClient(Options{Log: zap.New(core)})
	photo := []byte("\xff\xd8PHOTO-BYTES")
	if _, err := c.Send(context.Background(), enroll.ProducerOrder{CardID: "c-1", PhotoJPEG: photo}); err != nil {
		t.Fatal(err)
	}
	_, _ = c.Layouts(context.Background())
	f.mu.Lock()
	f.loginCode = http.StatusUnauthorized
	f.mu.Unlock()
	c.token = "" // force a refused login
	_, _ = c.Layouts(context.Background())

	if logs.Len() == 0 {
		t.Fatal("nothing logged")
	}
	for _, e := range logs.All() {
		line := e.Message + fmt.Sprint(e.ContextMap())
		for _, secret := range []string{testSecret, "tok-", "PHOTO", "/9j/"} {
			if strings.Contains(line, secret) {
				t.Errorf("log shows %q: %s", secret, line)
			}
		}
	}
}
