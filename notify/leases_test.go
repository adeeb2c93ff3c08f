package notify

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"testing"
)

func TestProcessLeasesGone(t *testing.T) {
	p := NewProcessLeases()
	other := &ProcessLeases{host: p.host, token: "earlier", pid: p.pid, alive: p.alive}
	dead := deadPID(t)
	tests := []struct {
		name   string
		holder string
		want   bool
	}{
		{"this process", p.Holder(), false},
		{"an earlier process with this id", other.Holder(), true},
		{"the parent, running", p.host + "/" + strconv.Itoa(os.Getppid()) + "/x", false},
		{"a process that ended", p.host + "/" + strconv.Itoa(dead) + "/x", runtime.GOOS != "windows"},
		{"another host", "elsewhere/" + strconv.Itoa(dead) + "/x", false},
		{"not a holder", "garbage", false},
		{"no holder", "", false},
		{"bad pid", p.host + "/0/x", false},
	}
	for _, tt := range tests {
		if got := p.Gone(tt.holder); got != tt.want {
			t.Errorf("%s: Gone(%q) = %v, want %v", tt.name, tt.holder, got, tt.want)
		}
	}
}

// deadPID runs a process to its end and returns its id.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
