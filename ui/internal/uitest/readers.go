package uitest

import (
	"context"
	"testing"

	"github.com/carddesk/carddesk/devices/simulated"
	"github.com/carddesk/carddesk/enroll"
)

// SimulatedHub is a started reader hub that follows the demo's simulated
// reader, as the app does in the demo; it stops with the test.
func SimulatedHub(t testing.TB, st *enroll.Station) (*enroll.ReaderHub, *simulated.Reader) {
	t.Helper()
	sim := simulated.New()
	h := enroll.NewReaderHub(st.Devices, nil, nil, sim)
	h.Start(context.Background())
	t.Cleanup(h.Close)
	return h, sim
}
