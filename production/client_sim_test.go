package production

import (
	"context"
	"encoding/base64"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/production/producertest"
)

// These tests run the client against the simulator, an independent reading
// of the protocol, so a misreading shared by client and test fake shows.

func startSim(t *testing.T, opt producertest.Options) (*producertest.Server, *Client) {
	t.Helper()
	srv, err := producertest.Start(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	id, secret := opt.ClientID, opt.ClientSecret
	if id == "" {
		id, secret = producertest.DefaultClientID, producertest.DefaultClientSecret
	}
	c, err := New(enroll.ProducerConfig{URL: srv.URL(), ClientID: id, ClientSecret: secret}, Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func simOrder(cardID string) enroll.ProducerOrder {
	return enroll.ProducerOrder{CardID: cardID, OrderID: "o-" + cardID, Kind: enroll.KindPersonal, LayoutID: "employee",
		Fields:    map[string]string{"first_name": "Anna", "last_name": "Dąbrowska", "external_id": "E1001"},
		PhotoJPEG: []byte{0xff, 0xd8, 0xff, 0xd9}, Station: "Front desk", OrderedBy: "jdoe"}
}

func TestSimulatorHappyPath(t *testing.T) {
	srv, c := startSim(t, producertest.Options{ClientID: "desk", ClientSecret: "pw"})
	ctx := context.Background()

	layouts, err := c.Layouts(ctx)
	if err != nil || len(layouts) == 0 {
		t.Fatalf("Layouts = %v, %v", layouts, err)
	}
	o := simOrder("11111111-2222-3333-4444-555555555555")
	sent, err := c.Send(ctx, o)
	if err != nil || sent.Status != enroll.ProducerOrdered || sent.CardID != o.CardID {
		t.Fatalf("Send = %+v, %v", sent, err)
	}
	stored, _ := srv.Card(o.CardID)
	if !reflect.DeepEqual(stored.Fields, o.Fields) || stored.Photo != base64.StdEncoding.EncodeToString(o.PhotoJPEG) ||
		stored.Station != o.Station || stored.OrderedBy != o.OrderedBy || stored.LayoutID != o.LayoutID {
		t.Errorf("stored %+v", stored)
	}
	// A retry is a replay, not a second card.
	if again, err := c.Send(ctx, o); err != nil || again.Status != enroll.ProducerOrdered {
		t.Fatalf("replay = %+v, %v", again, err)
	}
	temp := enroll.ProducerOrder{CardID: "t-1", OrderID: "o-t", Kind: enroll.KindTemporary, LayoutID: "visitor"}
	if _, err := c.Send(ctx, temp); err != nil {
		t.Fatal(err)
	}
	if srv.Records() != 2 {
		t.Errorf("Records = %d, want 2", srv.Records())
	}

	for range 2 {
		srv.Tick()
	}
	card, err := c.Card(ctx, o.CardID)
	if err != nil || card.Status != enroll.ProducerProduced || card.Credential == nil {
		t.Fatalf("Card = %+v, %v", card, err)
	}
	simCard, _ := srv.Card(o.CardID)
	want := map[string]string{"facility": itoa(simCard.Credential.Fields.Facility), "card": itoa(simCard.Credential.Fields.Card)}
	if !reflect.DeepEqual(card.Credential.Fields, want) || card.Credential.UID != simCard.Credential.UID {
		t.Errorf("credential = %+v, want %v %s", card.Credential, want, simCard.Credential.UID)
	}

	cards, next, err := c.Changes(ctx, 0)
	if err != nil || len(cards) == 0 || next < card.Version {
		t.Fatalf("Changes = %d cards, next %d, %v", len(cards), next, err)
	}
	if cards, again, err := c.Changes(ctx, next); err != nil || len(cards) != 0 || again != next {
		t.Errorf("Changes(next) = %d cards, next %d, %v", len(cards), again, err)
	}

	if _, err := c.Cancel(ctx, o.CardID); !errors.Is(err, enroll.ErrProducerConflict) {
		t.Errorf("Cancel of a produced card = %v, want conflict", err)
	}
	if cancelled, err := c.Cancel(ctx, "never-sent"); err != nil || cancelled.Status != enroll.ProducerCancelled {
		t.Errorf("Cancel of an unknown card = %+v, %v", cancelled, err)
	}
	if _, err := c.Send(ctx, simOrder("never-sent")); !errors.Is(err, enroll.ErrProducerConflict) {
		t.Errorf("Send after cancel = %v, want conflict", err)
	}
	if _, err := c.Card(ctx, "nobody"); !errors.Is(err, enroll.ErrNotFound) {
		t.Errorf("Card(nobody) = %v, want not found", err)
	}
	changed := o
	changed.Fields = map[string]string{"first_name": "Other", "last_name": "Name"}
	var rejected *enroll.ProducerRejectedError
	if _, err := c.Send(ctx, changed); !errors.As(err, &rejected) || rejected.Status != 422 {
		t.Errorf("Send with another body = %v, want 422", err)
	}
	if srv.Logins() != 1 {
		t.Errorf("Logins = %d, want 1", srv.Logins())
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSimulatorFaults(t *testing.T) {
	ctx := context.Background()
	t.Run("order stored, reply lost: unknown, then a replay", func(t *testing.T) {
		srv, c := startSim(t, producertest.Options{})
		srv.DropAfterStore(5) // enough that the transport's own resend is dropped too
		o := simOrder("c-drop")
		_, err := c.Send(ctx, o)
		wantUnavailable(0)(t, err)
		srv.DropAfterStore(0)
		if _, err := c.Send(ctx, o); err != nil {
			t.Fatal(err)
		}
		if srv.Records() != 1 {
			t.Errorf("Records = %d, want 1", srv.Records())
		}
	})
	t.Run("503 before storing", func(t *testing.T) {
		srv, c := startSim(t, producertest.Options{})
		srv.FailBefore(1, 503)
		_, err := c.Send(ctx, simOrder("c-503"))
		wantUnavailable(0)(t, err)
		if srv.Records() != 0 {
			t.Errorf("Records = %d", srv.Records())
		}
	})
	t.Run("429 with Retry-After", func(t *testing.T) {
		srv, c := startSim(t, producertest.Options{})
		srv.TooManyRequests(1, 3*time.Second)
		_, err := c.Layouts(ctx)
		wantUnavailable(3*time.Second)(t, err)
	})
	t.Run("tokens expire early: one silent relogin", func(t *testing.T) {
		srv, c := startSim(t, producertest.Options{})
		if _, err := c.Layouts(ctx); err != nil {
			t.Fatal(err)
		}
		srv.ExpireTokens()
		if _, err := c.Send(ctx, simOrder("c-exp")); err != nil {
			t.Fatal(err)
		}
		if srv.Logins() != 2 || srv.Puts("c-exp") != 2 {
			t.Errorf("Logins, Puts = %d, %d; want 2, 2", srv.Logins(), srv.Puts("c-exp"))
		}
	})
	t.Run("wrong secret", func(t *testing.T) {
		srv, err := producertest.Start(producertest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		c, err := New(enroll.ProducerConfig{URL: srv.URL(), ClientID: producertest.DefaultClientID, ClientSecret: "wrong"}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var ae *AuthError
		if _, err := c.Layouts(ctx); !errors.As(err, &ae) || ae.AfterLogin {
			t.Errorf("err = %v, want AuthError", err)
		}
	})
	t.Run("slow producer", func(t *testing.T) {
		srv, c := startSim(t, producertest.Options{})
		srv.Slow(5 * time.Second)
		c.timeout = 200 * time.Millisecond
		_, err := c.Layouts(ctx)
		wantUnavailable(0)(t, err)
	})
	t.Run("producer down", func(t *testing.T) {
		srv, c := startSim(t, producertest.Options{})
		if _, err := c.Layouts(ctx); err != nil {
			t.Fatal(err)
		}
		if err := srv.RefuseConnections(true); err != nil {
			t.Fatal(err)
		}
		_, err := c.Send(ctx, simOrder("c-down"))
		wantUnavailable(0)(t, err)
		if err := srv.RefuseConnections(false); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Send(ctx, simOrder("c-down")); err != nil {
			t.Fatal(err)
		}
	})
}
