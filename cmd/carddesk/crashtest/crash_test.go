package crashtest

import "testing"

// TestCrash kills carddesk during each kind of change (issue 18, point 2).
func TestCrash(t *testing.T) {
	requests := &requestsFixture{dir: t.TempDir()}
	t.Run("import", testImport)
	t.Run("connect", testConnect)
	t.Run("deny", func(t *testing.T) { testDeny(t, requests) })
	t.Run("template", testTemplateImport)
	t.Run("order sync", testOrderSync)
	t.Run("mail flush", func(t *testing.T) { testMailFlush(t, requests) })
}
