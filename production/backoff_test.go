package production

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	fixed := func(v float64) func() float64 { return func() float64 { return v } }
	tests := []struct {
		name       string
		attempt    int
		retryAfter time.Duration
		jitter     func() float64
		want       time.Duration
	}{
		{"no failure yet", 0, 0, nil, 0},
		{"no failure yet, producer asks to wait", 0, 9 * time.Second, nil, 9 * time.Second},
		{"negative attempt", -3, 0, nil, 0},
		{"first", 1, 0, nil, 5 * time.Second},
		{"second", 2, 0, nil, 10 * time.Second},
		{"fifth", 5, 0, nil, 80 * time.Second},
		{"capped", 9, 0, nil, MaxBackoff}, // 5 s · 256 > 15 min
		{"far beyond, no overflow", 1000, 0, nil, MaxBackoff},
		{"jitter low end", 1, 0, fixed(0), 4 * time.Second},
		{"jitter high end", 1, 0, fixed(0.999999999), 6 * time.Second},
		{"jitter middle", 3, 0, fixed(0.25), 18 * time.Second},
		{"jitter out of range is clamped", 1, 0, fixed(7), 6 * time.Second},
		{"jitter below range is clamped", 1, 0, fixed(-1), 4 * time.Second},
		{"cap holds with jitter", 30, 0, fixed(0.99), MaxBackoff},
		{"retry-after wins", 1, 2 * time.Minute, fixed(0.5), 2 * time.Minute},
		{"retry-after beyond the cap", 30, time.Hour, nil, time.Hour},
		{"retry-after shorter", 4, time.Second, nil, 40 * time.Second},
	}
	for _, tt := range tests {
		got := Backoff(tt.attempt, tt.retryAfter, tt.jitter)
		// Float rounding may shave a nanosecond off the jittered value.
		if diff := got - tt.want; diff < -time.Microsecond || diff > time.Microsecond {
			t.Errorf("%s: Backoff(%d, %s) = %s, want %s", tt.name, tt.attempt, tt.retryAfter, got, tt.want)
		}
	}
}

func TestBackoffGrowsAndStaysInBand(t *testing.T) {
	prevMin := time.Duration(0)
	for attempt := 1; attempt <= 40; attempt++ {
		lo := Backoff(attempt, 0, func() float64 { return 0 })
		hi := Backoff(attempt, 0, func() float64 { return 0.999 })
		if lo < prevMin || hi < lo || hi > MaxBackoff {
			t.Fatalf("attempt %d: [%s, %s] after %s", attempt, lo, hi, prevMin)
		}
		prevMin = lo
	}
}
