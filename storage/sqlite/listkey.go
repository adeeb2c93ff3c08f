package sqlite

import (
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"
)

// The cardholder search index (cardholders_fts, migration 0014) numbers its
// rows in nearly the order of the list instead of by cardholder id: the key
// is a bucket of the name above the id. FTS5 hands out its matches in key
// order, so the first page of a search is among the first matches it
// finds, whatever share of the rows match; only the matches in the buckets
// at the page's edges are sorted.
//
// The bucket codes the name the way the list sorts it (last name, then
// first name, as SQLite's NOCASE collation compares them: ASCII folded to
// lower case, then byte by byte) into listBucketBits bits, order-preserving
// like arithmetic coding: each byte narrows an interval in proportion to how
// often it occurs in names, so common letters cost few bits and "van der "
// leaves room to tell "Meer" from "Linden". A name that sorts before another
// never gets a higher bucket; names that differ only past the precision
// share one.
const (
	listIDBits     = 26 // ids up to 67,108,863
	listIDMask     = 1<<listIDBits - 1
	listBucketBits = 63 - listIDBits
)

// listKeyFunc is the SQL name of listKey, used by the search index's
// triggers and its content view.
const listKeyFunc = "carddesk_list_key"

// The function must exist on every connection before the schema uses it.
// modernc's driver keeps user functions in its own registry, process-wide,
// as database/sql keeps drivers.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction(listKeyFunc, 3, sqlListKey)
}

// sqlListKey is carddesk_list_key(last_name, first_name, id).
func sqlListKey(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	var names [2]string
	for i := range names {
		switch v := args[i].(type) {
		case string:
			names[i] = v
		case []byte:
			names[i] = string(v)
		case nil:
		default:
			return nil, fmt.Errorf("%s: a name is %T, not text", listKeyFunc, v)
		}
	}
	id, ok := args[2].(int64)
	if !ok {
		return nil, fmt.Errorf("%s: id is %T, not an integer", listKeyFunc, args[2])
	}
	return listKey(names[0], names[1], id)
}

// listKey is the search index's key for a cardholder.
func listKey(lastName, firstName string, id int64) (int64, error) {
	if id <= 0 || id > listIDMask {
		return 0, fmt.Errorf("cardholder id %d is outside 1..%d, the ids the search index can hold", id, int64(listIDMask))
	}
	return listBucket(lastName, firstName)<<listIDBits | id, nil
}

// listBucket is the bucket of a name. The end of the last name is coded
// below every byte, as a last name sorts before any longer one that starts
// with it; the end of the first name needs no code, the interval's start
// already lies below all longer names'.
func listBucket(lastName, firstName string) int64 {
	const scale = 62 // the interval lives in [0, 2^62)
	lo, width := uint64(0), uint64(1)<<scale
	code := func(sym int) bool {
		step := width / nameFreqTotal
		if step == 0 {
			return false
		}
		lo += step * nameFreqCum[sym]
		width = step * (nameFreqCum[sym+1] - nameFreqCum[sym])
		return true
	}
	for i := 0; i < len(lastName); i++ {
		if !code(symbol(lastName[i])) {
			return int64(lo >> (scale - listBucketBits))
		}
	}
	if code(endOfName) {
		for i := 0; i < len(firstName); i++ {
			if !code(symbol(firstName[i])) {
				break
			}
		}
	}
	return int64(lo >> (scale - listBucketBits))
}

// The symbols are the 256 bytes, shifted up by one below the end of a last
// name, symbol 0.
const endOfName = 0

func symbol(c byte) int {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return int(c) + 1
}

// nameFreqCum holds the symbols' intervals: symbol s has
// [nameFreqCum[s], nameFreqCum[s+1]) of nameFreqTotal. The weights are
// rough frequencies in Dutch and English names; any other byte weighs 1,
// so every name has a bucket, and only the precision depends on them.
var nameFreqCum, nameFreqTotal = func() ([258]uint64, uint64) {
	weights := map[byte]uint64{
		' ': 300, '\'': 15, '-': 25, '.': 5,
		'e': 450, 'a': 300, 'n': 300, 'r': 250, 'i': 220, 's': 200, 'o': 200, 't': 180,
		'l': 160, 'd': 150, 'h': 130, 'k': 100, 'm': 100, 'g': 90, 'b': 80, 'v': 80,
		'u': 80, 'j': 60, 'w': 60, 'c': 60, 'p': 60, 'f': 40, 'z': 40, 'y': 30, 'x': 8, 'q': 8,
	}
	var cum [258]uint64
	cum[1] = 300 // endOfName, as common as a space
	for c := range 256 {
		w, ok := weights[byte(c)]
		if !ok {
			w = 1
		}
		cum[c+2] = cum[c+1] + w
	}
	return cum, cum[257]
}()
