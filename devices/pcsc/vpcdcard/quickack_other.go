//go:build !linux

package vpcdcard

import "net"

// ackNow: only Linux has quick ACKs; elsewhere reads may pay for delayed
// acknowledgements after power and reset messages.
func ackNow(net.Conn) {}
