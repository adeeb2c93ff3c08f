package qemurig

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// rig is what booting the guest needs from the host.
type rig struct {
	qemu, busybox, cpio string
	kernel              string // /boot/vmlinuz-VERSION
	modules             []string
}

// usbModules are the kernel's USB stack for an xHCI controller, in load
// order (Debian builds them as modules).
var usbModules = []string{"common/usb-common", "core/usbcore", "host/xhci-hcd", "host/xhci-pci"}

// rigMissing skips the test, or fails it where the rig is required (make
// test, CI: scripts/deps.sh test installs it).
func rigMissing(t *testing.T, why string) {
	t.Helper()
	const how = "; install qemu-system-x86 linux-image-amd64 busybox-static cpio (scripts/deps.sh test)"
	if os.Getenv("CARDDESK_RIGS") == "required" || os.Getenv("CI") == "true" {
		t.Fatal("the QEMU rig is required (CARDDESK_RIGS=required) but " + why + how)
	}
	t.Skip("no QEMU rig: " + why + how)
}

// findRig locates QEMU, busybox, cpio, a kernel and its USB modules.
func findRig(t *testing.T) rig {
	t.Helper()
	var r rig
	for _, p := range []struct {
		dst  *string
		name string
	}{{&r.qemu, "qemu-system-x86_64"}, {&r.cpio, "cpio"}, {&r.busybox, "busybox"}} {
		path, err := exec.LookPath(p.name)
		if err != nil {
			rigMissing(t, p.name+" is not on PATH")
		}
		*p.dst = path
	}
	if _, err := exec.LookPath("timeout"); err != nil {
		rigMissing(t, "timeout (coreutils) is not on PATH")
	}
	if err := staticBusybox(r.busybox); err != nil {
		rigMissing(t, err.Error())
	}
	kernel, mods, err := findKernel("/boot", "/lib/modules")
	if err != nil {
		rigMissing(t, err.Error())
	}
	r.kernel, r.modules = kernel, mods
	return r
}

// staticBusybox checks that busybox runs without shared libraries (the
// guest has only those carddesk needs): busybox-static, not busybox.
func staticBusybox(path string) error {
	out, err := exec.Command("ldd", path).CombinedOutput()
	if err == nil && !strings.Contains(string(out), "not a dynamic executable") && !strings.Contains(string(out), "statically linked") {
		return fmt.Errorf("%s is linked dynamically (the busybox package, not busybox-static)", path)
	}
	return nil
}

// findKernel picks the newest /boot/vmlinuz-VERSION that has the USB
// modules in /lib/modules/VERSION, and returns it with their paths.
func findKernel(boot, modRoot string) (string, []string, error) {
	kernels, _ := filepath.Glob(filepath.Join(boot, "vmlinuz-*"))
	sort.Sort(sort.Reverse(sort.StringSlice(kernels)))
	if len(kernels) == 0 {
		return "", nil, fmt.Errorf("no kernel in %s (vmlinuz-*)", boot)
	}
	var why []string
	for _, k := range kernels {
		version := strings.TrimPrefix(filepath.Base(k), "vmlinuz-")
		mods, err := moduleFiles(filepath.Join(modRoot, version, "kernel", "drivers", "usb"))
		if err != nil {
			why = append(why, err.Error())
			continue
		}
		f, err := os.Open(k)
		if err != nil {
			why = append(why, fmt.Sprintf("%s cannot be read (%v)", k, err))
			continue
		}
		f.Close()
		return k, mods, nil
	}
	return "", nil, fmt.Errorf("no usable kernel: %s", strings.Join(why, "; "))
}

func moduleFiles(dir string) ([]string, error) {
	var out []string
	for _, m := range usbModules {
		found := ""
		for _, ext := range []string{".ko", ".ko.xz", ".ko.zst"} {
			if _, err := os.Stat(filepath.Join(dir, m+ext)); err == nil {
				found = filepath.Join(dir, m+ext)
				break
			}
		}
		if found == "" {
			return nil, fmt.Errorf("kernel module %s.ko missing in %s", m, dir)
		}
		out = append(out, found)
	}
	return out, nil
}

