package enroll

import "context"

// Credentials is the use case for card identities.
type Credentials struct{ base }

// List returns one page of credentials matching q and the total that match.
func (s *Credentials) List(ctx context.Context, a Actor, q CredentialQuery) ([]Credential, int, error) {
	var cs []Credential
	var n int
	err := s.view(ctx, a, PermView, func(tx Tx) error {
		var err error
		if cs, err = tx.Credentials().List(ctx, q); err != nil {
			return err
		}
		n, err = tx.Credentials().Count(ctx, q)
		return err
	})
	return cs, n, err
}
