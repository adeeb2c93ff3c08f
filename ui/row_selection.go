package ui

import "fyne.io/fyne/v2"

// rowKeys is what a selection needs to know about the list it selects in:
// how many rows there are and the id of a row, when its page is loaded.
type rowKeys interface {
	len() int
	key(i int) (int64, bool)
}

// rowSelection is a desktop multi-selection over a list: click, Ctrl+click
// toggles, Shift+click selects a range, and the keyboard moves a cursor that
// can extend the range the same way. Rows are kept by id, so the selection
// survives reloads that move rows around; anchor and cursor are row indexes.
// widget.List selects one row only, hence this type.
type rowSelection struct {
	ids    map[int64]bool
	anchor int // where a Shift range starts; -1 none
	cursor int // the keyboard's row; -1 none
}

func newRowSelection() *rowSelection {
	return &rowSelection{ids: map[int64]bool{}, anchor: -1, cursor: -1}
}

// toggles reports whether a click with these modifiers adds or removes one
// row (Ctrl, or Cmd on macOS) rather than starting over.
func toggles(mods fyne.KeyModifier) bool {
	return mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
}

// click applies a mouse click on row i.
func (s *rowSelection) click(i int, mods fyne.KeyModifier, rows rowKeys) {
	if i < 0 || i >= rows.len() {
		return
	}
	shift := mods&fyne.KeyModifierShift != 0
	switch {
	case shift && s.anchor >= 0:
		s.selectRange(s.anchor, i, toggles(mods), rows)
	case toggles(mods):
		s.toggle(i, rows)
		s.anchor = i
	default:
		s.only(i, rows)
		s.anchor = i
	}
	s.cursor = i
}

// move is Up (-1) or Down (+1); extend (Shift) grows the range from the
// anchor, keep (Ctrl) moves the cursor only, so Space can pick rows apart.
func (s *rowSelection) move(delta int, extend, keep bool, rows rowKeys) {
	to := s.cursor + delta
	if s.cursor < 0 {
		to = 0
	}
	s.moveTo(to, extend, keep, rows)
}

// jump moves to the first or last row (Home, End).
func (s *rowSelection) jump(last, extend bool, rows rowKeys) {
	to := 0
	if last {
		to = rows.len() - 1
	}
	s.moveTo(to, extend, false, rows)
}

func (s *rowSelection) moveTo(to int, extend, keep bool, rows rowKeys) {
	n := rows.len()
	if n == 0 {
		return
	}
	to = min(max(to, 0), n-1)
	s.cursor = to
	switch {
	case keep:
	case extend && s.anchor >= 0:
		s.selectRange(s.anchor, to, false, rows)
	default:
		s.only(to, rows)
		s.anchor = to
	}
}

// toggleCursor is Space: the cursor row in or out.
func (s *rowSelection) toggleCursor(rows rowKeys) {
	if s.cursor < 0 || s.cursor >= rows.len() {
		s.move(1, false, true, rows)
	}
	if s.cursor >= 0 {
		s.toggle(s.cursor, rows)
		s.anchor = s.cursor
	}
}

// selectAll takes every row whose id is known.
func (s *rowSelection) selectAll(rows rowKeys) {
	s.selectRange(0, rows.len()-1, false, rows)
}

// set replaces the selection with these ids (Ctrl+A over rows not loaded yet).
func (s *rowSelection) set(ids []int64) {
	clear(s.ids)
	for _, id := range ids {
		s.ids[id] = true
	}
}

func (s *rowSelection) clear() {
	clear(s.ids)
	s.anchor, s.cursor = -1, -1
}

func (s *rowSelection) has(id int64) bool { return s.ids[id] }
func (s *rowSelection) count() int        { return len(s.ids) }

// retain drops the ids keep refuses (requests answered elsewhere) and pulls
// anchor and cursor back into a list that became shorter.
func (s *rowSelection) retain(keep func(int64) bool, n int) {
	for id := range s.ids {
		if !keep(id) {
			delete(s.ids, id)
		}
	}
	if s.cursor >= n {
		s.cursor = n - 1
	}
	if s.anchor >= n {
		s.anchor = n - 1
	}
}

func (s *rowSelection) only(i int, rows rowKeys) {
	clear(s.ids)
	if id, ok := rows.key(i); ok {
		s.ids[id] = true
	}
}

func (s *rowSelection) toggle(i int, rows rowKeys) {
	if id, ok := rows.key(i); ok {
		if s.ids[id] {
			delete(s.ids, id)
		} else {
			s.ids[id] = true
		}
	}
}

// selectRange selects rows a..b (either order); add keeps what was selected.
func (s *rowSelection) selectRange(a, b int, add bool, rows rowKeys) {
	if !add {
		clear(s.ids)
	}
	for i := min(a, b); i <= max(a, b); i++ {
		if id, ok := rows.key(i); ok {
			s.ids[id] = true
		}
	}
}
