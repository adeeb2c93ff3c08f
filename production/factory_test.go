package production

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

func TestFactoryCachesPerConfig(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, "[]"))
	factory := NewFactory(Options{})
	a := enroll.ProducerConfig{URL: f.srv.URL + "/api/", ClientID: testID, ClientSecret: testSecret}
	b := a
	b.ClientSecret = "rotated"
	tests := []struct {
		name string
		cfg  enroll.ProducerConfig
		same bool // the same client as the call before
	}{
		{"first", a, false},
		{"same settings", a, true},
		{"secret changed", b, false},
		{"same again", b, true},
		{"back to the first", a, false},
	}
	var prev enroll.Producer
	for _, tt := range tests {
		p := factory(tt.cfg)
		if _, ok := p.(*Client); !ok {
			t.Fatalf("%s: got %T", tt.name, p)
		}
		if (p == prev) != tt.same {
			t.Errorf("%s: same client = %v, want %v", tt.name, p == prev, tt.same)
		}
		prev = p
	}
}

// The cached client keeps its token: two uses, one login.
func TestFactoryReusesToken(t *testing.T) {
	f := newFake(t, answer(http.StatusOK, "[]"))
	factory := NewFactory(Options{})
	cfg := enroll.ProducerConfig{URL: f.srv.URL + "/api/", ClientID: testID, ClientSecret: testSecret}
	for range 3 {
		if _, err := factory(cfg).Layouts(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if logins, requests := f.counts(); logins != 1 || requests != 3 {
		t.Errorf("logins, requests = %d, %d; want 1, 3", logins, requests)
	}
}

func TestFactoryInvalidConfig(t *testing.T) {
	factory := NewFactory(Options{})
	tests := []struct {
		cfg     enroll.ProducerConfig
		setting string
		notConf bool
	}{
		{enroll.ProducerConfig{URL: "ftp://h/", ClientID: "i", ClientSecret: "topsecret"}, "production.url", false},
		{enroll.ProducerConfig{URL: "https://h/", ClientSecret: "topsecret"}, "production.client_id", true},
	}
	for _, tt := range tests {
		p := factory(tt.cfg)
		_, err1 := p.Layouts(context.Background())
		_, err2 := p.Send(context.Background(), enroll.ProducerOrder{CardID: "c"})
		_, err3 := p.Card(context.Background(), "c")
		_, _, err4 := p.Changes(context.Background(), 0)
		_, err5 := p.Cancel(context.Background(), "c")
		for _, err := range []error{err1, err2, err3, err4, err5} {
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Setting != tt.setting || errors.Is(err, enroll.ErrProducerNotConfigured) != tt.notConf {
				t.Errorf("err = %v, want a ConfigError for %s", err, tt.setting)
			}
			if err != nil && strings.Contains(err.Error(), "topsecret") {
				t.Errorf("error shows the secret: %v", err)
			}
		}
	}
}

func TestFactoryConcurrent(t *testing.T) {
	factory := NewFactory(Options{})
	cfgs := []enroll.ProducerConfig{
		{URL: "https://a/", ClientID: "i", ClientSecret: "s"},
		{URL: "https://b/", ClientID: "i", ClientSecret: "s"},
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if factory(cfgs[i%2]) == nil {
				t.Error("nil producer")
			}
		})
	}
	wg.Wait()
}
