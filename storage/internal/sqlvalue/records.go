package sqlvalue

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

// The row readers both stores share: each reads the columns its store's
// column list (cardholderCols, credentialCols, ...) selects, in that order.
// The lists differ between the stores only in how a value is selected (a
// JSONB column as text, say), never in which columns or their order.

func FieldsJSON(m map[string]string) (string, error) {
	if m == nil {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// ParseFields always returns a map, empty when nothing was stored, so a
// temporary card's body is sent as "fields": {} and never as null.
func ParseFields(s string) (map[string]string, error) {
	m := map[string]string{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, err
	}
	if m == nil { // the JSON text null
		m = map[string]string{}
	}
	return m, nil
}

func ScanCardholder(s Scanner, extra ...any) (enroll.Cardholder, error) {
	var c enroll.Cardholder
	var created, updated int64
	dest := append([]any{&c.ID, &c.ExternalID, &c.FirstName, &c.LastName, &c.Email, &c.Department,
		&c.Status, &created, &updated, &c.HasPhoto}, extra...)
	err := s.Scan(dest...)
	c.CreatedAt, c.UpdatedAt = FromMS(created), FromMS(updated)
	return c, err
}

func ScanCredential(s Scanner) (enroll.Credential, error) {
	var k enroll.Credential
	var fields string
	var holder, activation, expires sql.NullInt64
	var first, last sql.NullString
	var created, updated int64
	if err := s.Scan(&k.ID, &k.Format, &k.Bits, &fields, &k.Name, &k.Status, &holder,
		&first, &last, &activation, &expires, &created, &updated); err != nil {
		return k, err
	}
	k.Fields = map[string]string{}
	if err := json.Unmarshal([]byte(fields), &k.Fields); err != nil {
		return k, fmt.Errorf("credential %d: fields: %w", k.ID, err)
	}
	k.CardholderID = holder.Int64
	if holder.Valid {
		k.CardholderName = enroll.Cardholder{FirstName: first.String, LastName: last.String}.FullName()
	}
	k.ActivationDate, k.ExpiresAt = FromNullMS(activation), FromNullMS(expires)
	k.CreatedAt, k.UpdatedAt = FromMS(created), FromMS(updated)
	return k, nil
}

// ScanFormat re-validates the stored definition: a row edited by hand into
// something invalid is reported, never used to encode a card.
func ScanFormat(s Scanner) (enroll.StoredFormat, error) {
	var def string
	var created, updated int64
	if err := s.Scan(&def, &created, &updated); err != nil {
		return enroll.StoredFormat{}, err
	}
	f, err := cardformat.UnmarshalDefinition([]byte(def))
	if err != nil {
		return enroll.StoredFormat{}, fmt.Errorf("stored card format: %w", err)
	}
	return enroll.StoredFormat{Format: f, CreatedAt: FromMS(created), UpdatedAt: FromMS(updated)}, nil
}

// ScanListedCardholder reads a row of Search: the list columns, the
// thumbnail and the card summary.
func ScanListedCardholder(s Scanner) (enroll.Cardholder, error) {
	var thumb []byte
	var cardID sql.NullInt64
	var format, fields, status sql.NullString
	var sum enroll.CardSummary
	c, err := ScanCardholder(s, &thumb, &cardID, &format, &fields, &status, &sum.Held, &sum.Pending)
	if err != nil {
		return c, err
	}
	c.Thumbnail = thumb
	if cardID.Valid {
		sum.Card = enroll.Credential{ID: cardID.Int64, Format: format.String,
			Status: enroll.CredentialStatus(status.String), CardholderID: c.ID, Fields: map[string]string{}}
		if err := json.Unmarshal([]byte(fields.String), &sum.Card.Fields); err != nil {
			return c, fmt.Errorf("credential %d: fields: %w", cardID.Int64, err)
		}
	}
	c.Cards = sum
	return c, nil
}

// ScanAuditEvent reads the columns id, at, operator_id, operator, action,
// entity, entity_id, details, before, after, seq, prev_hash, hash.
func ScanAuditEvent(s Scanner) (enroll.AuditEvent, error) {
	var e enroll.AuditEvent
	var at int64
	var op sql.NullInt64
	err := s.Scan(&e.ID, &at, &op, &e.Operator, &e.Action, &e.Entity, &e.EntityID,
		&e.Details, &e.Before, &e.After, &e.Seq, &e.PrevHash, &e.Hash)
	e.At, e.OperatorID = FromMS(at), op.Int64
	return e, err
}

func ScanMail(s Scanner) (enroll.Mail, error) {
	var m enroll.Mail
	var next, sent, leased, handed sql.NullInt64
	var created int64
	err := s.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.Status, &m.Attempts, &next, &m.LastError, &created, &sent,
		&leased, &m.LeasedBy, &handed)
	m.NextAttemptAt, m.SentAt, m.CreatedAt = FromNullMS(next), FromNullMS(sent), FromMS(created)
	m.LeasedUntil, m.HandedOverAt = FromNullMS(leased), FromNullMS(handed)
	return m, err
}

func ScanOperator(s Scanner) (enroll.Operator, error) {
	var op enroll.Operator
	var locked, last sql.NullInt64
	var created int64
	err := s.Scan(&op.ID, &op.Name, &op.Email, &op.Role, &op.PasswordHash, &op.FailedSignIns,
		&locked, &last, &created)
	op.LockedUntil, op.LastSignInAt, op.CreatedAt = FromNullMS(locked), FromNullMS(last), FromMS(created)
	return op, err
}

func ScanOrderedCard(s Scanner, extra ...any) (enroll.OrderedCard, error) {
	var c enroll.OrderedCard
	var fields string
	var holder, credential, next, lease, received sql.NullInt64
	var created, updated int64
	dest := append([]any{&c.CardID, &c.OrderID, &c.Kind, &c.Status, &holder, &c.LayoutID, &fields,
		&c.OrderedBy, &c.Station, &c.Attempts, &c.LastError, &c.SendStarted, &next, &lease,
		&c.ProducerVersion, &c.FailureReason, &credential, &c.ChipUID, &received, &created, &updated, &c.Version,
		&c.LeaseHolder}, extra...)
	if err := s.Scan(dest...); err != nil {
		return c, err
	}
	var err error
	if c.Fields, err = ParseFields(fields); err != nil {
		return c, fmt.Errorf("ordered card %s: fields: %w", c.CardID, err)
	}
	c.CardholderID, c.CredentialID = holder.Int64, credential.Int64
	c.NextAttempt, c.LeaseUntil, c.ReceivedAt = FromNullMS(next), FromNullMS(lease), FromNullMS(received)
	c.CreatedAt, c.UpdatedAt = FromMS(created), FromMS(updated)
	return c, nil
}

// ScanOrderedCardWithPhoto is ScanOrderedCard for orderedCardCols + ", photo".
func ScanOrderedCardWithPhoto(s Scanner) (enroll.OrderedCard, error) {
	var photo []byte
	c, err := ScanOrderedCard(s, &photo)
	c.Photo = photo
	return c, err
}

func ScanPrintJob(s Scanner) (enroll.PrintJob, error) {
	var j enroll.PrintJob
	var at, updated int64
	var request sql.NullInt64
	var state string
	err := s.Scan(&j.ID, &at, &j.OperatorID, &j.Operator, &j.CardholderID, &request, &j.TemplateID, &j.Printer,
		&j.JobRef, &state, &j.Message, &j.Reason, &j.Copies, &j.Sides, &updated)
	j.At, j.UpdatedAt = FromMS(at), FromMS(updated)
	j.RequestID = request.Int64
	j.State = enroll.PrintJobState(state)
	return j, err
}

func ScanProfile(s Scanner) (enroll.PrinterProfile, error) {
	var p enroll.PrinterProfile
	var updated int64
	err := s.Scan(&p.Printer, &p.OffsetX, &p.OffsetY, &p.Scale, &p.RotateBack, &p.Duplex, &p.TemplateID, &updated)
	p.UpdatedAt = FromMS(updated)
	return p, err
}

func ScanReaderConfig(s Scanner) (enroll.ReaderConfig, error) {
	var raw string
	var updated int64
	if err := s.Scan(&raw, &updated); err != nil {
		return enroll.ReaderConfig{}, err
	}
	var c enroll.ReaderConfig
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return enroll.ReaderConfig{}, fmt.Errorf("stored reader settings: %w", err)
	}
	c.UpdatedAt = FromMS(updated)
	return c, nil
}

