package vpcdcard

import (
	"net"
	"syscall"
)

// ackNow makes the kernel acknowledge what arrives next at once instead of
// up to 40 ms later. vpcd leaves Nagle's algorithm on and may send a
// message's length and its body as two writes, so the body waits for the
// acknowledgement of the length: without this each message would take 40
// ms longer than with any real reader. Linux turns quick ACKs off again by
// itself once the card answers, so it is set before each read.
func ackNow(conn net.Conn) {
	tcp, ok := conn.(*net.TCPConn)
	if !ok {
		return
	}
	raw, err := tcp.SyscallConn()
	if err != nil {
		return
	}
	_ = raw.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
