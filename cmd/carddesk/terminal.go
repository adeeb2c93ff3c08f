package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"
)

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// terminalPassword asks on the terminal without echo, or is nil when stdin
// is not a terminal (scripts must use the environment variables).
func terminalPassword(ctx context.Context, in, prompt *os.File) func(string) (string, error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		return nil
	}
	return func(text string) (string, error) {
		state, err := term.GetState(fd)
		if err != nil {
			return "", err
		}
		fmt.Fprint(prompt, text)
		type answer struct {
			pw  []byte
			err error
		}
		got := make(chan answer, 1)
		go func() {
			pw, err := term.ReadPassword(fd)
			got <- answer{pw, err}
		}()
		select {
		case a := <-got:
			fmt.Fprintln(prompt)
			return string(a.pw), a.err
		case <-ctx.Done():
			// Ctrl+C while echo is off: put the terminal back before leaving.
			_ = term.Restore(fd, state)
			fmt.Fprintln(prompt)
			return "", errors.New("cancelled")
		}
	}
}