// buildInitramfs packs the guest's root: busybox, the USB modules, the
// carddesk binary with the shared libraries ldd names, and /init.
func buildInitramfs(t *testing.T, r rig, carddesk, initScript string) string {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	for _, d := range []string{"bin", "dev", "proc", "sys", "tmp", "modules"} {
		mustMkdir(t, filepath.Join(root, d))
	}
	copyFile(t, r.busybox, filepath.Join(root, "bin", "busybox"), 0o755)
	copyFile(t, carddesk, filepath.Join(root, "bin", "carddesk"), 0o755)
	for _, m := range r.modules {
		name := filepath.Base(m)
		name = name[:strings.Index(name, ".ko")] + ".ko"
		copyModule(t, m, filepath.Join(root, "modules", name))
	}
	libs, err := sharedLibraries(carddesk)
	if err != nil {
		t.Fatal(err)
	}
	for _, lib := range libs {
		copyFile(t, lib, filepath.Join(root, lib), 0o755)
	}
	if err := os.WriteFile(filepath.Join(root, "init"), []byte(initScript), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "initramfs.cpio.gz")
	if err := pack(r.cpio, root, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// lddLine is one library ldd names: "name => /path (0x...)" or, for the
// dynamic loader, "/path (0x...)".
var lddLine = regexp.MustCompile(`(?m)^\s*(?:\S+\s+=>\s+)?(/\S+)\s+\(0x[0-9a-f]+\)`)

// sharedLibraries are the files the dynamic loader needs for bin (none
// for a static binary).
func sharedLibraries(bin string) ([]string, error) {
	out, err := exec.Command("ldd", bin).CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "not a dynamic executable") {
			return nil, nil
		}
		return nil, fmt.Errorf("ldd %s: %v: %s", bin, err, out)
	}
	if strings.Contains(string(out), "not found") {
		return nil, fmt.Errorf("ldd %s: a library is missing on the host:\n%s", bin, out)
	}
	var libs []string
	for _, m := range lddLine.FindAllStringSubmatch(string(out), -1) {
		libs = append(libs, m[1])
	}
	if len(libs) == 0 {
		return nil, fmt.Errorf("ldd %s named no library:\n%s", bin, out)
	}
	return libs, nil
}

// pack writes root as a gzip-compressed newc cpio archive, the format the
// kernel unpacks as its initramfs.
func pack(cpio, root, out string) error {
	var names []string
	err := filepath.WalkDir(root, func(p string, _ os.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, err := filepath.Rel(root, p)
		names = append(names, rel)
		return err
	})
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	// Speed over size: the archive lives for one boot.
	zw, err := gzip.NewWriterLevel(f, gzip.BestSpeed)
	if err != nil {
		return err
	}
	cmd := exec.Command(cpio, "--create", "--format=newc", "--quiet", "--owner=0:0")
	cmd.Dir, cmd.Stdin, cmd.Stdout = root, strings.NewReader(strings.Join(names, "\n")+"\n"), zw
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("cpio: %v: %s", err, stderr.String())
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// copyFile copies src (following links) to dst.
func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	mustMkdir(t, filepath.Dir(dst))
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// copyModule copies a kernel module, decompressing .ko.xz/.ko.zst (the
// guest's busybox insmod loads plain .ko files).
func copyModule(t *testing.T, src, dst string) {
	t.Helper()
	var tool string
	switch {
	case strings.HasSuffix(src, ".ko"):
		copyFile(t, src, dst, 0o644)
		return
	case strings.HasSuffix(src, ".xz"):
		tool = "xz"
	case strings.HasSuffix(src, ".zst"):
		tool = "zstd"
	}
	out, err := exec.Command(tool, "-dc", src).Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		err = fmt.Errorf("%w: %s", err, ee.Stderr)
	}
	if err != nil {
		t.Fatalf("decompressing %s with %s: %v", src, tool, err)
	}
	if err := os.WriteFile(dst, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// console is the guest's serial console, line by line.
type console struct {
	lines chan string
	log   []string // every line so far, for failure messages
}

func readConsole(r io.Reader) *console {
	c := &console{lines: make(chan string, 1024)}
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			c.lines <- strings.TrimRight(sc.Text(), "\r")
		}
		close(c.lines)
	}()
	return c
}

// transcript is the console so far, for a failure message.
func (c *console) transcript() string {
	return "guest console:\n  " + strings.Join(c.log, "\n  ")
}
