//go:build !wasm && !js && !android && !ios && !test_web_driver

package activity

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// desktopWindow has the GLFW window where Fyne's desktop driver keeps it.
type desktopWindow struct {
	fyne.Window
	//lint:ignore U1000 Watch finds the field by its name, as in Fyne's window.
	viewport *glfw.Window
}

// Without a GLFW window Watch says why instead of hooking nothing
// silently; the desk lock logs it.
func TestWatchNeedsTheDesktopDriversWindow(t *testing.T) {
	a := test.NewTempApp(t)
	tests := []struct {
		name string
		win  fyne.Window
		want string
	}{
		{"test driver", a.NewWindow("t"), "has no GLFW window where Fyne v2.7 keeps it"},
		{"not shown yet", &desktopWindow{Window: a.NewWindow("t")}, "show it first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Watch(tt.win, func() { t.Error("touched") })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