func ScanRequest(s Scanner) (enroll.CardRequest, error) {
	var r enroll.CardRequest
	var first, last string
	var template, respondedBy, credential, activation, respondedAt sql.NullInt64
	var created, updated int64
	err := s.Scan(&r.ID, &r.CardholderID, &first, &last, &r.Department,
		&r.Reason, &template, &r.Activation.Mode, &activation, &r.EmailWhenReady, &r.Note,
		&r.Status, &r.RequestedBy, &r.RequestedByName, &respondedBy, &r.RespondedByName, &respondedAt,
		&r.ResponseNote, &credential, &created, &updated, &r.Version, &r.Thumbnail)
	r.CardholderName = enroll.Cardholder{FirstName: first, LastName: last}.FullName()
	r.TemplateID, r.RespondedBy, r.CredentialID = template.Int64, respondedBy.Int64, credential.Int64
	r.Activation.Date, r.RespondedAt = FromNullMS(activation), FromNullMS(respondedAt)
	r.CreatedAt, r.UpdatedAt = FromMS(created), FromMS(updated)
	return r, err
}

func ScanTempCard(s Scanner) (enroll.TempCard, error) {
	var c enroll.TempCard
	var holder, until, credential sql.NullInt64
	var created, updated int64
	err := s.Scan(&c.CardID, &c.Status, &holder, &until, &credential, &created, &updated, &c.Version)
	c.CardholderID, c.CredentialID = holder.Int64, credential.Int64
	c.Until = FromNullMS(until)
	c.CreatedAt, c.UpdatedAt = FromMS(created), FromMS(updated)
	return c, err
}

func ScanTemplate(s Scanner) (enroll.StoredTemplate, error) {
	var t enroll.StoredTemplate
	var data string
	var created, updated int64
	if err := s.Scan(&t.ID, &t.Name, &data, &t.IsDefault, &created, &updated); err != nil {
		return t, err
	}
	t.JSON, t.CreatedAt, t.UpdatedAt = []byte(data), FromMS(created), FromMS(updated)
	return t, nil
}

// Execer runs a statement written with ? placeholders: SQLite's
// connection, or PostgreSQL's wrapper that numbers them.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// InsertAuditEvent writes e, chained already (e.Chain), to audit_events.
func InsertAuditEvent(ctx context.Context, q Execer, e *enroll.AuditEvent) error {
	_, err := q.ExecContext(ctx, `INSERT INTO audit_events
		(id, at, operator_id, operator, action, entity, entity_id, details, before, after, seq, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.At.UnixMilli(), IDOrNull(e.OperatorID), e.Operator, e.Action, e.Entity, e.EntityID,
		e.Details, e.Before, e.After, e.Seq, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("writing audit event %s: %w", e.Action, err)
	}
	return nil
}
