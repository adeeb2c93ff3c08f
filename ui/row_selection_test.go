package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
)

// fakeRows are n rows with ids 100, 101, ...; rows in missing have no
// page loaded yet.
type fakeRows struct {
	n       int
	missing map[int]bool
}

func (f fakeRows) len() int { return f.n }
func (f fakeRows) key(i int) (int64, bool) {
	if f.missing[i] || i < 0 || i >= f.n {
		return 0, false
	}
	return int64(100 + i), true
}

// selectedRows lists the selected row indexes in order.
func selectedRows(s *rowSelection, rows fakeRows) []int {
	var out []int
	for i := range rows.n {
		if id, ok := rows.key(i); ok && s.has(id) {
			out = append(out, i)
		}
	}
	return out
}

func wantRows(t *testing.T, what string, s *rowSelection, rows fakeRows, want ...int) {
	t.Helper()
	if got := selectedRows(s, rows); !slices.Equal(got, want) {
		t.Errorf("%s: selected %v, want %v", what, got, want)
	}
}

const (
	shift     = fyne.KeyModifierShift
	control   = fyne.KeyModifierControl
	ctrlShift = fyne.KeyModifierControl | fyne.KeyModifierShift
)

func TestSelectionMouse(t *testing.T) {
	rows := fakeRows{n: 8}
	s := newRowSelection()
	s.click(2, 0, rows)
	wantRows(t, "click", s, rows, 2)
	s.click(5, shift, rows)
	wantRows(t, "shift-click", s, rows, 2, 3, 4, 5)
	s.click(0, shift, rows) // the anchor stays at 2: the range flips
	wantRows(t, "shift-click above", s, rows, 0, 1, 2)
	s.click(6, control, rows)
	wantRows(t, "ctrl-click adds", s, rows, 0, 1, 2, 6)
	s.click(1, control, rows)
	wantRows(t, "ctrl-click removes", s, rows, 0, 2, 6)
	s.click(7, ctrlShift, rows) // anchor is 1 now: adds 1..7
	wantRows(t, "ctrl-shift-click adds a range", s, rows, 0, 1, 2, 3, 4, 5, 6, 7)
	s.click(3, fyne.KeyModifierSuper, rows) // Cmd on macOS
	wantRows(t, "cmd-click removes", s, rows, 0, 1, 2, 4, 5, 6, 7)
	s.click(4, 0, rows)
	wantRows(t, "plain click starts over", s, rows, 4)
	if s.count() != 1 || s.cursor != 4 || s.anchor != 4 {
		t.Errorf("count %d cursor %d anchor %d", s.count(), s.cursor, s.anchor)
	}
	s.click(9, 0, rows) // past the end: ignored
	wantRows(t, "click past the end", s, rows, 4)
}

func TestSelectionShiftClickWithoutAnchorSelectsOne(t *testing.T) {
	rows := fakeRows{n: 5}
	s := newRowSelection()
	s.click(3, shift, rows)
	wantRows(t, "first click with shift", s, rows, 3)
}

func TestSelectionKeyboard(t *testing.T) {
	rows := fakeRows{n: 6}
	s := newRowSelection()
	s.move(1, false, false, rows) // Down with nothing selected: the first row
	wantRows(t, "down", s, rows, 0)
	s.move(1, false, false, rows)
	wantRows(t, "down again", s, rows, 1)
	s.move(1, true, false, rows)
	s.move(1, true, false, rows)
	wantRows(t, "shift-down twice", s, rows, 1, 2, 3)
	s.move(-1, true, false, rows)
	wantRows(t, "shift-up", s, rows, 1, 2)
	s.move(1, false, true, rows) // Ctrl+Down: the cursor moves, the selection stays
	s.move(1, false, true, rows)
	if s.cursor != 4 {
		t.Errorf("cursor %d after ctrl-down", s.cursor)
	}
	wantRows(t, "ctrl-down", s, rows, 1, 2)
	s.toggleCursor(rows)
	wantRows(t, "space", s, rows, 1, 2, 4)
	s.toggleCursor(rows)
	wantRows(t, "space again", s, rows, 1, 2)
	s.move(10, false, false, rows) // stops at the last row
	wantRows(t, "down past the end", s, rows, 5)
	s.jump(false, true, rows) // Shift+Home
	wantRows(t, "shift-home", s, rows, 0, 1, 2, 3, 4, 5)
	s.jump(true, false, rows)
	wantRows(t, "end", s, rows, 5)
	s.selectAll(rows)
	if s.count() != 6 {
		t.Errorf("select all: %d", s.count())
	}
	s.clear()
	if s.count() != 0 || s.cursor != -1 {
		t.Errorf("clear: count %d cursor %d", s.count(), s.cursor)
	}
	s.move(-1, false, false, fakeRows{})
	if s.cursor != -1 {
		t.Error("moved in an empty list")
	}
}

func TestSelectionKeepsIDsAndSkipsRowsNotLoaded(t *testing.T) {
	rows := fakeRows{n: 6, missing: map[int]bool{3: true}}
	s := newRowSelection()
	s.click(1, 0, rows)
	s.click(5, shift, rows)
	wantRows(t, "range over a row not loaded", s, rows, 1, 2, 4, 5)
	if s.count() != 4 {
		t.Errorf("count %d", s.count())
	}
	// A reload without request 102 (answered elsewhere) and a shorter list.
	s.retain(func(id int64) bool { return id != 102 }, 3)
	if s.has(102) || !s.has(101) || s.count() != 3 {
		t.Errorf("after retain: %v", s.ids)
	}
	if s.cursor != 2 || s.anchor != 1 {
		t.Errorf("cursor %d anchor %d after the list shrank to 3", s.cursor, s.anchor)
	}
	s.set([]int64{100, 104})
	if s.count() != 2 || !s.has(104) {
		t.Errorf("set: %v", s.ids)
	}
}
