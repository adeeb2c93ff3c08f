//go:build !windows

package winprint

import (
	"errors"
	"testing"

	"github.com/carddesk/carddesk/badge"
)

func TestNotWindows(t *testing.T) {
	if _, err := List(); !errors.Is(err, ErrNotWindows) {
		t.Errorf("List: %v, want ErrNotWindows", err)
	}
	tpl := template(t, "landscape", blackRect, "")
	if _, err := Print("Card printer", "badge", tpl, []badge.Badge{{}}, Options{}); !errors.Is(err, ErrNotWindows) {
		t.Errorf("Print: %v, want ErrNotWindows", err)
	}
}
