// Package pgtest is shared by the tests that use the PostgreSQL test rig
// (scripts/pg-rig.sh): a private PostgreSQL server on 127.0.0.1 that
// scripts/test.sh starts around the whole go test run and describes in the
// CARDDESK_PG_* variables. Every package's tests share that server at the
// same time, so each test works in a database of its own (NewDatabase), and
// a test that stops the server stops one of its own (Private).
package pgtest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Rig is a running PostgreSQL test rig.
type Rig struct {
	DSN      string // the role carddesk (password in the URL) on the database carddesk
	AdminDSN string // the superuser postgres, who needs no password
	Dir      string // the rig's state: data/, log/, bin -> the server's programs
	ctl      string // scripts/pg-rig.sh
}

const how = "run the tests through scripts/test.sh, or scripts/pg-rig.sh run go test ./..."

// unavailable skips the test, or fails it under CARDDESK_RIGS=required
// (make test, CI) or CI=true.
func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CARDDESK_RIGS") == "required" || os.Getenv("CI") == "true" {
		t.Fatal("the PostgreSQL rig is required (CARDDESK_RIGS=required): " + why)
	}
	t.Skip(why)
}

// Shared returns the rig of the run. Without one the test skips; under
// CARDDESK_RIGS=required it fails. Do not stop it: use Private for that.
func Shared(t testing.TB) Rig {
	t.Helper()
	r := Rig{
		DSN:      os.Getenv("CARDDESK_PG_DSN"),
		AdminDSN: os.Getenv("CARDDESK_PG_ADMIN_DSN"),
		Dir:      os.Getenv("CARDDESK_PG_RIG_DIR"),
		ctl:      os.Getenv("CARDDESK_PG_CTL"),
	}
	if r.DSN == "" || r.AdminDSN == "" || r.Dir == "" {
		unavailable(t, "no PostgreSQL rig (CARDDESK_PG_DSN not set): "+how)
	}
	return r
}

// Private starts a rig of the test's own (scripts/pg-rig.sh start), which
// the test may stop and start; it is stopped and removed when the test ends.
// Without PostgreSQL here the test skips, or fails under CARDDESK_RIGS=required.
func Private(t testing.TB) Rig {
	t.Helper()
	ctl := script()
	if ctl == "" {
		unavailable(t, "scripts/pg-rig.sh not found (CARDDESK_PG_CTL not set): "+how)
	}
	if out, err := exec.Command(ctl, "check").CombinedOutput(); err != nil {
		unavailable(t, "no private PostgreSQL can start here: "+strings.TrimSpace(string(out)))
	}
	// Not t.TempDir: the server runs as another user, who must reach the
	// directory, and t.TempDir's parent is private.
	dir, err := os.MkdirTemp("", "carddesk-pg-test.")
	if err != nil {
		t.Fatal(err)
	}
	r := Rig{Dir: dir, ctl: ctl}
	t.Cleanup(func() {
		if out, err := exec.Command(ctl, "stop", dir).CombinedOutput(); err != nil {
			t.Errorf("%s stop %s: %v\n%s", ctl, dir, err, out)
		}
		os.RemoveAll(dir)
	})
	var stderr bytes.Buffer
	cmd := exec.Command(ctl, "start", dir)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s start %s: %v\n%s", ctl, dir, err, stderr.String())
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "CARDDESK_PG_DSN":
			r.DSN = v
		case "CARDDESK_PG_ADMIN_DSN":
			r.AdminDSN = v
		}
	}
	if r.DSN == "" || r.AdminDSN == "" {
		t.Fatalf("%s start said no CARDDESK_PG_DSN or CARDDESK_PG_ADMIN_DSN:\n%s", ctl, out)
	}
	return r
}

