//go:build !windows

package main

// attachConsole: elsewhere a program run from a terminal has its standard
// handles, GUI or not.
func attachConsole() {}
