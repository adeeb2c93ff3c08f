package production

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/enroll"
)

// Layouts is GET v1/layouts.
func (c *Client) Layouts(ctx context.Context) ([]enroll.Layout, error) {
	r := request{method: http.MethodGet, path: "v1/layouts"}
	rep, err := c.call(ctx, r)
	if err != nil {
		return nil, err
	}
	layouts, err := decodeLayouts(rep.body)
	if err != nil {
		return nil, badReply(r.op(), err)
	}
	return layouts, nil
}

// sendBody is the order on the wire; its field order and Go's sorted map
// keys make every retry of a card byte-identical, which is what lets the
// producer answer a replay with 200 instead of 422.
type sendBody struct {
	Kind      enroll.CardKind   `json:"kind"`
	OrderID   string            `json:"order_id"`
	LayoutID  string            `json:"layout_id"`
	Fields    map[string]string `json:"fields"`
	Photo     string            `json:"photo_jpeg_base64,omitempty"`
	Station   string            `json:"station"`
	OrderedBy string            `json:"ordered_by"`
}

// Send is PUT v1/cards/{card_id} with the card's id as idempotency key.
func (c *Client) Send(ctx context.Context, o enroll.ProducerOrder) (enroll.ProducerCard, error) {
	path, err := cardPath(o.CardID, "")
	if err != nil {
		return enroll.ProducerCard{}, err
	}
	body, err := orderBody(o)
	if err != nil {
		return enroll.ProducerCard{}, err
	}
	r := request{method: http.MethodPut, path: path, body: body, idempotencyKey: o.CardID}
	rep, err := c.call(ctx, r)
	if err != nil {
		return enroll.ProducerCard{}, err
	}
	card, err := decodeCard(rep.body)
	if err == nil && card.CardID != o.CardID {
		err = fmt.Errorf("the reply is about card %q", card.CardID)
	}
	if err != nil {
		return enroll.ProducerCard{}, badReply(r.op(), err)
	}
	// The reply need only carry card_id and status; the rest is what was sent.
	if card.OrderID == "" {
		card.OrderID = o.OrderID
	}
	if card.Kind == "" {
		card.Kind = o.Kind
	}
	c.log.Info("card sent to the producer", zap.String("card_id", o.CardID), zap.Int("http_status", rep.status),
		zap.String("status", card.Status))
	return card, nil
}

func orderBody(o enroll.ProducerOrder) ([]byte, error) {
	b := sendBody{Kind: o.Kind, OrderID: o.OrderID, LayoutID: o.LayoutID, Fields: o.Fields,
		Station: o.Station, OrderedBy: o.OrderedBy}
	if b.Fields == nil {
		b.Fields = map[string]string{} // the protocol wants {} even for a temporary card
	}
	if len(o.PhotoJPEG) > 0 {
		b.Photo = base64.StdEncoding.EncodeToString(o.PhotoJPEG)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // names like "Smith & Sons" stay readable on the wire
	if err := enc.Encode(b); err != nil {
		return nil, fmt.Errorf("encoding card %s: %w", o.CardID, err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Card is GET v1/cards/{card_id}; an unknown card is enroll.ErrNotFound.
func (c *Client) Card(ctx context.Context, cardID string) (enroll.ProducerCard, error) {
	path, err := cardPath(cardID, "")
	if err != nil {
		return enroll.ProducerCard{}, err
	}
	return c.cardCall(ctx, request{method: http.MethodGet, path: path}, cardID)
}

// Cancel is POST v1/cards/{card_id}/cancel; enroll.ErrProducerConflict
// once the card is in production.
func (c *Client) Cancel(ctx context.Context, cardID string) (enroll.ProducerCard, error) {
	path, err := cardPath(cardID, "/cancel")
	if err != nil {
		return enroll.ProducerCard{}, err
	}
	card, err := c.cardCall(ctx, request{method: http.MethodPost, path: path}, cardID)
	if err == nil {
		c.log.Info("card cancelled at the producer", zap.String("card_id", cardID), zap.String("status", card.Status))
	}
	return card, err
}

// cardCall makes a call about card cardID. A reply about another card is
// refused like any reply that breaks the protocol: taken as it is, it would
// give this card the other card's state and credential.
func (c *Client) cardCall(ctx context.Context, r request, cardID string) (enroll.ProducerCard, error) {
	rep, err := c.call(ctx, r)
	if err != nil {
		return enroll.ProducerCard{}, err
	}
	card, err := decodeCard(rep.body)
	if err == nil && card.CardID != cardID {
		err = fmt.Errorf("the reply is about card %q", card.CardID)
	}
	if err != nil {
		return enroll.ProducerCard{}, badReply(r.op(), err)
	}
	return card, nil
}

// Changes is GET v1/cards?since=N.
func (c *Client) Changes(ctx context.Context, since int64) ([]enroll.ProducerCard, int64, error) {
	if since < 0 {
		return nil, 0, fmt.Errorf("changes since version %d: versions start at 0", since)
	}
	r := request{method: http.MethodGet, path: "v1/cards?since=" + strconv.FormatInt(since, 10)}
	rep, err := c.call(ctx, r)
	if err != nil {
		return nil, 0, err
	}
	cards, next, err := decodeChanges(rep.body)
	if err != nil {
		return nil, 0, badReply(r.op(), err)
	}
	return cards, next, nil
}

// call is do plus the mapping of every reply but a success onto an error.
func (c *Client) call(ctx context.Context, r request) (reply, error) {
	rep, err := c.do(ctx, r)
	if err != nil {
		return reply{}, err
	}
	if !success(rep.status) {
		return reply{}, c.replyError(r.op(), rep)
	}
	return rep, nil
}

// cardPath escapes the id into one path segment. "." and ".." would be
// resolved away as path steps and hit another resource.
func cardPath(cardID, suffix string) (string, error) {
	if cardID == "" || cardID == "." || cardID == ".." {
		return "", fmt.Errorf("card id %q cannot be sent to the card producer", cardID)
	}
	return "v1/cards/" + url.PathEscape(cardID) + suffix, nil
}
