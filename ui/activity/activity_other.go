//go:build wasm || js || android || ios || test_web_driver

package activity

import (
	"errors"

	"fyne.io/fyne/v2"
)

// Watch needs the desktop driver's GLFW window; other drivers have none.
func Watch(fyne.Window, func()) error {
	return errors.New("no input hook for this driver")
}
