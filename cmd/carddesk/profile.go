package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"go.uber.org/zap"
)

// envProfileDir names a folder for pprof profiles of one run of the app
// (make bench-desktop -pprof): cpu.pprof from start to quit, heap.pprof
// when the app quits, with every screen that was opened still built.
const envProfileDir = "CARDDESK_PPROF"

// profiles is one run's profiling; the zero value (no CARDDESK_PPROF)
// does nothing.
type profiles struct {
	dir string
	cpu *os.File
	log *zap.Logger
}

func startProfiles(getenv func(string) string, log *zap.Logger) *profiles {
	p := &profiles{dir: getenv(envProfileDir), log: log}
	if p.dir == "" {
		return p
	}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		log.Warn("no profiles", zap.Error(err))
		p.dir = ""
		return p
	}
	f, err := os.Create(filepath.Join(p.dir, "cpu.pprof"))
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		log.Warn("no CPU profile", zap.Error(err))
		return p
	}
	p.cpu = f
	return p
}

// heap writes the live heap (after a collection, so it shows what stays).
func (p *profiles) heap() {
	if p.dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(p.dir, "heap.pprof"))
	if err == nil {
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		p.log.Warn("no heap profile", zap.Error(err))
	}
}

// stop ends the CPU profile.
func (p *profiles) stop() {
	if p.cpu == nil {
		return
	}
	pprof.StopCPUProfile()
	if err := p.cpu.Close(); err != nil {
		p.log.Warn("CPU profile", zap.Error(err))
	}
}
