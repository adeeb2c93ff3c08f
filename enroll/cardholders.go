package enroll

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Cardholders is the use case for people who receive cards.
type Cardholders struct{ base }

// Field limits, shared by the dialog, the CSV import and the CLI.
const (
	maxNameLen       = 100
	maxEmailLen      = 254
	maxDepartmentLen = 100
	maxExternalIDLen = 64
)

// normalize trims and checks every field except photo and uniqueness.
func (c *Cardholder) normalize() fieldErrors {
	var fe fieldErrors
	checkText(&fe, "first_name", &c.FirstName, true, maxNameLen)
	checkText(&fe, "last_name", &c.LastName, true, maxNameLen)
	checkText(&fe, "email", &c.Email, false, maxEmailLen)
	if c.Email != "" && !validEmail(c.Email) {
		fe.add("email", msg(MsgEmail, Data{"Value": c.Email}))
	}
	checkText(&fe, "department", &c.Department, false, maxDepartmentLen)
	checkText(&fe, "external_id", &c.ExternalID, false, maxExternalIDLen)
	if c.Status == "" {
		c.Status = CardholderActive
	}
	if !CardholderStates.Valid(c.Status) {
		fe.add("status", msg(MsgCardholderStatus, Data{"Value": string(c.Status)}))
	}
	if !(c.PhotoCropX >= 0 && c.PhotoCropX <= 1 && c.PhotoCropY >= 0 && c.PhotoCropY <= 1) {
		fe.add("photo_crop", msg(MsgPhotoCrop, nil))
	}
	return fe
}

// centreCrop puts a crop centre that was never set (0, 0) in the middle.
func (c *Cardholder) centreCrop() {
	if c.PhotoCropX == 0 && c.PhotoCropY == 0 {
		c.PhotoCropX, c.PhotoCropY = 0.5, 0.5
	}
}

// Validate checks a cardholder without storing it, so the dialog can show
// messages at the fields while the operator types.
func (s *Cardholders) Validate(c Cardholder) error {
	fe := c.normalize()
	if c.Photo != nil {
		if _, err := MakeThumbnail(c.Photo); err != nil {
			fe.add("photo", photoMessage(err))
		}
	}
	return fe.err()
}

// Add stores a new cardholder.
func (s *Cardholders) Add(ctx context.Context, a Actor, c Cardholder) (Cardholder, error) {
	// Permission first: someone who may not hears that, not what is wrong
	// with the form.
	if err := a.require(PermEditCardholders); err != nil {
		return Cardholder{}, err
	}
	if err := s.prepare(&c); err != nil {
		return Cardholder{}, err
	}
	c.ID, c.CreatedAt, c.UpdatedAt = 0, s.now(), s.now()
	err := s.update(ctx, a, PermEditCardholders, func(tx Tx) error {
		if err := tx.Cardholders().Create(ctx, &c); err != nil {
			return duplicateExternalID(ctx, tx, c, err)
		}
		return record(ctx, tx, a, c.CreatedAt, change{action: "cardholder.create", entity: "cardholder",
			entityID: c.ID, details: c.FullName(), after: c})
	})
	return c, err
}

// Update stores the given cardholder as it is, photo included (nil removes it).
func (s *Cardholders) Update(ctx context.Context, a Actor, c Cardholder) (Cardholder, error) {
	if err := a.require(PermEditCardholders); err != nil {
		return Cardholder{}, err
	}
	if err := s.prepare(&c); err != nil {
		return Cardholder{}, err
	}
	err := s.update(ctx, a, PermEditCardholders, func(tx Tx) error {
		old, err := tx.Cardholders().ByID(ctx, c.ID)
		if err != nil {
			return fmt.Errorf("cardholder %d: %w", c.ID, err)
		}
		if old.Status != c.Status {
			if err := CardholderStates.Check(old.Status, c.Status); err != nil {
				return err
			}
		}
		c.CreatedAt, c.UpdatedAt = old.CreatedAt, s.now()
		if err := tx.Cardholders().Update(ctx, c); err != nil {
			return duplicateExternalID(ctx, tx, c, err)
		}
		return record(ctx, tx, a, c.UpdatedAt, change{action: "cardholder.update", entity: "cardholder",
			entityID: c.ID, details: c.FullName(), before: old, after: c})
	})
	return c, err
}

// prepare validates c and derives its thumbnail.
func (s *Cardholders) prepare(c *Cardholder) error {
	fe := c.normalize()
	c.centreCrop()
	c.Thumbnail, c.HasPhoto = nil, len(c.Photo) > 0
	if len(c.Photo) > 0 {
		thumb, err := MakeThumbnail(c.Photo)
		if err != nil {
			fe.add("photo", photoMessage(err))
		}
		c.Thumbnail = thumb
	} else {
		c.Photo = nil
	}
	return fe.err()
}

