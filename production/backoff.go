package production

import "time"

// Backoff bounds: the first retry of a card comes after BaseBackoff, each
// further one waits twice as long, up to MaxBackoff.
const (
	BaseBackoff = 5 * time.Second
	MaxBackoff  = 15 * time.Minute
)

// Backoff is how long to wait before the next send of a card after attempt
// failed tries: BaseBackoff·2^(attempt-1), spread by ±20% so stations
// that failed together do not retry together, at most MaxBackoff, and
// never less than the producer's retryAfter. jitter returns a number in
// [0, 1) (nil: no spread); attempt < 1 means no failure yet: no wait.
func Backoff(attempt int, retryAfter time.Duration, jitter func() float64) time.Duration {
	if attempt < 1 {
		return max(retryAfter, 0)
	}
	d := BaseBackoff
	for i := 1; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, MaxBackoff)
	j := 0.5
	if jitter != nil {
		j = min(max(jitter(), 0), 1)
	}
	d = time.Duration(float64(d) * (0.8 + 0.4*j))
	return max(min(d, MaxBackoff), retryAfter)
}
