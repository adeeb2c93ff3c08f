// Package usbprinter finds badge printers on USB and asks them who they
// are and how they are doing, with the two class requests of the USB
// printer class (1.1): GET_DEVICE_ID for the IEEE 1284 device ID
// (manufacturer, model, command sets) and GET_PORT_STATUS for the
// printer's state (out of cards, offline, error).
//
// Nothing is claimed and no kernel driver is detached: the OS print
// queue, if any, keeps the printer. Linux lets anyone who may open the
// device read the device ID even while usblp holds the interface; the
// port status then cannot be read, and the printer is listed with its
// status unknown.
//
// The logic runs on a small interface over the few gousb calls it needs
// (usbBus), so it is tested against an emulated bus whose printers check
// every setup packet byte for byte. usb_gousb.go adapts gousb to it on
// Linux and macOS; elsewhere List reports that USB is not available.
package usbprinter