// duplicateExternalID says who already has c's external id, so the
// operator can find that cardholder; without the name when it cannot be
// found (it went in the meantime).
func duplicateExternalID(ctx context.Context, tx Tx, c Cardholder, err error) error {
	if !errors.Is(err, ErrDuplicate) {
		return err
	}
	if other, ok := holderOfExternalID(ctx, tx, c); ok {
		return invalid("external_id", msg(MsgExternalIDTakenBy,
			Data{"Name": other.FullName(), "ID": other.ID, "Value": c.ExternalID}))
	}
	return invalid("external_id", msg(MsgExternalIDTaken, nil))
}

// holderOfExternalID finds the other cardholder with c's external id.
func holderOfExternalID(ctx context.Context, tx Tx, c Cardholder) (Cardholder, bool) {
	found, err := tx.Cardholders().Search(ctx, CardholderQuery{Text: c.ExternalID, Limit: 200})
	if err != nil {
		return Cardholder{}, false
	}
	for _, other := range found {
		if other.ID != c.ID && other.ExternalID == c.ExternalID {
			return other, true
		}
	}
	for _, other := range found { // the store may compare ids without case
		if other.ID != c.ID && strings.EqualFold(other.ExternalID, c.ExternalID) {
			return other, true
		}
	}
	return Cardholder{}, false
}

// Get returns one cardholder with photo.
func (s *Cardholders) Get(ctx context.Context, a Actor, id int64) (Cardholder, error) {
	var c Cardholder
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		c, err = tx.Cardholders().ByID(ctx, id)
		return err
	})
	return c, err
}

// Search returns one page of cardholders matching q (thumbnails, no photos).
func (s *Cardholders) Search(ctx context.Context, a Actor, q CardholderQuery) ([]Cardholder, error) {
	var cs []Cardholder
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		cs, err = tx.Cardholders().Search(ctx, q)
		return err
	})
	return cs, err
}

// Count returns how many cardholders match q (Offset and Limit ignored).
func (s *Cardholders) Count(ctx context.Context, a Actor, q CardholderQuery) (int, error) {
	var n int
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		n, err = tx.Cardholders().Count(ctx, q)
		return err
	})
	return n, err
}

// Departments lists the departments in use, for pickers.
func (s *Cardholders) Departments(ctx context.Context, a Actor) ([]string, error) {
	var ds []string
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		ds, err = tx.Cardholders().Departments(ctx)
		return err
	})
	return ds, err
}

// Import reads a cardholder CSV and stores every row, or none: with any bad
// row it returns an *ImportError listing all of them. name is the file name
// used in FILE:LINE messages.
func (s *Cardholders) Import(ctx context.Context, a Actor, name string, r io.Reader) (int, error) {
	if err := a.require(PermImportExport); err != nil {
		return 0, err
	}
	rows, err := ParseCardholderCSV(name, r)
	if err != nil {
		return 0, err
	}
	now := s.now()
	cs := make([]Cardholder, len(rows))
	for i, row := range rows {
		cs[i] = row.Cardholder
		cs[i].CreatedAt, cs[i].UpdatedAt = now, now
		cs[i].centreCrop()
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := rejectTakenExternalIDs(ctx, tx, name, rows); err != nil {
			return err
		}
		if err := tx.Cardholders().CreateMany(ctx, cs); err != nil {
			return fmt.Errorf("import %s: %w", name, err)
		}
		return record(ctx, tx, a, now, change{action: "cardholder.import", entity: "cardholder",
			details: fmt.Sprintf("imported %d cardholders from %s", len(cs), baseName(name))})
	})
	if err != nil {
		return 0, err
	}
	return len(cs), nil
}

func rejectTakenExternalIDs(ctx context.Context, tx Tx, name string, rows []CSVRow) error {
	var ids []string
	for _, r := range rows {
		if r.ExternalID != "" {
			ids = append(ids, r.ExternalID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	taken, err := tx.Cardholders().ExistingExternalIDs(ctx, ids)
	if err != nil || len(taken) == 0 {
		return err
	}
	var ie ImportError
	for _, r := range rows {
		if !taken[r.ExternalID] {
			continue
		}
		m := msg(MsgImportTaken, Data{"Value": r.ExternalID})
		if other, ok := holderOfExternalID(ctx, tx, r.Cardholder); ok {
			m = msg(MsgImportTakenBy, Data{"Value": r.ExternalID, "Name": other.FullName(), "ID": other.ID})
		}
		ie.Problems = append(ie.Problems, lineProblem(name, r.Line, m))
	}
	return &ie
}

// Export writes every cardholder as CSV with the import columns.
func (s *Cardholders) Export(ctx context.Context, a Actor, w io.Writer) (int, error) {
	var n int
	err := s.view(ctx, a, PermImportExport, func(tx Tx) error {
		cw := newCardholderCSVWriter(w)
		if err := tx.Cardholders().Each(ctx, func(c Cardholder) error {
			n++
			return cw.write(c)
		}); err != nil {
			return err
		}
		return cw.flush()
	})
	if err != nil {
		return 0, err
	}
	return n, s.store.Update(ctx, func(tx Tx) error {
		return record(ctx, tx, a, s.now(), change{action: "cardholder.export", entity: "cardholder",
			details: fmt.Sprintf("exported %d cardholders", n)})
	})
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
