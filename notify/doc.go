// Package notify delivers the station's outbox over SMTP. It implements
// enroll.Sender; what to send and when to retry is decided in enroll.
package notify
