package words

import "testing"

func TestPrinterStatusInWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"idle", "ready"},
		{"processing: job-printing", "printing · job-printing"},
		{"stopped: media-empty-error, paused", "stopped · out of cards · paused"},
		{"idle (not accepting jobs)", "ready · not accepting jobs"},
		{"stopped: none", "stopped"},
		{"out of cards, error", "out of cards · error"},
		{"ready", "ready"},
		{"", "state unknown"},
		{"idle: marker-supply-low-warning", "ready · ribbon low"},
	} {
		if got := PrinterStatus(c.in); got != c.want {
			t.Errorf("PrinterStatus(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
