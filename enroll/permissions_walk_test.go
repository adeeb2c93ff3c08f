package enroll_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/badge"
	"github.com/carddesk/carddesk/enroll"
)

// permAccess says who may call a service method.
type permAccess int

const (
	// accessEveryone: any signed-in operator, operator or administrator.
	accessEveryone permAccess = iota
	// accessAdmins: administrators; an operator gets a *PermissionError.
	accessAdmins
	// accessSelfOrAdmin: operators for their own account, administrators for any.
	accessSelfOrAdmin
	// accessByPassword: takes an Actor but no permission: the password given is
	// the check (unlocking a locked desk), so a wrong one is ErrSignIn for
	// every caller and no role is ever refused; why says so.
	accessByPassword
	// accessNoActor: the method takes no Actor; why says why that is safe.
	accessNoActor
)

// permRule is one row of the permissions table: who may call the method, the
// permission it checks (what a refusal names), or why it needs no actor.
type permRule struct {
	who  permAccess
	perm enroll.Permission
	why  string
}

func anyRole(p enroll.Permission) permRule   { return permRule{who: accessEveryone, perm: p} }
func adminRole(p enroll.Permission) permRule { return permRule{who: accessAdmins, perm: p} }
func noActorBecause(why string) permRule     { return permRule{who: accessNoActor, why: why} }

