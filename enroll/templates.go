package enroll

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carddesk/carddesk/badge"
)

// BadgeTemplate is a stored badge template.
type BadgeTemplate struct {
	ID        int64
	Name      string
	Template  *badge.Template
	IsDefault bool
	UpdatedAt time.Time
}

// StoredTemplate is a badge template as the TemplateRepo keeps it: the
// template file's JSON under its name.
type StoredTemplate struct {
	ID        int64
	Name      string
	JSON      []byte
	IsDefault bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TemplateRepo stores badge templates. Names are unique, case-insensitive
// (ErrDuplicate); missing rows are ErrNotFound. At most one is the default.
type TemplateRepo interface {
	List(ctx context.Context) ([]StoredTemplate, error) // ordered by name, then id
	ByID(ctx context.Context, id int64) (StoredTemplate, error)
	ByName(ctx context.Context, name string) (StoredTemplate, error) // case-insensitive
	Default(ctx context.Context) (StoredTemplate, error)             // ErrNotFound when none
	Create(ctx context.Context, t *StoredTemplate) error             // sets ID; IsDefault is ignored
	Update(ctx context.Context, t StoredTemplate) error              // name, JSON and UpdatedAt
	Delete(ctx context.Context, id int64) error
	// SetDefault makes id the one default template; 0 leaves none.
	SetDefault(ctx context.Context, id int64) error
	// Requests counts the requests that name the template, by status.
	// Delete leaves those requests without a template.
	Requests(ctx context.Context, id int64) (map[RequestStatus]int, error)
}

// Templates manages the station's badge templates. Everyone signed in may
// read them; only administrators change them.
type Templates struct{ base }

// TemplateExistsError refuses a new or imported template whose name is taken.
type TemplateExistsError struct{ Name string }

func (e *TemplateExistsError) Error() string {
	return "a badge template named " + strconv.Quote(e.Name) + " already exists"
}

// TemplateInUseError refuses to delete a template that pending requests
// still name; answered requests simply lose the reference.
type TemplateInUseError struct {
	ID       int64
	Name     string
	Requests int // pending requests that use it
}

func (e *TemplateInUseError) Error() string {
	return fmt.Sprintf("cannot delete badge template %q: %d pending request(s) use it; change their template first",
		e.Name, e.Requests)
}

// UnknownTemplateError is a template id that does not exist, as given to a
// request or a render.
type UnknownTemplateError struct{ ID int64 }

func (e *UnknownTemplateError) Error() string {
	return fmt.Sprintf("no badge template with id %d (templates list shows them)", e.ID)
}

func (e *UnknownTemplateError) Is(target error) bool { return target == ErrNotFound }

// List returns every template, ordered by name.
func (s *Templates) List(ctx context.Context, a Actor) ([]BadgeTemplate, error) {
	var out []BadgeTemplate
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		rows, err := tx.Templates().List(ctx)
		if err != nil {
			return err
		}
		out = make([]BadgeTemplate, 0, len(rows))
		for _, r := range rows {
			bt, err := decodeTemplate(r)
			if err != nil {
				return err
			}
			out = append(out, bt)
		}
		return nil
	})
	return out, err
}

// Get returns one template; an unknown id is an *UnknownTemplateError.
func (s *Templates) Get(ctx context.Context, a Actor, id int64) (BadgeTemplate, error) {
	var bt BadgeTemplate
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		bt, err = templateByID(ctx, tx, id)
		return err
	})
	return bt, err
}

// Create checks and stores a new template under t.Name. The first template
// of a station becomes its default.
func (s *Templates) Create(ctx context.Context, a Actor, t *badge.Template) (BadgeTemplate, error) {
	return s.save(ctx, a, t, func(tx Tx, t *badge.Template, data []byte) (BadgeTemplate, error) {
		return s.create(ctx, tx, a, t, data, "template.create")
	})
}

// save holds t to badge's rules, then has put store it in one change, with
// the template as stored and its template file. Only administrators may.
func (s *Templates) save(ctx context.Context, a Actor, t *badge.Template,
	put func(tx Tx, t *badge.Template, data []byte) (BadgeTemplate, error)) (BadgeTemplate, error) {
	if err := a.require(PermManageTemplates); err != nil {
		return BadgeTemplate{}, err
	}
	t, data, err := checkTemplate(t)
	if err != nil {
		return BadgeTemplate{}, err
	}
	var bt BadgeTemplate
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		bt, err = put(tx, t, data)
		return err
	})
	return bt, err
}

