package enroll

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/carddesk/carddesk/cardformat"
)

// Formats is the catalogue of card formats: the built-ins of cardformat plus
// the administrator's custom Wiegand formats stored with the station.
type Formats struct{ base }

// StoredFormat is a custom format as the FormatRepo keeps it.
type StoredFormat struct {
	Format    cardformat.Format
	CreatedAt time.Time
	UpdatedAt time.Time
}

// FormatInfo is one entry of the catalogue.
type FormatInfo struct {
	Format  cardformat.Format
	Builtin bool
	// InUse counts the credentials enrolled with the format; only List fills it.
	InUse     int
	UpdatedAt time.Time // zero for built-ins
}

// FormatRepo stores custom formats, keyed by format id (ErrDuplicate,
// ErrNotFound).
type FormatRepo interface {
	List(ctx context.Context) ([]StoredFormat, error) // ordered by id
	ByID(ctx context.Context, id string) (StoredFormat, error)
	Create(ctx context.Context, f StoredFormat) error
	Update(ctx context.Context, f StoredFormat) error
	Delete(ctx context.Context, id string) error
}

// FormatExistsError refuses a new or imported format whose id is taken.
type FormatExistsError struct {
	ID      string
	Builtin bool // the id belongs to a built-in format, which can never be replaced
}

func (e *FormatExistsError) Error() string {
	if e.Builtin {
		return "format id " + strconv.Quote(e.ID) + " belongs to a built-in format; choose another id"
	}
	return "a custom format with id " + strconv.Quote(e.ID) + " already exists"
}

// FormatInUseError refuses to delete a format, or to change its layout,
// while credentials are enrolled with it: their stored bits would no longer
// match their fields.
type FormatInUseError struct {
	ID          string
	Credentials int
	Delete      bool // false: the refused change was to the layout
}

func (e *FormatInUseError) Error() string {
	what := "change the bit layout of"
	if e.Delete {
		what = "delete"
	}
	return "cannot " + what + " format " + strconv.Quote(e.ID) + ": " + strconv.Itoa(e.Credentials) +
		" credential(s) are enrolled with it"
}

// ErrBuiltinFormat refuses changes to a built-in format.
var ErrBuiltinFormat = errors.New("built-in formats cannot be changed or deleted")

// Catalog lists every format, built-ins first, then custom formats by id.
// It needs no sign-in: format definitions are not station secrets, and the
// command line encodes and decodes without an operator.
func (s *Formats) Catalog(ctx context.Context) ([]FormatInfo, error) {
	var out []FormatInfo
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = catalog(ctx, tx)
		return err
	})
	return out, err
}

// Find returns the format with this id, built-in or custom; an unknown id
// is a *cardformat.UnknownFormatError listing every known id.
func (s *Formats) Find(ctx context.Context, id string) (cardformat.Format, error) {
	var f cardformat.Format
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		f, err = findFormat(ctx, tx, id)
		return err
	})
	return f, err
}

// List is Catalog with the number of credentials enrolled per format.
func (s *Formats) List(ctx context.Context, a Actor) ([]FormatInfo, error) {
	var out []FormatInfo
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		if out, err = catalog(ctx, tx); err != nil {
			return err
		}
		counts, err := tx.Credentials().CountByFormat(ctx)
		if err != nil {
			return err
		}
		for i := range out {
			out[i].InUse = counts[out[i].Format.ID]
		}
		return nil
	})
	return out, err
}

// Create validates and stores a new custom Wiegand format.
func (s *Formats) Create(ctx context.Context, a Actor, f cardformat.Format) (FormatInfo, error) {
	// Permission first: a non-administrator hears that, not what is wrong
	// with the format.
	if err := a.require(PermManageFormats); err != nil {
		return FormatInfo{}, err
	}
	if err := checkCustom(&f); err != nil {
		return FormatInfo{}, err
	}
	now := s.now()
	sf := StoredFormat{Format: f, CreatedAt: now, UpdatedAt: now}
	err := s.update(ctx, a, PermManageFormats, func(tx Tx) error {
		return s.create(ctx, tx, a, sf, "format.create")
	})
	return FormatInfo{Format: f, UpdatedAt: now}, err
}

func (s *Formats) create(ctx context.Context, tx Tx, a Actor, sf StoredFormat, action string) error {
	if err := tx.Formats().Create(ctx, sf); err != nil {
		if errors.Is(err, ErrDuplicate) {
			return &FormatExistsError{ID: sf.Format.ID}
		}
		return err
	}
	return record(ctx, tx, a, sf.UpdatedAt, change{action: action, entity: "format", entityKey: sf.Format.ID,
		details: sf.Format.Name, after: definitionSnapshot(sf.Format)})
}

// Update replaces the custom format with f's id. While credentials use the
// format only its name may change.
func (s *Formats) Update(ctx context.Context, a Actor, f cardformat.Format) (FormatInfo, error) {
	if err := a.require(PermManageFormats); err != nil {
		return FormatInfo{}, err
	}
	if err := checkCustom(&f); err != nil {
		return FormatInfo{}, err
	}
	now := s.now()
	err := s.update(ctx, a, PermManageFormats, func(tx Tx) error {
		return s.replace(ctx, tx, a, f, now, "format.update")
	})
	return FormatInfo{Format: f, UpdatedAt: now}, err
}

