package producertest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds a request body; an order with a photo is well below it.
const maxBody = 8 << 20

type route int

const (
	routeNone route = iota
	routeLogin
	routeLayouts
	routeChanges
	routeCard
	routeCancel
)

// methods are what a route answers; anything else is 405 with Allow, so a
// client using the wrong method learns it plainly.
func (rt route) methods() []string {
	switch rt {
	case routeLogin, routeCancel:
		return []string{http.MethodPost}
	case routeLayouts, routeChanges:
		return []string{http.MethodGet}
	case routeCard:
		return []string{http.MethodGet, http.MethodPut}
	}
	return nil
}

// matchRoute works on the escaped path so a card_id holding an escaped
// slash still names one card.
func matchRoute(r *http.Request) (route, string) {
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/v1/")
	if !ok {
		return routeNone, ""
	}
	seg := strings.Split(rest, "/")
	switch {
	case len(seg) == 1 && seg[0] == "login":
		return routeLogin, ""
	case len(seg) == 1 && seg[0] == "layouts":
		return routeLayouts, ""
	case len(seg) == 1 && seg[0] == "cards":
		return routeChanges, ""
	case len(seg) == 2 && seg[0] == "cards":
		return cardRoute(routeCard, seg[1])
	case len(seg) == 3 && seg[0] == "cards" && seg[2] == "cancel":
		return cardRoute(routeCancel, seg[1])
	}
	return routeNone, ""
}

func cardRoute(rt route, escaped string) (route, string) {
	id, err := url.PathUnescape(escaped)
	if err != nil || id == "" {
		return routeNone, ""
	}
	return rt, id
}

// ServeHTTP answers one protocol request. Faults act in the order a real
// deployment would show them: the network (Slow), then a gateway (429,
// FailBefore), then the producer itself (token, then the endpoint).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt, cardID := matchRoute(r)
	if !s.arrive(rt, r.Method, cardID) {
		return
	}
	defer s.handlers.Done()

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		s.replyError(w, r, http.StatusBadRequest, fmt.Sprintf("cannot read the request body: %v", err))
		return
	}
	if !s.pause(r.Context()) {
		s.logf("%s %s -> abandoned while slow", r.Method, r.URL.Path)
		return
	}
	if rt != routeLogin {
		if f, ok := s.takeBeforeFault(); ok {
			s.writeInjected(w, r, f)
			return
		}
	}
	if !s.routeAllows(w, r, rt) {
		return
	}
	if rt != routeLogin && !s.authorised(w, r) {
		return
	}
	s.dispatch(w, r, rt, cardID, body)
}

// arrive counts the request and registers it as in flight; false means the
// server is closed and the request is ignored.
func (s *Server) arrive(rt route, method, cardID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.closed {
		return false
	}
	s.handlers.Add(1)
	s.state.requests++
	if rt == routeCard && method == http.MethodPut {
		s.state.puts[cardID]++
	}
	if rt == routeLogin {
		s.state.logins++
	}
	return true
}

