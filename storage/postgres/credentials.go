package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

func (t *tx) Credentials() enroll.CredentialRepo { return credentials{t.q} }

type credentials struct{ q conn }

// fields is JSONB; it is read back as its text.
const credentialSelect = `SELECT k.id, k.format, k.bits, k.fields::text, k.name, k.status, k.cardholder_id,
	c.first_name, c.last_name, k.activation_date, k.expires_at, k.created_at, k.updated_at
	FROM credentials k
	LEFT JOIN cardholders c ON c.id = k.cardholder_id`

func (r credentials) Create(ctx context.Context, k *enroll.Credential) error {
	fields, err := sqlvalue.FieldsJSON(k.Fields)
	if err != nil {
		return fmt.Errorf("creating credential: %w", err)
	}
	err = r.q.QueryRowContext(ctx, `INSERT INTO credentials
		(format, bits, fields, name, status, cardholder_id, activation_date, expires_at, created_at, updated_at)
		VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		k.Format, k.Bits, fields, k.Name, k.Status, idOrNull(k.CardholderID),
		msOrNull(k.ActivationDate), msOrNull(k.ExpiresAt), k.CreatedAt.UnixMilli(), k.UpdatedAt.UnixMilli()).Scan(&k.ID)
	if err != nil {
		return credentialWriteErr("creating", k, err)
	}
	return nil
}

func (r credentials) Update(ctx context.Context, k enroll.Credential) error {
	fields, err := sqlvalue.FieldsJSON(k.Fields)
	if err != nil {
		return fmt.Errorf("updating credential %d: %w", k.ID, err)
	}
	res, err := r.q.ExecContext(ctx, `UPDATE credentials SET
		format = ?, bits = ?, fields = CAST(? AS jsonb), name = ?, status = ?, cardholder_id = ?,
		activation_date = ?, expires_at = ?, updated_at = ?
		WHERE id = ?`,
		k.Format, k.Bits, fields, k.Name, k.Status, idOrNull(k.CardholderID),
		msOrNull(k.ActivationDate), msOrNull(k.ExpiresAt), k.UpdatedAt.UnixMilli(), k.ID)
	if err != nil {
		return credentialWriteErr("updating", &k, err)
	}
	return mustAffect(res, "credential", k.ID)
}

func credentialWriteErr(verb string, k *enroll.Credential, err error) error {
	switch {
	case isUnique(err):
		return fmt.Errorf("%s credential: %s value %q: %w", verb, k.Format, k.Bits, enroll.ErrDuplicate)
	case isForeignKey(err):
		return fmt.Errorf("%s credential: cardholder %d: %w", verb, k.CardholderID, enroll.ErrNotFound)
	}
	return fmt.Errorf("%s credential %s %q: %w", verb, k.Format, k.Bits, err)
}

func (r credentials) ByID(ctx context.Context, id int64) (enroll.Credential, error) {
	k, err := sqlvalue.ScanCredential(r.q.QueryRowContext(ctx, credentialSelect+" WHERE k.id = ?", id))
	if err != nil {
		return enroll.Credential{}, notFound(err, fmt.Sprintf("credential %d", id))
	}
	return k, nil
}

func (r credentials) ByBits(ctx context.Context, format, bits string) (enroll.Credential, error) {
	k, err := sqlvalue.ScanCredential(r.q.QueryRowContext(ctx, credentialSelect+" WHERE k.format = ? AND k.bits = ?", format, bits))
	if err != nil {
		return enroll.Credential{}, notFound(err, fmt.Sprintf("credential %s %q", format, bits))
	}
	return k, nil
}

func credentialFilter(q enroll.CredentialQuery) *filter {
	f := &filter{}
	if q.Available {
		f.Add("k.cardholder_id IS NULL")
	}
	if q.Assigned {
		f.Add("k.cardholder_id IS NOT NULL")
	}
	if q.CardholderID != 0 {
		f.Add("k.cardholder_id = ?", q.CardholderID)
	}
	if q.Status != "" {
		f.Add("k.status = ?", string(q.Status))
	}
	if q.Format != "" {
		f.Add("k.format = ?", q.Format)
	}
	// Field values, not the JSON text, so "fac" does not match the key
	// "facility"; joined by the unit separator as SQLite's group_concat
	// joins them.
	f.words(q.Text, "k.bits", "k.name", "k.format",
		"(SELECT string_agg(j.value, chr(31)) FROM jsonb_each_text(k.fields) j)",
		"(SELECT c.first_name || ' ' || c.last_name FROM cardholders c WHERE c.id = k.cardholder_id)")
	return f
}

// credentialOrder is the ORDER BY of a sort; ties go by id. NULLS FIRST
// keeps SQLite's order, which puts NULL before any value: a credential
// without a card number sorts first in its format.
func credentialOrder(s enroll.CredentialSort) string {
	switch s {
	case enroll.SortCredentialNewest:
		return " ORDER BY k.created_at DESC, k.id DESC"
	case enroll.SortCredentialNumber:
		return " ORDER BY k.format, length(k.fields ->> 'card') NULLS FIRST, k.fields ->> 'card' NULLS FIRST, k.bits, k.id"
	case enroll.SortCredentialCardholder:
		return ` ORDER BY c.last_name IS NULL, lower(c.last_name) COLLATE "C", lower(c.first_name) COLLATE "C", k.id`
	case enroll.SortCredentialStatus:
		return " ORDER BY k.status, k.id"
	}
	return " ORDER BY k.id"
}

func (r credentials) List(ctx context.Context, q enroll.CredentialQuery) ([]enroll.Credential, error) {
	f := credentialFilter(q)
	rows, err := r.q.QueryContext(ctx, credentialSelect+f.Where()+credentialOrder(q.Sort)+page(q.Limit, q.Offset), f.Args...)
	if err != nil {
		return nil, fmt.Errorf("listing credentials: %w", err)
	}
	return collect(rows, sqlvalue.ScanCredential, "listing credentials")
}

func (r credentials) Count(ctx context.Context, q enroll.CredentialQuery) (int, error) {
	f := credentialFilter(q)
	var n int
	if err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM credentials k"+f.Where(), f.Args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting credentials: %w", err)
	}
	return n, nil
}

func (r credentials) Expiring(ctx context.Context, before time.Time) ([]enroll.Credential, error) {
	rows, err := r.q.QueryContext(ctx, credentialSelect+` WHERE k.expires_at IS NOT NULL AND k.expires_at < ?
		AND k.status IN ('active', 'inactive') ORDER BY k.id`, before.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("listing expiring credentials: %w", err)
	}
	return collect(rows, sqlvalue.ScanCredential, "listing expiring credentials")
}

func (r credentials) CountByFormat(ctx context.Context) (map[string]int, error) {
	rows, err := r.q.QueryContext(ctx, "SELECT format, count(*) FROM credentials GROUP BY format")
	if err != nil {
		return nil, fmt.Errorf("counting credentials per format: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var f string
		var n int
		if err := rows.Scan(&f, &n); err != nil {
			return nil, fmt.Errorf("counting credentials per format: %w", err)
		}
		out[f] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counting credentials per format: %w", err)
	}
	return out, nil
}
