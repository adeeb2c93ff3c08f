package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// writeMaps writes where a process's resident memory is, from
// /proc/pid/smaps: RSS by mapped file, anonymous mappings together
// ([anon]: the Go heap, SQLite's and Mesa's allocations), the largest first.
func writeMaps(w io.Writer, pid int, step string) error {
	byName, err := residentByMapping(pid)
	if err != nil {
		return err
	}
	type entry struct {
		name string
		kb   int64
	}
	var es []entry
	for n, kb := range byName {
		es = append(es, entry{n, kb})
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(b.kb, a.kb) })
	fmt.Fprintf(w, "resident memory at %s:\n", step)
	for _, e := range es[:min(len(es), 8)] {
		fmt.Fprintf(w, "  %8.1f MB  %s\n", mb(e.kb), e.name)
	}
	return nil
}

// residentByMapping sums a process's resident kB by mapped file, with the
// anonymous mappings under "[anon]".
func residentByMapping(pid int) (map[string]int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byName := map[string]int64{}
	name := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		switch {
		case len(fs) >= 5 && strings.Contains(fs[0], "-") && !strings.HasSuffix(fs[0], ":"):
			name = "[anon]"
			if len(fs) >= 6 {
				name = fs[5]
			}
		case len(fs) >= 2 && fs[0] == "Rss:":
			kb, _ := strconv.ParseInt(fs[1], 10, 64)
			byName[name] += kb
		}
	}
	return byName, sc.Err()
}
