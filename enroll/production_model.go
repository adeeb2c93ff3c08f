package enroll

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// CardKind says who an ordered card is for.
type CardKind string

const (
	KindPersonal  CardKind = "personal"  // made for one cardholder
	KindTemporary CardKind = "temporary" // for the desk's stock of temporary cards
)

// OrderStatus is where an ordered card is on its way from the desk through
// the card producer (production.md).
type OrderStatus string

const (
	OrderProcessing   OrderStatus = "processing" // stored, queued or being sent
	OrderOrdered      OrderStatus = "ordered"    // the producer has it
	OrderInProduction OrderStatus = "in_production"
	OrderProduced     OrderStatus = "produced"
	OrderFailed       OrderStatus = "failed"  // personal: can be ordered again (Retry)
	OrderAborted      OrderStatus = "aborted" // stopped at the desk
)

// OrderStates is the life of an ordered card. A processing card may jump
// ahead when the producer's answer to its send was lost. A failed personal
// card is retried as a new card of the same order (Orders.Retry): the
// producer keeps the failed one under its id.
var OrderStates = newMachine("ordered card", map[OrderStatus][]OrderStatus{
	OrderProcessing:   {OrderOrdered, OrderInProduction, OrderProduced, OrderFailed, OrderAborted},
	OrderOrdered:      {OrderInProduction, OrderProduced, OrderFailed, OrderAborted},
	OrderInProduction: {OrderProduced, OrderFailed},
	OrderFailed:       {},
	OrderProduced:     {},
	OrderAborted:      {},
})

// rank orders the producer's statuses: updates only move a card forward.
func (s OrderStatus) rank() int {
	switch s {
	case OrderProcessing:
		return 0
	case OrderOrdered:
		return 1
	case OrderInProduction:
		return 2
	case OrderProduced, OrderFailed, OrderAborted:
		return 3
	}
	return -1
}

// Final reports whether nothing moves the card any more (a failed personal
// card can still be retried by an operator).
func (s OrderStatus) Final() bool { return s.rank() == 3 }

// OrderedCard is one card ordered from the producer. CardID is the UUID the
// desk made when it stored the row; it is the producer's key and the
// idempotency key of every send, so a retry never makes a second card.
type OrderedCard struct {
	CardID       string
	OrderID      string // the cards of one click share it
	Kind         CardKind
	Status       OrderStatus
	CardholderID int64 // personal cards
	LayoutID     string
	// Fields and Photo are what is sent, fixed when the card is ordered, so
	// every retry sends the same body.
	Fields    map[string]string
	Photo     []byte // JPEG; personal cards whose layout prints a photo
	OrderedBy string
	Station   string
	Attempts  int    // sends tried
	LastError string // the last send's or update's problem, in English
	// SendStarted: a send was begun, so the producer may have the card
	// even when no answer came back; an abort must cancel it there first.
	SendStarted     bool
	NextAttempt     time.Time // a queued card is not sent before then
	LeaseUntil      time.Time // a station sending it holds it until then
	LeaseHolder     string    // the process holding the lease (LeaseHolder.Holder)
	ProducerVersion int64     // the producer's version of the last update applied
	FailureReason   string    // the producer's reason for failed
	CredentialID    int64     // the credential enrolled once produced
	ChipUID         string    // the chip's UID the producer reported (lower-case hex)
	ReceivedAt      time.Time // a personal card presented at the desk
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int64 // row version: Update fails with ErrStale when it moved
}

// TempCardStatus is where a temporary card of the desk's stock is.
type TempCardStatus string

const (
	TempUnassigned TempCardStatus = "unassigned"
	TempAssigned   TempCardStatus = "assigned"
	TempExpired    TempCardStatus = "expired" // its assigned-until date passed
	TempLocked     TempCardStatus = "locked"  // final
)

// TempCardStates is the life of a temporary card after it was produced and
// initialized.
var TempCardStates = newMachine("temporary card", map[TempCardStatus][]TempCardStatus{
	TempUnassigned: {TempAssigned, TempLocked},
	TempAssigned:   {TempUnassigned, TempExpired, TempLocked},
	TempExpired:    {TempUnassigned},
	TempLocked:     {},
})

