package enroll

import (
	"context"
	"time"
)

// Store gives transactional access to the repositories. Every change a service
// makes, including its audit event, happens inside one Update.
type Store interface {
	// Update runs fn in one write transaction; an error from fn rolls back everything.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn against a consistent read-only snapshot.
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx hands out the repositories bound to one transaction.
type Tx interface {
	Operators() OperatorRepo
	Cardholders() CardholderRepo
	Requests() RequestRepo
	Reasons() ReasonRepo
	Credentials() CredentialRepo
	Formats() FormatRepo
	Settings() SettingRepo
	Audit() AuditRepo
	Outbox() OutboxRepo
	Readers() ReaderConfigRepo
	Templates() TemplateRepo
	PrintJobs() PrintJobRepo
	PrinterProfiles() PrinterProfileRepo
	OrderedCards() OrderedCardRepo
	TempCards() TempCardRepo
}

// OperatorRepo stores operators. Lookups of a missing row return ErrNotFound;
// a second operator with the same name returns ErrDuplicate.
type OperatorRepo interface {
	Count(ctx context.Context) (int, error)
	Create(ctx context.Context, op *Operator) error // sets op.ID
	Update(ctx context.Context, op Operator) error
	ByID(ctx context.Context, id int64) (Operator, error)
	ByName(ctx context.Context, name string) (Operator, error) // case-insensitive
	List(ctx context.Context) ([]Operator, error)              // ordered by name
}

// CardholderQuery selects cardholders for lists, search and export.
type CardholderQuery struct {
	Text   string           // search as you type: matches words of name, e-mail, department, external id by prefix
	Status CardholderStatus // "" = any
	Offset int
	Limit  int // 0 = no limit
}

// CardholderRepo stores cardholders. External ids are unique when not empty
// (ErrDuplicate).
type CardholderRepo interface {
	Create(ctx context.Context, c *Cardholder) error // sets ID, CreatedAt kept as given
	// CreateMany inserts all rows or none; it is the bulk path of CSV import.
	CreateMany(ctx context.Context, cs []Cardholder) error
	Update(ctx context.Context, c Cardholder) error         // writes photo and thumbnail as given
	ByID(ctx context.Context, id int64) (Cardholder, error) // with photo and thumbnail
	// ExistingExternalIDs returns those of ids that are already taken.
	ExistingExternalIDs(ctx context.Context, ids []string) (map[string]bool, error)
	// Search returns rows ordered by last name, first name, id, with
	// Thumbnail and HasPhoto but without Photo.
	Search(ctx context.Context, q CardholderQuery) ([]Cardholder, error)
	Count(ctx context.Context, q CardholderQuery) (int, error)
	// Position is how many cardholders come before c in the unfiltered
	// list order (last name, first name, id): c's row in that list.
	Position(ctx context.Context, c Cardholder) (int, error)
	// Each streams every cardholder (without photos) in id order, for export.
	Each(ctx context.Context, fn func(Cardholder) error) error
	Departments(ctx context.Context) ([]string, error)
}

// RequestQuery selects card requests.
type RequestQuery struct {
	Status       RequestStatus // "" = any
	CardholderID int64         // 0 = any
	Text         string        // matches cardholder name, reason, requester, note
	Sort         RequestSort
	Offset       int
	Limit        int // 0 = no limit
}

// RequestSort orders a request list; ties go oldest first.
type RequestSort string

const (
	SortOldest     RequestSort = "" // the queue order at the desk
	SortNewest     RequestSort = "newest"
	SortCardholder RequestSort = "cardholder" // last name, first name
	SortReason     RequestSort = "reason"     // requests without a reason last
	SortRequester  RequestSort = "requester"
)

// RequestRepo stores card requests; reads fill the cardholder's name,
// department and thumbnail. Update writes only when the stored version
// equals r.Version, then increments it; otherwise it returns ErrStale.
type RequestRepo interface {
	Create(ctx context.Context, r *CardRequest) error // sets ID and Version
	Update(ctx context.Context, r *CardRequest) error // bumps r.Version on success
	ByID(ctx context.Context, id int64) (CardRequest, error)
	// List orders by q.Sort (default CreatedAt, oldest first).
	List(ctx context.Context, q RequestQuery) ([]CardRequest, error)
	Count(ctx context.Context, q RequestQuery) (int, error)
	// Page is List and Count of the same query in one pass over the rows.
	Page(ctx context.Context, q RequestQuery) ([]CardRequest, int, error)
}

// ReasonRepo stores the administrator's list of request reasons.
type ReasonRepo interface {
	List(ctx context.Context) ([]Reason, error) // ordered by Position
	Create(ctx context.Context, r *Reason) error
	Update(ctx context.Context, r Reason) error
	Delete(ctx context.Context, id int64) error
}

// CredentialQuery selects credentials.
type CredentialQuery struct {
	Available    bool             // only credentials assigned to nobody
	Assigned     bool             // only credentials assigned to someone
	CardholderID int64            // 0 = any
	Status       CredentialStatus // "" = any
	Format       string
	// Text matches words of the bits, name, field values (card number,
	// hex serial), format and the cardholder's name by prefix.
	Text   string
	Sort   CredentialSort
	Offset int
	Limit  int
}

// CredentialSort orders a credential list; ties go by id.
type CredentialSort string

const (
	SortCredentialEnrolled   CredentialSort = ""       // in the order they were enrolled
	SortCredentialNewest     CredentialSort = "newest" // enrolled last first
	SortCredentialNumber     CredentialSort = "number" // format, then card number / serial
	SortCredentialCardholder CredentialSort = "cardholder"
	SortCredentialStatus     CredentialSort = "status"
)

// CredentialRepo stores credentials; (Format, Bits) is unique (ErrDuplicate).
type CredentialRepo interface {
	Create(ctx context.Context, c *Credential) error
	Update(ctx context.Context, c Credential) error
	ByID(ctx context.Context, id int64) (Credential, error)
	ByBits(ctx context.Context, format, bits string) (Credential, error)
	List(ctx context.Context, q CredentialQuery) ([]Credential, error)
	Count(ctx context.Context, q CredentialQuery) (int, error)
	CountByFormat(ctx context.Context) (map[string]int, error) // format id -> credentials
	// Expiring are the active and inactive credentials whose ExpiresAt is
	// set and before the given time.
	Expiring(ctx context.Context, before time.Time) ([]Credential, error)
}

// SettingRepo is a key/value store for station settings.
type SettingRepo interface {
	Get(ctx context.Context, key string) (value string, ok bool, err error)
	Set(ctx context.Context, key, value string) error
	All(ctx context.Context) (map[string]string, error)
}

// AuditQuery filters the audit log; empty fields match everything.
type AuditQuery struct {
	Operator string
	Action   string // prefix, e.g. "cardholder."
	Entity   string
	EntityID string // "" = any; else exactly this entity
	Text     string // matches details and entity id
	From, To time.Time
	Offset   int
	Limit    int
}

// AuditRepo is append-only. Append chains the event (AuditEvent.Chain) to
// the newest one, and keeps every other transaction's Append waiting until
// this one ends, so the chain stays one line when stations share a
// database; it sets e's ID and chain fields.
type AuditRepo interface {
	Append(ctx context.Context, e *AuditEvent) error
	// Chain returns up to limit events after the position after, in chain
	// order (Seq, then ID), with their chain fields; a zero AuditPosition
	// starts at the beginning.
	Chain(ctx context.Context, after AuditPosition, limit int) ([]AuditEvent, error)
	List(ctx context.Context, q AuditQuery) ([]AuditEvent, error) // newest first
	Count(ctx context.Context, q AuditQuery) (int, error)
}

// OutboxRepo stores mail until it is delivered.
type OutboxRepo interface {
	Enqueue(ctx context.Context, m *Mail) error
	// Due returns queued messages nobody holds a lease on at now, the
	// longest waiting first; without force only those whose backoff is over.
	Due(ctx context.Context, now time.Time, force bool, limit int) ([]Mail, error)
	// Leased returns queued messages whose lease runs past now.
	Leased(ctx context.Context, now time.Time) ([]Mail, error)
	// Lease gives a queued message to holder until then, without counting
	// an attempt, so no other flusher takes it while it is being sent.
	Lease(ctx context.Context, id int64, until time.Time, holder string) error
	// HandOver records that holder is handing the message to the server;
	// ErrNotFound when holder no longer has its lease.
	HandOver(ctx context.Context, id int64, holder string, at time.Time) error
	MarkSent(ctx context.Context, id int64, at time.Time) error
	MarkFailed(ctx context.Context, id int64, reason string, next time.Time) error
	MarkUncertain(ctx context.Context, id int64, reason string) error
	// Requeue queues an uncertain message again, due at once.
	Requeue(ctx context.Context, id int64) error
	List(ctx context.Context, status MailStatus) ([]Mail, error) // "" = all, newest first
}

// Clock lets tests control time.
type Clock interface{ Now() time.Time }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
