package main

import (
	"runtime/debug"
	"testing"
)

func TestDesktopGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, tc := range []struct {
		gogc        string
		awake, rest int
	}{
		{"", desktopGCPercent, restGCPercent},
		{"100", 100, 100},
		{"off", 100, 100}, // the runtime read GOGC at start; here it is 100
	} {
		g := newDesktopGC(func(name string) string {
			if name == "GOGC" {
				return tc.gogc
			}
			return ""
		})
		debug.SetGCPercent(100)
		g.wake()
		if got := debug.SetGCPercent(100); got != tc.awake {
			t.Errorf("GOGC=%q, awake: the collector runs at %d%%, want %d%%", tc.gogc, got, tc.awake)
		}
		g.rest()
		if got := debug.SetGCPercent(100); got != tc.rest {
			t.Errorf("GOGC=%q, at rest: the collector runs at %d%%, want %d%%", tc.gogc, got, tc.rest)
		}
	}
}
