package main

import (
	"fmt"
	"os"
	"path/filepath"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"gopkg.in/natefinch/lumberjack.v2"
)

// EnvLogDir overrides where the log file goes (tests point it at a temp dir).
const EnvLogDir = "CARDDESK_LOG_DIR"

// Log file rotation: enough history for a support case, bounded on disk.
const (
	logMaxMB      = 10
	logMaxBackups = 5
)

// logging is the process's logger: JSON lines to a rotated file, plus
// readable lines on a terminal's stderr.
type logging struct {
	log     *zap.Logger
	console zap.AtomicLevel
	file    *lumberjack.Logger // nil when the log folder is unusable
}

// newLogging always returns a usable logging; the error says the log file
// could not be set up and only the console (if any) gets the lines.
func newLogging(getenv func(string) string, version string, stderrIsTerminal bool) (*logging, error) {
	l := &logging{console: zap.NewAtomicLevelAt(zap.WarnLevel)}
	var cores []zapcore.Core
	dir, err := logDir(getenv)
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err == nil {
		l.file = &lumberjack.Logger{
			Filename:   filepath.Join(dir, "carddesk.log"),
			MaxSize:    logMaxMB,
			MaxBackups: logMaxBackups,
			Compress:   true,
		}
		enc := zap.NewProductionEncoderConfig()
		enc.EncodeTime = zapcore.ISO8601TimeEncoder
		core := zapcore.NewCore(zapcore.NewJSONEncoder(enc), zapcore.AddSync(l.file), zap.InfoLevel)
		// Several processes (the app, scripts) share the file: tell their lines apart.
		cores = append(cores, core.With([]zapcore.Field{zap.String("version", version), zap.Int("pid", os.Getpid())}))
	} else {
		err = fmt.Errorf("cannot use the log folder: %w", err)
	}
	if stderrIsTerminal {
		enc := zap.NewDevelopmentEncoderConfig()
		enc.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05")
		cores = append(cores, zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.Lock(os.Stderr), l.console))
	}
	l.log = zap.New(zapcore.NewTee(cores...))
	return l, err
}

// logDir is CARDDESK_LOG_DIR, else <user cache dir>/carddesk/logs.
func logDir(getenv func(string) string) (string, error) {
	if d := getenv(EnvLogDir); d != "" {
		return d, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, "carddesk", "logs"), nil
}

// verbose shows informational lines on the console too (the desktop app).
func (l *logging) verbose() { l.console.SetLevel(zap.InfoLevel) }

func (l *logging) close() {
	_ = l.log.Sync() // fails harmlessly on a terminal's stderr
	if l.file != nil {
		_ = l.file.Close()
	}
}
