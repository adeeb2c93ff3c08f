package enroll_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/enroll"
)

// lastEvents are the newest n audit events, oldest first, as
// "operator action details".
func lastEvents(t *testing.T, e *env, n int) []string {
	t.Helper()
	evs, _, err := e.st.Audit.List(e.ctx, e.admin, enroll.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range evs[:min(n, len(evs))] {
		out = append(out, strings.TrimSpace(ev.Operator+" "+ev.Action+" "+ev.Details))
	}
	slices.Reverse(out)
	return out
}

func TestDeskLockAndUnlockAreAudited(t *testing.T) {
	e := newEnv(t)
	kim := e.operator(t, "kim")
	for _, reason := range []enroll.LockReason{enroll.LockIdle, enroll.LockManual} {
		if err := e.st.Operators.LockDesk(e.ctx, kim, reason); err != nil {
			t.Fatalf("lock (%s): %v", reason, err)
		}
	}
	if err := e.st.Operators.LockDesk(e.ctx, kim, "coffee"); err == nil {
		t.Error("a lock with an unknown reason was recorded")
	}
	if err := e.st.Operators.UnlockDesk(e.ctx, kim, "wrong-password"); !errors.Is(err, enroll.ErrSignIn) {
		t.Fatalf("wrong password: %v, want ErrSignIn", err)
	}
	if err := e.st.Operators.UnlockDesk(e.ctx, kim, "operator-pass"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	want := []string{"kim desk.lock idle", "kim desk.lock manual", "kim operator.sign_in_failed failure 1 of 5", "kim desk.unlock"}
	if got := lastEvents(t, e, 4); !slices.Equal(got, want) {
		t.Errorf("audit:\n got %q\nwant %q", got, want)
	}
}

// Wrong passwords at the lock count towards the same lockout as at
// sign-in; once locked out, the right password does not open the desk.
func TestDeskUnlockCountsTowardsLockout(t *testing.T) {
	e := newEnv(t)
	kim := e.operator(t, "kim")
	if _, err := e.st.Operators.SignIn(e.ctx, "kim", "wrong-1"); !errors.Is(err, enroll.ErrSignIn) {
		t.Fatal(err)
	}
	for i := 2; i < enroll.MaxFailedSignIns; i++ {
		if err := e.st.Operators.UnlockDesk(e.ctx, kim, "wrong"); !errors.Is(err, enroll.ErrSignIn) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	var le *enroll.LockedError
	if err := e.st.Operators.UnlockDesk(e.ctx, kim, "wrong"); !errors.As(err, &le) {
		t.Fatalf("failure %d should lock the account: %v", enroll.MaxFailedSignIns, err)
	}
	if err := e.st.Operators.UnlockDesk(e.ctx, kim, "operator-pass"); !errors.As(err, &le) {
		t.Fatalf("right password while locked out: %v", err)
	}
	if _, err := e.st.Operators.SignIn(e.ctx, "kim", "operator-pass"); !errors.As(err, &le) {
		t.Fatalf("sign-in while locked out: %v", err)
	}
	e.clock.Add(enroll.LockoutDuration + time.Second)
	if err := e.st.Operators.UnlockDesk(e.ctx, kim, "operator-pass"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
}

func TestSwitchDesk(t *testing.T) {
	e := newEnv(t)
	kim := e.operator(t, "kim")
	e.operator(t, "lee")

	if _, err := e.st.Operators.SwitchDesk(e.ctx, kim, "lee", "wrong"); !errors.Is(err, enroll.ErrSignIn) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := e.st.Operators.SwitchDesk(e.ctx, kim, "nobody", "operator-pass"); !errors.Is(err, enroll.ErrSignIn) {
		t.Fatalf("unknown name: %v", err)
	}
	lee, err := e.st.Operators.SwitchDesk(e.ctx, kim, " lee ", "operator-pass")
	if err != nil || lee.Name != "lee" || lee.Role != enroll.RoleOperator {
		t.Fatalf("switch: %+v, %v", lee, err)
	}
	want := []string{"lee operator.sign_in_failed failure 1 of 5", "lee operator.sign_in",
		"kim operator.sign_out desk taken over by lee", "lee desk.switch from kim"}
	if got := lastEvents(t, e, 4); !slices.Equal(got, want) {
		t.Errorf("audit:\n got %q\nwant %q", got, want)
	}

	// The operator's own name is an unlock, not a switch.
	again, err := e.st.Operators.SwitchDesk(e.ctx, lee, "lee", "operator-pass")
	if err != nil || again.ID != lee.ID {
		t.Fatalf("own name: %+v, %v", again, err)
	}
	if got := lastEvents(t, e, 1); !slices.Equal(got, []string{"lee desk.unlock"}) {
		t.Errorf("own name recorded %q", got)
	}
}

func TestDeskLockSetting(t *testing.T) {
	e := newEnv(t)
	if d, err := e.st.Settings.DeskLock(e.ctx); err != nil || d != 10*time.Minute {
		t.Fatalf("default: %v, %v; want 10m", d, err)
	}
	tests := []struct {
		value string
		want  time.Duration
		bad   bool
	}{
		{"0", 0, false},
		{"1", time.Minute, false},
		{" 30 ", 30 * time.Minute, false},
		{"1440", 24 * time.Hour, false},
		{"1441", 0, true},
		{"-1", 0, true},
		{"5m", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		err := e.st.Settings.Set(e.ctx, e.admin, enroll.DeskLockKey, tt.value)
		if tt.bad {
			fe := fieldError(t, err, enroll.DeskLockKey)
			if fe.ID != enroll.MsgMinutes || !strings.Contains(fe.Message, "minutes from 0 to 1440") {
				t.Errorf("%q: %+v", tt.value, fe)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.value, err)
		}
		if d, err := e.st.Settings.DeskLock(e.ctx); err != nil || d != tt.want {
			t.Errorf("%q: read %v, %v; want %v", tt.value, d, err, tt.want)
		}
	}
}