// TempCard is a produced temporary card the desk initialized into its
// stock; CardID is its ordered card's.
type TempCard struct {
	CardID       string
	Status       TempCardStatus
	CardholderID int64
	Until        time.Time // assigned until this day (UTC midnight); zero: no end
	CredentialID int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

// OrderedCardQuery selects ordered cards, newest first.
type OrderedCardQuery struct {
	Status       OrderStatus // "" = any
	Kind         CardKind    // "" = any
	CardholderID int64       // 0 = any
	OrderID      string      // "" = any
	Offset       int
	Limit        int // 0 = no limit
}

// OrderedCardRepo stores ordered cards. Reads other than ByID and Due leave
// Photo out; Fields read back as a non-nil map.
type OrderedCardRepo interface {
	Create(ctx context.Context, c *OrderedCard) error // sets Version
	// Update writes c's progress (status, attempts, errors, lease and its holder, send
	// started, next attempt, producer version, failure reason, credential,
	// chip UID, received at, updated at) when the stored Version equals
	// c.Version, and bumps it; otherwise ErrStale. What was ordered (kind,
	// order, cardholder, layout, fields, photo, who, station) never
	// changes, so a retry sends the same body.
	Update(ctx context.Context, c *OrderedCard) error
	ByID(ctx context.Context, cardID string) (OrderedCard, error)
	List(ctx context.Context, q OrderedCardQuery) ([]OrderedCard, error)
	Count(ctx context.Context, q OrderedCardQuery) (int, error)
	// Due are the processing cards no station holds (LeaseUntil <= now)
	// whose NextAttempt has come (any NextAttempt with all), oldest first;
	// limit <= 0 is no limit.
	Due(ctx context.Context, now time.Time, all bool, limit int) ([]OrderedCard, error)
	// Leased are the processing cards whose lease runs past now, with
	// their photos, as Due.
	Leased(ctx context.Context, now time.Time) ([]OrderedCard, error)
}

// TempCardRepo stores the desk's temporary cards. A second assigned card
// for one cardholder is ErrDuplicate.
type TempCardRepo interface {
	Create(ctx context.Context, t *TempCard) error
	Update(ctx context.Context, t *TempCard) error // ErrStale as OrderedCardRepo.Update
	ByID(ctx context.Context, cardID string) (TempCard, error)
	List(ctx context.Context, status TempCardStatus) ([]TempCard, error) // "" = all; newest first
	// AssignedTo are the cardholder's cards in state assigned.
	AssignedTo(ctx context.Context, cardholderID int64) ([]TempCard, error)
	// Overdue are the assigned cards whose Until is before day.
	Overdue(ctx context.Context, day time.Time) ([]TempCard, error)
}

// ProducerConfig is how a station reaches its card producer.
type ProducerConfig struct {
	URL          string
	ClientID     string
	ClientSecret string `json:"-"`
}

// ProducerFactory makes the client of a producer; the services ask for one
// whenever the settings may have changed.
type ProducerFactory func(ProducerConfig) Producer

// Producer is the card-production port (protocol v1 of production.md).
// Errors: *ProducerRejectedError (400, 422), ErrProducerConflict (409),
// ErrNotFound (404); anything else leaves the outcome unknown
// (*ProducerUnavailableError when the client knows no more).
type Producer interface {
	Layouts(ctx context.Context) ([]Layout, error)
	// Send is PUT v1/cards/{card_id} with the card's id as idempotency key.
	Send(ctx context.Context, o ProducerOrder) (ProducerCard, error)
	Card(ctx context.Context, cardID string) (ProducerCard, error)
	// Changes returns every card changed after version since, and the
	// version to ask with next time.
	Changes(ctx context.Context, since int64) ([]ProducerCard, int64, error)
	Cancel(ctx context.Context, cardID string) (ProducerCard, error)
}

// Layout is a card layout the producer offers.
type Layout struct {
	ID     string
	Name   string
	Fields []LayoutField
}

// LayoutField is a cardholder field a layout prints.
type LayoutField struct {
	Name      string // external_id, first_name, last_name, email, department, photo
	Required  bool
	MaxLength int // 0: no limit
}

// ProducerOrder is the body of one card's order.
type ProducerOrder struct {
	CardID    string
	OrderID   string
	Kind      CardKind
	LayoutID  string
	Fields    map[string]string
	PhotoJPEG []byte
	Station   string
	OrderedBy string
}

// ProducerCard is a card as the producer reports it.
type ProducerCard struct {
	CardID        string
	OrderID       string
	Kind          CardKind
	Status        string // ordered, in_production, produced, failed, cancelled
	Version       int64
	FailureReason string
	Credential    *ProducedCredential // once produced
}

// ProducedCredential is what the producer encoded on a card.
type ProducedCredential struct {
	Format string
	Fields map[string]string // decimal numbers, hex for csn
	UID    string            // lower-case hex; "" when the chip has none
}

// Producer statuses (the wire's).
const (
	ProducerOrdered      = "ordered"
	ProducerInProduction = "in_production"
	ProducerProduced     = "produced"
	ProducerFailed       = "failed"
	ProducerCancelled    = "cancelled"
)

// ErrProducerConflict is the producer's 409: a card cancelled before it
// arrived (on send), or already in production (on cancel).
var ErrProducerConflict = errors.New("the card producer refused: conflict")

// ProducerRejectedError is the producer refusing a card for good (400, 422).
type ProducerRejectedError struct {
	Status int
	Reason string
}

func (e *ProducerRejectedError) Error() string {
	return fmt.Sprintf("the card producer refused the card (%d): %s", e.Status, e.Reason)
}

// ProducerUnavailableError is a call whose outcome is unknown (429, 5xx,
// a timeout, a refused or dropped connection): the card may or may not be
// there; the call is repeated later, not before RetryAfter when set.
type ProducerUnavailableError struct {
	RetryAfter time.Duration
	Err        error
}

func (e *ProducerUnavailableError) Error() string {
	return "the card producer could not be reached: " + e.Err.Error()
}

func (e *ProducerUnavailableError) Unwrap() error { return e.Err }

// UseCaseDisabledError refuses a use case an administrator has not enabled.
type UseCaseDisabledError struct{ UseCase string }

// Setting is the key that enables the use case.
func (e *UseCaseDisabledError) Setting() string { return "usecase." + e.UseCase + ".enabled" }

func (e *UseCaseDisabledError) Error() string {
	return fmt.Sprintf("the use case %s is disabled; an administrator enables it with the setting %s=true", e.UseCase, e.Setting())
}

// ErrProducerNotConfigured: no producer URL, client id or secret is set, or
// the station was built without a producer client.
var ErrProducerNotConfigured = errors.New("card production is not set up: set production.url, production.client_id and production.client_secret")
