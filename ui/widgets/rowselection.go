package widgets

import "fyne.io/fyne/v2"

// RowKeys is what a selection needs to know about the list it selects in:
// how many rows there are and the id of a row, when its page is loaded.
type RowKeys interface {
	Len() int
	Key(i int) (int64, bool)
}

// RowSelection is a desktop multi-selection over a list: click, Ctrl+click
// toggles, Shift+click selects a range, and the keyboard moves a cursor that
// can extend the range the same way. Rows are kept by id, so the selection
// survives reloads that move rows around; anchor and cursor are row indexes.
// widget.List selects one row only, hence this type.
type RowSelection struct {
	ids    map[int64]bool
	Anchor int // where a Shift range starts; -1 none
	Cursor int // the keyboard's row; -1 none
}

// NewRowSelection is an empty selection.
func NewRowSelection() *RowSelection {
	return &RowSelection{ids: map[int64]bool{}, Anchor: -1, Cursor: -1}
}

// toggles reports whether a click with these modifiers adds or removes one
// row (Ctrl, or Cmd on macOS) rather than starting over.
func toggles(mods fyne.KeyModifier) bool {
	return mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
}

// Click applies a mouse click on row i.
func (s *RowSelection) Click(i int, mods fyne.KeyModifier, rows RowKeys) {
	if i < 0 || i >= rows.Len() {
		return
	}
	shift := mods&fyne.KeyModifierShift != 0
	switch {
	case shift && s.Anchor >= 0:
		s.selectRange(s.Anchor, i, toggles(mods), rows)
	case toggles(mods):
		s.toggle(i, rows)
		s.Anchor = i
	default:
		s.only(i, rows)
		s.Anchor = i
	}
	s.Cursor = i
}

// move is Up (-1) or Down (+1); extend (Shift) grows the range from the
// anchor, keep (Ctrl) moves the cursor only, so Space can pick rows apart.
func (s *RowSelection) Move(delta int, extend, keep bool, rows RowKeys) {
	to := s.Cursor + delta
	if s.Cursor < 0 {
		to = 0
	}
	s.MoveTo(to, extend, keep, rows)
}

// jump moves to the first or last row (Home, End).
func (s *RowSelection) Jump(last, extend bool, rows RowKeys) {
	to := 0
	if last {
		to = rows.Len() - 1
	}
	s.MoveTo(to, extend, false, rows)
}

func (s *RowSelection) MoveTo(to int, extend, keep bool, rows RowKeys) {
	n := rows.Len()
	if n == 0 {
		return
	}
	to = min(max(to, 0), n-1)
	s.Cursor = to
	switch {
	case keep:
	case extend && s.Anchor >= 0:
		s.selectRange(s.Anchor, to, false, rows)
	default:
		s.only(to, rows)
		s.Anchor = to
	}
}

// toggleCursor is Space: the cursor row in or out.
func (s *RowSelection) ToggleCursor(rows RowKeys) {
	if s.Cursor < 0 || s.Cursor >= rows.Len() {
		s.Move(1, false, true, rows)
	}
	if s.Cursor >= 0 {
		s.toggle(s.Cursor, rows)
		s.Anchor = s.Cursor
	}
}

// selectAll takes every row whose id is known.
func (s *RowSelection) SelectAll(rows RowKeys) {
	s.selectRange(0, rows.Len()-1, false, rows)
}

// set replaces the selection with these ids (Ctrl+A over rows not loaded yet).
func (s *RowSelection) Set(ids []int64) {
	clear(s.ids)
	for _, id := range ids {
		s.ids[id] = true
	}
}

func (s *RowSelection) Clear() {
	clear(s.ids)
	s.Anchor, s.Cursor = -1, -1
}

func (s *RowSelection) Has(id int64) bool { return s.ids[id] }

// IDs are the selected ids, in no particular order.
func (s *RowSelection) IDs() []int64 {
	out := make([]int64, 0, len(s.ids))
	for id := range s.ids {
		out = append(out, id)
	}
	return out
}
func (s *RowSelection) Count() int { return len(s.ids) }

// retain drops the ids keep refuses (requests answered elsewhere) and pulls
// anchor and cursor back into a list that became shorter.
func (s *RowSelection) Retain(keep func(int64) bool, n int) {
	for id := range s.ids {
		if !keep(id) {
			delete(s.ids, id)
		}
	}
	if s.Cursor >= n {
		s.Cursor = n - 1
	}
	if s.Anchor >= n {
		s.Anchor = n - 1
	}
}

func (s *RowSelection) only(i int, rows RowKeys) {
	clear(s.ids)
	if id, ok := rows.Key(i); ok {
		s.ids[id] = true
	}
}

func (s *RowSelection) toggle(i int, rows RowKeys) {
	if id, ok := rows.Key(i); ok {
		if s.ids[id] {
			delete(s.ids, id)
		} else {
			s.ids[id] = true
		}
	}
}

// selectRange selects rows a..b (either order); add keeps what was selected.
func (s *RowSelection) selectRange(a, b int, add bool, rows RowKeys) {
	if !add {
		clear(s.ids)
	}
	for i := min(a, b); i <= max(a, b); i++ {
		if id, ok := rows.Key(i); ok {
			s.ids[id] = true
		}
	}
}
