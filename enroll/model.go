package enroll

import "time"

// Role decides what an operator may do; see permissions.go.
type Role string

const (
	RoleAdmin    Role = "admin"
	RoleOperator Role = "operator"
)

// Operator is a person who signs in at the station.
type Operator struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Email         string    `json:"email"`
	Role          Role      `json:"role"`
	PasswordHash  string    `json:"-"`
	FailedSignIns int       `json:"-"`
	LockedUntil   time.Time `json:"-"`
	LastSignInAt  time.Time `json:"last_sign_in_at,omitzero"`
	CreatedAt     time.Time `json:"created_at"`
}

// Actor is the signed-in operator on whose behalf a service call runs.
type Actor struct {
	ID    int64
	Name  string
	Role  Role
	Email string // where "e-mail me when the card is ready" goes; may be empty
}

// CardholderStatus is either active or inactive.
type CardholderStatus string

const (
	CardholderActive   CardholderStatus = "active"
	CardholderInactive CardholderStatus = "inactive"
)

// Cardholder is a person who can be given access cards.
// Photo and Thumbnail are never written to the audit log or to logs.
type Cardholder struct {
	ID         int64            `json:"id"`
	ExternalID string           `json:"external_id"`
	FirstName  string           `json:"first_name"`
	LastName   string           `json:"last_name"`
	Email      string           `json:"email"`
	Department string           `json:"department"`
	Status     CardholderStatus `json:"status"`
	Photo      []byte           `json:"-"` // full-size image as uploaded (PNG/JPEG)
	Thumbnail  []byte           `json:"-"` // small PNG for lists, derived from Photo
	HasPhoto   bool             `json:"has_photo"`
	// PhotoCropX and PhotoCropY are the centre of the badge's photo crop,
	// 0..1 of the photo's width and height; Add and Update store 0, 0 as
	// the middle (0.5, 0.5). Get reads them; lists leave them zero.
	PhotoCropX float64   `json:"photo_crop_x"`
	PhotoCropY float64   `json:"photo_crop_y"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	// Cards is what a list shows about the person's cards and requests;
	// Search fills it, the other reads leave it zero.
	Cards CardSummary `json:"-"`
}

// CardSummary says whether a cardholder has a card and a request pending.
type CardSummary struct {
	// Card is the card to show: an active one before an inactive one, the
	// newest first; ID 0 when the person holds neither. Only its ID,
	// Format, Fields and Status are set.
	Card Credential
	// Held counts the active and inactive cards; lost, stolen and expired
	// ones are no longer held.
	Held int
	// Pending counts the person's pending card requests.
	Pending int
}

// FullName is how a cardholder is shown in lists and messages.
func (c Cardholder) FullName() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}

// CredentialStatus follows the credential state machine in state.go.
type CredentialStatus string

const (
	CredentialActive   CredentialStatus = "active"
	CredentialInactive CredentialStatus = "inactive"
	CredentialLost     CredentialStatus = "lost"
	CredentialStolen   CredentialStatus = "stolen"
	CredentialExpired  CredentialStatus = "expired"
)

// Credential is a card identity: a format, its field values and the encoded bits.
// The pair (Format, Bits) is unique.
type Credential struct {
	ID             int64             `json:"id"`
	Format         string            `json:"format"`
	Fields         map[string]string `json:"fields"`
	Bits           string            `json:"bits"`
	Name           string            `json:"name"`
	Status         CredentialStatus  `json:"status"`
	CardholderID   int64             `json:"cardholder_id,omitempty"` // 0 = not assigned
	CardholderName string            `json:"cardholder_name,omitempty"`
	ActivationDate time.Time         `json:"activation_date,omitzero"`
	ExpiresAt      time.Time         `json:"expires_at,omitzero"` // zero = never
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
}

// ActivationMode says when a credential connected to a request becomes active.
type ActivationMode string

const (
	ActivateNever      ActivationMode = "never"
	ActivateEnrollment ActivationMode = "enrollment"
	ActivateOnDate     ActivationMode = "date"
)

// Activation is a request's activation option; Date is set only for ActivateOnDate.
type Activation struct {
	Mode ActivationMode `json:"mode"`
	Date time.Time      `json:"date,omitzero"`
}

// RequestStatus follows the card request state machine in state.go.
type RequestStatus string

const (
	RequestPending   RequestStatus = "pending"
	RequestCompleted RequestStatus = "completed"
	RequestDenied    RequestStatus = "denied"
)

// CardRequest asks that a cardholder gets a card. Version increases with every
// stored change so two stations cannot both answer the same request.
type CardRequest struct {
	ID              int64         `json:"id"`
	CardholderID    int64         `json:"cardholder_id"`
	CardholderName  string        `json:"cardholder_name"` // filled on read
	Department      string        `json:"department"`      // filled on read
	Thumbnail       []byte        `json:"-"`               // the cardholder's, filled on read
	Reason          string        `json:"reason"`
	TemplateID      int64         `json:"template_id,omitempty"`
	Activation      Activation    `json:"activation"`
	EmailWhenReady  bool          `json:"email_when_ready"`
	Note            string        `json:"note"`
	Status          RequestStatus `json:"status"`
	RequestedBy     int64         `json:"requested_by_id"`
	RequestedByName string        `json:"requested_by"` // filled on read
	RespondedBy     int64         `json:"responded_by_id,omitempty"`
	RespondedByName string        `json:"responded_by"` // filled on read
	RespondedAt     time.Time     `json:"responded_at,omitzero"`
	ResponseNote    string        `json:"response_note,omitempty"`
	CredentialID    int64         `json:"credential_id,omitempty"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
	Version         int64         `json:"version"`
}

