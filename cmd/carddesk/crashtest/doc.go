// Package crashtest kills the built carddesk binary with SIGKILL at random
// points while it imports cardholders, connects a card, denies requests,
// imports a badge template, syncs card orders and flushes the outbox, and
// then checks that the SQLite database is intact, that every change is
// wholly there or wholly absent, and that the production queue and the
// outbox resume without sending anything twice.
//
// It has no code of its own besides this comment: the harness is in the
// package's tests, run by go test ./cmd/carddesk/crashtest/ (make test
// includes it). Every kill point comes from a fixed seed that the test
// output names, so a failing iteration can be replayed.
package crashtest
