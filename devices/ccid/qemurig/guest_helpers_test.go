package qemurig

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestFindKernel(t *testing.T) {
	usb := func(version string) string { return filepath.Join("lib", version, "kernel", "drivers", "usb") }
	tests := []struct {
		name    string
		files   []string
		kernel  string // "" when an error is expected
		modExt  string
		wantErr string
	}{
		{"no kernel", nil, "", "", "no kernel in"},
		{"modules missing", []string{"boot/vmlinuz-6.1.0-1-amd64"}, "", "", "usb-common.ko missing"},
		{"plain modules", append([]string{"boot/vmlinuz-6.1.0-1-amd64"}, modules(usb("6.1.0-1-amd64"), ".ko")...), "vmlinuz-6.1.0-1-amd64", ".ko", ""},
		{"xz modules", append([]string{"boot/vmlinuz-6.1.0-1-amd64"}, modules(usb("6.1.0-1-amd64"), ".ko.xz")...), "vmlinuz-6.1.0-1-amd64", ".ko.xz", ""},
		{"a newer kernel without modules is passed over", append([]string{"boot/vmlinuz-6.1.0-1-amd64", "boot/vmlinuz-6.1.0-2-amd64"}, modules(usb("6.1.0-1-amd64"), ".ko")...), "vmlinuz-6.1.0-1-amd64", ".ko", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				p := filepath.Join(dir, f)
				mustMkdir(t, filepath.Dir(p))
				if err := os.WriteFile(p, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			kernel, mods, err := findKernel(filepath.Join(dir, "boot"), filepath.Join(dir, "lib"))
			if tt.kernel == "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("findKernel = %s, %v; want an error with %q", kernel, err, tt.wantErr)
				}
				return
			}
			if err != nil || filepath.Base(kernel) != tt.kernel || len(mods) != len(usbModules) {
				t.Fatalf("findKernel = %s %v, %v; want %s with %d modules", kernel, mods, err, tt.kernel, len(usbModules))
			}
			for i, m := range mods {
				if !strings.HasSuffix(m, usbModules[i]+tt.modExt) {
					t.Errorf("module %d = %s; want %s%s (load order)", i, m, usbModules[i], tt.modExt)
				}
			}
		})
	}
}

func modules(dir, ext string) []string {
	var out []string
	for _, m := range usbModules {
		out = append(out, filepath.Join(dir, m+ext))
	}
	return out
}

func TestLddLines(t *testing.T) {
	out := `	linux-vdso.so.1 (0x00007ffd0b5f2000)
	libusb-1.0.so.0 => /lib/x86_64-linux-gnu/libusb-1.0.so.0 (0x00007f0e0b5a0000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e0b3bf000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f0e0b5f4000)
`
	var got []string
	for _, m := range lddLine.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1])
	}
	want := []string{"/lib/x86_64-linux-gnu/libusb-1.0.so.0", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("libraries = %v; want %v (the vDSO is no file)", got, want)
	}
}

func TestATRCheckByte(t *testing.T) {
	// TCK makes the XOR of T0 up to TCK zero (ISO/IEC 7816-3 8.2.5).
	if lrc(atrT0T1[1:]) != 0 || atrT0T1[len(atrT0T1)-1] != 0x82^0x80^0x01^'C'^'D' {
		t.Fatalf("ATR % X has a wrong TCK", atrT0T1)
	}
}
