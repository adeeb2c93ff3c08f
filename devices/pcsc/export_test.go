package pcsc

// Listeners counts the open Events channels, so a test knows NextCard is
// listening before it presents a card.
func (s *Service) Listeners() int {
	return s.feed.Len()
}
