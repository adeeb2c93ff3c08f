package dbcopy

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// kind is what a column holds, as far as a copy must convert it: SQLite
// keeps flags as 0/1 INTEGERs and JSON as TEXT where PostgreSQL has BOOLEAN
// and JSONB (storage/postgres/doc.go lists the mapping).
type kind int

const (
	kindInteger kind = iota
	kindBoolean
	kindReal
	kindText
	kindJSON
	kindBlob
)

func (k kind) String() string {
	return [...]string{"integer", "boolean", "real", "text", "json", "blob"}[k]
}

// column is one column of a table on both sides.
type column struct {
	name     string
	from, to kind
}

// convert turns a value as the source's driver returned it into what the
// target's column takes. NULL stays NULL.
func convert(v any, c column) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.to {
	case kindInteger:
		switch v := v.(type) {
		case int64:
			return v, nil
		case bool:
			if v {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case kindBoolean:
		switch v := v.(type) {
		case bool:
			return v, nil
		case int64:
			if v == 0 || v == 1 {
				return v == 1, nil
			}
			return nil, fmt.Errorf("%d is no flag (0 or 1)", v)
		}
	case kindReal:
		switch v := v.(type) {
		case float64:
			return v, nil
		case int64:
			return float64(v), nil
		}
	case kindText, kindJSON:
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case []byte: // PostgreSQL's driver returns JSONB as bytes
			s = string(v)
		default:
			return nil, fmt.Errorf("%T is not text", v)
		}
		if c.from == kindJSON && c.to == kindText {
			return canonicalJSON(s), nil
		}
		return s, nil
	case kindBlob:
		switch v := v.(type) {
		case []byte:
			return v, nil
		case string:
			return []byte(v), nil
		}
	}
	return nil, fmt.Errorf("a %T cannot go into a %s column", v, c.to)
}

// canonicalJSON writes a JSON object the way the SQLite store does
// (encoding/json of a map: keys sorted, no spaces). JSONB keeps neither the
// key order nor the spacing of what was stored, and without this a desk
// moved to PostgreSQL and back would hold the same field maps in other
// bytes. Anything that is not an object is only compacted.
func canonicalJSON(s string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err == nil && m != nil {
		if b, err := json.Marshal(m); err == nil {
			return string(b)
		}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}

// size is what a value costs in memory while a batch waits to be sent.
func size(v any) int {
	switch v := v.(type) {
	case []byte:
		return len(v)
	case string:
		return len(v)
	}
	return 8
}
