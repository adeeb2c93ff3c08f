package uitest

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Ctrl is Ctrl (Cmd on macOS) with a key, as the desktop driver reports it.
func Ctrl(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// Shortcut delivers a shortcut the way the desktop driver does: the
// window's main menu first, then the focused widget, then the window.
func Shortcut(win fyne.Window, sc fyne.Shortcut) {
	if menu := win.MainMenu(); menu != nil {
		for _, m := range menu.Items {
			if triggerMenu(m.Items, sc) {
				return
			}
		}
	}
	if f, ok := win.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	win.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
}

// triggerMenu is the glfw driver's search: an item's own shortcut before
// its submenu, and a disabled item's action runs all the same.
func triggerMenu(items []*fyne.MenuItem, sc fyne.Shortcut) bool {
	for _, it := range items {
		if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
			it.Action()
			return true
		}
		if it.ChildMenu != nil && triggerMenu(it.ChildMenu.Items, sc) {
			return true
		}
	}
	return false
}

// Key sends a key to whatever has the keyboard focus.
func Key(t testing.TB, win fyne.Window, name fyne.KeyName) {
	t.Helper()
	focused := win.Canvas().Focused()
	if focused == nil {
		t.Fatalf("key %s: nothing has the keyboard focus", name)
	}
	focused.TypedKey(&fyne.KeyEvent{Name: name})
}

// TypeInto replaces an entry's text: clear it, then type.
func TypeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	e.SetText("")
	test.Type(e, text)
}

// Texts joins the text of every visible label and rich text under o.
func Texts(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if !x.Visible() {
			continue
		}
		switch x := x.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		}
	}
	return strings.Join(out, "|")
}

// TopDialogTexts is what the newest dialog on the window says.
func TopDialogTexts(win fyne.Window) string {
	top := win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return Texts(top)
}
