package production

import (
	"reflect"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

func TestDecodeCard(t *testing.T) {
	withFields := func(fields string) string {
		return `{"card_id":"c","status":"produced","version":1,"credential":{"format":"f","fields":` + fields + `}}`
	}
	tests := []struct {
		name    string
		body    string
		want    map[string]string // credential fields
		wantErr string
	}{
		{name: "small numbers", body: withFields(`{"facility":12,"card":3456}`), want: map[string]string{"facility": "12", "card": "3456"}},
		{name: "beyond float64 and int64", body: withFields(`{"card":12345678901234567890}`), want: map[string]string{"card": "12345678901234567890"}},
		{name: "2^53+1", body: withFields(`{"card":9007199254740993}`), want: map[string]string{"card": "9007199254740993"}},
		{name: "hex string kept", body: withFields(`{"csn":"04A1b2"}`), want: map[string]string{"csn": "04A1b2"}},
		{name: "zero", body: withFields(`{"card":0}`), want: map[string]string{"card": "0"}},
		{name: "no fields", body: withFields(`{}`), want: map[string]string{}},
		{name: "fraction", body: withFields(`{"card":1.5}`), wantErr: "field card"},
		{name: "exponent", body: withFields(`{"card":1e3}`), wantErr: "field card"},
		{name: "negative", body: withFields(`{"card":-1}`), wantErr: "field card"},
		{name: "bool", body: withFields(`{"card":true}`), wantErr: "field card"},
		{name: "null", body: withFields(`{"card":null}`), wantErr: "field card"},
		{name: "object", body: withFields(`{"card":{}}`), wantErr: "field card"},
		{name: "no format", body: `{"card_id":"c","status":"produced","credential":{"fields":{}}}`, wantErr: "no format"},
		{name: "unknown status", body: `{"card_id":"c","status":"shipped"}`, wantErr: `unknown status "shipped"`},
		{name: "no status", body: `{"card_id":"c"}`, wantErr: "unknown status"},
		{name: "unknown kind", body: `{"card_id":"c","status":"ordered","kind":"vip"}`, wantErr: `unknown kind "vip"`},
		{name: "no card id", body: `{"status":"ordered"}`, wantErr: "card_id"},
		{name: "negative version", body: `{"card_id":"c","status":"ordered","version":-1}`, wantErr: "version"},
		{name: "fractional version", body: `{"card_id":"c","status":"ordered","version":1.5}`, wantErr: "version"},
		{name: "huge version", body: `{"card_id":"c","status":"ordered","version":9223372036854775808}`, wantErr: "version"},
		{name: "trailing data", body: `{"card_id":"c","status":"ordered"} {}`, wantErr: "after the JSON value"},
		{name: "not an object", body: `[]`, wantErr: "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := decodeCard([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Credential.Fields, tt.want) {
				t.Errorf("fields = %#v, want %#v", c.Credential.Fields, tt.want)
			}
		})
	}
}

func TestDecodeCardWithoutCredential(t *testing.T) {
	for _, body := range []string{
		`{"card_id":"c","order_id":"o","kind":"temporary","status":"failed","version":3,"failure_reason":"printer jam"}`,
		`{"card_id":"c","order_id":"o","kind":"temporary","status":"failed","version":3,"failure_reason":"printer jam","credential":null}`,
	} {
		c, err := decodeCard([]byte(body))
		want := enroll.ProducerCard{CardID: "c", OrderID: "o", Kind: enroll.KindTemporary, Status: "failed",
			Version: 3, FailureReason: "printer jam"}
		if err != nil || !reflect.DeepEqual(c, want) {
			t.Errorf("decodeCard(%s) = %+v, %v", body, c, err)
		}
	}
}

func TestDecodeChanges(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantN    int
		wantNext int64
		wantErr  string
	}{
		{name: "none", body: `{"cards":[],"next":5}`, wantNext: 5},
		{name: "null cards", body: `{"cards":null,"next":0}`},
		{name: "two", body: `{"cards":[` + cardJSON + `,{"card_id":"c-2","status":"ordered","version":18}],"next":18}`, wantN: 2, wantNext: 18},
		{name: "no next", body: `{"cards":[]}`, wantErr: `"next"`},
		{name: "bad next", body: `{"cards":[],"next":-4}`, wantErr: "next"},
		{name: "bad card", body: `{"cards":[{"card_id":"x","status":"lost"}],"next":1}`, wantErr: "card 1 of 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cards, next, err := decodeChanges([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(cards) != tt.wantN || next != tt.wantNext || cards == nil {
				t.Errorf("= %d cards (nil: %v), next %d, %v", len(cards), cards == nil, next, err)
			}
		})
	}
}

func TestDecodeLayouts(t *testing.T) {
	for body, wantErr := range map[string]string{
		`[]`:                         "",
		`[{"id":"a","fields":null}]`: "",
		`[{"name":"no id"}]`:         "no id",
		`[{"id":"a","fields":[{}]}]`: "without name",
		`{"id":"a"}`:                 "cannot unmarshal",
	} {
		_, err := decodeLayouts([]byte(body))
		if (wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("decodeLayouts(%s) = %v, want %q", body, err, wantErr)
		}
	}
}

// FuzzDecodeCard feeds the card and change-list decoders anything: they
// must never panic, and a card they accept must be one the protocol allows.
func FuzzDecodeCard(f *testing.F) {
	for _, seed := range []string{
		cardJSON,
		`{"cards":[` + cardJSON + `],"next":17}`,
		`{"card_id":"c","status":"ordered"}`,
		`{"card_id":"c","status":"produced","credential":{"format":"f","fields":{"card":12345678901234567890,"csn":"04ab"}}}`,
		`{"card_id":"c","status":"produced","credential":{"format":"f","fields":{"card":1e400}}}`,
		`{"cards":null,"next":null}`,
		`{"card_id":"c","status":"produced","credential":{"format":"f","fields":{"a":[1,{"b":null}]}}}`,
		``, `null`, `[`, `{"version":"x"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if c, err := decodeCard(data); err == nil {
			checkCard(t, c)
		}
		if cards, next, err := decodeChanges(data); err == nil {
			if next < 0 {
				t.Errorf("next = %d", next)
			}
			for _, c := range cards {
				checkCard(t, c)
			}
		}
	})
}

func checkCard(t *testing.T, c enroll.ProducerCard) {
	t.Helper()
	if c.CardID == "" || !knownStatus(c.Status) || c.Version < 0 {
		t.Errorf("accepted %+v", c)
	}
	if c.Credential != nil && (c.Credential.Format == "" || c.Credential.Fields == nil) {
		t.Errorf("accepted credential %+v", c.Credential)
	}
}
