package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

// ftsQuery turns what the operator typed into an FTS5 query in which every
// word must match the start of some word of the cardholder: `jan ber` becomes
// `"jan"* AND "ber"*`. Each word is quoted (quotes doubled) so FTS5 syntax
// characters are searched for, not interpreted. Words without a letter or
// digit cannot match a token and are dropped; "" means no text filter.
func ftsQuery(text string) string {
	var terms []string
	for _, w := range strings.Fields(text) {
		if !strings.ContainsFunc(w, isTokenChar) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
	}
	return strings.Join(terms, " AND ")
}

// isTokenChar follows the unicode61 tokenizer: letters and numbers make up
// tokens, everything else separates them.
func isTokenChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

func (r cardholders) Search(ctx context.Context, q enroll.CardholderQuery) ([]enroll.Cardholder, error) {
	match := ftsQuery(q.Text)
	w := allMatches()
	if match != "" && q.Limit > 0 {
		var err error
		if w, err = r.window(ctx, q, match); err != nil {
			return nil, fmt.Errorf("searching cardholders: %w", err)
		}
		if w.empty {
			return nil, nil
		}
	}
	return r.page(ctx, q, match, w)
}

// window is the part of the search index, in keys, that holds a page's
// matches, and how many matches come before it.
type window struct {
	lo, hi int64 // keys lo <= k < hi
	before int
	empty  bool // the page is past the last match
}

// allMatches is the window of the whole index.
func allMatches() window { return window{lo: 0, hi: math.MaxInt64} }

// window finds the buckets a page's matches are in (listkey.go). Matches
// in lower buckets come before all of them in the list, and those in
// higher buckets after; within a bucket only sorting tells. So the page's
// first match is in the bucket of the (offset+1)th match in key order or
// in a later one, and its last in the bucket of the (offset+limit)th or in
// an earlier one.
func (r cardholders) window(ctx context.Context, q enroll.CardholderQuery, match string) (window, error) {
	w := allMatches()
	last, found, err := r.nthMatch(ctx, q, match, q.Offset+q.Limit)
	if err != nil {
		return w, err
	}
	if b := last >> listIDBits; found && b+1 < 1<<listBucketBits {
		w.hi = (b + 1) << listIDBits
	}
	if q.Offset == 0 {
		return w, nil
	}
	first, found, err := r.nthMatch(ctx, q, match, q.Offset+1)
	if err != nil || !found {
		return window{empty: true}, err
	}
	w.lo = first >> listIDBits << listIDBits
	from, f := matchesFrom(q, match)
	f.Add("f.rowid < ?", w.lo)
	err = r.q.QueryRowContext(ctx, "SELECT count(*)"+from+f.Where(), f.Args...).Scan(&w.before)
	return w, err
}

// nthMatch is the key of the nth match of q in key order.
func (r cardholders) nthMatch(ctx context.Context, q enroll.CardholderQuery, match string, n int) (int64, bool, error) {
	from, f := matchesFrom(q, match)
	var key int64
	err := r.q.QueryRowContext(ctx, "SELECT f.rowid"+from+f.Where()+" ORDER BY f.rowid LIMIT 1 OFFSET ?",
		append(f.Args, n-1)...).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return key, err == nil, err
}

// matchesFrom is the FROM clause and filter of q's matches: the search
// index f, in key order, and the cardholder c of each. CROSS JOIN keeps
// the index first, so its order holds and each match costs one lookup.
func matchesFrom(q enroll.CardholderQuery, match string) (string, *filter) {
	f := &filter{}
	f.Add("f.cardholders_fts MATCH ?", match)
	if q.Status != "" {
		f.Add("c.status = ?", q.Status)
	}
	return fmt.Sprintf(" FROM cardholders_fts f CROSS JOIN cardholders c ON c.id = f.rowid & %d", listIDMask), f
}

// page fetches q's page from the matches in w, or from all cardholders
// when match is "".
func (r cardholders) page(ctx context.Context, q enroll.CardholderQuery, match string, w window) ([]enroll.Cardholder, error) {
	from, f := " FROM cardholders c", &filter{}
	if match != "" {
		from, f = matchesFrom(q, match)
		f.Add("f.rowid >= ? AND f.rowid < ?", w.lo, w.hi)
	} else if q.Status != "" {
		f.Add("c.status = ?", q.Status)
	}
	// The page's ids are chosen first (MATERIALIZED keeps SQLite from
	// merging the two steps), so the card and request lookups run for the
	// rows of the page only, not for every match a sort goes through.
	rows, err := r.q.QueryContext(ctx, "WITH p AS MATERIALIZED (SELECT c.id"+from+f.Where()+
		" ORDER BY c.last_name, c.first_name, c.id"+page(q.Limit, q.Offset-w.before)+")"+
		" SELECT "+cardholderListCols+", c.thumbnail, "+cardSummaryCols+
		" FROM p CROSS JOIN cardholders c ON c.id = p.id"+cardSummaryJoin+
		" ORDER BY c.last_name, c.first_name, c.id", f.Args...)
	if err != nil {
		return nil, fmt.Errorf("searching cardholders: %w", err)
	}
	return collect(rows, sqlvalue.ScanListedCardholder, "searching cardholders")
}

// cardSummaryCols and cardSummaryJoin add enroll.CardSummary to a list of
// cardholders c: the card to show (k: active before inactive, newest
// first) and the counts, each an index probe per row (credentials_cardholder,
// card_requests_cardholder).
const cardSummaryCols = `k.id, k.format, k.fields, k.status,
	(SELECT count(*) FROM credentials h WHERE h.cardholder_id = c.id AND h.status IN ('active', 'inactive')),
	(SELECT count(*) FROM card_requests r WHERE r.cardholder_id = c.id AND r.status = 'pending')`

const cardSummaryJoin = `
	LEFT JOIN credentials k ON k.id = (SELECT h.id FROM credentials h
		WHERE h.cardholder_id = c.id AND h.status IN ('active', 'inactive')
		ORDER BY h.status = 'active' DESC, h.id DESC LIMIT 1)`

func (r cardholders) Count(ctx context.Context, q enroll.CardholderQuery) (int, error) {
	match := ftsQuery(q.Text)
	var query string
	var args []any
	switch {
	case match != "":
		// Without a status the index alone counts: it has one entry per
		// cardholder.
		from, f := " FROM cardholders_fts f", &filter{}
		f.Add("f.cardholders_fts MATCH ?", match)
		if q.Status != "" {
			from, f = matchesFrom(q, match)
		}
		query, args = "SELECT count(*)"+from+f.Where(), f.Args
	case q.Status != "":
		query, args = "SELECT count(*) FROM cardholders WHERE status = ?", []any{q.Status}
	default:
		query = "SELECT count(*) FROM cardholders"
	}
	var n int
	if err := r.q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting cardholders: %w", err)
	}
	return n, nil
}

// Position counts the entries of the name index before c's, the order
// Search lists in; no cardholder row is read.
func (r cardholders) Position(ctx context.Context, c enroll.Cardholder) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM cardholders INDEXED BY cardholders_name
		WHERE (last_name, first_name, id) < (?, ?, ?)`, c.LastName, c.FirstName, c.ID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("finding cardholder %d in the list: %w", c.ID, err)
	}
	return n, nil
}
