package storagetest

import (
	"reflect"
	"testing"
)

func TestGenCardholders(t *testing.T) {
	a, b := GenCardholders(500, 3), GenCardholders(500, 3)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed must give the same rows")
	}
	if reflect.DeepEqual(a, GenCardholders(500, 4)) {
		t.Error("another seed should give other rows")
	}
	seen := map[string]bool{}
	for i, c := range a {
		if seen[c.ExternalID] || c.FirstName == "" || c.LastName == "" || c.Email == "" || c.Department == "" || c.Status == "" {
			t.Fatalf("row %d incomplete or duplicate: %+v", i, c)
		}
		seen[c.ExternalID] = true
	}
	if a[0].ExternalID != "HR-000001" || a[499].ExternalID != "HR-000500" {
		t.Errorf("external ids run %s..%s, want HR-000001..HR-000500", a[0].ExternalID, a[499].ExternalID)
	}
}
