package cups

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/user"
	"strings"
	"sync/atomic"
	"time"

	"github.com/OpenPrinting/goipp"
	"go.uber.org/zap"
)

// The local scheduler's socket, where the CUPS tools look first.
var localSockets = []string{"/run/cups/cups.sock", "/var/run/cups/cups.sock", "/private/var/run/cupsd"}

// DefaultPort is the IPP port a server name without one gets.
const DefaultPort = "631"

// maxResponse bounds a response; the attributes of hundreds of queues fit.
const maxResponse = 16 << 20

// Client talks IPP to one CUPS scheduler. It is safe for concurrent use.
type Client struct {
	server string // as given: "host:port" or a socket path
	host   string // for URLs and printer-uri: "host:port", "localhost" for a socket
	user   string // requesting-user-name when Options.User is empty
	http   *http.Client
	log    *zap.Logger
	reqID  atomic.Uint32
}

// New returns a client of the scheduler at server: "host:port", "host"
// (port 631), "[v6addr]:port" or the path of its local socket ("/run/cups/cups.sock").
// A trailing "/version=…" (as CUPS_SERVER may carry) is ignored.
func New(server string, log *zap.Logger) *Client {
	if log == nil {
		log = zap.NewNop()
	}
	server = strings.TrimSpace(server)
	if i := strings.Index(server, "/version="); i > 0 {
		server = server[:i]
	}
	c := &Client{server: server, log: log.Named("cups"), user: currentUser()}
	tr := &http.Transport{
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
		ResponseHeaderTimeout: 2 * time.Minute, // a big upload to a busy scheduler
		DisableCompression:    true,
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if strings.HasPrefix(server, "/") {
		c.host = "localhost"
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, "unix", server)
		}
	} else {
		c.host = server
		if _, _, err := net.SplitHostPort(server); err != nil {
			c.host = net.JoinHostPort(strings.Trim(server, "[]"), DefaultPort)
		}
		tr.DialContext = dialer.DialContext
	}
	c.http = &http.Client{Transport: tr}
	return c
}

// Default returns a client of the scheduler every CUPS client would use:
// CUPS_SERVER when set, else the local socket when it exists, else localhost:631.
func Default(log *zap.Logger) *Client {
	return New(DefaultServer(), log)
}

// DefaultServer is the server Default connects to.
func DefaultServer() string {
	if s := strings.TrimSpace(os.Getenv("CUPS_SERVER")); s != "" {
		return s
	}
	for _, p := range localSockets {
		if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return p
		}
	}
	return "localhost:" + DefaultPort
}

// Server is the scheduler's address as given to New.
func (c *Client) Server() string { return c.server }

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "carddesk"
}

// printerURI is the printer-uri of queue name on this scheduler.
func (c *Client) printerURI(name string) string {
	return "ipp://" + c.host + "/printers/" + url.PathEscape(name)
}

// request starts an IPP request with the operation attributes every
// request has: charset, language and, for a queue, printer-uri.
func (c *Client) request(op goipp.Op, printer, user string) *goipp.Message {
	m := goipp.NewRequest(goipp.DefaultVersion, op, c.reqID.Add(1))
	m.Operation.Add(goipp.MakeAttribute("attributes-charset", goipp.TagCharset, goipp.String("utf-8")))
	m.Operation.Add(goipp.MakeAttribute("attributes-natural-language", goipp.TagLanguage, goipp.String("en")))
	if printer != "" {
		m.Operation.Add(goipp.MakeAttribute("printer-uri", goipp.TagURI, goipp.String(c.printerURI(printer))))
	}
	if user == "" {
		user = c.user
	}
	m.Operation.Add(goipp.MakeAttribute("requesting-user-name", goipp.TagName, goipp.String(user)))
	return m
}

// do sends req (and doc, if any, after it) to the scheduler: to
// /printers/NAME for a queue, else to /. An IPP error status comes back
// as a *RefusedError (or *UnknownPrinterError for a missing queue); the
// response is returned with it.
func (c *Client) do(ctx context.Context, req *goipp.Message, printer string, doc io.Reader) (*goipp.Message, error) {
	op := goipp.Op(req.Code)
	head, err := req.EncodeBytes()
	if err != nil {
		return nil, fmt.Errorf("cups: encode %s: %w", op, err)
	}
	var body io.Reader = bytes.NewReader(head)
	if doc != nil {
		body = io.MultiReader(body, doc)
	}
	path := "/"
	if printer != "" {
		path = "/printers/" + url.PathEscape(printer)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+c.host+path, body)
	if err != nil {
		return nil, fmt.Errorf("cups: %s: %w", op, err)
	}
	hreq.Header.Set("Content-Type", goipp.ContentType)
	start := time.Now()
	resp, err := c.http.Do(hreq)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("cups: %s: %w", op, ctx.Err())
		}
		var nerr *net.OpError
		if errors.As(err, &nerr) && nerr.Op == "dial" {
			return nil, &UnreachableError{Server: c.server, Err: err}
		}
		return nil, fmt.Errorf("cups: %s at %s: %w", op, c.server, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("cups: %s: read the response from %s: %w", op, c.server, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("cups: %s at %s: the scheduler answered HTTP %s: %w", op, c.server, resp.Status, ErrRefused)
	}
	if len(data) > maxResponse {
		return nil, fmt.Errorf("cups: %s: the response is larger than %d bytes: %w", op, maxResponse, ErrBadResponse)
	}
	rsp, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("cups: %s: %w", op, err)
	}
	status := goipp.Status(rsp.Code)
	c.log.Debug("ipp", zap.Stringer("op", op), zap.String("printer", printer),
		zap.Stringer("status", status), zap.Duration("took", time.Since(start)))
	if status >= goipp.StatusErrorBadRequest {
		if status == goipp.StatusErrorNotFound && printer != "" && op != goipp.OpGetJobAttributes && op != goipp.OpCancelJob {
			return rsp, &UnknownPrinterError{Name: printer}
		}
		return rsp, &RefusedError{Op: op, Printer: printer, Status: status, Message: statusMessage(rsp)}
	}
	return rsp, nil
}

// parse decodes an IPP response.
func parse(data []byte) (*goipp.Message, error) {
	var m goipp.Message
	if err := m.DecodeBytes(data); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	return &m, nil
}

func statusMessage(m *goipp.Message) string {
	return firstString(m.Operation, "status-message")
}
