package enroll

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseCardholderCSV(t *testing.T) {
	good := "\ufefffirst_name,last_name,email,department,external_id,status\n" +
		"Anna,de Vries,anna@example.nl,HR,HR-1,active\n" +
		"\"Jan, Jr.\",Bakker,,IT,,INACTIVE\n" +
		"Piet,\"Jansen\",,,,\n"
	rows, err := ParseCardholderCSV("good.csv", strings.NewReader(good))
	if err != nil {
		t.Fatalf("good file refused: %v", err)
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows", len(rows))
	}
	if rows[1].FirstName != "Jan, Jr." || rows[1].Status != CardholderInactive || rows[1].Line != 3 {
		t.Errorf("row 2 = %+v", rows[1])
	}
	if rows[2].Status != CardholderActive || rows[2].Line != 4 {
		t.Errorf("row 3 = %+v (default status active, line 4)", rows[2])
	}
}

func TestParseCardholderCSVReportsEveryBadRow(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // every FILE:LINE: prefix + a fragment of the reason
	}{
		{"empty", "", []string{"f.csv:1: the file is empty"}},
		{"unknown column", "first_name,last_name,phone\n", []string{`f.csv:1: unknown column "phone"`}},
		{"missing required column", "first_name,email\n", []string{`f.csv:1: required column "last_name" is missing`}},
		{"duplicate column", "first_name,last_name,last_name\n", []string{`f.csv:1: column "last_name" appears twice`}},
		{"rows", "first_name,last_name,email,status,external_id\n" +
			"Anna,,anna@example.nl,active,A1\n" + // line 2: no last name
			"Bert,Bos,not-an-email,active,A2\n" + // line 3
			"Cor,Claes,,retired,A3\n" + // line 4
			"Dirk,Dam,,active,A1\n" + // line 5: duplicate external id
			"Eva,Eek\n" + // line 6: field count
			"Fien,Fok,,active,A6\n", // good
			[]string{"f.csv:2: last_name: Required", "f.csv:3: email:", "f.csv:4: status:", `f.csv:5: external_id "A1" is also on line 2`, "f.csv:6: has 2 fields, the header has 5"}},
		{"syntax", "first_name,last_name\nA,\"B\nC,D\n", []string{"f.csv:3: CSV syntax"}},
		{"line numbers after a multi-line field", "first_name,last_name\nA,\"B\nC\"\nD,\n",
			[]string{"f.csv:2: last_name: must be a single line", "f.csv:4: last_name: Required"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := ParseCardholderCSV("f.csv", strings.NewReader(tc.input))
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("want *ImportError, got %v", err)
			}
			if rows != nil {
				t.Fatal("rows returned alongside errors")
			}
			if len(ie.Problems) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ie.Problems), len(tc.want), err)
			}
			for i, w := range tc.want {
				if got := ie.Problems[i].String(); !strings.HasPrefix(got, w) && !strings.Contains(got, w) {
					t.Errorf("problem %d = %q, want %q", i, got, w)
				}
			}
		})
	}
}

func TestCSVExportRoundTrip(t *testing.T) {
	in := []Cardholder{
		{ExternalID: "X1", FirstName: "Zoë", LastName: "O'Neil, \"Jr\"", Email: "z@example.com", Department: "R&D", Status: CardholderActive},
		{FirstName: "Li", LastName: "Wu", Status: CardholderInactive},
	}
	var buf bytes.Buffer
	w := newCardholderCSVWriter(&buf)
	for _, c := range in {
		if err := w.write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := ParseCardholderCSV("x.csv", &buf)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if !reflect.DeepEqual(r.Cardholder, in[i]) {
			t.Errorf("row %d: got %+v want %+v", i, r.Cardholder, in[i])
		}
	}
}

func FuzzParseCardholderCSV(f *testing.F) {
	f.Add("first_name,last_name\nA,B\n")
	f.Add("first_name,last_name,email,status\n\"A\nB\",C,x@y.z,inactive\n")
	f.Add("\xef\xbb\xbfexternal_id,first_name,last_name\n1,a,b\n1,c,d\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ParseCardholderCSV("fuzz.csv", strings.NewReader(s))
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("error is not a non-empty *ImportError: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.FirstName == "" || r.LastName == "" || r.Line < 2 {
				t.Fatalf("accepted invalid row %+v", r)
			}
		}
	})
}
