package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // to make a foreign SQLite file

	"github.com/carddesk/carddesk/storage/postgres/pgtest"
)

// These tests run the built binary, as scripts and the desk's admins do.
// CARDDESK_BIN names it (scripts/test.sh builds it); otherwise TestMain
// builds it once.

var binary string

func TestMain(m *testing.M) {
	code, err := withBinary(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func withBinary(m *testing.M) (int, error) {
	if binary = os.Getenv("CARDDESK_BIN"); binary != "" {
		return m.Run(), nil
	}
	dir, err := os.MkdirTemp("", "carddesk-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "carddesk")
	build := exec.Command("go", "build", "-ldflags", "-X main.commit=e2e", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return 0, fmt.Errorf("building carddesk: %w", err)
	}
	return m.Run(), nil
}

// station is one database and the environment the binary runs with. The
// database is a SQLite file in dir, or with CARDDESK_TEST_DB=postgres a
// fresh PostgreSQL database on the rig (pgtest.StationDB); either way the
// binary gets it as CARDDESK_DB.
type station struct {
	t      *testing.T
	dir    string
	db     string
	logDir string
	env    map[string]string
}

// onPostgres reports whether the station's database is a PostgreSQL one.
func (s *station) onPostgres() bool { return strings.Contains(s.db, "://") }

// sqliteOnly skips a test that is about SQLite files (a missing, foreign or
// new file) when the tests run on PostgreSQL; why says what it tests.
func sqliteOnly(t *testing.T, why string) {
	t.Helper()
	if pgtest.OnPostgres(t) {
		t.Skip("SQLite only: " + why)
	}
}

type outcome struct {
	code           int
	stdout, stderr string
}

func newStation(t *testing.T) *station {
	dir := t.TempDir()
	return &station{t: t, dir: dir, db: pgtest.StationDB(t, dir), logDir: filepath.Join(dir, "logs"),
		env: map[string]string{}}
}

func (s *station) run(args ...string) outcome {
	return s.runIn("", args...)
}

// runIn runs the binary with stdin; the environment holds nothing of the
// developer's own (no real config folder, no CARDDESK_* leaking in).
func (s *station) runIn(stdin string, args ...string) outcome {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + s.dir, "XDG_CONFIG_HOME=" + filepath.Join(s.dir, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(s.dir, "cache"), "LANG=en_US.UTF-8",
		"CARDDESK_LOG_DIR=" + s.logDir, "CARDDESK_DB=" + s.db,
	}
	for k, v := range s.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		s.t.Fatalf("running carddesk %v: %v", args, err)
	}
	return outcome{code: code, stdout: out.String(), stderr: errOut.String()}
}

func (s *station) must(args ...string) string {
	s.t.Helper()
	o := s.run(args...)
	if o.code != 0 {
		s.t.Fatalf("carddesk %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), o.code, o.stdout, o.stderr)
	}
	return o.stdout
}

func (s *station) refused(o outcome, code int, want ...string) {
	s.t.Helper()
	if o.code != code {
		s.t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", o.code, code, o.stdout, o.stderr)
	}
	for _, w := range want {
		if !strings.Contains(o.stderr, w) {
			s.t.Errorf("stderr lacks %q:\n%s", w, o.stderr)
		}
	}
}

// setUp creates the administrator "admin" and acts as it from then on.
func (s *station) setUp() {
	s.t.Helper()
	s.env["CARDDESK_PASSWORD"] = "admin-secret-1"
	s.must("setup", "--admin", "admin", "--email", "admin@example.org")
	s.env["CARDDESK_OPERATOR"] = "admin"
}

func (s *station) write(name, content string) string {
	s.t.Helper()
	p := filepath.Join(s.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		s.t.Fatal(err)
	}
	return p
}

func (s *station) count() int {
	s.t.Helper()
	var rows []map[string]any
	if err := json.Unmarshal([]byte(s.must("cardholders", "list", "--json")), &rows); err != nil {
		s.t.Fatal(err)
	}
	return len(rows)
}

func TestVersionAndUsage(t *testing.T) {
	s := newStation(t)
	// The version is FyneApp.toml's, with the commit the build names.
	want := "carddesk " + appMetadata.Version + "+e2e\n"
	if os.Getenv("CARDDESK_BIN") != "" { // built by make test: the commit is git's
		want = "carddesk " + appMetadata.Version
	}
	if out := s.must("version"); !strings.HasPrefix(out, want) {
		t.Errorf("version printed %q, want %q", out, want)
	}
	if out := s.must("--help"); !strings.Contains(out, "cardholders import FILE.csv") {
		t.Errorf("help: %s", out)
	}
	s.refused(s.run("frobnicate"), 2, `unknown command "frobnicate"`)
	s.refused(s.run("readers", "watch", "--count", "-1"), 2, "--count -1: give 0 or more")
	s.refused(s.run("cardholders", "import"), 2, "missing argument FILE.csv", "Usage: carddesk cardholders import")
	if _, err := os.Stat(s.db); err == nil {
		t.Error("usage errors created a database")
	}
}

func TestSetupOperatorsAndSignIn(t *testing.T) {
	s := newStation(t)
	s.env["CARDDESK_PASSWORD"] = "short"
	s.refused(s.run("setup", "--admin", "admin"), 1, "password: must be at least 12 characters")
	if m, _ := filepath.Glob(s.db + "*"); len(m) > 0 {
		t.Errorf("a refused setup left %v behind", m)
	}
	noStation := "no CardDesk database at " + s.db
	if s.onPostgres() {
		// A URL names a database that exists; an empty one has no operators.
		noStation = "this station has no operators yet"
	}
	s.refused(s.run("cardholders", "list", "--operator", "admin"), 1, noStation, "carddesk setup --admin NAME")
	s.setUp()
	if _, err := os.Stat(s.db); err != nil && !s.onPostgres() {
		t.Fatalf("setup made no database: %v", err)
	}
	s.refused(s.run("setup", "--admin", "other"), 1, "setup refused")

	s.env["CARDDESK_NEW_PASSWORD"] = "kim-secret-1"
	if out := s.must("operators", "add", "kim", "--role", "operator", "--email", "kim@example.org"); out != "added operator kim\n" {
		t.Errorf("operators add printed %q", out)
	}
	s.refused(s.run("operators", "add", "lee", "--role", "boss"), 1, "role: must be admin or operator")
	var ops []map[string]any
	if err := json.Unmarshal([]byte(s.must("operators", "list", "--json")), &ops); err != nil {
		t.Fatal(err)
	}
	if len(ops) != 2 || ops[1]["name"] != "kim" || ops[1]["role"] != "operator" || ops[1]["id"] != "2" {
		t.Errorf("operators: %v", ops)
	}
	for _, op := range ops {
		for k := range op {
			if strings.Contains(strings.ToLower(k), "password") || strings.Contains(strings.ToLower(k), "hash") {
				t.Errorf("operator JSON has %q", k)
			}
		}
	}

	// kim is no administrator
	s.env["CARDDESK_PASSWORD"] = "kim-secret-1"
	s.refused(s.run("operators", "list", "--operator", "kim"), 1, "kim may not manage operators (administrators only)")
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	s := newStation(t)
	s.setUp()
	s.env["CARDDESK_NEW_PASSWORD"] = "kim-secret-1"
	s.must("operators", "add", "kim", "--role", "operator")
	s.env["CARDDESK_OPERATOR"] = "kim"

	s.env["CARDDESK_PASSWORD"] = "wrong-password"
	for i := 1; i <= 4; i++ {
		s.refused(s.run("cardholders", "list"), 1, "sign-in refused: wrong user name or password")
	}
	s.refused(s.run("cardholders", "list"), 1, "account locked after 5 failed sign-ins")
	s.env["CARDDESK_PASSWORD"] = "kim-secret-1"
	o := s.run("cardholders", "list")
	s.refused(o, 1, "account locked after 5 failed sign-ins; try again after")
	if o.stdout != "" {
		t.Errorf("a locked operator got output: %q", o.stdout)
	}
	// An unknown name gets the same answer as a wrong password.
	s.refused(s.run("cardholders", "list", "--operator", "nobody"), 1, "sign-in refused: wrong user name or password")

	s.env["CARDDESK_OPERATOR"], s.env["CARDDESK_PASSWORD"] = "admin", "admin-secret-1"
	audit := s.must("audit", "list")
	if !strings.Contains(audit, "operator.locked") || strings.Count(audit, "operator.sign_in_failed") != 4 {
		t.Errorf("audit does not show the failures and the lock:\n%s", audit)
	}
}

const goodCSV = `external_id,first_name,last_name,email,department,status
E100,Sanne,de Vries,sanne.devries@example.org,Security,active
E101,"Jan, Jr.",van den Berg,jan@example.org,"Research ""Lab"" B",inactive
,Zoë,Öztürk,,Facilities,
E103,Kees,'t Hart,kees@example.nl,HR,active
`

const badCSV = `external_id,first_name,last_name,email,department,status
E200,Piet,,piet@example.org,IT,active
E201,Anna,Bakker,anna@,IT,active
E202,Tom,Bos,tom@example.org,IT,retired
E203,Els,Vos,els@example.org,IT,active
E203,Els,Visser,els.visser@example.org,IT,active
E204,Bas,Smit,bas@example.org
E205,Ok,Row,ok@example.org,IT,active
`

func TestCardholdersImportExport(t *testing.T) {
	s := newStation(t)
	s.setUp()
	id := strings.TrimSpace(s.must("cardholders", "add", "--first-name", "Eva", "--last-name", "Smit",
		"--email", "eva@example.org", "--department", "IT", "--external-id", "E001"))
	if id != "1" {
		t.Errorf("cardholders add printed id %q", id)
	}
	s.refused(s.run("cardholders", "add", "--first-name", "X", "--last-name", "Y", "--external-id", "E001"), 1,
		"external_id: Eva Smit (cardholder 1) already has the external ID E001")

	if out := s.must("cardholders", "import", s.write("good.csv", goodCSV)); out != "imported 4 cardholders\n" {
		t.Errorf("import printed %q", out)
	}
	if n := s.count(); n != 5 {
		t.Fatalf("%d cardholders after import, want 5", n)
	}

	bad := s.write("bad.csv", badCSV)
	o := s.run("cardholders", "import", bad)
	s.refused(o, 1)
	want := []string{
		bad + ":2: last_name: Required",
		bad + `:3: email: "anna@" is not a valid e-mail address`,
		bad + `:4: status: "retired" is not allowed; use active or inactive`,
		bad + `:6: external_id "E203" is also on line 5`,
		bad + ":7: has 4 fields, the header has 6",
	}
	lines := strings.Split(strings.TrimSpace(o.stderr), "\n")
	if len(lines) != len(want)+1 {
		t.Errorf("stderr has %d lines, want %d problems and a summary:\n%s", len(lines), len(want), o.stderr)
	}
	for i, w := range want {
		if i >= len(lines) || lines[i] != w {
			t.Errorf("problem %d: got %q, want %q", i, at(lines, i), w)
		}
	}
	if last := lines[len(lines)-1]; last != "carddesk: 5 bad row(s) in the file; nothing was imported" {
		t.Errorf("summary line %q", last)
	}
	if n := s.count(); n != 5 {
		t.Errorf("a failed import changed the database: %d cardholders", n)
	}

	// Export, import into a fresh station, export again: the same bytes.
	first := s.must("cardholders", "export")
	if !strings.HasPrefix(first, "external_id,first_name,last_name,email,department,status\n") || strings.Count(first, "\n") != 6 {
		t.Errorf("export:\n%s", first)
	}
	file := filepath.Join(s.dir, "out.csv")
	if out := s.must("cardholders", "export", "-o", file); out != "exported 5 cardholders to "+file+"\n" {
		t.Errorf("export -o printed %q", out)
	}
	if got, _ := os.ReadFile(file); string(got) != first {
		t.Errorf("export -o wrote different bytes than stdout")
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v %v", fi.Mode(), err)
	}

	fresh := newStation(t)
	fresh.setUp()
	fresh.must("cardholders", "import", file)
	if again := fresh.must("cardholders", "export"); again != first {
		t.Errorf("round trip differs:\nfirst:\n%s\nagain:\n%s", first, again)
	}

	// list and search
	var rows []map[string]any
	if err := json.Unmarshal([]byte(s.must("cardholders", "list", "--search", "vries", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0]["last_name"] != "de Vries" {
		t.Fatalf("search vries: %v", rows)
	}
	for _, k := range []string{"id", "external_id", "first_name", "last_name", "email", "department", "status"} {
		if _, ok := rows[0][k].(string); !ok {
			t.Errorf("cardholder key %q missing or not a string: %v", k, rows[0][k])
		}
	}
	if table := s.must("cardholders", "list"); !strings.Contains(table, "Öztürk, Zoë") || !strings.HasPrefix(table, "ID ") {
		t.Errorf("table:\n%s", table)
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}

func TestRequestsSettingsAndAudit(t *testing.T) {
	s := newStation(t)
	s.setUp()
	ch := strings.TrimSpace(s.must("cardholders", "add", "--first-name", "Eva", "--last-name", "Smit"))
	gone := strings.TrimSpace(s.must("cardholders", "add", "--first-name", "Old", "--last-name", "Hand", "--status", "inactive"))
	date := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	rid := strings.TrimSpace(s.must("requests", "create", "--cardholder", ch, "--reason", "New employee",
		"--note", "starts Monday", "--activate", date, "--email-when-ready"))
	s.must("requests", "create", "--cardholder", ch, "--activate", "never")
	s.refused(s.run("requests", "create", "--cardholder", "999"), 1, "cardholder 999 not found")
	s.refused(s.run("requests", "create", "--cardholder", gone), 1, "the cardholder is inactive")
	s.refused(s.run("requests", "create", "--cardholder", ch, "--activate", "2001-01-01"), 1, "activation: The activation date 2001-01-01 has passed; choose today or later")

	var reqs []map[string]any
	if err := json.Unmarshal([]byte(s.must("requests", "list", "--json")), &reqs); err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 2 {
		t.Fatalf("%d pending requests, want 2", len(reqs))
	}
	r := reqs[0]
	for _, k := range []string{"id", "cardholder_id", "cardholder_name", "status", "reason", "note", "activation",
		"email_when_ready", "requested_by", "responded_by", "credential_id", "created_at", "updated_at"} {
		if _, ok := r[k]; !ok {
			t.Errorf("request JSON lacks %q: %v", k, r)
		}
	}
	checks := map[string]any{"id": rid, "cardholder_id": ch, "cardholder_name": "Eva Smit", "status": "pending",
		"reason": "New employee", "note": "starts Monday", "activation": date, "email_when_ready": true, "requested_by": "admin"}
	for k, v := range checks {
		if r[k] != v {
			t.Errorf("request %s = %v, want %v", k, r[k], v)
		}
	}
	for _, k := range []string{"created_at", "updated_at"} {
		if _, err := time.Parse(time.RFC3339, fmt.Sprint(r[k])); err != nil {
			t.Errorf("%s is not RFC 3339: %v", k, r[k])
		}
	}
	if reqs[1]["activation"] != "never" {
		t.Errorf("second request activation %v", reqs[1]["activation"])
	}
	if out := s.must("requests", "list", "--status", "completed", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("completed requests: %s", out)
	}

	s.must("settings", "set", "smtp.host", "mail.example.org")
	if out := s.must("settings", "get", "smtp.host"); out != "mail.example.org\n" {
		t.Errorf("settings get smtp.host: %q", out)
	}
	s.must("settings", "set", "smtp.password", "Hunter2-mail")
	if out := s.must("settings", "get", "smtp.password"); out != "(set)\n" {
		t.Errorf("settings get smtp.password: %q", out)
	}
	s.refused(s.run("settings", "set", "smtp.port", "99999"), 1, `smtp.port: "99999" is not a port number`)

	var events []map[string]any
	if err := json.Unmarshal([]byte(s.must("audit", "list", "--json")), &events); err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range events {
		actions[fmt.Sprint(e["action"])] = true
		for _, k := range []string{"at", "operator", "action", "entity", "entity_id", "details"} {
			if _, ok := e[k]; !ok {
				t.Errorf("audit event lacks %q: %v", k, e)
			}
		}
	}
	for _, a := range []string{"operator.setup", "cardholder.create", "request.create", "setting.set", "operator.sign_in"} {
		if !actions[a] {
			t.Errorf("audit has no %s: %v", a, actions)
		}
	}
	s.assertNoSecretsIn("Hunter2-mail", "admin-secret-1")
}

// assertNoSecretsIn checks that neither the audit log nor the log file holds a secret.
func (s *station) assertNoSecretsIn(secrets ...string) {
	s.t.Helper()
	audit := s.must("audit", "list", "--json")
	logs, err := os.ReadFile(filepath.Join(s.logDir, "carddesk.log"))
	if err != nil {
		s.t.Fatalf("no log file: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(logs)), "\n") {
		if !json.Valid([]byte(line)) {
			s.t.Errorf("log line is not JSON: %q", line)
		}
	}
	for _, secret := range secrets {
		if strings.Contains(audit, secret) || strings.Contains(string(logs), secret) {
			s.t.Errorf("secret %q was recorded", secret)
		}
	}
	if strings.Contains(string(logs), "$argon2id$") {
		s.t.Error("a password hash reached the log")
	}
}

func TestForeignAndCorruptFilesAreLeftAlone(t *testing.T) {
	sqliteOnly(t, "SQLite files that are not CardDesk's (storage/postgres tests foreign databases)")
	s := newStation(t)
	s.env["CARDDESK_OPERATOR"], s.env["CARDDESK_PASSWORD"] = "admin", "admin-secret-1"

	junk := make([]byte, 64<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	corrupt := s.write("corrupt.db", string(junk))
	foreign := filepath.Join(s.dir, "foreign.db")
	makeForeignSQLite(t, foreign)
	foreignBefore, _ := os.ReadFile(foreign)

	for _, tc := range []struct {
		path   string
		before []byte
	}{{corrupt, junk}, {foreign, foreignBefore}} {
		for _, args := range [][]string{{"cardholders", "list", "--db", tc.path}, {"setup", "--admin", "x", "--db", tc.path}} {
			s.refused(s.run(args...), 1, tc.path, "not a CardDesk database", "left untouched")
		}
		after, err := os.ReadFile(tc.path)
		if err != nil || !bytes.Equal(after, tc.before) {
			t.Errorf("%s changed (%v)", tc.path, err)
		}
		if m, _ := filepath.Glob(tc.path + "-*"); len(m) > 0 {
			t.Errorf("side files appeared next to %s: %v", tc.path, m)
		}
	}
	s.refused(s.run("cardholders", "list", "--db", filepath.Join(s.dir, "missing.db")), 1, "no CardDesk database at")
}

// On a shared PostgreSQL server --db may name another application's
// database by mistake: it is refused as a foreign SQLite file is, and left
// as it was (no CardDesk table appears among the other application's).
func TestForeignPostgresDatabaseIsLeftAlone(t *testing.T) {
	if !pgtest.OnPostgres(t) {
		t.Skip("PostgreSQL only (CARDDESK_TEST_DB=postgres): a database with another application's tables")
	}
	s := newStation(t)
	s.env["CARDDESK_OPERATOR"], s.env["CARDDESK_PASSWORD"] = "admin", "admin-secret-1"
	rig := pgtest.Shared(t)
	const tables = "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'"
	rig.Psql(t, s.db, "CREATE TABLE recipes (name text); INSERT INTO recipes VALUES ('stamppot')")
	for _, args := range [][]string{{"cardholders", "list"}, {"setup", "--admin", "x"}} {
		s.refused(s.run(args...), 1, "is not a CardDesk database", "left untouched")
	}
	if got := rig.Psql(t, s.db, tables); got != "recipes" {
		t.Errorf("tables after the refused commands: %q, want only recipes", got)
	}
	if got := rig.Psql(t, s.db, "SELECT string_agg(name, ',') FROM recipes"); got != "stamppot" {
		t.Errorf("recipes after the refused commands: %q", got)
	}
}

func makeForeignSQLite(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('stamppot')`); err != nil {
		t.Fatal(err)
	}
}

func TestLogFileIsWritten(t *testing.T) {
	s := newStation(t)
	s.setUp()
	s.must("cardholders", "list")
	data, err := os.ReadFile(filepath.Join(s.logDir, "carddesk.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`"msg":"command".*"command":"cardholders list"`).Match(data) {
		t.Errorf("log lacks the command line:\n%s", data)
	}
	s.assertNoSecretsIn("admin-secret-1")
}

func TestFormatsEncodeDecodeWithoutAStation(t *testing.T) {
	s := newStation(t)
	const bits = "10000000100000000000001011"
	const decoded = `{"format":"h10301","length":26,"fields":{"facility":1,"card":5},"parity_ok":true}` + "\n"
	if out := s.must("formats", "encode", "h10301", "facility=1", "card=5", "--json"); out !=
		`{"format":"h10301","length":26,"bits":"10000000100000000000001011","hex":"202000b"}`+"\n" {
		t.Errorf("encode printed %q", out)
	}
	if out := s.must("formats", "decode", "h10301", bits, "--json"); out != decoded {
		t.Errorf("decode printed %q", out)
	}
	if out := s.must("formats", "decode", "h10301", "0x202000b", "--length", "26", "--json"); out != decoded {
		t.Errorf("hex decode with --length printed %q", out)
	}
	if out := s.must("formats", "decode", "h10301", "0x202000b", "--json"); out != decoded {
		t.Errorf("hex decode printed %q", out)
	}
	s.refused(s.run("formats", "decode", "h10301", bits+"0"), 1, "h10301 takes 26 bits, got 27")
	s.refused(s.run("formats", "decode", "h10301", "0x202000b", "--length", "30"), 1, "h10301 takes 26 bits, got 30")

	// The last bit flipped: still decoded, exit 0, parity reported as failed.
	bad := bits[:25] + "0"
	o := s.run("formats", "decode", "h10301", bad, "--json")
	if o.code != 0 {
		t.Fatalf("bad parity: exit %d, stderr %s", o.code, o.stderr)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(o.stdout), &d); err != nil || d["parity_ok"] != false || d["failed_checks"] == nil {
		t.Errorf("bad parity decoded as %s (%v)", o.stdout, err)
	}
	if out := s.must("formats", "decode", "h10301", bad); !strings.Contains(out, "FAILED") || !strings.Contains(out, "bit 25") {
		t.Errorf("bad parity, text:\n%s", out)
	}

	s.refused(s.run("formats", "encode", "h10301", "facility=300", "card=5"), 1, "facility: 300 is out of range 0–255")
	s.refused(s.run("formats", "encode", "h10301", "facility=1"), 1, "card: missing", "0–65535")
	s.refused(s.run("formats", "encode", "h10301", "facility"), 2, `"facility" is not NAME=VALUE`)
	s.refused(s.run("formats", "encode", "x1", "card=1"), 1, `unknown format "x1"`, "h10301")
	if out := s.must("formats", "list"); !strings.Contains(out, "h10301") || !strings.Contains(out, "csn80") {
		t.Errorf("formats list:\n%s", out)
	}
	if m, _ := filepath.Glob(s.db + "*"); len(m) > 0 {
		t.Errorf("formats commands created %v", m)
	}
}

// A custom format file like the one cardformat/FORMAT-FILE.md describes.
const acme40 = `{
  "carddesk_format": 1,
  "id": "acme40",
  "name": "ACME 40 bits",
  "length": 40,
  "fields": [
    { "name": "site", "mask": "1-4", "fixed": 5 },
    { "name": "facility", "mask": "5-14" },
    { "name": "card", "mask": "15-32" },
    { "name": "issue", "mask": "34,33" }
  ],
  "parity": [
    { "type": "even", "position": 0, "mask": "1-19" },
    { "type": "odd", "position": 37, "mask": "20-34" },
    { "type": "even", "position": 38, "mask": "1,3,5,7,9,11,13,15,17,19,37" },
    { "type": "odd", "position": 39, "mask": "0-34,37-38" }
  ],
  "unused": "35-36"
}
`

func TestCustomFormatsAndCredentials(t *testing.T) {
	s := newStation(t)
	s.setUp()
	if out := s.must("formats", "import", s.write("acme40.json", acme40)); out != "acme40\n" {
		t.Errorf("import printed %q", out)
	}
	s.refused(s.run("formats", "import", s.write("acme40.json", acme40)), 1, `"acme40" already exists`, "--replace")

	// Listing and encoding need no operator, but do see the station's formats.
	op := s.env["CARDDESK_OPERATOR"]
	delete(s.env, "CARDDESK_OPERATOR")
	var list []map[string]any
	if err := json.Unmarshal([]byte(s.must("formats", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	last := list[len(list)-1]
	if last["id"] != "acme40" || last["builtin"] != false || last["length"] != float64(40) || last["kind"] != "wiegand" {
		t.Errorf("custom format in the list: %v", last)
	}
	for _, k := range []string{"id", "name", "kind", "length", "builtin", "fields", "parity"} {
		if _, ok := list[0][k]; !ok {
			t.Errorf("format JSON lacks %q: %v", k, list[0])
		}
	}
	var enc struct{ Bits, Hex string }
	if err := json.Unmarshal([]byte(s.must("formats", "encode", "acme40", "facility=3", "card=77", "issue=1", "--json")), &enc); err != nil {
		t.Fatal(err)
	}
	want := `{"format":"acme40","length":40,"fields":{"site":5,"facility":3,"card":77,"issue":1},"parity_ok":true}` + "\n"
	if out := s.must("formats", "decode", "acme40", "0x"+enc.Hex, "--json"); out != want {
		t.Errorf("decode acme40 printed %q", out)
	}
	s.env["CARDDESK_OPERATOR"] = op

	// Export and import into a second station: the same file back.
	file := filepath.Join(s.dir, "exported.json")
	s.must("formats", "export", "acme40", "-o", file)
	exported, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	other := newStation(t)
	other.setUp()
	if out := other.must("formats", "import", file); out != "acme40\n" {
		t.Errorf("import on the second station printed %q", out)
	}
	if again := other.must("formats", "export", "acme40"); again != string(exported) {
		t.Errorf("round trip differs:\n%s\n%s", exported, again)
	}

	// Credentials
	if id := strings.TrimSpace(s.must("credentials", "add", "h10301", "facility=1", "card=5")); id != "1" {
		t.Errorf("credentials add printed %q", id)
	}
	s.must("credentials", "add", "acme40", "facility=3", "card=77", "issue=1", "--name", "visitor 7")
	s.refused(s.run("credentials", "add", "h10301", "facility=1", "card=5"), 1, "already enrolled")
	s.refused(s.run("credentials", "add", "h10301", "facility=1", "card=70000"), 1, "card: 70000 is out of range 0–65535")
	s.refused(s.run("credentials", "add", "h10301", "facility", "--status", "active"), 2, "is not NAME=VALUE")

	var creds []map[string]any
	if err := json.Unmarshal([]byte(s.must("credentials", "list", "--available", "--json")), &creds); err != nil {
		t.Fatal(err)
	}
	if len(creds) != 2 {
		t.Fatalf("%d available credentials, want 2", len(creds))
	}
	c := creds[0]
	for _, k := range []string{"id", "format", "fields", "bits", "status", "cardholder_id", "activation_date"} {
		if _, ok := c[k]; !ok {
			t.Errorf("credential JSON lacks %q: %v", k, c)
		}
	}
	fields, _ := c["fields"].(map[string]any)
	if c["id"] != "1" || c["format"] != "h10301" || c["bits"] != "10000000100000000000001011" || c["status"] != "active" ||
		c["cardholder_id"] != nil || fields["facility"] != float64(1) || fields["card"] != float64(5) {
		t.Errorf("credential: %v", c)
	}
	if _, err := time.Parse(time.RFC3339, fmt.Sprint(c["activation_date"])); err != nil {
		t.Errorf("activation_date is not RFC 3339: %v", c["activation_date"])
	}
	if creds[1]["format"] != "acme40" || creds[1]["name"] != "visitor 7" {
		t.Errorf("custom-format credential: %v", creds[1])
	}
	s.refused(s.run("formats", "delete", "acme40"), 1, "1 credential(s) are enrolled with it")
	other.must("formats", "delete", "acme40")
}
