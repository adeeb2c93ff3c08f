package widgets

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestBadgeText(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "1"}, {42, "42"}, {999, "999"}, {1000, "999+"}, {10000, "999+"}} {
		b := NewBadge()
		b.SetCount(tc.n)
		if got := b.Text(); got != tc.want || b.Hidden {
			t.Errorf("count %d: text %q hidden %v", tc.n, got, b.Hidden)
		}
	}
	b := NewBadge()
	b.SetCount(0)
	if !b.Hidden {
		t.Error("a badge of 0 shows")
	}
}
