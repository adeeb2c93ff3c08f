// Package storagetest checks any enroll.Store implementation against the
// contract in enroll/ports.go, through the enroll interfaces only, so the
// SQLite store and a later PostgreSQL store are held to the same behaviour.
package storagetest

import (
	"testing"

	"github.com/carddesk/carddesk/enroll"
)

type storeTest struct {
	name string
	run  func(t *testing.T, s enroll.Store)
}

// Run runs every conformance test as a subtest, each on a fresh, empty store
// from open. open should register its own cleanup (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) enroll.Store) {
	var tests []storeTest
	tests = append(tests, operatorTests...)
	tests = append(tests, cardholderTests...)
	tests = append(tests, searchTests...)
	tests = append(tests, summaryTests...)
	tests = append(tests, requestTests...)
	tests = append(tests, credentialTests...)
	tests = append(tests, reasonTests...)
	tests = append(tests, formatTests...)
	tests = append(tests, templateTests...)
	tests = append(tests, settingTests...)
	tests = append(tests, auditTests...)
	tests = append(tests, outboxTests...)
	tests = append(tests, readerTests...)
	tests = append(tests, printingTests...)
	tests = append(tests, orderTests...)
	tests = append(tests, tempCardTests...)
	tests = append(tests, txTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}
