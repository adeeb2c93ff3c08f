package production

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/carddesk/carddesk/enroll"
)

// errTrailing is data after the reply's JSON value: a reply glued to
// another or a broken proxy, not something to trust.
var errTrailing = errors.New("data after the JSON value")

// decodeStrict decodes exactly one JSON value, numbers kept as written so
// credential fields never pass through a float.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

// badReply classifies a 2xx reply that could not be used. A body that is
// not JSON at all (cut off, a proxy's page) may hide a success, so the
// outcome is unknown; well-formed JSON that breaks the protocol is named as
// such, since waiting will not fix it.
func badReply(op string, err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errTrailing) {
		return unreadable(op, err)
	}
	return fmt.Errorf("%s: the card producer's reply breaks protocol v1: %w", op, err)
}

type wireCard struct {
	CardID        string          `json:"card_id"`
	OrderID       string          `json:"order_id"`
	Kind          string          `json:"kind"`
	Status        string          `json:"status"`
	Version       json.Number     `json:"version"`
	FailureReason string          `json:"failure_reason"`
	Credential    *wireCredential `json:"credential"`
}

type wireCredential struct {
	Format string         `json:"format"`
	Fields map[string]any `json:"fields"`
	UID    string         `json:"uid"`
}

type wireChanges struct {
	Cards []wireCard   `json:"cards"`
	Next  *json.Number `json:"next"`
}

// decodeCard reads one card object.
func decodeCard(data []byte) (enroll.ProducerCard, error) {
	var w wireCard
	if err := decodeStrict(data, &w); err != nil {
		return enroll.ProducerCard{}, err
	}
	return w.card()
}

// decodeChanges reads the reply of GET v1/cards?since=N.
func decodeChanges(data []byte) ([]enroll.ProducerCard, int64, error) {
	var w wireChanges
	if err := decodeStrict(data, &w); err != nil {
		return nil, 0, err
	}
	if w.Next == nil {
		return nil, 0, errors.New(`no "next" version`)
	}
	next, err := version(*w.Next)
	if err != nil {
		return nil, 0, fmt.Errorf("next: %w", err)
	}
	cards := make([]enroll.ProducerCard, 0, len(w.Cards))
	for i, wc := range w.Cards {
		c, err := wc.card()
		if err != nil {
			return nil, 0, fmt.Errorf("card %d of %d: %w", i+1, len(w.Cards), err)
		}
		cards = append(cards, c)
	}
	return cards, next, nil
}

func (w wireCard) card() (enroll.ProducerCard, error) {
	c := enroll.ProducerCard{CardID: w.CardID, OrderID: w.OrderID, Kind: enroll.CardKind(w.Kind),
		Status: w.Status, FailureReason: w.FailureReason}
	if c.CardID == "" {
		return c, errors.New("a card without card_id")
	}
	if !knownStatus(c.Status) {
		return c, fmt.Errorf("card %s: unknown status %q", c.CardID, c.Status)
	}
	switch c.Kind {
	case "", enroll.KindPersonal, enroll.KindTemporary:
	default:
		return c, fmt.Errorf("card %s: unknown kind %q", c.CardID, c.Kind)
	}
	var err error
	if w.Version != "" {
		if c.Version, err = version(w.Version); err != nil {
			return c, fmt.Errorf("card %s: version: %w", c.CardID, err)
		}
	}
	if w.Credential != nil {
		if c.Credential, err = w.Credential.credential(); err != nil {
			return c, fmt.Errorf("card %s: credential: %w", c.CardID, err)
		}
	}
	return c, nil
}

func knownStatus(s string) bool {
	switch s {
	case enroll.ProducerOrdered, enroll.ProducerInProduction, enroll.ProducerProduced,
		enroll.ProducerFailed, enroll.ProducerCancelled:
		return true
	}
	return false
}

func version(n json.Number) (int64, error) {
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a whole number from 0 to 2^63-1", string(n))
	}
	return v, nil
}

// credential keeps each field exactly as written: numbers as their decimal
// digits (a 64-bit or longer card number must not lose digits), strings (a
// CSN in hex) as they are.
func (w *wireCredential) credential() (*enroll.ProducedCredential, error) {
	if w.Format == "" {
		return nil, errors.New("no format")
	}
	fields := make(map[string]string, len(w.Fields))
	for name, v := range w.Fields {
		switch v := v.(type) {
		case json.Number:
			if !decimal(string(v)) {
				return nil, fmt.Errorf("field %s: %s is not a whole number of decimal digits", name, string(v))
			}
			fields[name] = string(v)
		case string:
			fields[name] = v
		default:
			return nil, fmt.Errorf("field %s: a %T, not a number or a string", name, v)
		}
	}
	return &enroll.ProducedCredential{Format: w.Format, Fields: fields, UID: w.UID}, nil
}

// decimal refuses fractions, exponents and signs, which no card field has
// and which would change meaning if passed on as text.
func decimal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

type wireLayout struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Fields []struct {
		Name      string `json:"name"`
		Required  bool   `json:"required"`
		MaxLength int    `json:"max_length"`
	} `json:"fields"`
}

func decodeLayouts(data []byte) ([]enroll.Layout, error) {
	var ws []wireLayout
	if err := decodeStrict(data, &ws); err != nil {
		return nil, err
	}
	out := make([]enroll.Layout, 0, len(ws))
	for i, w := range ws {
		if w.ID == "" {
			return nil, fmt.Errorf("layout %d of %d has no id", i+1, len(ws))
		}
		l := enroll.Layout{ID: w.ID, Name: w.Name, Fields: make([]enroll.LayoutField, 0, len(w.Fields))}
		for _, f := range w.Fields {
			if f.Name == "" || f.MaxLength < 0 {
				return nil, fmt.Errorf("layout %s: a field without name or with a negative max_length", w.ID)
			}
			l.Fields = append(l.Fields, enroll.LayoutField{Name: f.Name, Required: f.Required, MaxLength: f.MaxLength})
		}
		out = append(out, l)
	}
	return out, nil
}
