package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"time"
)

// mapped is one top-level window the X server mapped, seen when the
// server reported it (MapNotify on the root window), with its WM_NAME; or,
// with resized set, a new size of a mapped window (ConfigureNotify).
type mapped struct {
	window        uint32
	name          string
	at            time.Time
	resized       bool
	width, height int
}

// watchMaps connects to the X server on display (":93") as a client of
// its own and reports every window mapped as a child of the root, which
// without a window manager is every application window. This is the
// server's own event, so the time has no polling error: the harness reads
// it within microseconds of the server mapping the window.
func watchMaps(display string) (<-chan mapped, io.Closer, error) {
	c, err := net.Dial("unix", "/tmp/.X11-unix/X"+display[1:])
	if err != nil {
		return nil, nil, fmt.Errorf("connect to X display %s: %w", display, err)
	}
	root, err := x11Setup(c)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	// ChangeWindowAttributes(root, event-mask = SubstructureNotify).
	req := make([]byte, 16)
	req[0] = 2
	binary.LittleEndian.PutUint16(req[2:], 4)
	binary.LittleEndian.PutUint32(req[4:], root)
	binary.LittleEndian.PutUint32(req[8:], 0x800)  // CWEventMask
	binary.LittleEndian.PutUint32(req[12:], 1<<19) // SubstructureNotifyMask
	if _, err := c.Write(req); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("x11: select events: %w", err)
	}
	out := make(chan mapped, 64)
	go readEvents(c, out)
	return out, c, nil
}

// x11Setup sends the connection setup (no authorization: the harness's
// own Xvfb) and returns the first screen's root window.
func x11Setup(c net.Conn) (uint32, error) {
	setup := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := c.Write(setup); err != nil {
		return 0, fmt.Errorf("x11 setup: %w", err)
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		return 0, fmt.Errorf("x11 setup: %w", err)
	}
	body := make([]byte, 4*int(binary.LittleEndian.Uint16(head[6:])))
	if _, err := io.ReadFull(c, body); err != nil {
		return 0, fmt.Errorf("x11 setup: %w", err)
	}
	if head[0] != 1 {
		return 0, fmt.Errorf("x11 setup refused: %q", body[:min(len(body), int(head[1]))])
	}
	// body starts at offset 8 of the reply: vendor length at 24, formats
	// count at 29, vendor from 40, then 8 bytes a format, then screen 0
	// with its root window first.
	vendor := int(binary.LittleEndian.Uint16(body[16:]))
	formats := int(body[21])
	off := 32 + (vendor+3)&^3 + 8*formats
	return binary.LittleEndian.Uint32(body[off:]), nil
}

// readEvents turns MapNotify events into mapped values, asking the server
// for each window's WM_NAME first, and ConfigureNotify events that change
// a window's size into resized ones; it ends when the connection closes.
func readEvents(c net.Conn, out chan<- mapped) {
	defer close(out)
	r := bufio.NewReader(c)
	var seq uint16 = 1 // the ChangeWindowAttributes above
	pending := map[uint16]mapped{}
	sizes := map[uint32][2]int{}
	buf := make([]byte, 32)
	for {
		if _, err := io.ReadFull(r, buf); err != nil {
			return
		}
		switch code := buf[0] & 0x7f; code {
		case 0: // error: a window gone before its name was read
			if m, ok := pending[binary.LittleEndian.Uint16(buf[2:])]; ok {
				delete(pending, binary.LittleEndian.Uint16(buf[2:]))
				out <- m
			}
		case 1: // reply: GetProperty WM_NAME
			extra := make([]byte, 4*int(binary.LittleEndian.Uint32(buf[4:])))
			if _, err := io.ReadFull(r, extra); err != nil {
				return
			}
			s := binary.LittleEndian.Uint16(buf[2:])
			if m, ok := pending[s]; ok {
				delete(pending, s)
				n := int(binary.LittleEndian.Uint32(buf[16:])) * int(buf[1]) / 8
				m.name = string(extra[:min(n, len(extra))])
				out <- m
			}
		case 22: // ConfigureNotify: the app moved or resized a window
			at := time.Now()
			win := binary.LittleEndian.Uint32(buf[8:])
			w, h := int(binary.LittleEndian.Uint16(buf[20:])), int(binary.LittleEndian.Uint16(buf[22:]))
			if size := [2]int{w, h}; sizes[win] != size {
				sizes[win] = size
				out <- mapped{window: win, at: at, resized: true, width: w, height: h}
			}
		case 19: // MapNotify
			at := time.Now()
			win := binary.LittleEndian.Uint32(buf[8:])
			if buf[12] != 0 {
				continue // override-redirect: menus, tooltips
			}
			seq++
			pending[seq] = mapped{window: win, at: at}
			req := make([]byte, 24)
			req[0] = 20 // GetProperty(win, WM_NAME, any type, 0, 256 words)
			binary.LittleEndian.PutUint16(req[2:], 6)
			binary.LittleEndian.PutUint32(req[4:], win)
			binary.LittleEndian.PutUint32(req[8:], 39)
			binary.LittleEndian.PutUint32(req[20:], 256)
			if _, err := c.Write(req); err != nil {
				return
			}
		}
	}
}
