package enroll_test

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/storage/sqlite"
)

func policyStation(t *testing.T, opt enroll.Options) *enroll.Station {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opt.Password = enroll.PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}
	return enroll.New(db, opt)
}

// passwordRefused reports whether err is a validation error at the password
// field whose message names the minimum.
func passwordRefused(t *testing.T, err error, want int) bool {
	t.Helper()
	var invalid *enroll.ValidationError
	if !errors.As(err, &invalid) {
		return false
	}
	for _, fe := range invalid.Fields {
		if fe.Field == "password" {
			if !strings.Contains(fe.Error(), "at least "+strconv.Itoa(want)+" characters") {
				t.Errorf("password message %q does not name the minimum %d", fe.Error(), want)
			}
			return true
		}
	}
	return false
}

func TestMinimumPasswordLength(t *testing.T) {
	seed := &enroll.SeedAccount{Name: "demo", Password: "demo"}
	tests := []struct {
		name    string
		opt     enroll.Options
		wantMin int
	}{
		{"default", enroll.Options{}, 12},
		{"a lower minimum is ignored", enroll.Options{MinPasswordLength: 4}, 12},
		{"a higher minimum holds", enroll.Options{MinPasswordLength: 15}, 15},
		{"a seed account does not lower it", enroll.Options{SeedAccount: seed}, 12},
	}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := policyStation(t, tc.opt)
			if got := st.Operators.MinPasswordLength(); got != tc.wantMin {
				t.Fatalf("MinPasswordLength() = %d, want %d", got, tc.wantMin)
			}
			short, enough := strings.Repeat("a", tc.wantMin-1), strings.Repeat("é", tc.wantMin) // runes, not bytes
			if _, err := st.Operators.Setup(ctx, "chief", "", short); !passwordRefused(t, err, tc.wantMin) {
				t.Errorf("setup with %d characters: %v; want refused", tc.wantMin-1, err)
			}
			admin, err := st.Operators.Setup(ctx, "chief", "", enough)
			if err != nil {
				t.Fatalf("setup with %d characters: %v", tc.wantMin, err)
			}
			_, err = st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "kim", Role: enroll.RoleOperator, Password: short})
			if !passwordRefused(t, err, tc.wantMin) {
				t.Errorf("add with %d characters: %v; want refused", tc.wantMin-1, err)
			}
			op, err := st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "kim", Role: enroll.RoleOperator, Password: enough})
			if err != nil {
				t.Fatalf("add with %d characters: %v", tc.wantMin, err)
			}
			if err := st.Operators.SetPassword(ctx, admin, op.ID, short); !passwordRefused(t, err, tc.wantMin) {
				t.Errorf("set password with %d characters: %v; want refused", tc.wantMin-1, err)
			}
		})
	}
}

func TestSeedAccountIsTheOnlyExemption(t *testing.T) {
	seed := &enroll.SeedAccount{Name: "demo", Password: "demo"}
	tests := []struct {
		name, user, password string
		seed                 *enroll.SeedAccount
		wantOK               bool
	}{
		{"the seed account itself", "demo", "demo", seed, true},
		{"the seed name with spaces", " demo ", "demo", seed, true},
		{"the seed name, another short password", "demo", "demo1", seed, false},
		{"another name, the seed password", "chief", "demo", seed, false},
		{"no seed account", "demo", "demo", nil, false},
		{"a seed account without a password", "demo", "", &enroll.SeedAccount{Name: "demo"}, false},
	}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := policyStation(t, enroll.Options{SeedAccount: tc.seed})
			admin, err := st.Operators.Setup(ctx, tc.user, "", tc.password)
			if !tc.wantOK {
				if err == nil {
					t.Fatal("setup accepted a short password")
				}
				return
			}
			if err != nil {
				t.Fatalf("setup: %v", err)
			}
			// The exemption ends with setup: the account's own change must meet the minimum,
			// and so must every new account, even with the seed's name or password.
			if err := st.Operators.SetPassword(ctx, admin, admin.ID, "demo"); !passwordRefused(t, err, enroll.MinPasswordLength) {
				t.Errorf("the seed account changed to a short password: %v", err)
			}
			if _, err := st.Operators.Add(ctx, admin, enroll.NewOperator{Name: "kees", Role: enroll.RoleAdmin, Password: "demo"}); !passwordRefused(t, err, enroll.MinPasswordLength) {
				t.Errorf("a new operator with the seed password: %v", err)
			}
			if _, err := st.Operators.SignIn(ctx, "demo", "demo"); err != nil {
				t.Errorf("sign in as the seed account: %v", err)
			}
		})
	}
}