// script is CARDDESK_PG_CTL, or scripts/pg-rig.sh of the module the test
// runs in.
func script() string {
	if s := os.Getenv("CARDDESK_PG_CTL"); s != "" {
		return s
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if s := filepath.Join(dir, "scripts", "pg-rig.sh"); fileExists(s) && fileExists(filepath.Join(dir, "go.mod")) {
			return s
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Stop stops the rig's server (pg_ctl stop -m fast).
func (r Rig) Stop(t testing.TB) { t.Helper(); r.control(t, "stop") }

// Start starts the rig's server again after Stop, on the same port.
func (r Rig) Start(t testing.TB) { t.Helper(); r.control(t, "start") }

func (r Rig) control(t testing.TB, what string) {
	t.Helper()
	if r.ctl == "" {
		t.Fatalf("cannot %s the PostgreSQL rig: CARDDESK_PG_CTL is not set", what)
	}
	if out, err := exec.Command(r.ctl, what, r.Dir).CombinedOutput(); err != nil {
		t.Fatalf("%s %s %s: %v\n%s", r.ctl, what, r.Dir, err, out)
	}
}

// NewDatabase creates an empty database that the role carddesk owns
// (CREATE DATABASE ... TEMPLATE template0 OWNER carddesk) and returns the
// carddesk DSN for it. The database is dropped when the test ends.
func (r Rig) NewDatabase(t testing.TB) string {
	t.Helper()
	return r.newDatabase(t, "")
}

// NewDatabaseLocale is NewDatabase with the collation and character
// classes of an OS locale (en_US.UTF-8) instead of the rig's C.UTF-8, as a
// server set up for people has. The test fails when the server does not
// know the locale.
func (r Rig) NewDatabaseLocale(t testing.TB, locale string) string {
	t.Helper()
	return r.newDatabase(t, fmt.Sprintf(" LC_COLLATE '%s' LC_CTYPE '%s'", locale, locale))
}

func (r Rig) newDatabase(t testing.TB, options string) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "test_" + hex.EncodeToString(b)
	r.Psql(t, r.AdminDSN, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8' OWNER carddesk"+options)
	t.Cleanup(func() {
		// The rig may be gone already (a Private one stopped by the test).
		_, _ = r.psql(r.AdminDSN, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(r.DSN)
	if err != nil {
		t.Fatalf("CARDDESK_PG_DSN: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Psql runs SQL on dsn with the rig's psql and returns what it prints
// (unaligned, tuples only), failing the test on an error.
func (r Rig) Psql(t testing.TB, dsn, sql string) string {
	t.Helper()
	out, err := r.psql(dsn, sql)
	if err != nil {
		t.Fatalf("psql: %s: %v\n%s", sql, err, out)
	}
	return out
}

func (r Rig) psql(dsn, sql string) (string, error) {
	cmd := exec.Command(filepath.Join(r.Dir, "bin", "psql"), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-c", sql)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// NewDatabase is Shared(t).NewDatabase(t): a fresh database, which the role
// carddesk owns, on the rig of the run; its carddesk DSN (password in the
// URL). Without a rig the test skips, or fails under CARDDESK_RIGS=required.
func NewDatabase(t testing.TB) string {
	t.Helper()
	return Shared(t).NewDatabase(t)
}

// EnableTLS turns TLS on in the rig's server, with a certificate for
// 127.0.0.1 from a certificate authority of its own, and returns the path of
// that authority's certificate (for sslrootcert). Plain connections still
// work. Only for a Private rig: it changes the server's configuration.
func (r Rig) EnableTLS(t testing.TB) (caFile string) {
	t.Helper()
	dir := filepath.Join(r.Dir, "tls")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	caKey, caDER := certificate(t, nil, nil, &x509.Certificate{
		Subject: pkix.Name{CommonName: "CardDesk test CA"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign,
	})
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, der := certificate(t, ca, caKey, &x509.Certificate{
		Subject: pkix.Name{CommonName: "127.0.0.1"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	caFile = filepath.Join(dir, "ca.pem")
	certFile, keyFile := filepath.Join(dir, "server.pem"), filepath.Join(dir, "server.key")
	writePEM(t, caFile, "CERTIFICATE", caDER, 0o644)
	writePEM(t, certFile, "CERTIFICATE", der, 0o644)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER, 0o600)
	// The server refuses a key that is not its user's (or root's with the
	// group allowed in), and must be able to read it.
	if os.Geteuid() == 0 {
		name, err := os.ReadFile(filepath.Join(r.Dir, "user"))
		if err != nil {
			t.Fatal(err)
		}
		u, err := user.Lookup(strings.TrimSpace(string(name)))
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(keyFile, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	// ALTER SYSTEM refuses to run in a transaction: one statement per psql.
	for _, stmt := range []string{
		"ALTER SYSTEM SET ssl_cert_file = '" + certFile + "'",
		"ALTER SYSTEM SET ssl_key_file = '" + keyFile + "'",
		"ALTER SYSTEM SET ssl = on",
		"SELECT pg_reload_conf()",
	} {
		r.Psql(t, r.AdminDSN, stmt)
	}
	for deadline := time.Now().Add(10 * time.Second); r.Psql(t, r.AdminDSN, "SHOW ssl") != "on"; {
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(r.Dir, "log", "postgres.log"))
			t.Fatalf("the rig's server did not turn TLS on:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return caFile
}

// certificate makes a key and a certificate for it from tmpl, signed by
// parent (itself when nil).
func certificate(t testing.TB, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, tmpl *x509.Certificate) (*ecdsa.PrivateKey, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	return key, der
}

func writePEM(t testing.TB, path, kind string, der []byte, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), mode); err != nil {
		t.Fatal(err)
	}
}