// serviceRules covers every exported method of every service on
// enroll.Station, by "Type.Method". A service that gains a method without a
// row here fails TestRoleWalk, so the permission is decided, not forgotten;
// the README's "Who may do what" table is checked against the same code.
var serviceRules = map[string]permRule{
	"AuditLog.List":   anyRole(enroll.PermViewAudit),
	"AuditLog.Verify": anyRole(enroll.PermViewAudit),

	"Backups.Backup":    adminRole(enroll.PermBackup),
	"Backups.BackupNow": adminRole(enroll.PermBackup),
	"Backups.Restore":   adminRole(enroll.PermBackup),
	"Backups.RunDaily":  noActorBecause("the app's own daily backup loop, with nobody signed in"),
	"Backups.RunDue":    noActorBecause("one round of the app's own daily backup, with nobody signed in"),
	"Backups.Status":    noActorBecause("the status bar warns everyone of an overdue backup; it holds no secrets"),

	"Badges.ForCardholder": anyRole(enroll.PermView),
	"Badges.ForRequest":    anyRole(enroll.PermView),

	"Cardholders.Add":         anyRole(enroll.PermEditCardholders),
	"Cardholders.Count":       anyRole(enroll.PermView),
	"Cardholders.Departments": anyRole(enroll.PermView),
	"Cardholders.Export":      anyRole(enroll.PermImportExport),
	"Cardholders.Get":         anyRole(enroll.PermView),
	"Cardholders.Import":      anyRole(enroll.PermImportExport),
	"Cardholders.Position":    anyRole(enroll.PermView),
	"Cardholders.Search":      anyRole(enroll.PermView),
	"Cardholders.Update":      anyRole(enroll.PermEditCardholders),
	"Cardholders.Validate":    noActorBecause("checks the fields of a form; reads and stores nothing"),

	"Credentials.Assign":        anyRole(enroll.PermManageCredentials),
	"Credentials.DeactivateAll": anyRole(enroll.PermManageCredentials),
	"Credentials.Enroll":        anyRole(enroll.PermManageCredentials),
	"Credentials.EnrollRead":    anyRole(enroll.PermManageCredentials),
	"Credentials.ExpireDue":     anyRole(enroll.PermView),
	"Credentials.Get":           anyRole(enroll.PermView),
	"Credentials.History":       anyRole(enroll.PermView),
	"Credentials.List":          anyRole(enroll.PermView),
	"Credentials.SetExpiry":     anyRole(enroll.PermManageCredentials),
	"Credentials.SetStatus":     anyRole(enroll.PermManageCredentials),
	"Credentials.Unassign":      anyRole(enroll.PermManageCredentials),

	"Devices.Configs":   noActorBecause("the station decodes reads before anyone signs in"),
	"Devices.Configure": adminRole(enroll.PermManageSettings),
	"Devices.Decode":    noActorBecause("reads are decoded as they come, before anyone signs in"),
	"Devices.Options":   noActorBecause("the station opens its readers before anyone signs in"),
	"Devices.Remove":    adminRole(enroll.PermManageSettings),

	"Formats.Catalog": noActorBecause("format definitions are no secret; the command line decodes without an operator"),
	"Formats.Create":  adminRole(enroll.PermManageFormats),
	"Formats.Delete":  adminRole(enroll.PermManageFormats),
	"Formats.Export":  anyRole(enroll.PermView),
	"Formats.Find":    noActorBecause("format definitions are no secret; the command line decodes without an operator"),
	"Formats.Import":  adminRole(enroll.PermManageFormats),
	"Formats.List":    anyRole(enroll.PermView),
	"Formats.Update":  adminRole(enroll.PermManageFormats),

	"Live.On":    noActorBecause("says only whether the store reports changes"),
	"Live.Watch": noActorBecause("reports only that a topic changed, never what; screens re-read through the services"),

	"Operators.Add":               adminRole(enroll.PermManageOperators),
	"Operators.List":              adminRole(enroll.PermManageOperators),
	"Operators.LockDesk":          anyRole(enroll.PermView),
	"Operators.MinPasswordLength": noActorBecause("the password permRule, shown before anyone signs in"),
	"Operators.NeedsSetup":        noActorBecause("the first start asks for an administrator before anyone can sign in"),
	"Operators.SetPassword":       {who: accessSelfOrAdmin, perm: enroll.PermManageOperators},
	"Operators.Setup":             noActorBecause("creates the first administrator once; refused for ever after (ErrSetupDone)"),
	"Operators.SignIn":            noActorBecause("this is how an actor comes to be"),
	"Operators.SignOut":           anyRole(enroll.PermView),
	"Operators.SwitchDesk":        {who: accessByPassword, why: "signs in whoever gives a right name and password at a locked desk"},
	"Operators.Unlock":            adminRole(enroll.PermManageOperators),
	"Operators.UnlockDesk":        {who: accessByPassword, why: "the locked-out operator's own password unlocks the desk"},

	"Orders.Abort":          anyRole(enroll.PermRespondRequests),
	"Orders.Card":           anyRole(enroll.PermView),
	"Orders.Enabled":        anyRole(enroll.PermView),
	"Orders.Layouts":        anyRole(enroll.PermView),
	"Orders.List":           anyRole(enroll.PermView),
	"Orders.OrderCard":      anyRole(enroll.PermRespondRequests),
	"Orders.OrderTemporary": anyRole(enroll.PermRespondRequests),
	"Orders.Receive":        anyRole(enroll.PermRespondRequests),
	"Orders.Retry":          anyRole(enroll.PermRespondRequests),
	"Orders.Sync":           anyRole(enroll.PermRespondRequests),
	"Orders.SyncEvery":      noActorBecause("the running app reads its own sync interval, with nobody signed in"),
	"Orders.Update":         anyRole(enroll.PermRespondRequests),

	"Outbox.Flush":    anyRole(enroll.PermView),
	"Outbox.List":     anyRole(enroll.PermView),
	"Outbox.Pending":  anyRole(enroll.PermView),
	"Outbox.Resend":   anyRole(enroll.PermView),
	"Outbox.SendNow":  anyRole(enroll.PermView),
	"Outbox.SendTest": adminRole(enroll.PermManageSettings),

	"Printing.Cancel":     anyRole(enroll.PermRespondRequests),
	"Printing.Follow":     anyRole(enroll.PermView),
	"Printing.Jobs":       anyRole(enroll.PermView),
	"Printing.Print":      anyRole(enroll.PermRespondRequests),
	"Printing.Printers":   anyRole(enroll.PermView),
	"Printing.Profile":    anyRole(enroll.PermView),
	"Printing.Refresh":    anyRole(enroll.PermView),
	"Printing.SetProfile": adminRole(enroll.PermManageSettings),

	"Reasons.Add":    adminRole(enroll.PermManageReasons),
	"Reasons.Delete": adminRole(enroll.PermManageReasons),
	"Reasons.List":   anyRole(enroll.PermView),
	"Reasons.Rename": adminRole(enroll.PermManageReasons),

	"Requests.Complete":        anyRole(enroll.PermRespondRequests),
	"Requests.ConnectCard":     anyRole(enroll.PermRespondRequests),
	"Requests.ConnectExisting": anyRole(enroll.PermRespondRequests),
	"Requests.ConnectManual":   anyRole(enroll.PermRespondRequests),
	"Requests.ConnectRead":     anyRole(enroll.PermRespondRequests),
	"Requests.CountPending":    anyRole(enroll.PermView),
	"Requests.Create":          anyRole(enroll.PermRequestCards),
	"Requests.Deny":            anyRole(enroll.PermRespondRequests),
	"Requests.Get":             anyRole(enroll.PermView),
	"Requests.List":            anyRole(enroll.PermView),
	"Requests.Modify":          anyRole(enroll.PermRespondRequests),
	"Requests.PendingFor":      anyRole(enroll.PermView),

	"Settings.DeskLock":    noActorBecause("the idle time before the desk locks; every desk reads it for itself"),
	"Settings.Get":         adminRole(enroll.PermManageSettings),
	"Settings.SealStored":  noActorBecause("seals plaintext secrets on opening the database, before anyone signs in; it shows nothing"),
	"Settings.List":        adminRole(enroll.PermManageSettings),
	"Settings.Set":         adminRole(enroll.PermManageSettings),
	"Settings.SetMany":     adminRole(enroll.PermManageSettings),
	"Settings.StationName": noActorBecause("the title bar shows it; the station's name is no secret"),

	"TempCards.Assign":     anyRole(enroll.PermRespondRequests),
	"TempCards.ExpireDue":  anyRole(enroll.PermView),
	"TempCards.Initialize": anyRole(enroll.PermRespondRequests),
	"TempCards.List":       anyRole(enroll.PermView),
	"TempCards.Lock":       anyRole(enroll.PermRespondRequests),
	"TempCards.Withdraw":   anyRole(enroll.PermRespondRequests),

	"Templates.Create":     adminRole(enroll.PermManageTemplates),
	"Templates.Default":    anyRole(enroll.PermView),
	"Templates.Delete":     adminRole(enroll.PermManageTemplates),
	"Templates.Export":     anyRole(enroll.PermView),
	"Templates.Get":        anyRole(enroll.PermView),
	"Templates.Import":     adminRole(enroll.PermManageTemplates),
	"Templates.List":       anyRole(enroll.PermView),
	"Templates.SetDefault": adminRole(enroll.PermManageTemplates),
	"Templates.Update":     adminRole(enroll.PermManageTemplates),
}

