package widgets

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

func (f fakeRows) Len() int { return f.n }
func (f fakeRows) Key(i int) (int64, bool) {
	if f.missing[i] || i < 0 || i >= f.n {
		return 0, false
	}
	return int64(100 + i), true
}

// selectedRows lists the selected row indexes in order.
func selectedRows(s *RowSelection, rows fakeRows) []int {
	var out []int
	for i := range rows.n {
		if id, ok := rows.Key(i); ok && s.Has(id) {
			out = append(out, i)
		}
	}
	return out
}

func wantRows(t *testing.T, what string, s *RowSelection, rows fakeRows, want ...int) {
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
	s := NewRowSelection()
	s.Click(2, 0, rows)
	wantRows(t, "click", s, rows, 2)
	s.Click(5, shift, rows)
	wantRows(t, "shift-click", s, rows, 2, 3, 4, 5)
	s.Click(0, shift, rows) // the anchor stays at 2: the range flips
	wantRows(t, "shift-click above", s, rows, 0, 1, 2)
	s.Click(6, control, rows)
	wantRows(t, "ctrl-click adds", s, rows, 0, 1, 2, 6)
	s.Click(1, control, rows)
	wantRows(t, "ctrl-click removes", s, rows, 0, 2, 6)
	s.Click(7, ctrlShift, rows) // anchor is 1 now: adds 1..7
	wantRows(t, "ctrl-shift-click adds a range", s, rows, 0, 1, 2, 3, 4, 5, 6, 7)
	s.Click(3, fyne.KeyModifierSuper, rows) // Cmd on macOS
	wantRows(t, "cmd-click removes", s, rows, 0, 1, 2, 4, 5, 6, 7)
	s.Click(4, 0, rows)
	wantRows(t, "plain click starts over", s, rows, 4)
	if s.Count() != 1 || s.Cursor != 4 || s.Anchor != 4 {
		t.Errorf("count %d cursor %d anchor %d", s.Count(), s.Cursor, s.Anchor)
	}
	s.Click(9, 0, rows) // past the end: ignored
	wantRows(t, "click past the end", s, rows, 4)
}

func TestSelectionShiftClickWithoutAnchorSelectsOne(t *testing.T) {
	rows := fakeRows{n: 5}
	s := NewRowSelection()
	s.Click(3, shift, rows)
	wantRows(t, "first click with shift", s, rows, 3)
}

func TestSelectionKeyboard(t *testing.T) {
	rows := fakeRows{n: 6}
	s := NewRowSelection()
	s.Move(1, false, false, rows) // Down with nothing selected: the first row
	wantRows(t, "down", s, rows, 0)
	s.Move(1, false, false, rows)
	wantRows(t, "down again", s, rows, 1)
	s.Move(1, true, false, rows)
	s.Move(1, true, false, rows)
	wantRows(t, "shift-down twice", s, rows, 1, 2, 3)
	s.Move(-1, true, false, rows)
	wantRows(t, "shift-up", s, rows, 1, 2)
	s.Move(1, false, true, rows) // Ctrl+Down: the cursor moves, the selection stays
	s.Move(1, false, true, rows)
	if s.Cursor != 4 {
		t.Errorf("cursor %d after ctrl-down", s.Cursor)
	}
	wantRows(t, "ctrl-down", s, rows, 1, 2)
	s.ToggleCursor(rows)
	wantRows(t, "space", s, rows, 1, 2, 4)
	s.ToggleCursor(rows)
	wantRows(t, "space again", s, rows, 1, 2)
	s.Move(10, false, false, rows) // stops at the last row
	wantRows(t, "down past the end", s, rows, 5)
	s.Jump(false, true, rows) // Shift+Home
	wantRows(t, "shift-home", s, rows, 0, 1, 2, 3, 4, 5)
	s.Jump(true, false, rows)
	wantRows(t, "end", s, rows, 5)
	s.SelectAll(rows)
	if s.Count() != 6 {
		t.Errorf("select all: %d", s.Count())
	}
	s.Clear()
	if s.Count() != 0 || s.Cursor != -1 {
		t.Errorf("clear: count %d cursor %d", s.Count(), s.Cursor)
	}
	s.Move(-1, false, false, fakeRows{})
	if s.Cursor != -1 {
		t.Error("moved in an empty list")
	}
}

func TestSelectionKeepsIDsAndSkipsRowsNotLoaded(t *testing.T) {
	rows := fakeRows{n: 6, missing: map[int]bool{3: true}}
	s := NewRowSelection()
	s.Click(1, 0, rows)
	s.Click(5, shift, rows)
	wantRows(t, "range over a row not loaded", s, rows, 1, 2, 4, 5)
	if s.Count() != 4 {
		t.Errorf("count %d", s.Count())
	}
	// A reload without request 102 (answered elsewhere) and a shorter list.
	s.Retain(func(id int64) bool { return id != 102 }, 3)
	if s.Has(102) || !s.Has(101) || s.Count() != 3 {
		t.Errorf("after retain: %v", s.ids)
	}
	if s.Cursor != 2 || s.Anchor != 1 {
		t.Errorf("cursor %d anchor %d after the list shrank to 3", s.Cursor, s.Anchor)
	}
	s.Set([]int64{100, 104})
	if s.Count() != 2 || !s.Has(104) {
		t.Errorf("set: %v", s.ids)
	}
}