// Reason is one entry of the administrator's list of request reasons.
type Reason struct {
	ID       int64  `json:"id"`
	Text     string `json:"text"`
	Position int    `json:"position"`
}

// AuditEvent is one append-only line of the audit log. Before and After hold
// JSON snapshots of the entity (secrets and photos left out).
type AuditEvent struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	OperatorID int64     `json:"operator_id,omitempty"`
	Operator   string    `json:"operator"`
	Action     string    `json:"action"`
	Entity     string    `json:"entity"`
	EntityID   string    `json:"entity_id"`
	Details    string    `json:"details"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	// Seq, PrevHash and Hash place the event in the audit hash chain (see
	// audit_chain.go); the store sets them as it appends the event.
	Seq      int64  `json:"seq,omitempty"`
	PrevHash string `json:"prev_hash,omitempty"`
	Hash     string `json:"hash,omitempty"`
}

// MailStatus is the state of one outbox message.
type MailStatus string

const (
	MailQueued MailStatus = "queued"
	MailSent   MailStatus = "sent"
	// MailUncertain: the sending process stopped after it had handed the
	// message to the mail server, so it may have arrived. It is not sent
	// again by itself (that could deliver it twice); an operator who has
	// checked with the recipient sends it again.
	MailUncertain MailStatus = "uncertain"
)

// Mail is one message in the outbox, sent by a background worker with retries.
type Mail struct {
	ID            int64      `json:"id"`
	To            string     `json:"to"`
	Subject       string     `json:"subject"`
	Body          string     `json:"body"`
	Status        MailStatus `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at,omitzero"`
	LastError     string     `json:"last_error,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        time.Time  `json:"sent_at,omitzero"`
	// LeasedUntil and LeasedBy: a process is sending the message now and no
	// other may take it before then (unless LeasedBy is known to be gone).
	LeasedUntil time.Time `json:"leased_until,omitzero"`
	LeasedBy    string    `json:"leased_by,omitempty"`
	// HandedOverAt: when the message's last bytes went to the mail server
	// in the current lease; from then on its delivery is not known until the
	// server answers.
	HandedOverAt time.Time `json:"handed_over_at,omitzero"`
}
