package enroll

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// CSVColumns are the cardholder CSV columns, in the order export writes them.
var CSVColumns = []string{"external_id", "first_name", "last_name", "email", "department", "status"}

// CSVRow is one parsed data row and the line it started on (header = line 1).
type CSVRow struct {
	Cardholder
	Line int
}

// ParseCardholderCSV reads a cardholder CSV (UTF-8, header row, RFC 4180).
// It checks every row and returns all problems at once as *ImportError.
func ParseCardholderCSV(name string, r io.Reader) ([]CSVRow, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, to report the line instead of stopping
	var ie ImportError
	bad := func(line int, format string, args ...any) {
		ie.Problems = append(ie.Problems, LineProblem{File: name, Line: line, Reason: fmt.Sprintf(format, args...)})
	}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		bad(1, "the file is empty; a header row is required (%s)", strings.Join(CSVColumns, ","))
		return nil, &ie
	}
	if err != nil {
		bad(csvErrLine(err, 1), "%s", csvErrReason(err))
		return nil, &ie
	}
	cols, problems := mapHeader(header)
	for _, p := range problems {
		bad(1, "%s", p)
	}
	if len(problems) > 0 {
		return nil, &ie
	}
	var rows []CSVRow
	seen := map[string]int{} // external_id -> first line
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil { // FieldPos is only defined for a record that parsed
			bad(csvErrLine(err, 0), "%s; the rest of the file was not read", csvErrReason(err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			continue // a blank line
		}
		if len(rec) != len(header) {
			ie.Problems = append(ie.Problems, lineProblem(name, line, msg(MsgImportFieldCount, Data{"Got": len(rec), "Want": len(header)})))
			continue
		}
		c := rowCardholder(rec, cols)
		fe := c.normalize()
		for _, f := range fe {
			ie.Problems = append(ie.Problems, LineProblem{File: name, Line: line, Reason: f.Field + ": " + f.Message,
				Field: f.Field, ID: f.ID, Data: f.Data})
		}
		if c.ExternalID != "" {
			if first, dup := seen[c.ExternalID]; dup {
				ie.Problems = append(ie.Problems, lineProblem(name, line, msg(MsgImportDuplicate, Data{"Value": c.ExternalID, "Line": first})))
			} else {
				seen[c.ExternalID] = line
			}
		}
		rows = append(rows, CSVRow{Cardholder: c, Line: line})
	}
	if len(ie.Problems) > 0 {
		return nil, &ie
	}
	return rows, nil
}

// mapHeader returns the column index of each known name.
func mapHeader(header []string) (map[string]int, []string) {
	cols := map[string]int{}
	var problems []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !slices.Contains(CSVColumns, h):
			problems = append(problems, fmt.Sprintf("unknown column %q (column %d); allowed: %s", header[i], i+1, strings.Join(CSVColumns, ",")))
		case hasIndex(cols, h):
			problems = append(problems, fmt.Sprintf("column %q appears twice", h))
		default:
			cols[h] = i
		}
	}
	for _, req := range []string{"first_name", "last_name"} {
		if !hasIndex(cols, req) {
			problems = append(problems, fmt.Sprintf("required column %q is missing", req))
		}
	}
	return cols, problems
}

func hasIndex(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func rowCardholder(rec []string, cols map[string]int) Cardholder {
	get := func(col string) string {
		if i, ok := cols[col]; ok {
			return rec[i]
		}
		return ""
	}
	return Cardholder{
		ExternalID: get("external_id"),
		FirstName:  get("first_name"),
		LastName:   get("last_name"),
		Email:      get("email"),
		Department: get("department"),
		Status:     CardholderStatus(strings.ToLower(strings.TrimSpace(get("status")))),
	}
}

func csvErrLine(err error, fallback int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return pe.Line
	}
	return fallback
}

func csvErrReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "CSV syntax: " + pe.Err.Error()
	}
	return err.Error()
}

type cardholderCSVWriter struct{ w *csv.Writer }

func newCardholderCSVWriter(w io.Writer) *cardholderCSVWriter {
	cw := &cardholderCSVWriter{w: csv.NewWriter(w)}
	_ = cw.w.Write(CSVColumns)
	return cw
}

func (cw *cardholderCSVWriter) write(c Cardholder) error {
	return cw.w.Write([]string{c.ExternalID, c.FirstName, c.LastName, c.Email, c.Department, string(c.Status)})
}

func (cw *cardholderCSVWriter) flush() error {
	cw.w.Flush()
	return cw.w.Error()
}