// serviceMethod is one exported method of one service on the Station.
type serviceMethod struct {
	name string // "Type.Method"
	fn   reflect.Value
}

// serviceMethods lists every exported method of every service the Station
// holds, found by reflection so a new one cannot slip past the table.
func serviceMethods(st *enroll.Station) []serviceMethod {
	var out []serviceMethod
	v := reflect.ValueOf(st).Elem()
	for i := range v.NumField() {
		svc := v.Field(i)
		if !v.Type().Field(i).IsExported() || svc.Kind() != reflect.Pointer || svc.IsNil() {
			continue
		}
		typ := svc.Type()
		for j := range typ.NumMethod() {
			out = append(out, serviceMethod{name: typ.Elem().Name() + "." + typ.Method(j).Name, fn: svc.Method(j)})
		}
	}
	return out
}

var (
	walkActorType = reflect.TypeFor[enroll.Actor]()
	walkCtxType   = reflect.TypeFor[context.Context]()
	walkErrType   = reflect.TypeFor[error]()
)

func walkTakesActor(fn reflect.Value) bool {
	for i := range fn.Type().NumIn() {
		if fn.Type().In(i) == walkActorType {
			return true
		}
	}
	return false
}

// walkMissingID names no row: a call that passes the permission check fails
// with a not-found or a validation error, which is fine here.
const walkMissingID = 999999

