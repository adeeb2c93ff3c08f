package audit

import (
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"  ", time.Time{}, true},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.Local), true},
		{" 2026-03-01 ", time.Date(2026, 3, 1, 0, 0, 0, 0, time.Local), true},
		{"2026-13-01", time.Time{}, false},
		{"01-03-2026", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tc := range cases {
		got, ok := parseDay(tc.in)
		if ok != tc.ok || (ok && !got.Equal(tc.want)) {
			t.Errorf("parseDay(%q) = %v, %v", tc.in, got, ok)
		}
	}
}
