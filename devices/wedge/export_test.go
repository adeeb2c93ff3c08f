package wedge

// Waiting counts the NextBurst calls waiting, so a test knows a call
// listens before it types a burst.
func (d *Detector) Waiting() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.waiting)
}
