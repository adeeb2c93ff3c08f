package main

import "testing"

func TestWrapWords(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"short", 10, "short"},
		{"one two three four", 9, "one two\nthree\nfour"},
		{"head:\n/a/very/long/path/that/does/not/fit is bad", 12, "head:\n/a/very/long/path/that/does/not/fit\nis bad"},
	}
	for _, tc := range tests {
		if got := wrapWords(tc.in, tc.width); got != tc.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
