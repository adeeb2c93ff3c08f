package usbprinter

import (
	"context"
	"fmt"

	"go.uber.org/zap"
)

// List finds the USB printers and reads each one's device ID and status.
// When libusb cannot start, or there is no USB here, the error starts
// "USB not available: ".
func List(ctx context.Context, log *zap.Logger) ([]Printer, error) {
	if log == nil {
		log = zap.NewNop()
	}
	bus, closeBus, err := openBus()
	if err != nil {
		log.Info("USB printers not listed", zap.Error(err))
		return nil, fmt.Errorf("USB not available: %w", err)
	}
	defer closeBus()
	ps, err := list(ctx, bus)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		fields := []zap.Field{zap.String("where", p.Where()), zap.String("name", p.Name()),
			zap.String("usb", fmt.Sprintf("%04X:%04X", p.VendorID, p.ProductID)),
			zap.Int("interface", p.Interface), zap.String("status", p.Status.String())}
		if p.Problem != "" {
			log.Warn("USB printer", append(fields, zap.String("problem", p.Problem))...)
		} else {
			log.Debug("USB printer", append(fields, zap.String("device_id", p.DeviceID))...)
		}
	}
	return ps, nil
}
