package fanout

import "testing"

func TestSetSendsDropsAndCloses(t *testing.T) {
	var s Set[int]
	a, b := s.Add(2), s.Add(1)
	if got := s.Send(1); got != 0 {
		t.Fatalf("first send dropped %d", got)
	}
	if got := s.Send(2); got != 1 {
		t.Fatalf("second send dropped %d; want 1 (b is full)", got)
	}
	if v := <-a; v != 1 {
		t.Fatalf("a got %d", v)
	}
	s.Remove(b)
	s.Remove(b) // twice is harmless
	if v, open := <-b; !open || v != 1 {
		t.Fatalf("b lost its buffered event: %d, %v", v, open)
	}
	if _, open := <-b; open {
		t.Fatal("removed channel still open")
	}
	if s.Len() != 1 {
		t.Fatalf("Len = %d", s.Len())
	}
	s.CloseAll()
	<-a // the 2 still buffered
	if _, open := <-a; open || s.Len() != 0 {
		t.Fatal("CloseAll left a listener open")
	}
}
