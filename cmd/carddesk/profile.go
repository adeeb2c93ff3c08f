package main

import (
	"fmt"
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
	// Finer samples than the default 512 KiB: the heap questions here are
	// about a few megabytes.
	runtime.MemProfileRate = 16 << 10
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		log.Warn("no profiles", zap.Error(err))
		p.dir = ""
		return p
	}
	f, err := os.Create(filepath.Join(p.dir, "cpu.pprof"))
	if err == nil {
		// 1 kHz, not pprof's 100 Hz: a start of 150 ms is 15 samples at
		// 100 Hz. Set first, StartCPUProfile keeps it (and says so on stderr).
		runtime.SetCPUProfileRate(1000)
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		log.Warn("no CPU profile", zap.Error(err))
		return p
	}
	p.cpu = f
	return p
}

// heap writes the live heap (after a collection, so it shows what stays),
// and the runtime's memory figures as they were before that collection.
func (p *profiles) heap() {
	if p.dir == "" {
		return
	}
	p.memStats()
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

// memStats writes where the Go runtime's memory is (memstats.txt): the
// heap in use and its goal, what was given back to the OS, stacks and the
// runtime's own structures, next to what /proc says the process holds.
func (p *profiles) memStats() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	const mb = 1 << 20
	text := fmt.Sprintf("heap alloc %.1f MB, in use %.1f MB, idle %.1f MB, released %.1f MB, goal %.1f MB\n"+
		"stacks %.1f MB, runtime structures %.1f MB, total from the OS %.1f MB, collections %d\n",
		float64(m.HeapAlloc)/mb, float64(m.HeapInuse)/mb, float64(m.HeapIdle)/mb, float64(m.HeapReleased)/mb, float64(m.NextGC)/mb,
		float64(m.StackSys)/mb, float64(m.MSpanSys+m.MCacheSys+m.BuckHashSys+m.GCSys+m.OtherSys)/mb, float64(m.Sys)/mb, m.NumGC)
	if err := os.WriteFile(filepath.Join(p.dir, "memstats.txt"), []byte(text), 0o600); err != nil {
		p.log.Warn("no memory figures", zap.Error(err))
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