func (s *Templates) create(ctx context.Context, tx Tx, a Actor, t *badge.Template, data []byte, action string) (BadgeTemplate, error) {
	now := s.now()
	st := StoredTemplate{Name: t.Name, JSON: data, CreatedAt: now, UpdatedAt: now}
	if err := tx.Templates().Create(ctx, &st); err != nil {
		if errors.Is(err, ErrDuplicate) {
			return BadgeTemplate{}, &TemplateExistsError{Name: st.Name}
		}
		return BadgeTemplate{}, err
	}
	if _, err := tx.Templates().Default(ctx); errors.Is(err, ErrNotFound) {
		if err := tx.Templates().SetDefault(ctx, st.ID); err != nil {
			return BadgeTemplate{}, err
		}
		st.IsDefault = true
	} else if err != nil {
		return BadgeTemplate{}, err
	}
	if err := record(ctx, tx, a, now, change{action: action, entity: "template", entityID: st.ID,
		details: st.Name, after: auditTemplate(data)}); err != nil {
		return BadgeTemplate{}, err
	}
	return BadgeTemplate{ID: st.ID, Name: st.Name, Template: t, IsDefault: st.IsDefault, UpdatedAt: now}, nil
}

// Update replaces template id with t (its name may change too).
func (s *Templates) Update(ctx context.Context, a Actor, id int64, t *badge.Template) (BadgeTemplate, error) {
	return s.save(ctx, a, t, func(tx Tx, t *badge.Template, data []byte) (BadgeTemplate, error) {
		old, err := storedTemplate(ctx, tx, id)
		if err != nil {
			return BadgeTemplate{}, err
		}
		return s.replace(ctx, tx, a, old, t, data, "template.update")
	})
}

func (s *Templates) replace(ctx context.Context, tx Tx, a Actor, old StoredTemplate, t *badge.Template, data []byte, action string) (BadgeTemplate, error) {
	now := s.now()
	st := old
	st.Name, st.JSON, st.UpdatedAt = t.Name, data, now
	if err := tx.Templates().Update(ctx, st); err != nil {
		if errors.Is(err, ErrDuplicate) {
			return BadgeTemplate{}, &TemplateExistsError{Name: st.Name}
		}
		return BadgeTemplate{}, err
	}
	if err := record(ctx, tx, a, now, change{action: action, entity: "template", entityID: st.ID,
		details: st.Name, before: auditTemplate(old.JSON), after: auditTemplate(data)}); err != nil {
		return BadgeTemplate{}, err
	}
	return BadgeTemplate{ID: st.ID, Name: st.Name, Template: t, IsDefault: st.IsDefault, UpdatedAt: now}, nil
}

// Delete removes a template no pending request uses (a *TemplateInUseError
// otherwise); answered requests that named it keep no template. When the
// default goes, the first remaining template by name becomes the default.
func (s *Templates) Delete(ctx context.Context, a Actor, id int64) error {
	return s.update(ctx, a, PermManageTemplates, func(tx Tx) error {
		old, err := storedTemplate(ctx, tx, id)
		if err != nil {
			return err
		}
		uses, err := tx.Templates().Requests(ctx, id)
		if err != nil {
			return err
		}
		if n := uses[RequestPending]; n > 0 {
			return &TemplateInUseError{ID: id, Name: old.Name, Requests: n}
		}
		if err := tx.Templates().Delete(ctx, id); err != nil {
			return err
		}
		now := s.now()
		if err := record(ctx, tx, a, now, change{action: "template.delete", entity: "template", entityID: id,
			details: old.Name, before: auditTemplate(old.JSON)}); err != nil {
			return err
		}
		if !old.IsDefault {
			return nil
		}
		rest, err := tx.Templates().List(ctx)
		if err != nil || len(rest) == 0 {
			return err
		}
		if err := tx.Templates().SetDefault(ctx, rest[0].ID); err != nil {
			return err
		}
		return record(ctx, tx, a, now, change{action: "template.default", entity: "template", entityID: rest[0].ID,
			details: rest[0].Name})
	})
}