// walkStrings are the string arguments of methods that check them before
// the permission: enroll/settings.go looks the key up first, so an unknown
// key would hide whether the permission is checked at all.
var walkStrings = map[string]string{
	"Settings.Get": "station.name",
	"Settings.Set": "station.name",
}

// walkArgs is what a walk call passes: its context and actor, the id for
// every id argument, and the text for every string (a path in a temporary
// folder, so a backup that is allowed writes nowhere it should not).
type walkArgs struct {
	ctx   context.Context
	actor enroll.Actor
	id    int64
	text  string
}

// walkArg is a minimal valid argument of type t.
func walkArg(t reflect.Type, w walkArgs) reflect.Value {
	switch t {
	case walkCtxType:
		return reflect.ValueOf(w.ctx)
	case walkActorType:
		return reflect.ValueOf(w.actor)
	case reflect.TypeFor[int64]():
		return reflect.ValueOf(w.id)
	case reflect.TypeFor[[]int64]():
		return reflect.ValueOf([]int64{w.id})
	case reflect.TypeFor[string]():
		return reflect.ValueOf(w.text)
	case reflect.TypeFor[int]():
		return reflect.ValueOf(1)
	case reflect.TypeFor[time.Time]():
		return reflect.ValueOf(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	case reflect.TypeFor[time.Duration]():
		return reflect.ValueOf(10 * time.Millisecond)
	case reflect.TypeFor[[]byte]():
		return reflect.ValueOf([]byte("{}"))
	case reflect.TypeFor[io.Reader]():
		return reflect.ValueOf(io.Reader(strings.NewReader("")))
	case reflect.TypeFor[io.Writer]():
		return reflect.ValueOf(io.Writer(&bytes.Buffer{}))
	case reflect.TypeFor[*badge.Template]():
		return reflect.ValueOf(badgeTemplate("walk-test"))
	case reflect.TypeFor[enroll.LockReason]():
		return reflect.ValueOf(enroll.LockManual)
	}
	switch t.Kind() {
	case reflect.Func:
		return reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value {
			out := make([]reflect.Value, t.NumOut())
			for i := range out {
				out[i] = reflect.Zero(t.Out(i))
			}
			return out
		})
	case reflect.Map:
		return reflect.MakeMap(t)
	case reflect.Pointer:
		return reflect.New(t.Elem())
	}
	return reflect.Zero(t)
}

// call calls fn with minimal arguments and returns its error result.
func walkInvoke(fn reflect.Value, w walkArgs) error {
	ft := fn.Type()
	in := make([]reflect.Value, 0, ft.NumIn())
	for i := range ft.NumIn() {
		if ft.IsVariadic() && i == ft.NumIn()-1 {
			break // no variadic arguments
		}
		in = append(in, walkArg(ft.In(i), w))
	}
	var err error
	for _, out := range fn.Call(in) {
		if out.Type() == walkErrType && !out.IsNil() {
			err = out.Interface().(error)
		}
	}
	return err
}

