package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// The goals.
const (
	goalStartRatio = 1.2
	goalMemoryMB   = 40
)

func (r results) print(w io.Writer, o options, x *xserver) {
	fmt.Fprintf(w, "\nCardDesk against a bare Fyne window: real GL windows on Xvfb %s (Mesa), %d cardholders,\n", x.display, o.cardholders)
	fmt.Fprintf(w, "10,000 pending requests, %d launches each (after one warm-up), median (min–max).\n\n", len(r.bare))
	durs := func(ls []launch, f func(launch) time.Duration) []time.Duration {
		out := make([]time.Duration, len(ls))
		for i, l := range ls {
			out[i] = f(l)
		}
		return out
	}
	bare := durs(r.bare, func(l launch) time.Duration { return l.start })
	desk := durs(r.desk, func(l launch) time.Duration { return l.start })
	fmt.Fprintln(w, "Start: process start → window mapped")
	fmt.Fprintf(w, "  %-34s %s\n", "bare Fyne window", spread(bare))
	ratio := float64(median(desk)) / float64(median(bare))
	fmt.Fprintf(w, "  %-34s %s   %.2fx the bare window (goal at most %.1fx)\n", "CardDesk sign-in window", spread(desk), ratio, goalStartRatio)
	fmt.Fprintln(w, "\nSign-in: Return typed → …")
	fmt.Fprintf(w, "  %-34s %s\n", "password checked (argon2id)", spread(durs(r.desk, func(l launch) time.Duration { return l.password })))
	fmt.Fprintf(w, "  %-34s %s\n", "window at the main window's size", spread(durs(r.desk, func(l launch) time.Duration { return l.mainSized })))
	fmt.Fprintf(w, "  %-34s %s\n", "first page of requests in the list", spread(durs(r.desk, func(l launch) time.Duration { return l.firstPage })))

	fmt.Fprintln(w, "\nResident memory, median of RSS and PSS; CardDesk's RSS against a bare window of the same size,")
	fmt.Fprintln(w, "in all and without each program's own file (its code and read-only data, resident as it runs)")
	type yardstick struct{ rss, code int64 }
	printBare := func(name string, ls []launch) yardstick {
		y := yardstick{medianKB(ls, 0, func(m memory) int64 { return m.rss }), medianKB(ls, 0, func(m memory) int64 { return m.code })}
		fmt.Fprintf(w, "  %-40s RSS %6.1f MB  PSS %6.1f MB  (its file %.1f MB)\n", name, mb(y.rss),
			mb(medianKB(ls, 0, func(m memory) int64 { return m.pss })), mb(y.code))
		return y
	}
	small := printBare(fmt.Sprintf("bare Fyne window, %dx%d", signInW, signInH), r.bare)
	big := printBare(fmt.Sprintf("bare Fyne window, %dx%d", r.desk[0].mainW, r.desk[0].mainH), r.bareMain)
	steps := append(append([]string{"CardDesk sign-in window"}, sections...), fmt.Sprintf("at rest, %v later without input", o.rest))
	for i, name := range steps {
		if i > 0 {
			name = "+ " + name
		}
		bare := big
		if i == 0 {
			bare = small
		}
		rss := medianKB(r.desk, i, func(m memory) int64 { return m.rss })
		pss := medianKB(r.desk, i, func(m memory) int64 { return m.pss })
		code := medianKB(r.desk, i, func(m memory) int64 { return m.code })
		fmt.Fprintf(w, "  %-40s RSS %6.1f MB  PSS %6.1f MB  %+6.1f MB  %+6.1f MB without the file\n",
			name, mb(rss), mb(pss), mb(rss-bare.rss), mb((rss-code)-(bare.rss-bare.code)))
	}
	fmt.Fprintf(w, "  (goal: at most %d MB above the bare window, in all)\n", goalMemoryMB)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func spread(ds []time.Duration) string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("%5s ms (%s–%s)", ms(median(ds)), ms(slices.Min(ds)), ms(slices.Max(ds)))
}

// medianKB is the median of memory step i over the launches.
func medianKB(ls []launch, i int, f func(memory) int64) int64 {
	var vs []int64
	for _, l := range ls {
		if i < len(l.mem) {
			vs = append(vs, f(l.mem[i]))
		}
	}
	if len(vs) == 0 {
		return 0
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

func mb(kb int64) float64 { return float64(kb) / 1024 }
