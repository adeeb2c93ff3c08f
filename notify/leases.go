package notify

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
)

// ProcessLeases names this process in the outbox's leases as host/pid/token
// and tells when the holder of a lease was a process of this host that has
// stopped, so the mail it had taken need not wait for the lease to run
// out. Processes of other hosts are never called gone: their leases run
// out by time.
type ProcessLeases struct {
	host, token string
	pid         int
	alive       func(pid int) bool
}

// NewProcessLeases is the lease holder of the running process.
func NewProcessLeases() *ProcessLeases {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails (crypto/rand panics rather than return short)
	return &ProcessLeases{host: strings.ReplaceAll(host, "/", "_"), token: hex.EncodeToString(b),
		pid: os.Getpid(), alive: processAlive}
}

// Holder is this process's name in a lease.
func (p *ProcessLeases) Holder() string {
	return p.host + "/" + strconv.Itoa(p.pid) + "/" + p.token
}

// Gone reports whether holder was a process of this host that no longer
// runs. A holder with this process's id but another token ran before this
// one took the id over, so it is gone too.
func (p *ProcessLeases) Gone(holder string) bool {
	parts := strings.Split(holder, "/")
	if len(parts) != 3 || parts[0] != p.host {
		return false
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid <= 0 {
		return false
	}
	if pid == p.pid {
		return parts[2] != p.token
	}
	return !p.alive(pid)
}
