package main

import "testing"

func TestParseGeometry(t *testing.T) {
	for _, tc := range []struct {
		out  string
		w, h int
		ok   bool
	}{
		{"WINDOW=4194311\nX=340\nY=150\nWIDTH=1240\nHEIGHT=780\nSCREEN=0\n", 1240, 780, true},
		{"WINDOW=1\nWIDTH=12a\nHEIGHT=780\n", 0, 0, false},
		{"WINDOW=1\n", 0, 0, false},
		{"", 0, 0, false},
	} {
		w, h, err := parseGeometry(tc.out)
		if (err == nil) != tc.ok || w != tc.w || h != tc.h {
			t.Errorf("%q: %dx%d, %v; want %dx%d, ok %v", tc.out, w, h, err, tc.w, tc.h, tc.ok)
		}
	}
}
