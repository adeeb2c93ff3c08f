package main

import (
	"runtime/debug"
	"testing"
)

func TestDesktopGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, tc := range []struct {
		gogc string
		want int
	}{{"", desktopGCPercent}, {"100", 100}, {"off", 100}} {
		debug.SetGCPercent(100)
		desktopGC(func(name string) string {
			if name == "GOGC" {
				return tc.gogc
			}
			return ""
		})
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: the collector runs at %d%%, want %d%%", tc.gogc, got, tc.want)
		}
	}
}
