package storagetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// t0 is a fixed, millisecond-precise UTC instant: every store must round-trip
// times at millisecond precision.
var t0 = time.Date(2025, 3, 3, 9, 30, 15, 123_000_000, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

func update(t *testing.T, s enroll.Store, fn func(enroll.Tx) error) {
	t.Helper()
	if err := s.Update(t.Context(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t *testing.T, s enroll.Store, fn func(enroll.Tx) error) {
	t.Helper()
	if err := s.View(t.Context(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// read runs one read in its own View and fails the test on error.
func read[T any](t *testing.T, s enroll.Store, fn func(enroll.Tx) (T, error)) T {
	t.Helper()
	var v T
	view(t, s, func(tx enroll.Tx) error {
		var err error
		v, err = fn(tx)
		return err
	})
	return v
}

// wantErr checks that err wraps target and says something beyond it, so
// that messages carry context for the operator.
func wantErr(t *testing.T, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
	if err.Error() == target.Error() {
		t.Errorf("%s: error %q has no context", what, err)
	}
}

// equal compares after normalize, so stores may return times in any location
// and empty slices or maps as nil.
func equal[T any](t *testing.T, got, want T, what string) {
	t.Helper()
	g, w := normalize(got), normalize(want)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

func normalize[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	normValue(rv)
	return v
}

var timeType = reflect.TypeFor[time.Time]()

func normValue(v reflect.Value) {
	switch {
	case v.Type() == timeType:
		tt := v.Interface().(time.Time)
		if tt.IsZero() {
			v.Set(reflect.ValueOf(time.Time{}))
		} else {
			v.Set(reflect.ValueOf(tt.UTC().Round(0)))
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				normValue(v.Field(i))
			}
		}
	case v.Kind() == reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		if v.Type().Elem().Kind() != reflect.Uint8 {
			// A copy, so normalizing never changes the caller's elements.
			cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(cp, v)
			v.Set(cp)
			for i := range v.Len() {
				normValue(v.Index(i))
			}
		}
	case v.Kind() == reflect.Map:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
		}
	}
}

// ids lists the ids (numbers, or card ids) of xs, in order.
func ids[T, K any](xs []T, id func(T) K) []K {
	out := make([]K, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func equalIDs[K any](t *testing.T, got, want []K, what string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: got ids %v, want %v", what, got, want)
	}
}

// createAll stores xs in one transaction, each with create, and returns
// them as stored (ids and versions set).
func createAll[T any](t *testing.T, s enroll.Store, create func(enroll.Tx, *T) error, xs ...T) []T {
	t.Helper()
	update(t, s, func(tx enroll.Tx) error {
		for i := range xs {
			if err := create(tx, &xs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return xs
}

// listCount runs a List (or Search) and the Count of the same query in one
// View.
func listCount[T any](t *testing.T, s enroll.Store, list func(enroll.Tx) ([]T, error), count func(enroll.Tx) (int, error)) ([]T, int) {
	t.Helper()
	var got []T
	var n int
	view(t, s, func(tx enroll.Tx) error {
		var err error
		if got, err = list(tx); err != nil {
			return err
		}
		n, err = count(tx)
		return err
	})
	return got, n
}

// wantStale checks that write, an Update of a row over an old version, is
// refused with ErrStale and leaves the caller's copy at that version.
func wantStale(t *testing.T, s enroll.Store, version *int64, write func(enroll.Tx) error) {
	t.Helper()
	old := *version
	err := s.Update(t.Context(), write)
	wantErr(t, err, enroll.ErrStale, "Update over an old version")
	if *version != old {
		t.Errorf("a refused Update must leave Version alone, got %d", *version)
	}
}

// raceUpdates runs write in stations concurrent Updates (station i passes
// i) and checks that exactly one wins and every other gets ErrStale; what
// says what winning is.
func raceUpdates(t *testing.T, s enroll.Store, stations int, what string, write func(i int, tx enroll.Tx) error) {
	t.Helper()
	errs := make([]error, stations)
	var wg sync.WaitGroup
	for i := range stations {
		wg.Go(func() {
			errs[i] = s.Update(t.Context(), func(tx enroll.Tx) error { return write(i, tx) })
		})
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, enroll.ErrStale):
			t.Errorf("station %d: got %v, want nil or ErrStale", i, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d stations %s, want exactly 1 (errors %v)", won, what, errs)
	}
}

func addOperator(t *testing.T, s enroll.Store, name string) enroll.Operator {
	t.Helper()
	op := enroll.Operator{Name: name, Email: name + "@example.com", Role: enroll.RoleOperator,
		PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA", CreatedAt: t0}
	update(t, s, func(tx enroll.Tx) error { return tx.Operators().Create(t.Context(), &op) })
	return op
}

func person(first, last, dept, extID string) enroll.Cardholder {
	return enroll.Cardholder{FirstName: first, LastName: last, Department: dept, ExternalID: extID,
		Email: first + "." + last + "@example.com", Status: enroll.CardholderActive,
		CreatedAt: t0, UpdatedAt: t0}
}

func addCardholders(t *testing.T, s enroll.Store, cs ...enroll.Cardholder) []enroll.Cardholder {
	t.Helper()
	return createAll(t, s, func(tx enroll.Tx, c *enroll.Cardholder) error { return tx.Cardholders().Create(t.Context(), c) }, cs...)
}

// png is a stand-in image; stores must keep the bytes exactly.
func png(n byte) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	for i := range 64 {
		b = append(b, n, byte(i))
	}
	return b
}
