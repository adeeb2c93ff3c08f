package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/internal/sqlvalue"
)

// broadMatch is the number of text matches above which Search walks the name
// index in list order and keeps the rows that match, instead of fetching and
// sorting every match. Measured at 100,000 cardholders with thumbnails: a
// first letter matches ~20,000 rows and sorting them took 35-45 ms, walking
// the index 4-6 ms; with under ~1,000 matches sorting wins, as walking may
// pass the whole index before it finds enough.
const broadMatch = 2000

type searchPlan int

const (
	planAuto searchPlan = iota // choose by the number of matches
	planSort                   // fetch every match, then sort
	planWalk                   // walk the list order, keep the matches
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
	return r.search(ctx, q, planAuto)
}

func (r cardholders) search(ctx context.Context, q enroll.CardholderQuery, plan searchPlan) ([]enroll.Cardholder, error) {
	match := ftsQuery(q.Text)
	f := &filter{}
	from := " FROM cardholders c"
	if match != "" {
		if plan == planAuto {
			n, err := r.countMatchesUpTo(ctx, match, broadMatch+1)
			if err != nil {
				return nil, fmt.Errorf("searching cardholders: %w", err)
			}
			plan = planSort
			if n > broadMatch {
				plan = planWalk
			}
		}
		if plan == planWalk {
			// INDEXED BY because the planner cannot know how many rows match;
			// left alone it always sorts.
			from += " INDEXED BY cardholders_name"
			f.Add("c.id IN (SELECT rowid FROM cardholders_fts WHERE cardholders_fts MATCH ?)", match)
		} else {
			from = " FROM cardholders_fts JOIN cardholders c ON c.id = cardholders_fts.rowid"
			f.Add("cardholders_fts MATCH ?", match)
		}
	}
	if q.Status != "" {
		f.Add("c.status = ?", q.Status)
	}
	// The page's ids are chosen first (MATERIALIZED keeps SQLite from
	// merging the two steps), so the card and request lookups run for the
	// rows of the page only, not for every match a sort goes through.
	rows, err := r.q.QueryContext(ctx, "WITH p AS MATERIALIZED (SELECT c.id"+from+f.Where()+
		" ORDER BY c.last_name, c.first_name, c.id"+page(q.Limit, q.Offset)+")"+
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
	case match != "" && q.Status == "":
		n, err := r.countMatches(ctx, match)
		if err != nil {
			return 0, fmt.Errorf("counting cardholders: %w", err)
		}
		return n, nil
	case match != "":
		query = `SELECT count(*) FROM cardholders_fts JOIN cardholders c ON c.id = cardholders_fts.rowid
			WHERE cardholders_fts MATCH ? AND c.status = ?`
		args = []any{match, q.Status}
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

// countMatches counts in the search index alone, which has exactly one entry
// per cardholder, so no cardholder row is read.
func (r cardholders) countMatches(ctx context.Context, match string) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, "SELECT count(*) FROM cardholders_fts WHERE cardholders_fts MATCH ?", match).Scan(&n)
	return n, err
}

// countMatchesUpTo stops counting at limit: choosing a plan only needs to
// know whether a query is broad, and a full count of a one-letter prefix
// costs as much as the search itself.
func (r cardholders) countMatchesUpTo(ctx context.Context, match string, limit int) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM cardholders_fts
		WHERE cardholders_fts MATCH ? LIMIT ?)`, match, limit).Scan(&n)
	return n, err
}
