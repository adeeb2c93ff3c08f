package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/carddesk/carddesk/enroll"
)

func TestParseDay(t *testing.T) {
	cases := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"", time.Time{}, false},
		{"  ", time.Time{}, false},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.Local), false},
		{" 2026-03-01 ", time.Date(2026, 3, 1, 0, 0, 0, 0, time.Local), false},
		{"2026-13-01", time.Time{}, true},
		{"01-03-2026", time.Time{}, true},
		{"yesterday", time.Time{}, true},
	}
	for _, tc := range cases {
		got, err := parseDay(tc.in)
		if (err != nil) != tc.wantErr || !got.Equal(tc.want) {
			t.Errorf("parseDay(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestExplain(t *testing.T) {
	soon := time.Now().Add(10 * time.Minute)
	cases := []struct {
		err  error
		want string
	}{
		{enroll.ErrSignIn, "Wrong user name or password."},
		{fmt.Errorf("wrapped: %w", enroll.ErrSignIn), "Wrong user name or password."},
		{&enroll.LockedError{Until: soon}, soon.Local().Format("15:04")},
		{&enroll.PermissionError{Actor: "olga", Permission: enroll.PermManageSettings}, "Only administrators"},
		{&enroll.ValidationError{Fields: []enroll.FieldError{{Field: "name", Message: "is required"}}}, "name: is required"},
		{&enroll.ImportError{Problems: []enroll.LineProblem{{File: "a.csv", Line: 3, Reason: "bad e-mail"}}}, "a.csv:3: bad e-mail"},
		{enroll.ErrNotFound, "no longer exists"},
		{context.DeadlineExceeded, "did not answer in time"},
		{errors.New("disk full"), "Something went wrong: disk full"},
	}
	for _, tc := range cases {
		if got := explain(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("explain(%v) = %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
}

func TestCredentialNumberPutsFacilityFirst(t *testing.T) {
	cases := []struct {
		fields map[string]string
		want   string
	}{
		{map[string]string{"card": "3456", "facility": "12"}, "facility 12 · card 3456"},
		{map[string]string{"csn": "04a1b2c3"}, "csn 04a1b2c3"},
		{nil, ""},
	}
	for _, tc := range cases {
		if got := credentialNumber(tc.fields); got != tc.want {
			t.Errorf("credentialNumber(%v) = %q", tc.fields, got)
		}
	}
}

func TestColumnsShareExtraWidthByWeight(t *testing.T) {
	l := &columnsLayout{cols: []column{{min: 100}, {min: 100, weight: 1}, {min: 100, weight: 3}}}
	objs := []fyne.CanvasObject{canvas.NewRectangle(nil), canvas.NewRectangle(nil), canvas.NewRectangle(nil)}
	minW := l.MinSize(objs).Width
	l.Layout(objs, fyne.NewSize(minW+400, 30))
	if w := objs[0].Size().Width; w != 100 {
		t.Errorf("fixed column = %v", w)
	}
	if a, b := objs[1].Size().Width, objs[2].Size().Width; a != 200 || b != 400 {
		t.Errorf("weighted columns = %v, %v; want 200, 400", a, b)
	}
	if objs[2].Position().X <= objs[1].Position().X+objs[1].Size().Width {
		t.Error("columns overlap")
	}
}
