package sqlite

import (
	"bytes"
	"database/sql"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// nocaseLess orders two names as the list does: last name, then first
// name, each compared as SQLite's NOCASE collation compares (ASCII folded to
// lower case, then bytes).
func nocaseLess(last1, first1, last2, first2 string) bool {
	if c := bytes.Compare(nocaseFold(last1), nocaseFold(last2)); c != 0 {
		return c < 0
	}
	return bytes.Compare(nocaseFold(first1), nocaseFold(first2)) < 0
}

// nocaseFold folds byte by byte: names need not be valid UTF-8.
func nocaseFold(s string) []byte {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// randomName draws from what names are made of, and what sorts near them:
// both cases, separators, digits, multi-byte letters, control bytes and
// the bytes around 'z'.
func randomName(rng *rand.Rand) string {
	parts := []string{"a", "A", "b", "e", "E", "n", "r", "v", "z", "Z", "van ", "de ", "der ", "den ",
		" ", "'", "-", ".", "0", "9", "é", "Ö", "ö", "Ł", "ß", "世", "\x01", "{", "~", "\u007f", "ee", "ea"}
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

// The bucket never contradicts the list order, as SQLite sorts the list,
// and SQL's carddesk_list_key is listKey.
func TestListKeyFollowsTheListOrder(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE n (id INTEGER PRIMARY KEY, last TEXT COLLATE NOCASE, first TEXT COLLATE NOCASE)`); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		if _, err := db.Exec("INSERT INTO n (last, first) VALUES (?, ?)", randomName(rng), randomName(rng)); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Query("SELECT id, last, first, carddesk_list_key(last, first, id) FROM n ORDER BY last, first, id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var prevLast, prevFirst string
	var prevBucket int64 = -1
	distinct := map[int64]bool{}
	for rows.Next() {
		var id, key int64
		var last, first string
		if err := rows.Scan(&id, &last, &first, &key); err != nil {
			t.Fatal(err)
		}
		want, err := listKey(last, first, id)
		if err != nil || key != want {
			t.Fatalf("carddesk_list_key(%q, %q, %d) = %d, listKey %d (%v)", last, first, id, key, want, err)
		}
		if key&listIDMask != id {
			t.Fatalf("key %d does not hold id %d", key, id)
		}
		if b := key >> listIDBits; b < prevBucket {
			t.Fatalf("(%q, %q) sorts after (%q, %q) but has a lower bucket", last, first, prevLast, prevFirst)
		} else {
			prevBucket = b
		}
		if prevLast != "" && nocaseLess(last, first, prevLast, prevFirst) {
			t.Fatalf("nocaseLess disagrees with SQLite: (%q, %q) sorted after (%q, %q)", last, first, prevLast, prevFirst)
		}
		prevLast, prevFirst = last, first
		distinct[prevBucket] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Buckets that tell names apart, or the index would be sorted by nothing.
	if len(distinct) < 10000 {
		t.Errorf("20,000 random names in only %d buckets", len(distinct))
	}
}

// Dutch surnames share long beginnings; the bucket still tells them apart.
func TestListBucketSeparatesCommonSurnames(t *testing.T) {
	for _, pair := range [][2]string{{"van den Berg", "van der Heijden"}, {"van der Linden", "van der Meer"}, {"de Jong", "de Jonge"}, {"Jansen", "Janssen"}} {
		if a, b := listBucket(pair[0], "Jan"), listBucket(pair[1], "Jan"); a >= b {
			t.Errorf("%q and %q share bucket %d", pair[0], pair[1], a)
		}
	}
	if listBucket("Jansen", "Anna") >= listBucket("Jansen", "Bram") {
		t.Errorf("first names do not split a surname's bucket")
	}
}

func TestListKeyRefusesIDsItCannotHold(t *testing.T) {
	for _, id := range []int64{0, -1, listIDMask + 1} {
		if _, err := listKey("Jansen", "Jan", id); err == nil {
			t.Errorf("listKey accepted id %d", id)
		}
	}
	for _, id := range []int64{1, listIDMask} {
		if k, err := listKey("Jansen", "Jan", id); err != nil || k&listIDMask != id {
			t.Errorf("listKey(%d) = %d, %v", id, k, err)
		}
	}
	// A cardholder stored behind the repositories' back, with an id the
	// index cannot hold, is refused as a whole, with the reason.
	db := openTemp(t)
	_, err := db.w.ExecContext(t.Context(), `INSERT INTO cardholders (id, first_name, last_name, status, created_at, updated_at)
		VALUES (?, 'Jan', 'Jansen', 'active', 0, 0)`, listIDMask+1)
	if err == nil || !strings.Contains(err.Error(), "outside 1..") {
		t.Errorf("insert with id %d: %v, want the search index's refusal", listIDMask+1, err)
	}
	var n int
	if err := db.r.QueryRowContext(t.Context(), "SELECT count(*) FROM cardholders").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d cardholders stored (%v)", n, err)
	}
}

// A new name moves the cardholder in the index: found by the new name at
// its new place, not by the old one.
func TestRenamedCardholderMovesInTheIndex(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	now := time.Now()
	people := []enroll.Cardholder{
		{FirstName: "Anna", LastName: "Aalders", Department: "Finance", Status: enroll.CardholderActive, CreatedAt: now, UpdatedAt: now},
		{FirstName: "Bram", LastName: "Bakker", Department: "Finance", Status: enroll.CardholderActive, CreatedAt: now, UpdatedAt: now},
		{FirstName: "Cees", LastName: "Claassen", Department: "Finance", Status: enroll.CardholderActive, CreatedAt: now, UpdatedAt: now},
	}
	if err := db.Update(ctx, func(tx enroll.Tx) error { return tx.Cardholders().CreateMany(ctx, people) }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, "UPDATE cardholders SET last_name = 'Zwart' WHERE first_name = 'Anna'"); err != nil {
		t.Fatal(err)
	}
	// The index against its content, read through the view.
	if _, err := db.w.ExecContext(ctx, "INSERT INTO cardholders_fts (cardholders_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("search index integrity check: %v", err)
	}
	for text, want := range map[string][]string{"fin": {"Bakker", "Claassen", "Zwart"}, "aalders": nil, "anna zw": {"Zwart"}} {
		var got []string
		err := db.View(ctx, func(tx enroll.Tx) error {
			cs, err := tx.Cardholders().Search(ctx, enroll.CardholderQuery{Text: text, Limit: 10})
			for _, c := range cs {
				got = append(got, c.LastName)
			}
			return err
		})
		if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("Search(%q) = %v (%v), want %v", text, got, err, want)
		}
	}
}

// FuzzListBucket: whatever the names, one that sorts first never gets the
// higher bucket.
func FuzzListBucket(f *testing.F) {
	f.Add("van der Meer", "Jan", "van der Linden", "Piet")
	f.Add("Ärzt", "", "Ölmez", "")
	f.Add("1z", "a", "2a", "a")
	f.Add("JANSEN", "b", "jansen", "A")
	f.Fuzz(func(t *testing.T, last1, first1, last2, first2 string) {
		if nocaseLess(last2, first2, last1, first1) {
			last1, first1, last2, first2 = last2, first2, last1, first1
		}
		if a, b := listBucket(last1, first1), listBucket(last2, first2); a > b {
			t.Errorf("(%q, %q) sorts first but has bucket %d > %d of (%q, %q)", last1, first1, a, b, last2, first2)
		}
	})
}
