package main

import (
	"context"
	"errors"
	"io"

	"go.uber.org/zap"

	"github.com/carddesk/carddesk/devices/ccid"
	"github.com/carddesk/carddesk/devices/pcsc"
	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/devices/wedge"
	"github.com/carddesk/carddesk/enroll"
	"github.com/carddesk/carddesk/ui"
)

// openReaders opens the reader sources this station uses and starts the
// hub over them: PC/SC always, CCID over USB when the station opted in
// (and the build talks to USB itself), the simulated reader in the demo or
// when training is switched on, keyboard-wedge readers through the window.
// The returned func stops the hub and closes the sources.
func openReaders(ctx context.Context, st *enroll.Station, demo bool, log *zap.Logger) (ui.Config, func()) {
	opts, err := st.Devices.Options(ctx)
	if err != nil {
		log.Warn("reader options not read; using PC/SC only", zap.Error(err))
	}
	force := readersInForce(opts)
	pc := pcsc.Open(log)
	closers := closeAll{pc}
	sources := []enroll.ReaderSource{pc}
	if force.CCID {
		usb := ccid.OpenUSB(log)
		closers = append(closers, usb)
		sources = append(sources, usb)
	}
	var cfg ui.Config
	if demo || opts.Simulated {
		sources = append(sources, simulated.New())
	}
	kb, err := wedge.New(wedge.Options{})
	if err != nil {
		log.Error("keyboard reader detector not started", zap.Error(err))
	}
	var input enroll.KeyboardInput
	if kb != nil {
		input, cfg.Keyboard = kb, kb
		closers = append(closers, kb)
	}
	hub := enroll.NewReaderHub(st.Devices, log, input, sources...)
	force.Demo, force.Simulated = demo, demo || opts.Simulated
	hub.SetInForce(force)
	hub.Start(ctx)
	cfg.Readers = hub
	return cfg, func() {
		hub.Close()
		if err := closers.Close(); err != nil {
			log.Warn("closing the card reader sources", zap.Error(err))
		}
	}
}

// cliReaders opens the readers a command reads from: PC/SC, and CCID over
// USB when the station opted in. Keyboard readers type into the app window
// only. The set tells what was opened (enroll.OpenedReaders).
func cliReaders(log *zap.Logger, opts enroll.ReaderOptions) (enroll.ReaderSet, io.Closer) {
	force := readersInForce(opts)
	pc := pcsc.Open(log)
	if !force.CCID {
		return enroll.OpenedReaders{ReaderSet: pc, Opened: force}, pc
	}
	usb := ccid.OpenUSB(log)
	return enroll.OpenedReaders{ReaderSet: enroll.JoinReaders(pc, usb), Opened: force}, closeAll{pc, usb}
}

// readersInForce is the USB part of what the station opens: CCID when
// the station opted in and this build talks to USB itself (not on
// Windows).
func readersInForce(opts enroll.ReaderOptions) enroll.ReadersInForce {
	return enroll.ReadersInForce{NoDirectUSB: !ccid.DirectUSB,
		ReaderOptions: enroll.ReaderOptions{CCID: opts.CCID && ccid.DirectUSB}}
}

// closeAll closes each in turn and reports every error.
type closeAll []io.Closer

func (cs closeAll) Close() error {
	var errs []error
	for _, c := range cs {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
