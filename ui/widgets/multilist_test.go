package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

type numberedRows int

func (n numberedRows) Len() int                { return int(n) }
func (n numberedRows) Key(i int) (int64, bool) { return int64(i + 1), i >= 0 && i < int(n) }

func newTestList(t *testing.T, n int) *MultiList {
	t.Helper()
	test.NewTempApp(t)
	l := NewMultiList(numberedRows(n), func() *fyne.Container { return container.NewStack(widget.NewLabel("row")) },
		func(int, *fyne.Container) {})
	w := test.NewWindow(l)
	w.Resize(fyne.NewSize(300, 400))
	t.Cleanup(w.Close)
	return l
}

// rowWidget is the row widget that shows row i now.
func rowWidget(t *testing.T, l *MultiList, i int) *SelectableRow {
	t.Helper()
	for _, o := range test.LaidOutObjects(l) {
		switch r := o.(type) {
		case *ActivatableRow:
			if r.Index() == i {
				return &r.SelectableRow
			}
		case *SelectableRow:
			if r.Index() == i {
				return r
			}
		}
	}
	t.Fatalf("row %d is not on screen", i)
	return nil
}

func TestDoubleClickSurvivesARefreshBetweenTheClicks(t *testing.T) {
	l := newTestList(t, 5)
	doubles := 0
	l.OnDouble = func() { doubles++ }
	l.Refresh() // rows made from now on take double clicks
	rowWidget(t, l, 2).Tapped(&fyne.PointEvent{})
	l.Refresh() // the list may hand row 2 to another widget
	rowWidget(t, l, 2).Tapped(&fyne.PointEvent{})
	if doubles != 1 {
		t.Fatalf("%d double clicks, want 1", doubles)
	}
	rowWidget(t, l, 3).Tapped(&fyne.PointEvent{})
	rowWidget(t, l, 2).Tapped(&fyne.PointEvent{})
	if doubles != 1 {
		t.Errorf("clicks on two rows made a double click")
	}
}

// A first click whose handling takes longer than the double-click delay
// (a page loading on a busy machine) still pairs with the second click,
// which waited in the event queue meanwhile; a pause after it does not.
func TestDoubleClickCountsFromTheHandledClick(t *testing.T) {
	l := newTestList(t, 5)
	doubles := 0
	l.OnDouble = func() { doubles++ }
	delay := fyne.CurrentApp().Driver().DoubleTapDelay()
	slow := true
	l.OnChange = func() {
		if slow {
			time.Sleep(delay + 50*time.Millisecond)
		}
	}
	l.Refresh()
	rowWidget(t, l, 2).Tapped(&fyne.PointEvent{})
	slow = false
	rowWidget(t, l, 2).Tapped(&fyne.PointEvent{})
	if doubles != 1 {
		t.Fatalf("%d double clicks after a slow first click, want 1", doubles)
	}
	rowWidget(t, l, 4).Tapped(&fyne.PointEvent{})
	time.Sleep(delay + 50*time.Millisecond)
	rowWidget(t, l, 4).Tapped(&fyne.PointEvent{})
	if doubles != 1 {
		t.Errorf("two clicks further apart than the delay made a double click")
	}
}

func TestPageDownMovesAScreenful(t *testing.T) {
	l := newTestList(t, 40)
	l.PageRows = 10
	l.keyPressed(fyne.KeyDown, 0)
	l.keyPressed(fyne.KeyPageDown, 0)
	if l.Sel.Cursor != 10 || !l.Sel.Has(11) || l.Sel.Count() != 1 {
		t.Fatalf("after Down, Page Down: cursor %d, %d selected", l.Sel.Cursor, l.Sel.Count())
	}
	l.keyPressed(fyne.KeyPageDown, fyne.KeyModifierShift)
	if l.Sel.Count() != 11 {
		t.Errorf("Shift+Page Down selected %d rows, want 11", l.Sel.Count())
	}
	l.keyPressed(fyne.KeyPageUp, 0)
	l.keyPressed(fyne.KeyPageUp, 0)
	if l.Sel.Cursor != 0 {
		t.Errorf("Page Up past the top: cursor %d", l.Sel.Cursor)
	}
}

func TestMenuActsOnTheSelection(t *testing.T) {
	l := newTestList(t, 5)
	menus := 0
	l.OnMenu = func(int, fyne.Position) { menus++ }
	l.Clicked(0, 0)
	l.Clicked(1, fyne.KeyModifierShift)
	rowWidget(t, l, 1).TappedSecondary(&fyne.PointEvent{})
	if menus != 1 || l.Sel.Count() != 2 {
		t.Fatalf("a menu on a selected row: %d menus, %d selected; want 1 and the 2 kept", menus, l.Sel.Count())
	}
	rowWidget(t, l, 4).TappedSecondary(&fyne.PointEvent{})
	if l.Sel.Count() != 1 || !l.Sel.Has(5) {
		t.Errorf("a menu on another row should select it alone; %d selected", l.Sel.Count())
	}
}
