package ccid

import (
	"context"
	"encoding/binary"
	"fmt"
)

// Standard requests on the default pipe (USB 2.0 section 9.4).
const (
	reqTypeDeviceToHost = 0x80 // standard request, device recipient, answer to the host
	reqGetDescriptor    = 0x06
	reqGetConfiguration = 0x08

	langEnglishUS = 0x0409
	maxStringDesc = 255
)

// usbDescription is what the station reads from a device before claiming
// it: gousb parses configuration descriptors but drops class-specific ones
// such as the CCID descriptor, so the raw bytes are fetched here.
type usbDescription struct {
	Device       deviceDesc
	Config       configDesc
	Manufacturer string
	Product      string
}

// describe reads the device descriptor, the active configuration's raw
// descriptor and the device's names.
func describe(ctx context.Context, d Device) (usbDescription, error) {
	var desc usbDescription
	raw := make([]byte, deviceDescLen)
	if err := getDescriptor(ctx, d, descDevice, 0, 0, raw); err != nil {
		return desc, fmt.Errorf("reading the device descriptor: %w", err)
	}
	dev, err := parseDeviceDescriptor(raw)
	if err != nil {
		return desc, err
	}
	desc.Device = dev
	cfg, err := activeConfigDescriptor(ctx, d, dev.NumConfigs)
	if err != nil {
		return desc, err
	}
	desc.Config = cfg
	lang := stringLanguage(ctx, d)
	desc.Manufacturer = readString(ctx, d, dev.Manufacturer, lang)
	desc.Product = readString(ctx, d, dev.ProductStr, lang)
	return desc, nil
}

// activeConfigDescriptor reads the configuration in use. Nearly every
// reader has one; with more, GET_CONFIGURATION says which is active and
// each is read until its bConfigurationValue matches.
func activeConfigDescriptor(ctx context.Context, d Device, numConfigs int) (configDesc, error) {
	if numConfigs <= 1 {
		return readConfig(ctx, d, 0)
	}
	active := make([]byte, 1)
	if n, err := d.Control(ctx, reqTypeDeviceToHost, reqGetConfiguration, 0, 0, active); err != nil || n != 1 {
		return readConfig(ctx, d, 0) // the first is the one a fresh device runs
	}
	for i := range min(numConfigs, 255) {
		cfg, err := readConfig(ctx, d, uint8(i))
		if err != nil {
			return configDesc{}, err
		}
		if cfg.Value == int(active[0]) {
			return cfg, nil
		}
	}
	return configDesc{}, fmt.Errorf("no configuration descriptor has the active value %d", active[0])
}

// readConfig fetches configuration descriptor index in two steps: its 9
// byte header for wTotalLength, then all of it, and parses it.
func readConfig(ctx context.Context, d Device, index uint8) (configDesc, error) {
	raw, err := readRawConfig(ctx, d, index)
	if err != nil {
		return configDesc{}, err
	}
	return parseConfig(raw)
}

func readRawConfig(ctx context.Context, d Device, index uint8) ([]byte, error) {
	head := make([]byte, configHeaderLen)
	if err := getDescriptor(ctx, d, descConfig, index, 0, head); err != nil {
		return nil, fmt.Errorf("reading configuration descriptor %d: %w", index, err)
	}
	total := int(binary.LittleEndian.Uint16(head[2:]))
	if head[1] != descConfig || total < configHeaderLen {
		return nil, &DescriptorError{What: "configuration descriptor", Reason: fmt.Sprintf("header % x", head)}
	}
	raw := make([]byte, total)
	if err := getDescriptor(ctx, d, descConfig, index, 0, raw); err != nil {
		return nil, fmt.Errorf("reading configuration descriptor %d (%d bytes): %w", index, total, err)
	}
	return raw, nil
}

// getDescriptor asks for len(buf) bytes of a descriptor and insists on
// getting them all.
func getDescriptor(ctx context.Context, d Device, typ, index uint8, lang uint16, buf []byte) error {
	n, err := d.Control(ctx, reqTypeDeviceToHost, reqGetDescriptor, uint16(typ)<<8|uint16(index), lang, buf)
	if err != nil {
		return err
	}
	if n != len(buf) {
		return fmt.Errorf("the device sent %d of %d bytes", n, len(buf))
	}
	return nil
}

// stringLanguage picks the first language the device offers its names in.
func stringLanguage(ctx context.Context, d Device) uint16 {
	buf := make([]byte, maxStringDesc)
	n, err := d.Control(ctx, reqTypeDeviceToHost, reqGetDescriptor, descString<<8, 0, buf)
	if err != nil || n < 4 || buf[1] != descString || buf[0] < 4 {
		return langEnglishUS
	}
	return binary.LittleEndian.Uint16(buf[2:])
}

// readString reads a name; a device that cannot say it gets none (the
// reader is then named by its vendor and product IDs).
func readString(ctx context.Context, d Device, index uint8, lang uint16) string {
	if index == 0 {
		return ""
	}
	buf := make([]byte, maxStringDesc)
	n, err := d.Control(ctx, reqTypeDeviceToHost, reqGetDescriptor, descString<<8|uint16(index), lang, buf)
	if err != nil {
		return ""
	}
	s, err := parseStringDescriptor(buf[:n])
	if err != nil {
		return ""
	}
	return s
}