// Import reads a template file and stores the template in it under the
// file's name. A template with the same name is replaced only when replace
// is set (a *TemplateExistsError otherwise). A bad file is a *badge.Error
// listing every problem, and nothing is stored.
func (s *Templates) Import(ctx context.Context, a Actor, file string, data []byte, replace bool) (BadgeTemplate, error) {
	// Checked before the file is read too: a non-administrator hears that,
	// not what is wrong with the file.
	if err := a.require(PermManageTemplates); err != nil {
		return BadgeTemplate{}, err
	}
	parsed, err := badge.Parse(file, data)
	if err != nil {
		return BadgeTemplate{}, err
	}
	return s.save(ctx, a, parsed, func(tx Tx, t *badge.Template, norm []byte) (BadgeTemplate, error) {
		old, err := tx.Templates().ByName(ctx, t.Name)
		switch {
		case errors.Is(err, ErrNotFound):
			return s.create(ctx, tx, a, t, norm, "template.import")
		case err != nil:
			return BadgeTemplate{}, err
		case !replace:
			return BadgeTemplate{}, &TemplateExistsError{Name: old.Name}
		}
		return s.replace(ctx, tx, a, old, t, norm, "template.import")
	})
}

// Export is the template file of template id.
func (s *Templates) Export(ctx context.Context, a Actor, id int64) ([]byte, error) {
	bt, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return bt.Template.JSON()
}

// SetDefault makes template id the station's default: the one requests
// without a template of their own are printed with.
func (s *Templates) SetDefault(ctx context.Context, a Actor, id int64) error {
	return s.update(ctx, a, PermManageTemplates, func(tx Tx) error {
		st, err := storedTemplate(ctx, tx, id)
		if err != nil {
			return err
		}
		if st.IsDefault {
			return nil
		}
		if err := tx.Templates().SetDefault(ctx, id); err != nil {
			return err
		}
		return record(ctx, tx, a, s.now(), change{action: "template.default", entity: "template", entityID: id,
			details: st.Name})
	})
}

// Default returns the station's default template, ErrNotFound when it has none.
func (s *Templates) Default(ctx context.Context, a Actor) (BadgeTemplate, error) {
	var bt BadgeTemplate
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		st, err := tx.Templates().Default(ctx)
		if err != nil {
			return err
		}
		bt, err = decodeTemplate(st)
		return err
	})
	return bt, err
}

// checkTemplate holds t to badge's rules and returns the template as it
// is stored (its name trimmed) and its template file. t is not changed.
func checkTemplate(t *badge.Template) (*badge.Template, []byte, error) {
	if t == nil {
		return nil, nil, &badge.Error{Problems: []badge.Problem{{Key: "format", Msg: "no template"}}}
	}
	c := *t
	c.Name = strings.TrimSpace(c.Name)
	if err := c.Check(); err != nil {
		return nil, nil, err
	}
	data, err := c.JSON()
	return &c, data, err
}

// auditTemplate is what the audit log keeps of a template file: all of it
// but embedded images, which it names by size and digest, so a designer
// saving often does not copy its logos into every event.
func auditTemplate(data []byte) any {
	var t badge.Template
	if err := json.Unmarshal(data, &t); err != nil {
		return nil
	}
	sides := []*badge.Side{&t.Front}
	if t.Back != nil {
		back := *t.Back
		t.Back = &back
		sides = append(sides, t.Back)
	}
	for _, side := range sides {
		side.Elements = slices.Clone(side.Elements)
		for i, el := range side.Elements {
			if el.PNGBase64 != "" {
				sum := sha256.Sum256([]byte(el.PNGBase64))
				side.Elements[i].PNGBase64 = fmt.Sprintf("(%d characters, sha256 %x)", len(el.PNGBase64), sum[:8])
			}
		}
	}
	return t
}

func templateByID(ctx context.Context, tx Tx, id int64) (BadgeTemplate, error) {
	st, err := storedTemplate(ctx, tx, id)
	if err != nil {
		return BadgeTemplate{}, err
	}
	return decodeTemplate(st)
}

// storedTemplate is template id as stored; an unknown id is an
// *UnknownTemplateError.
func storedTemplate(ctx context.Context, tx Tx, id int64) (StoredTemplate, error) {
	st, err := tx.Templates().ByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return StoredTemplate{}, &UnknownTemplateError{ID: id}
	}
	return st, err
}

// decodeTemplate reads a stored template. Stored files were checked when
// they were written, so they are read as they are.
func decodeTemplate(st StoredTemplate) (BadgeTemplate, error) {
	t := new(badge.Template)
	if err := json.Unmarshal(st.JSON, t); err != nil {
		return BadgeTemplate{}, fmt.Errorf("badge template %d: %w", st.ID, err)
	}
	return BadgeTemplate{ID: st.ID, Name: st.Name, Template: t, IsDefault: st.IsDefault, UpdatedAt: st.UpdatedAt}, nil
}
