//go:build ignore

// testsummary reads `go test -json` on stdin and prints what plain `go test`
// would print: package result lines, plus the full output of failing tests
// (and of tests still running when a package died, e.g. on a panic or a
// timeout). Output of passing tests is left out. Lines that are not JSON
// (go command errors, downloads) are passed through unchanged.
//
// At the end it lists the failures and prints one closing line:
//
//	summary: N passed, N failed, N skipped
//
// counting tests and subtests; a package that failed without a failing test
// (build error, panic outside a test, TestMain exit) counts as one failure.
// It always exits 0: the caller takes the verdict from go test's exit code.
//
// Usage: go test -json ./... 2>&1 | go run scripts/testsummary.go [COUNTS_FILE]
//
// With COUNTS_FILE it writes "PASSED FAILED SKIPPED" there instead of printing
// the closing line, for a caller that prints its own.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
}

type testKey struct{ pkg, test string }

type summary struct {
	out io.Writer

	passed, failed, skipped int

	// Output of tests that have not finished yet, in arrival order.
	buf   map[testKey]*strings.Builder
	order map[string][]string // per package: tests in buf, in start order

	failedTests  map[string]int // per package
	failures     []string       // "pkg TestName" or "pkg (reason)"
	buildPrinted map[string]bool
}

func newSummary(out io.Writer) *summary {
	return &summary{
		out:          out,
		buf:          map[testKey]*strings.Builder{},
		order:        map[string][]string{},
		failedTests:  map[string]int{},
		buildPrinted: map[string]bool{},
	}
}

// noise is verbose-mode bookkeeping that plain go test output does not show.
func noise(line string) bool {
	t := strings.TrimLeft(line, " ")
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

func (s *summary) flushTest(k testKey) {
	if b, ok := s.buf[k]; ok {
		io.WriteString(s.out, b.String())
	}
	s.dropTest(k)
}

func (s *summary) dropTest(k testKey) {
	delete(s.buf, k)
	tests := s.order[k.pkg]
	for i, t := range tests {
		if t == k.test {
			s.order[k.pkg] = append(tests[:i:i], tests[i+1:]...)
			break
		}
	}
}

func (s *summary) handle(e event) {
	switch e.Action {
	case "build-output":
		io.WriteString(s.out, e.Output)
		return
	case "build-fail":
		return // the package's own fail event follows
	}

	if e.Test != "" {
		k := testKey{e.Package, e.Test}
		switch e.Action {
		case "run":
			if _, ok := s.buf[k]; !ok {
				s.buf[k] = &strings.Builder{}
				s.order[e.Package] = append(s.order[e.Package], e.Test)
			}
		case "output":
			if noise(e.Output) {
				return
			}
			b, ok := s.buf[k]
			if !ok {
				b = &strings.Builder{}
				s.buf[k] = b
				s.order[e.Package] = append(s.order[e.Package], e.Test)
			}
			b.WriteString(e.Output)
		case "pass":
			s.passed++
			s.dropTest(k)
		case "skip":
			s.skipped++
			s.dropTest(k)
		case "fail":
			s.failed++
			s.failedTests[e.Package]++
			s.failures = append(s.failures, e.Package+" "+e.Test)
			s.flushTest(k)
		}
		return
	}

	switch e.Action {
	case "output":
		if e.Output == "PASS\n" || noise(e.Output) {
			return
		}
		io.WriteString(s.out, e.Output)
	case "fail":
		// Tests still open when the package failed were cut off by a panic,
		// a timeout or os.Exit: show what they printed.
		for _, t := range append([]string(nil), s.order[e.Package]...) {
			s.flushTest(testKey{e.Package, t})
		}
		if s.failedTests[e.Package] == 0 {
			s.failed++
			reason := "package failed outside any test"
			if e.FailedBuild != "" {
				reason = "build failed"
			}
			s.failures = append(s.failures, e.Package+" ("+reason+")")
		}
	case "pass", "skip":
		for _, t := range append([]string(nil), s.order[e.Package]...) {
			s.dropTest(testKey{e.Package, t})
		}
	}
}

func (s *summary) finish(closingLine bool) {
	if len(s.failures) > 0 {
		fmt.Fprintf(s.out, "\nFailures (%d):\n", len(s.failures))
		for _, f := range s.failures {
			fmt.Fprintf(s.out, "    %s\n", f)
		}
	}
	if closingLine {
		fmt.Fprintf(s.out, "summary: %d passed, %d failed, %d skipped\n", s.passed, s.failed, s.skipped)
	}
}

func main() {
	s := newSummary(os.Stdout)
	r := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := r.ReadString('\n')
		if line != "" {
			var e event
			if strings.HasPrefix(line, "{") && json.Unmarshal([]byte(line), &e) == nil && e.Action != "" {
				s.handle(e)
			} else {
				io.WriteString(os.Stdout, line)
			}
		}
		if err != nil {
			break
		}
	}
	s.finish(len(os.Args) == 1)
	if len(os.Args) > 1 {
		counts := fmt.Sprintf("%d %d %d\n", s.passed, s.failed, s.skipped)
		if err := os.WriteFile(os.Args[1], []byte(counts), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "testsummary:", err)
		}
	}
}
