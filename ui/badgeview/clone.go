package badgeview

import (
	"slices"

	"github.com/carddesk/carddesk/badge"
)

// Clone is a deep copy of t, whose elements can change without changing
// t's: the preview marks a copy, the designer keeps copies to undo to.
func Clone(t *badge.Template) *badge.Template {
	c := *t
	c.Front.Elements = slices.Clone(t.Front.Elements)
	if t.Back != nil {
		b := *t.Back
		b.Elements = slices.Clone(t.Back.Elements)
		c.Back = &b
	}
	return &c
}
