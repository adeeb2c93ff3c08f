package words

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/textproto"
	"os"
	"regexp"
	"strings"
	"syscall"

	"fyne.io/fyne/v2/lang"
)

// explainNetwork words what goes wrong between the station and its mail
// server, the one server it talks to over the network: nobody answering,
// no answer in time, an unknown host name, a refused TLS connection or
// refused credentials. Each names the server and where to fix it.
func explainNetwork(err error) (string, bool) {
	var (
		dns      *net.DNSError
		hostname x509.HostnameError
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
		alert    tls.AlertError
		verify   *tls.CertificateVerificationError
		smtp     *textproto.Error
	)
	text := err.Error()
	addr, op := dialedAddr(err)
	if addr == "" {
		addr = lang.L("the address in Settings > Mail")
	}
	switch {
	case errors.As(err, &dns) && (dns.IsNotFound || strings.Contains(dns.Err, "no such host")):
		return lang.X("error.net.nohost", "The mail server {{.Host}} is not known on the network. Check the host in Settings > Mail.",
			map[string]any{"Host": dns.Name}), true
	case errors.As(err, &dns) && dns.IsTimeout:
		return lang.X("error.net.dnstimeout", "Looking up the mail server {{.Host}} took too long. Check the network connection, then try again.",
			map[string]any{"Host": dns.Name}), true
	case dns == nil && strings.Contains(text, "no such host"):
		host := ""
		if m := lookupRE.FindStringSubmatch(text); m != nil {
			host = m[1]
		}
		return lang.X("error.net.nohost", "The mail server {{.Host}} is not known on the network. Check the host in Settings > Mail.",
			map[string]any{"Host": host}), true
	case errors.As(err, &dns):
		return lang.X("error.net.dns", "The mail server {{.Host}} could not be looked up. Check the network connection and the host in Settings > Mail.",
			map[string]any{"Host": dns.Name}), true
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(text, "connection refused") || strings.Contains(text, "actively refused"):
		return lang.X("error.net.refused", "No mail server answers at {{.Addr}}. Check the host and port in Settings > Mail.",
			map[string]any{"Addr": addr}), true
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		strings.Contains(text, "network is unreachable") || strings.Contains(text, "no route to host"):
		return lang.X("error.net.unreachable", "This computer cannot reach {{.Addr}}. Check the network connection and the host in Settings > Mail.",
			map[string]any{"Addr": addr}), true
	case isNetTimeout(err, op):
		return lang.X("error.net.timeout", "The mail server at {{.Addr}} did not answer in time. Check the host and port in Settings > Mail, and that the network lets the station through.",
			map[string]any{"Addr": addr}), true
	case errors.As(err, &hostname):
		return lang.X("error.tls.hostname", "The mail server's certificate is not for the name {{.Host}}. Use the host name on its certificate in Settings > Mail.",
			map[string]any{"Host": hostname.Host}), true
	case errors.As(err, &unknown):
		return lang.L("The mail server's certificate is not signed by an authority this computer trusts. Ask the mail administrator, or install the authority's certificate on this computer."), true
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return lang.L("The mail server's certificate has expired or is not valid yet. Ask the mail administrator, and check this computer's date and time."), true
	case errors.As(err, &invalid), errors.As(err, &verify), strings.Contains(text, "x509: "):
		return lang.L("The mail server's certificate was refused. Ask the mail administrator to check it."), true
	case errors.As(err, &record):
		return lang.L("The mail server does not speak TLS on this port. In Settings > Mail choose STARTTLS (usually port 587), or TLS with port 465."), true
	case strings.Contains(text, "does not support STARTTLS"):
		return lang.L("The mail server does not offer STARTTLS, so nothing was sent unencrypted. In Settings > Mail choose TLS (usually port 465), or ask the mail administrator."), true
	case errors.As(err, &alert), strings.Contains(text, "tls: "):
		return lang.L("The secure (TLS) connection to the mail server failed. Check the encryption and port in Settings > Mail."), true
	case strings.Contains(text, "does not support SMTP AUTH"):
		return lang.L("The mail server does not take a user name and password. Leave the mail user name empty in Settings > Mail, or check the port."), true
	case strings.Contains(text, "SMTP AUTH failed") ||
		errors.As(err, &smtp) && (smtp.Code == 535 || smtp.Code == 534 || smtp.Code == 530):
		return lang.L("The mail server refused the user name or password. Check them in Settings > Mail."), true
	case errors.As(err, &smtp):
		return lang.X("error.smtp.refused", "The mail server refused the mail: {{.Code}} {{.Reason}}",
			map[string]any{"Code": smtp.Code, "Reason": smtp.Msg}), true
	}
	return "", false
}

// addrRE finds the server's address in an error that lost its *net.OpError
// on the way: "dial tcp 127.0.0.1:2525: ..." or notify's "through host:587".
var addrRE = regexp.MustCompile(`(?:dial tcp|through) (\S+:\d+)`)

// lookupRE finds the host name in a failed look-up known only as text.
var lookupRE = regexp.MustCompile(`lookup (\S+?):? `)

// explainServer words trouble on the network with a server that is not the
// mail server (the print spooler, the shared database): who does not
// answer, without sending the operator to the mail settings.
func explainServer(err error) (string, bool) {
	var dns *net.DNSError
	text := err.Error()
	addr, op := dialedAddr(err)
	switch {
	case errors.As(err, &dns) && (dns.IsNotFound || strings.Contains(dns.Err, "no such host")):
		return lang.X("error.server.nohost", "The server {{.Host}} is not known on the network.", map[string]any{"Host": dns.Name}), true
	case addr == "":
		return "", false
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(text, "connection refused") || strings.Contains(text, "actively refused"):
		return lang.X("error.server.refused", "Nothing answers at {{.Addr}}: the service there is not running, or the address is wrong.",
			map[string]any{"Addr": addr}), true
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH) ||
		strings.Contains(text, "network is unreachable") || strings.Contains(text, "no route to host"):
		return lang.X("error.server.unreachable", "This computer cannot reach {{.Addr}}. Check the network connection.",
			map[string]any{"Addr": addr}), true
	case isNetTimeout(err, op):
		return lang.X("error.server.timeout", "{{.Addr}} did not answer in time. Check the network connection.",
			map[string]any{"Addr": addr}), true
	}
	return "", false
}

// dialedAddr is the host:port err failed to reach, from the network error
// it wraps or else from its text (errors known only as text, such as the
// outbox keeps); "" when it names none.
func dialedAddr(err error) (string, *net.OpError) {
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return op.Addr.String(), op
	}
	if m := addrRE.FindStringSubmatch(err.Error()); m != nil {
		return m[1], op
	}
	return "", op
}

// MailProblem words why mail waits, from the error text the outbox kept
// of its last attempt; text it does not recognise is shown as it is.
func MailProblem(text string) string {
	if text == "" {
		return ""
	}
	if msg, ok := explainNetwork(errors.New(text)); ok {
		return msg
	}
	return text
}

// isNetTimeout is a network wait that ran out. A context deadline alone is
// the database's (Explain words that); one inside a dial or read is the
// mail server's.
func isNetTimeout(err error, op *net.OpError) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) || strings.Contains(err.Error(), "i/o timeout") {
		return true
	}
	var ne net.Error
	return op != nil && errors.As(err, &ne) && ne.Timeout()
}
