package main

import (
	"os"
	"testing"
)

// The report's "without the file" column rests on finding the program's
// own file among its mappings.
func TestReadMemoryFindsTheProgramFile(t *testing.T) {
	m, err := readMemory(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.code <= 0 || m.code > m.rss || m.rss <= 0 || m.pss <= 0 {
		t.Fatalf("memory = %+v: want the program file's resident kB within RSS", m)
	}
}