func (s *Server) routeAllows(w http.ResponseWriter, r *http.Request, rt route) bool {
	if rt == routeNone {
		s.replyError(w, r, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
		return false
	}
	methods := rt.methods()
	if slices.Contains(methods, r.Method) {
		return true
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	s.replyError(w, r, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed here")
	return false
}

func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, rt route, cardID string, body []byte) {
	switch rt {
	case routeLogin:
		s.login(w, r, body)
	case routeLayouts:
		s.replyJSON(w, r, http.StatusOK, s.layouts)
	case routeChanges:
		s.changes(w, r)
	case routeCancel:
		s.cancel(w, r, cardID)
	case routeCard:
		if r.Method == http.MethodPut {
			s.putCard(w, r, cardID, body)
		} else {
			s.getCard(w, r, cardID)
		}
	}
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, body []byte) {
	var creds struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if err := json.Unmarshal(body, &creds); err != nil {
		s.replyError(w, r, http.StatusBadRequest, fmt.Sprintf("login body is not the expected JSON object: %v", err))
		return
	}
	idOK := subtle.ConstantTimeCompare([]byte(creds.ClientID), []byte(s.opt.ClientID)) == 1
	secretOK := subtle.ConstantTimeCompare([]byte(creds.ClientSecret), []byte(s.opt.ClientSecret)) == 1
	if !idOK || !secretOK {
		s.replyError(w, r, http.StatusUnauthorized, "unknown client_id or wrong client_secret")
		return
	}
	token := rand.Text()
	s.mu.Lock()
	// Truncated to the second so the token ends exactly at the instant
	// valid_until names, not up to a second later.
	validUntil := s.opt.Now().Add(s.opt.TokenTTL).UTC().Truncate(time.Second)
	s.state.tokens[token] = validUntil
	s.mu.Unlock()
	s.replyJSON(w, r, http.StatusOK, struct {
		Token      string `json:"token"`
		ValidUntil string `json:"valid_until"`
	}{token, validUntil.Format(time.RFC3339)})
}

// authorised checks the bearer token and answers 401 itself when it fails.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	problem := s.tokenProblem(r.Header.Get("Authorization"))
	if problem == "" {
		return true
	}
	w.Header().Set("WWW-Authenticate", "Bearer")
	s.replyError(w, r, http.StatusUnauthorized, problem)
	return false
}

func (s *Server) tokenProblem(header string) string {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "missing bearer token"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	validUntil, known := s.state.tokens[token]
	if !known {
		return "unknown token"
	}
	if !s.opt.Now().Before(validUntil) {
		delete(s.state.tokens, token)
		return "token expired"
	}
	return ""
}

func (s *Server) putCard(w http.ResponseWriter, r *http.Request, cardID string, body []byte) {
	if key := r.Header.Get("Idempotency-Key"); key != cardID {
		s.replyError(w, r, http.StatusBadRequest,
			fmt.Sprintf("Idempotency-Key %q must equal the card_id %q", key, cardID))
		return
	}
	o, err := parseOrder(body, s.byID)
	if err != nil {
		s.replyError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	status, reply := s.storeLocked(cardID, o)
	then, faultStatus := s.takeAfterStoreFaultLocked()
	s.mu.Unlock()
	switch then {
	case dropConnection:
		s.drop(w, r)
	case replyFault:
		s.replyError(w, r, faultStatus, "simulated failure after storing the card")
	default:
		s.reply(w, r, status, reply)
	}
}

// storeLocked decides a PUT: create, replay, conflict or too late.
func (s *Server) storeLocked(cardID string, o order) (int, []byte) {
	rec, exists := s.state.cards[cardID]
	switch {
	case exists && rec.cancelledEarly, !exists && s.state.cancelledEarly[cardID]:
		if !exists {
			// Stored so that the GET a client makes after this 409 finds
			// the card, cancelled.
			rec = s.addLocked(newCard(cardID, o, StatusCancelled))
			rec.cancelledEarly = true
			delete(s.state.cancelledEarly, cardID)
		}
		return http.StatusConflict, errorBody("card " + cardID + " was cancelled before it was ordered")
	case exists && rec.reply != nil && rec.order().equal(o):
		return http.StatusOK, rec.reply
	case exists:
		return http.StatusUnprocessableEntity,
			errorBody("card " + cardID + " was already ordered with a different body")
	}
	rec = s.addLocked(newCard(cardID, o, StatusOrdered))
	rec.reply = mustJSON(struct {
		CardID string `json:"card_id"`
		Status string `json:"status"`
	}{cardID, StatusOrdered})
	return http.StatusCreated, rec.reply
}

func newCard(cardID string, o order, status string) Card {
	return Card{
		CardID: cardID, OrderID: o.OrderID, Kind: o.Kind, Status: status,
		LayoutID: o.LayoutID, Fields: o.Fields, Photo: o.Photo,
		Station: o.Station, OrderedBy: o.OrderedBy,
	}
}

// order rebuilds what was PUT, to compare a later PUT with it.
func (rec *record) order() order {
	c := rec.card
	return order{
		Kind: c.Kind, OrderID: c.OrderID, LayoutID: c.LayoutID, Fields: c.Fields,
		Photo: c.Photo, Station: c.Station, OrderedBy: c.OrderedBy,
	}
}

func (s *Server) getCard(w http.ResponseWriter, r *http.Request, cardID string) {
	card, ok := s.Card(cardID)
	if !ok {
		s.replyError(w, r, http.StatusNotFound, "no card "+cardID)
		return
	}
	s.replyJSON(w, r, http.StatusOK, card)
}

func (s *Server) changes(w http.ResponseWriter, r *http.Request) {
	since, err := parseSince(r.URL.Query())
	if err != nil {
		s.replyError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	cards, next := s.feedLocked(since, s.state.faults.replay)
	s.mu.Unlock()
	s.replyJSON(w, r, http.StatusOK, struct {
		Cards []Card `json:"cards"`
		Next  int64  `json:"next"`
	}{cards, next})
}

func parseSince(q url.Values) (int64, error) {
	raw := q.Get("since")
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("since=%q is not a version (a whole number from 0)", raw)
	}
	return n, nil
}

func (s *Server) cancel(w http.ResponseWriter, r *http.Request, cardID string) {
	s.mu.Lock()
	status, card, err := s.cancelLocked(cardID)
	s.mu.Unlock()
	if err != nil {
		s.replyError(w, r, status, err.Error())
		return
	}
	s.replyJSON(w, r, status, card)
}

func (s *Server) cancelLocked(cardID string) (int, Card, error) {
	rec, ok := s.state.cards[cardID]
	if !ok {
		// Remembered so the PUT, if it comes after all, is refused. There
		// is no card yet, so the reply has no order and version 0.
		s.state.cancelledEarly[cardID] = true
		return http.StatusOK, Card{CardID: cardID, Status: StatusCancelled}, nil
	}
	switch rec.card.Status {
	case StatusOrdered:
		s.changeLocked(rec, func(c *Card) { c.Status = StatusCancelled })
	case StatusCancelled:
		// Cancelling twice is not a change; the client may be retrying.
	default:
		return http.StatusConflict, Card{}, fmt.Errorf("card %s is %s and can no longer be cancelled", cardID, rec.card.Status)
	}
	return http.StatusOK, rec.card.clone(), nil
}

func (s *Server) reply(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body) // a client gone away is its own problem
	s.logf("%s %s -> %d", r.Method, r.URL.Path, status)
}

func (s *Server) replyJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	s.reply(w, r, status, mustJSON(v))
}

func (s *Server) replyError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.reply(w, r, status, errorBody(msg))
}

func errorBody(msg string) []byte {
	return mustJSON(struct {
		Error string `json:"error"`
	}{msg})
}

// mustJSON encodes the package's own reply types, which always encode; a
// failure is a bug in this package.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(errors.Join(errors.New("producertest: encode reply"), err))
	}
	return b
}
