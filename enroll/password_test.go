package enroll

import (
	"runtime/metrics"
	"strings"
	"testing"
)

var fastParams = PasswordParams{Time: 1, MemKiB: 8 * 1024, Threads: 1}

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := hashPassword("correct horse", fastParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=8192,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with its parameters", h)
	}
	h2, _ := hashPassword("correct horse", fastParams)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"correct horse", true}, {"correct horsE", false}, {"", false}} {
		ok, err := checkPassword(tc.pw, h)
		if err != nil || ok != tc.want {
			t.Errorf("checkPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA", "$argon2id$v=18$m=8,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"} {
		if _, err := checkPassword("x", h); err == nil {
			t.Errorf("hash %q accepted", h)
		}
	}
}

// A costly hash gives its memory back at once: the heap the process
// holds after a check at 32 MiB is about what it held before, not 32 MiB
// more (unswept garbage, then free pages kept for minutes). Not parallel:
// other tests' allocations would blur the numbers.
func TestPasswordCheckReturnsItsMemory(t *testing.T) {
	costly := PasswordParams{Time: 1, MemKiB: 32 * 1024, Threads: 1}
	h, err := hashPassword("correct horse", costly)
	if err != nil {
		t.Fatal(err)
	}
	before := heapHeld()
	if ok, err := checkPassword("correct horse", h); !ok || err != nil {
		t.Fatalf("checkPassword = %v, %v", ok, err)
	}
	if grew := int64(heapHeld()) - int64(before); grew > 8<<20 {
		t.Errorf("the heap held %d MiB more after a 32 MiB password check; want the block given back", grew>>20)
	}
}

// heapHeld is the heap memory the process holds from the system: live
// objects, garbage not yet swept, and free pages not yet released.
func heapHeld() uint64 {
	ss := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(ss)
	var n uint64
	for _, s := range ss {
		n += s.Value.Uint64()
	}
	return n
}
