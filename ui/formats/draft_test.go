package formats

import (
	"reflect"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/ui/internal/uitest"
)

// h10301Input is the standard 26-bit format as typed into the editor.
func h10301Input() formInput {
	return formInput{id: "std26", name: "Standard 26", length: "26",
		fields: []fieldInput{{name: "facility", mask: "1-8"}, {name: "card", mask: "9-24"}},
		parity: []parityInput{{position: "0", mask: "1-12"}, {odd: true, position: "25", mask: "13-24"}},
	}
}

func TestReadDraftPlacesEachProblemAtItsInput(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(in *formInput)
		at    spot   // where the message must be
		want  string // part of it
		never string // a follow-on complaint that must not appear anywhere
	}{
		{"valid", func(*formInput) {}, "", "", ""},
		{"bad id", func(in *formInput) { in.id = "Std 26" }, spotID, "use 1–32", ""},
		{"empty name", func(in *formInput) { in.name = " " }, spotName, "required", ""},
		{"length not a number", func(in *formInput) { in.length = "26b" }, spotLength, "number of bits", "a Wiegand format"},
		{"length too short", func(in *formInput) { in.length = "4" }, spotLength, "8–512", ""},
		{"mask unreadable", func(in *formInput) { in.fields[1].mask = "9-x" }, fieldSpot(1), "Mask 9-x", "unaccounted"},
		{"mask empty", func(in *formInput) { in.fields[1].mask = "" }, fieldSpot(1), "Enter the bit positions", "mask is empty"},
		{"mask past the length", func(in *formInput) { in.fields[1].mask = "9-30" }, fieldSpot(1), "outside 0-25", ""},
		{"fields overlap", func(in *formInput) { in.fields[1].mask = "8-24" }, fieldSpot(1), "already used by field \"facility\"", ""},
		{"field without a name", func(in *formInput) { in.fields[0].name = "" }, fieldSpot(0), "needs a name", ""},
		{"fixed not a number", func(in *formInput) { in.fields[0].fixed = "five" }, fieldSpot(0), "whole number", ""},
		{"fixed too big", func(in *formInput) { in.fields[0].fixed = "256" }, fieldSpot(0), "does not fit", ""},
		{"parity bit unreadable", func(in *formInput) { in.parity[0].position = "x" }, paritySpot(0), "position of the parity bit", "outside"},
		{"parity covers itself", func(in *formInput) { in.parity[0].mask = "0-12" }, paritySpot(0), "covers its own parity bit", ""},
		{"parity covers a later check", func(in *formInput) { in.parity[0].mask = "1-12,25" }, paritySpot(0), "computed later", ""},
		{"unused overlaps", func(in *formInput) { in.unused = "3" }, spotUnused, "already used", ""},
		{"unused unreadable", func(in *formInput) { in.unused = "3-" }, spotUnused, "Mask 3-", ""},
		{"bit left over", func(in *formInput) { in.fields[1].mask = "9-23" }, spotGeneral, "Bit 24 belongs to no field", ""},
		{"bits left over", func(in *formInput) { in.fields[1].mask = "9-22" }, spotGeneral, "Bits 23–24 belong to no field", ""},
		{"no fields", func(in *formInput) { in.fields = nil; in.parity = nil; in.unused = "0-25" }, spotFields, "at least one field", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := h10301Input()
			tc.edit(&in)
			d := readDraft(in)
			if tc.at == "" {
				if !d.valid() {
					t.Fatalf("problems in a valid format: %v", d.messages)
				}
				return
			}
			if got := strings.Join(d.messages[tc.at], "\n"); !strings.Contains(got, tc.want) {
				t.Errorf("messages at %s = %q, want %q; all: %v", tc.at, got, tc.want, d.messages)
			}
			for at, msgs := range d.messages {
				for _, m := range msgs {
					if tc.never != "" && strings.Contains(m, tc.never) {
						t.Errorf("follow-on message at %s: %q", at, m)
					}
				}
			}
			if d.problems == 0 || d.valid() {
				t.Error("an invalid format counts as valid")
			}
		})
	}
}

func TestReadDraftNamesTheFieldByNumberWhileItHasNoName(t *testing.T) {
	in := h10301Input()
	in.fields = append(in.fields, fieldInput{mask: "3"})
	d := readDraft(in)
	got := strings.Join(d.messages[fieldSpot(2)], "\n")
	if !uitest.Contains(got, "needs a name", "already used") {
		t.Errorf("messages of the unnamed third field: %q (all %v)", got, d.messages)
	}
}

func TestInputOfRoundTrips(t *testing.T) {
	want := acme()
	d := readDraft(inputOf(want))
	if !d.valid() {
		t.Fatalf("problems: %v", d.messages)
	}
	if !reflect.DeepEqual(inputOf(d.format), inputOf(want)) {
		t.Errorf("round trip changed the format:\n%+v\n%+v", inputOf(d.format), inputOf(want))
	}
	if *d.format.Fields[0].Fixed != 5 {
		t.Errorf("fixed value lost: %v", d.format.Fields[0].Fixed)
	}
}
