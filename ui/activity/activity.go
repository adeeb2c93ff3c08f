//go:build !wasm && !js && !android && !ios && !test_web_driver

// Package activity reports every input of a window of Fyne's desktop
// driver: key presses, typed characters, mouse buttons, scrolling and
// mouse moves, whichever widget, dialog or menu they end up in. The desk
// lock uses it to tell an idle desk from a busy one.
//
// Fyne hands each event to a single widget (the focused one for keys, the
// one under the pointer for the mouse) and offers no hook for the rest:
// the canvas's key handlers run only when no widget has the focus, and a
// container around the content never sees what its children take. The one
// place every event passes is the GLFW window under the Fyne window, where
// the driver installs its callbacks. Watch puts a callback in front of
// each of the driver's, and calls the driver's right after, so Fyne sees
// the same events as before.
package activity

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// Watch calls touch for every input event of win, on the UI goroutine
// (the driver's own). win must be shown: the driver makes its GLFW window
// then. Call Watch on the UI goroutine, once per window.
func Watch(win fyne.Window, touch func()) error {
	gw, err := glfwWindow(win)
	if err != nil {
		return err
	}
	var key glfw.KeyCallback
	key = gw.SetKeyCallback(func(w *glfw.Window, k glfw.Key, code int, a glfw.Action, m glfw.ModifierKey) {
		touch()
		if key != nil {
			key(w, k, code, a, m)
		}
	})
	var char glfw.CharCallback
	char = gw.SetCharCallback(func(w *glfw.Window, r rune) {
		touch()
		if char != nil {
			char(w, r)
		}
	})
	var button glfw.MouseButtonCallback
	button = gw.SetMouseButtonCallback(func(w *glfw.Window, b glfw.MouseButton, a glfw.Action, m glfw.ModifierKey) {
		touch()
		if button != nil {
			button(w, b, a, m)
		}
	})
	var scroll glfw.ScrollCallback
	scroll = gw.SetScrollCallback(func(w *glfw.Window, x, y float64) {
		touch()
		if scroll != nil {
			scroll(w, x, y)
		}
	})
	var move glfw.CursorPosCallback
	move = gw.SetCursorPosCallback(func(w *glfw.Window, x, y float64) {
		touch()
		if move != nil {
			move(w, x, y)
		}
	})
	return nil
}

var glfwWindowType = reflect.TypeOf((*glfw.Window)(nil))

// glfwWindow is the GLFW window of a Fyne desktop window. Fyne keeps it
// in an unexported field ("viewport", Fyne v2.7); when a Fyne upgrade
// moves it, Watch says so instead of guessing.
func glfwWindow(win fyne.Window) (*glfw.Window, error) {
	v := reflect.ValueOf(win)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("%T is not a window of Fyne's desktop driver", win)
	}
	f := v.Elem().FieldByName("viewport")
	if !f.IsValid() || f.Type() != glfwWindowType {
		return nil, fmt.Errorf("%T has no GLFW window where Fyne v2.7 keeps it", win)
	}
	gw := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(*glfw.Window)
	if gw == nil {
		return nil, errors.New("the window has no GLFW window yet: show it first")
	}
	return gw, nil
}
