package enroll

import "context"

// Position returns the row of cardholder id in the unfiltered list (sorted
// by last name, first name), so a list can scroll to someone just added.
func (s *Cardholders) Position(ctx context.Context, a Actor, id int64) (int, error) {
	var n int
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		c, err := tx.Cardholders().ByID(ctx, id)
		if err != nil {
			return err
		}
		n, err = tx.Cardholders().Position(ctx, c)
		return err
	})
	return n, err
}
