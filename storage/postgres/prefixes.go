package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// prefixLen is how many letters of each word the prefix tables hold
// (carddesk_prefixes in migrations/0010_search_prefixes.sql).
const prefixLen = 3

// sparse is the estimated number of matches up to which a search finds
// them all through the GIN index and sorts them, rather than walking the
// prefix entries of its rarest word in list order. Both cost about 2 µs a
// row (a match sorted, an entry passed and its row's words tested), but
// the walk stops at a full page, and only when matches are spread evenly
// does it stop early; at 100,000 cardholders 3,000 kept the slow tail
// (search and count over 10 ms) smallest of 1,000, 3,000 and 6,000.
const sparse = 3_000

// term is one word a search looks for, as the indexes hold it, and the
// number of rows with a word starting with its first prefixLen letters.
type term struct {
	word string
	n    int64
}

// prefixPlan is what the prefix counters say about a search: its words
// and the rows there are at all (of the status asked for).
type prefixPlan struct {
	terms []term
	total int64
}

// planSearch reads the counters of list ("cardholders" or "requests" in
// search_prefix_counts) for the words of text, split and normalized as the
// search words are (carddesk_search_words), so each is a word of the
// tsquery carddesk_search_query makes of the same text. An empty status is
// every status.
func planSearch(ctx context.Context, q conn, list, text, status string) (prefixPlan, error) {
	rows, err := q.QueryContext(ctx, `SELECT w, coalesce((SELECT sum(k.n) FROM search_prefix_counts k
		WHERE k.list = ? AND k.prefix = left(w, `+fmt.Sprint(prefixLen)+`) AND (?::text = '' OR k.status = ?::text)), 0)
		FROM unnest(array_prepend('', tsvector_to_array(carddesk_search_words(?::text)))) AS w`, list, status, status, text)
	if err != nil {
		return prefixPlan{}, fmt.Errorf("reading the search counters: %w", err)
	}
	defer rows.Close()
	var p prefixPlan
	for rows.Next() {
		var t term
		if err := rows.Scan(&t.word, &t.n); err != nil {
			return prefixPlan{}, fmt.Errorf("reading the search counters: %w", err)
		}
		if t.word == "" {
			p.total = t.n
		} else {
			p.terms = append(p.terms, t)
		}
	}
	if err := rows.Err(); err != nil {
		return prefixPlan{}, fmt.Errorf("reading the search counters: %w", err)
	}
	return p, nil
}

// short is the prefix to read when the search is one word no longer than
// the prefixes held: its entries are exactly its matches.
func (p prefixPlan) short() (string, bool) {
	if len(p.terms) == 1 && utf8.RuneCountInString(p.terms[0].word) <= prefixLen {
		return p.terms[0].word, true
	}
	return "", false
}

// mayBeShort reports whether text can be one word of up to prefixLen
// letters, which the prefix counters answer (plan.short says whether it
// is): longer text need not read the counters for that.
func mayBeShort(text string) bool {
	return utf8.RuneCountInString(strings.TrimSpace(text)) <= prefixLen
}

// drive is the prefix with the fewest entries: the shortest walk.
func (p prefixPlan) drive() term {
	best := p.terms[0]
	for _, t := range p.terms[1:] {
		if t.n < best.n {
			best = t
		}
	}
	r := []rune(best.word)
	best.word = string(r[:min(len(r), prefixLen)])
	return best
}

// estimate guesses the matches of every word at once, as if the words
// occurred independently of each other. It can only be too high for the
// words longer than the prefixes, which makes the walk look better than
// it is: the walk is bounded by drive().n, the sort is not.
func (p prefixPlan) estimate() float64 {
	if p.total == 0 {
		return 0
	}
	e := float64(p.total)
	for _, t := range p.terms {
		e *= float64(t.n) / float64(p.total)
	}
	return e
}
