package enroll_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// On a shared PostgreSQL database a station hears what another one
// changes within a second; a SQLite station says at once that it cannot,
// so its desk keeps polling.
func TestLiveWatch(t *testing.T) {
	for _, c := range []struct {
		backend string
		live    bool
	}{
		{"sqlite", false},
		{"postgres", true},
	} {
		t.Run(c.backend, func(t *testing.T) {
			var bk backend
			for _, b := range backends {
				if b.name == c.backend {
					bk = b
				}
			}
			dsn := bk.new(t)
			a := enroll.New(openShared(t, dsn), enroll.Options{Password: fastHashing})
			b := enroll.New(openShared(t, dsn), enroll.Options{Password: fastHashing})
			if a.Live.On() != c.live || b.Live.On() != c.live {
				t.Fatalf("Live.On() = %v, want %v", b.Live.On(), c.live)
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			heard := make(chan enroll.ChangeTopics, 10)
			returned := make(chan error, 1)
			go func() { returned <- b.Live.Watch(ctx, func(ts enroll.ChangeTopics) { heard <- ts }) }()
			if !c.live {
				select {
				case err := <-returned:
					if !errors.Is(err, enroll.ErrNoChangeFeed) {
						t.Errorf("Watch = %v, want ErrNoChangeFeed", err)
					}
				case <-time.After(time.Second):
					t.Error("Watch on SQLite did not return at once")
				}
				return
			}

			admin, err := a.Operators.Setup(ctx, "admin", "admin@example.org", "admin-pass-1234")
			if err != nil {
				t.Fatal(err)
			}
			// Until Watch listens, a change goes unheard; keep changing
			// until one is heard, each time a new cardholder.
			deadline := time.Now().Add(10 * time.Second)
			var holder enroll.Cardholder
			for heardIt := false; !heardIt; {
				if time.Now().After(deadline) {
					t.Fatal("Watch never heard a change")
				}
				if holder, err = a.Cardholders.Add(ctx, admin, enroll.Cardholder{FirstName: "Zoë", LastName: "Jansen"}); err != nil {
					t.Fatal(err)
				}
				select {
				case ts := <-heard:
					heardIt = ts.Has(enroll.TopicCardholders)
				case <-time.After(200 * time.Millisecond):
				}
			}
			start := time.Now()
			if _, err := a.Requests.Create(ctx, admin, enroll.NewRequest{CardholderID: holder.ID, Reason: "New employee"}); err != nil {
				t.Fatal(err)
			}
			for got := false; !got; {
				select {
				case ts := <-heard:
					got = ts.Has(enroll.TopicRequests)
				case <-time.After(time.Second - time.Since(start)):
					t.Fatal("the request filed at the other station was not heard within a second")
				}
			}
			cancel()
			select {
			case err := <-returned:
				if err != nil {
					t.Errorf("Watch returned %v after its context ended, want nil", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Watch did not return after its context ended")
			}
		})
	}
}

func TestChangeTopicsHas(t *testing.T) {
	ts := enroll.ChangeTopics{enroll.TopicRequests, enroll.TopicDevices}
	for _, c := range []struct {
		of   []enroll.ChangeTopic
		want bool
	}{
		{[]enroll.ChangeTopic{enroll.TopicRequests}, true},
		{[]enroll.ChangeTopic{enroll.TopicCardholders, enroll.TopicDevices}, true},
		{[]enroll.ChangeTopic{enroll.TopicCardholders}, false},
		{nil, false},
	} {
		if got := ts.Has(c.of...); got != c.want {
			t.Errorf("%v.Has(%v) = %v, want %v", ts, c.of, got, c.want)
		}
	}
}
