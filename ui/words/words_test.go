package words

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/cardformat"
	"github.com/carddesk/carddesk/enroll"
)

func TestExplain(t *testing.T) {
	soon := time.Now().Add(10 * time.Minute)
	cases := []struct {
		err  error
		want string
	}{
		{enroll.ErrSignIn, "Wrong user name or password."},
		{fmt.Errorf("wrapped: %w", enroll.ErrSignIn), "Wrong user name or password."},
		{&enroll.LockedError{Until: soon}, soon.Local().Format("15:04")},
		{&enroll.PermissionError{Actor: "olga", Permission: enroll.PermManageSettings}, "Only administrators may change settings."},
		{&enroll.PermissionError{Actor: "olga", Permission: enroll.PermImportExport}, "Your account may not import or export cardholders."},
		{&enroll.ValidationError{Fields: []enroll.FieldError{{Field: "name", Message: "is required"}}}, "Name: is required"},
		{&enroll.ValidationError{Fields: []enroll.FieldError{{Field: "name", ID: enroll.MsgRequired, Message: "Required"}}}, "Name is required"},
		{&enroll.ImportError{Problems: []enroll.LineProblem{{File: "a.csv", Line: 3, Reason: "bad e-mail"}}}, "a.csv:3: bad e-mail"},
		{enroll.ErrNotFound, "no longer exists"},
		{enroll.ErrStale, "Refresh and try again."},
		{enroll.ErrCardholderInactive, "The cardholder is inactive."},
		{&enroll.ConflictError{By: "bert", Status: enroll.RequestDenied, At: time.Now()}, "bert already denied this request"},
		{&cardformat.RangeError{Field: "card", Value: "70000", Min: cardformat.ValueOf(0), Max: cardformat.ValueOf(65535)},
			"Card number: 70000 is out of range 0–65535"},
		{&cardformat.BitsSyntaxError{Pos: 3, Char: 'x'}, "x at position 3 is not 0 or 1"},
		{context.Canceled, "Cancelled."},
		{context.DeadlineExceeded, "did not answer in time"},
		{errors.New("disk full"), "Something went wrong: disk full"},
	}
	if _, err := enroll.MakeThumbnail([]byte("not an image")); err != nil {
		cases = append(cases, struct {
			err  error
			want string
		}{err, "not a PNG, JPEG or GIF image"})
	}
	for _, tc := range cases {
		if got := Explain(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("Explain(%v) = %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
	if Explain(nil) != "" {
		t.Error("Explain(nil) is not empty")
	}
}

func TestCredentialNumberPutsFacilityFirst(t *testing.T) {
	cases := []struct {
		fields map[string]string
		want   string
	}{
		{map[string]string{"card": "3456", "facility": "12"}, "Facility code 12 · Card number 3456"},
		{map[string]string{"csn": "04a1b2c3"}, "04A1B2C3"},
		{map[string]string{"b": "2", "a": "1", "facility": "7"}, "Facility code 7 · a 1 · b 2"},
		{nil, ""},
	}
	for _, tc := range cases {
		if got := CredentialNumber(tc.fields); got != tc.want {
			t.Errorf("CredentialNumber(%v) = %q", tc.fields, got)
		}
	}
}
