package crashtest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// scenario is one command killed again and again, each time on a fresh
// copy of the same station.
type scenario struct {
	name string
	// seed+i seeds iteration i's kill point, so a failure names the seed
	// that replays it.
	seed uint64
	// iterations, and how many of them run under -short.
	iterations, short int
	base              *station
	args              []string
	// prepare, if set, readies a copy before its command runs (a
	// simulator that must start afresh, say).
	prepare func(s *station)
	// check looks at a copy after its command was killed (or finished,
	// k.finished), finishes or repeats the interrupted work as a desk
	// would, and names the state the kill left: "change present", say.
	// The summary counts outcomes by what comes before " (", so details
	// in parentheses show in the iteration's line only.
	check func(t *testing.T, s *station, k killed) string
	// whole is how check names what a run that is not killed leaves.
	whole string
}

// run measures one run that is not killed, then kills iteration after
// iteration at a point drawn uniformly from [0, that run's duration], and
// logs each kill point and outcome and a summary. Every other iteration
// kills at a point drawn from the part after the sign-in instead, counted
// from the moment this process logs it: signing in (hashing the password)
// takes most of a short command's time and varies with the machine's
// load, and the change is made after it.
func (sc scenario) run(t *testing.T) {
	t.Helper()
	ref := sc.copy(t)
	r := ref.run(sc.args...)
	if r.code != 0 {
		t.Fatalf("%s: the unkilled run: exit %d\n%s", sc.name, r.code, r.stderr)
	}
	want := sc.check(t, ref, killed{finished: true, phase: "not killed"})
	if !strings.HasPrefix(want, sc.whole) {
		t.Fatalf("%s: the unkilled run left %q, want %q", sc.name, want, sc.whole)
	}
	os.RemoveAll(ref.dir)
	t.Logf("scenario %s: one unkilled run of carddesk %s takes %v (signed in after %v); it leaves %q",
		sc.name, sc.describeArgs(), r.took.Round(time.Millisecond), r.signedIn.Round(time.Millisecond), want)

	n := sc.iterations
	if testing.Short() {
		n = sc.short
	}
	outcomes, phases := map[string]int{}, map[string]int{}
	var first, last time.Duration = r.took, 0
	var firstAfter, lastAfter time.Duration = r.took, 0
	finished := 0
	// current names the iteration being checked, so that a check that
	// stops the test still leaves its seed and kill point in the output.
	current := ""
	defer func() {
		if current != "" && t.Failed() {
			t.Logf("scenario %s FAILED at %s", sc.name, current)
		}
	}()
	for i := range n {
		seed := sc.seed + uint64(i)
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		at := killPoint{delay: time.Duration(rng.Int64N(int64(r.took) + 1))}
		if i%2 == 1 && r.signedIn > 0 {
			at = killPoint{delay: time.Duration(rng.Int64N(int64(r.took-min(r.signedIn, r.took)) + 1)), afterSignIn: true}
		}
		s := sc.copy(t)
		k := s.runKilled(at, sc.args...)
		current = fmt.Sprintf("seed=%#x, %s", seed, k)
		outcome := sc.check(t, s, k)
		current = ""
		os.RemoveAll(s.dir)
		t.Logf("scenario %s seed=%#x %s: %s", sc.name, seed, k, outcome)
		outcomes[strings.SplitN(outcome, " (", 2)[0]]++
		phases[k.phase]++
		if !at.afterSignIn {
			first, last = min(first, at.delay), max(last, at.delay)
		} else {
			firstAfter, lastAfter = min(firstAfter, at.delay), max(lastAfter, at.delay)
		}
		if k.finished {
			finished++
		}
		if t.Failed() {
			t.Fatalf("scenario %s: iteration %d (seed=%#x) failed; stopping here", sc.name, i, seed)
		}
	}
	t.Logf("SUMMARY %s: %d iterations, seeds %#x..%#x, kills %v..%v after the start and %v..%v after the sign-in (%d finished first); outcomes: %s; phases at the kill: %s",
		sc.name, n, sc.seed, sc.seed+uint64(n)-1, first.Round(time.Millisecond), last.Round(time.Millisecond),
		firstAfter.Round(time.Millisecond), lastAfter.Round(time.Millisecond), finished, tallyString(outcomes), tallyString(phases))
}

// copy is a fresh copy of the base station for t, made ready.
func (sc scenario) copy(t *testing.T) *station {
	t.Helper()
	s := sc.base.clone(t)
	if sc.prepare != nil {
		sc.prepare(s)
	}
	return s
}

func (sc scenario) describeArgs() string {
	var b strings.Builder
	for i, a := range sc.args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if len(a) > 40 { // a file name in a temp folder says nothing
			a = "…" + a[len(a)-20:]
		}
		b.WriteString(a)
	}
	if b.Len() > 120 {
		return b.String()[:120] + "…"
	}
	return b.String()
}

// tallyString prints counts as "present 7 / absent 5", largest first.
func tallyString(m map[string]int) string {
	keys := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(keys, func(a, b string) int { return m[b] - m[a] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, " / ")
}