func (s *Formats) replace(ctx context.Context, tx Tx, a Actor, f cardformat.Format, now time.Time, action string) error {
	old, err := tx.Formats().ByID(ctx, f.ID)
	if err != nil {
		return err
	}
	if !sameLayout(old.Format, f) {
		n, err := tx.Credentials().Count(ctx, CredentialQuery{Format: f.ID})
		if err != nil {
			return err
		}
		if n > 0 {
			return &FormatInUseError{ID: f.ID, Credentials: n}
		}
	}
	sf := StoredFormat{Format: f, CreatedAt: old.CreatedAt, UpdatedAt: now}
	if err := tx.Formats().Update(ctx, sf); err != nil {
		return err
	}
	return record(ctx, tx, a, now, change{action: action, entity: "format", entityKey: f.ID,
		details: f.Name, before: definitionSnapshot(old.Format), after: definitionSnapshot(f)})
}

// Delete removes a custom format that no credential uses.
func (s *Formats) Delete(ctx context.Context, a Actor, id string) error {
	if _, ok := cardformat.Lookup(id); ok {
		return ErrBuiltinFormat
	}
	return s.update(ctx, a, PermManageFormats, func(tx Tx) error {
		old, err := tx.Formats().ByID(ctx, id)
		if err != nil {
			return err
		}
		n, err := tx.Credentials().Count(ctx, CredentialQuery{Format: id})
		if err != nil {
			return err
		}
		if n > 0 {
			return &FormatInUseError{ID: id, Credentials: n, Delete: true}
		}
		if err := tx.Formats().Delete(ctx, id); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "format.delete", entity: "format", entityKey: id,
			details: old.Format.Name, before: definitionSnapshot(old.Format)})
	})
}

// Import reads a format file (see cardformat/FORMAT-FILE.md) and stores the
// format in it. A custom format with the same id is replaced only when
// replace is set, under the same rules as Update.
func (s *Formats) Import(ctx context.Context, a Actor, data []byte, replace bool) (FormatInfo, error) {
	if err := a.require(PermManageFormats); err != nil {
		return FormatInfo{}, err
	}
	f, err := cardformat.UnmarshalDefinition(data)
	if err != nil {
		return FormatInfo{}, err
	}
	if err := checkCustom(&f); err != nil {
		return FormatInfo{}, err
	}
	now := s.now()
	err = s.store.Update(ctx, func(tx Tx) error {
		_, err := tx.Formats().ByID(ctx, f.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			return s.create(ctx, tx, a, StoredFormat{Format: f, CreatedAt: now, UpdatedAt: now}, "format.import")
		case err != nil:
			return err
		case !replace:
			return &FormatExistsError{ID: f.ID}
		}
		return s.replace(ctx, tx, a, f, now, "format.import")
	})
	return FormatInfo{Format: f, UpdatedAt: now}, err
}

// Export writes a Wiegand format, built-in or custom, as a format file.
func (s *Formats) Export(ctx context.Context, a Actor, id string) ([]byte, error) {
	var f cardformat.Format
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		f, err = findFormat(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return cardformat.MarshalDefinition(f)
}

// checkCustom holds a custom format to the rules of cardformat.Validate and
// to the station's own: Wiegand only, and never a built-in id.
func checkCustom(f *cardformat.Format) error {
	if f.Kind == "" {
		f.Kind = cardformat.KindWiegand
	}
	if _, ok := cardformat.Lookup(f.ID); ok {
		return &FormatExistsError{ID: f.ID, Builtin: true}
	}
	if f.Kind != cardformat.KindWiegand {
		return &cardformat.DefinitionError{Format: f.ID, Problems: []cardformat.Problem{
			{Item: "kind", Msg: "custom formats are wiegand; the csn formats are built in"}}}
	}
	return f.Validate()
}

// sameLayout reports whether two definitions put the same bits in the same
// places, so credentials encoded under one read the same under the other.
func sameLayout(a, b cardformat.Format) bool {
	a.Name, b.Name = "", ""
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && slices.Equal(x, y)
}

// definitionSnapshot is what the audit log keeps of a format: its format
// file, the same text an export would give.
func definitionSnapshot(f cardformat.Format) any {
	b, err := cardformat.MarshalDefinition(f)
	if err != nil {
		return nil
	}
	return json.RawMessage(b)
}

func catalog(ctx context.Context, tx Tx) ([]FormatInfo, error) {
	custom, err := tx.Formats().List(ctx)
	if err != nil {
		return nil, err
	}
	builtin := cardformat.Builtin()
	out := make([]FormatInfo, 0, len(builtin)+len(custom))
	for _, f := range builtin {
		out = append(out, FormatInfo{Format: f, Builtin: true})
	}
	for _, sf := range custom {
		out = append(out, FormatInfo{Format: sf.Format, UpdatedAt: sf.UpdatedAt})
	}
	return out, nil
}

func findFormat(ctx context.Context, tx Tx, id string) (cardformat.Format, error) {
	if f, ok := cardformat.Lookup(id); ok {
		return f, nil
	}
	sf, err := tx.Formats().ByID(ctx, id)
	if err == nil {
		return sf.Format, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return cardformat.Format{}, err
	}
	all, err := catalog(ctx, tx)
	if err != nil {
		return cardformat.Format{}, err
	}
	known := make([]string, len(all))
	for i, fi := range all {
		known[i] = fi.Format.ID
	}
	return cardformat.Format{}, &cardformat.UnknownFormatError{ID: id, Known: known}
}