// TestRoleWalk calls every service method as each role against a real
// SQLite store: a refused role gets a *PermissionError naming the rule's
// permission, an allowed one never does.
func TestRoleWalk(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t, "olga")
	methods := serviceMethods(e.st)
	seen := map[string]bool{}
	for _, m := range methods {
		seen[m.name] = true
	}
	for name := range serviceRules {
		if !seen[name] {
			t.Errorf("the permissions table has %s, which no service has: remove the row", name)
		}
	}
	actors := []struct {
		label string
		a     enroll.Actor
	}{
		{"admin", e.admin},
		{"operator", op},
		{"unknown role", enroll.Actor{ID: op.ID, Name: op.Name, Role: "guest"}},
		{"nobody", enroll.Actor{}},
	}
	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) {
			r, ok := serviceRules[m.name]
			if !ok {
				t.Fatalf("%s has no row in serviceRules (enroll/permissions_walk_test.go): decide who may call it", m.name)
			}
			if (r.who == accessNoActor) == walkTakesActor(m.fn) {
				t.Fatalf("%s: the table says it takes no actor, but it does (or the other way round)", m.name)
			}
			if (r.who == accessNoActor || r.who == accessByPassword) && r.why == "" {
				t.Fatal("a method that checks no permission needs a reason in the table")
			}
			if r.who == accessNoActor {
				return
			}
			text, ok := walkStrings[m.name]
			if !ok {
				text = filepath.Join(t.TempDir(), "walk-test")
			}
			for _, ac := range actors {
				allowed := ac.a.Role == enroll.RoleAdmin ||
					ac.a.Role == enroll.RoleOperator && (r.who == accessEveryone || r.who == accessByPassword)
				walkCall(t, e, m, r, ac.label, walkArgs{actor: ac.a, id: walkMissingID, text: text}, allowed)
			}
			if r.who == accessSelfOrAdmin {
				walkCall(t, e, m, r, "operator on own account", walkArgs{actor: op, id: op.ID, text: text}, true)
			}
		})
	}
}

func walkCall(t *testing.T, e *env, m serviceMethod, r permRule, label string, w walkArgs, allowed bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	w.ctx = ctx
	err := walkInvoke(m.fn, w)
	var pe *enroll.PermissionError
	refused := errors.As(err, &pe)
	if r.who == accessByPassword {
		var le *enroll.LockedError
		if refused || !errors.Is(err, enroll.ErrSignIn) && !errors.As(err, &le) {
			t.Errorf("as %s with a wrong password: want ErrSignIn, got %v", label, err)
		}
		return
	}
	switch {
	case allowed && refused:
		t.Errorf("as %s: refused: %v", label, err)
	case !allowed && !refused:
		t.Errorf("as %s: want a *PermissionError, got %v", label, err)
	case refused && pe.Permission != r.perm:
		t.Errorf("as %s: refused for %q, the table says %q", label, pe.Permission, r.perm)
	}
}

// TestReadmePermissionsTable: the README's "Who may do what" table names
// each permission the services check, and its Operator and Administrator
// columns agree with Actor.Can.
func TestReadmePermissionsTable(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "## Who may do what")
	if !ok {
		t.Fatal(`README.md has no "## Who may do what" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	row := regexp.MustCompile("(?m)^\\|[^|\\n]+\\|\\s*`([a-z_]+)`\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*$")
	rows := row.FindAllStringSubmatch(section, -1)
	if len(rows) == 0 {
		t.Fatal("no table rows of the form | action | `permission` | operator | administrator |")
	}
	yes := map[string]bool{"yes": true, "no": false}
	documented := map[enroll.Permission]bool{}
	for _, r := range rows {
		p := enroll.Permission(r[1])
		documented[p] = true
		opYes, ok1 := yes[r[2]]
		adminYes, ok2 := yes[r[3]]
		if !ok1 || !ok2 {
			t.Errorf("row %q: the columns must say yes or no", strings.TrimSpace(r[0]))
			continue
		}
		if opYes != (enroll.Actor{Role: enroll.RoleOperator}).Can(p) || adminYes != (enroll.Actor{Role: enroll.RoleAdmin}).Can(p) {
			t.Errorf("row %q disagrees with Actor.Can for %s", strings.TrimSpace(r[0]), p)
		}
	}
	var missing []string
	for _, r := range serviceRules {
		if r.perm != "" && !documented[r.perm] && !slices.Contains(missing, string(r.perm)) {
			missing = append(missing, string(r.perm))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the README table has no row for %v", missing)
	}
}
